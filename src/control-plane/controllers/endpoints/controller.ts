/**
 * The Endpoints controller (upstream pkg/controller/endpoint): keeps a v1
 * Endpoints object per Service with a selector, listing the selected pods'
 * addresses as ready or not ready. Pod events enqueue the Services that
 * select the pod before or after the change.
 */
import type { KObject } from '../../../api/types.ts';
import type { Controller, ControllerContext } from '../types.ts';
import { KeyedController, keyOf } from '../keyed-controller.ts';
import { podEndpointChange, servicesForPod } from '../common/service-endpoints.ts';
import { ENDPOINTS, syncEndpoints } from './sync.ts';

const SERVICES = { group: '', version: 'v1', plural: 'services' };
const PODS = { group: '', version: 'v1', plural: 'pods' };

/** Factory for the controller manager. */
export function newEndpointsController(ctx: ControllerContext): Controller {
  const services = ctx.informers.informerFor<KObject>(SERVICES);
  const pods = ctx.informers.informerFor<KObject>(PODS);
  const endpoints = ctx.informers.informerFor<KObject>(ENDPOINTS);
  const deps = { client: ctx.client, services: services.lister, pods: pods.lister, endpoints: endpoints.lister };
  const c = new KeyedController('endpoint', ctx, (key) => syncEndpoints(deps, key));
  const svc = (s: KObject): void => c.enqueue(keyOf(s));
  services.addEventHandler({ add: svc, update: (_o, n) => svc(n), delete: svc });
  const forPod = (labels: (Record<string, string> | undefined)[], ns: string | undefined): void => {
    for (const k of servicesForPod(services.lister.list(ns ?? ''), labels)) c.enqueue(k);
  };
  pods.addEventHandler({
    add: (p) => forPod([p.metadata.labels], p.metadata.namespace),
    update: (o, n) => { if (podEndpointChange(o, n)) forPod([o.metadata.labels, n.metadata.labels], n.metadata.namespace); },
    delete: (p) => forPod([p.metadata.labels], p.metadata.namespace),
  });
  // Someone else's edit or delete of a managed Endpoints is put right.
  const ep = (e: KObject): void => { if (services.lister.get(e.metadata.name ?? '', e.metadata.namespace)) c.enqueue(keyOf(e)); };
  endpoints.addEventHandler({ update: (_o, n) => ep(n), delete: ep });
  return c;
}
