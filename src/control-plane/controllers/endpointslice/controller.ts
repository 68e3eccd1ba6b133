/**
 * The EndpointSlice controller (upstream pkg/controller/endpointslice):
 * discovery.k8s.io/v1 EndpointSlices for every Service with a selector,
 * at most 100 endpoints each, labelled with the Service name and this
 * controller as manager and owned by the Service.
 */
import type { KObject } from '../../../api/types.ts';
import type { Controller, ControllerContext } from '../types.ts';
import { KeyedController } from '../keyed-controller.ts';
import { enqueueServicesOnEvents } from '../common/service-pod-events.ts';
import { CONTROLLER_NAME, ENDPOINTSLICES, MANAGED_BY_LABEL, SERVICE_NAME_LABEL, SliceTracker, syncEndpointSlices } from './sync.ts';

const SERVICES = { group: '', version: 'v1', plural: 'services' };
const PODS = { group: '', version: 'v1', plural: 'pods' };
const NODES = { group: '', version: 'v1', plural: 'nodes' };

/** Factory for the controller manager. */
export function newEndpointSliceController(ctx: ControllerContext): Controller {
  const services = ctx.informers.informerFor<KObject>(SERVICES);
  const pods = ctx.informers.informerFor<KObject>(PODS);
  const slices = ctx.informers.informerFor<KObject>(ENDPOINTSLICES);
  const nodes = ctx.informers.informerFor<KObject>(NODES);
  const deps = {
    client: ctx.client, services: services.lister, pods: pods.lister, slices: slices.lister, nodes: nodes.lister,
    tracker: new SliceTracker(), maxEndpointsPerSlice: ctx.options?.maxEndpointsPerSlice,
  };
  const c = new KeyedController('endpointslice', ctx, (key) => syncEndpointSlices(deps, key));
  enqueueServicesOnEvents(services, pods, (k) => c.enqueue(k));
  const slice = (s: KObject): void => {
    const name = s.metadata.labels?.[SERVICE_NAME_LABEL];
    if (name && s.metadata.labels?.[MANAGED_BY_LABEL] === CONTROLLER_NAME) c.enqueue(`${s.metadata.namespace}/${name}`);
  };
  slices.addEventHandler({ add: slice, update: (_o, n) => slice(n), delete: slice });
  return c;
}
