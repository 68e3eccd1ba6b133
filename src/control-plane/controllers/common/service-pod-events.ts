/**
 * The event wiring the Endpoints and EndpointSlice controllers share: a
 * Service change enqueues that Service; a pod change that matters to
 * endpoints enqueues every Service selecting the pod before or after it.
 */
import type { KObject } from '../../../api/types.ts';
import type { Informer } from '../../../client/informer.ts';
import { keyOf } from '../keyed-controller.ts';
import { podEndpointChange, servicesForPod } from './service-endpoints.ts';

/** Enqueue Service keys on Service and pod events. */
export function enqueueServicesOnEvents(services: Informer<KObject>, pods: Informer<KObject>, enqueue: (key: string) => void): void {
  const svc = (s: KObject): void => enqueue(keyOf(s));
  services.addEventHandler({ add: svc, update: (_o, n) => svc(n), delete: svc });
  const forPod = (labels: (Record<string, string> | undefined)[], ns: string | undefined): void => {
    for (const k of servicesForPod(services.lister.list(ns ?? ''), labels)) enqueue(k);
  };
  pods.addEventHandler({
    add: (p) => forPod([p.metadata.labels], p.metadata.namespace),
    update: (o, n) => { if (podEndpointChange(o, n)) forPod([o.metadata.labels, n.metadata.labels], n.metadata.namespace); },
    delete: (p) => forPod([p.metadata.labels], p.metadata.namespace),
  });
}
