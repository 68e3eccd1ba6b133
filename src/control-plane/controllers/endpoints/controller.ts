/**
 * The Endpoints controller (upstream pkg/controller/endpoint): keeps a v1
 * Endpoints object per Service with a selector, listing the selected pods'
 * addresses as ready or not ready. Pod events enqueue the Services that
 * select the pod before or after the change.
 */
import type { KObject } from '../../../api/types.ts';
import type { Controller, ControllerContext } from '../types.ts';
import { KeyedController, keyOf } from '../keyed-controller.ts';
import { enqueueServicesOnEvents } from '../common/service-pod-events.ts';
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
  enqueueServicesOnEvents(services, pods, (k) => c.enqueue(k));
  // Someone else's edit or delete of a managed Endpoints is put right.
  const ep = (e: KObject): void => { if (services.lister.get(e.metadata.name ?? '', e.metadata.namespace)) c.enqueue(keyOf(e)); };
  endpoints.addEventHandler({ update: (_o, n) => ep(n), delete: ep });
  return c;
}
