/**
 * core/v1 defaults other than Pod and ReplicationController: Service, Secret,
 * Namespace, PersistentVolume(Claim), Node, Endpoints, LimitRange.
 */
import type { KObject } from '../types.ts';
import { type Obj, setDefault, child, isObj, eachObj } from './util.ts';

/**
 * Service defaults. clusterIP and nodePort allocation is the API server's
 * job; here we only fill policies, protocols and targetPorts.
 */
export function defaultService(svc: KObject): void {
  const spec = child(svc, 'spec');
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = child(child(spec, 'sessionAffinityConfig'), 'clientIP');
    setDefault(cfg, 'timeoutSeconds', 10800);
  }
  eachObj(spec.ports, (p) => {
    setDefault(p, 'protocol', 'TCP');
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') {
      p.targetPort = p.port;
    }
  });
  const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  if (external) setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  if (spec.type !== 'ExternalName') {
    setDefault(spec, 'internalTrafficPolicy', 'Cluster');
    // Headless services without a selector may span families, so upstream requires both.
    const headlessNoSelector = spec.clusterIP === 'None' && !isObj(spec.selector);
    setDefault(spec, 'ipFamilyPolicy', headlessNoSelector ? 'RequireDualStack' : 'SingleStack');
    setDefault(spec, 'ipFamilies', spec.ipFamilyPolicy === 'SingleStack' ? ['IPv4'] : ['IPv4', 'IPv6']);
  }
  setDefault(svc, 'status', { loadBalancer: {} });
}

/** Secret type defaults to Opaque. */
export function defaultSecret(s: KObject): void {
  setDefault(s, 'type', 'Opaque');
}

/**
 * Namespace: the `kubernetes` finalizer and phase Active on create, plus the
 * immutable `kubernetes.io/metadata.name` label upstream always keeps in sync.
 * Finalizers are only added when the field is absent so /finalize can empty it.
 */
export function defaultNamespace(ns: KObject): void {
  const spec = child(ns, 'spec');
  if (spec.finalizers === undefined) spec.finalizers = ['kubernetes'];
  setDefault(child(ns, 'status'), 'phase', 'Active');
  if (ns.metadata.name) {
    ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name };
  }
}

/** PersistentVolume: Retain, Filesystem, phase Pending. */
export function defaultPersistentVolume(pv: KObject): void {
  const spec = child(pv, 'spec');
  setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  setDefault(spec, 'volumeMode', 'Filesystem');
  setDefault(child(pv, 'status'), 'phase', 'Pending');
}

/** PersistentVolumeClaim: Filesystem, phase Pending. */
export function defaultPersistentVolumeClaim(pvc: KObject): void {
  setDefault(child(pvc, 'spec'), 'volumeMode', 'Filesystem');
  setDefault(child(pvc, 'status'), 'phase', 'Pending');
}

/** Node: allocatable defaults to capacity. */
export function defaultNode(node: KObject): void {
  const status = node.status;
  if (isObj(status) && isObj(status.capacity) && !isObj(status.allocatable)) status.allocatable = { ...status.capacity };
}

/** Endpoints: port protocol TCP. */
export function defaultEndpoints(ep: KObject): void {
  eachObj(ep.subsets, (s) => eachObj(s.ports, (p) => setDefault(p, 'protocol', 'TCP')));
}

/**
 * LimitRange: for Container items, default limits come from max and default
 * requests from the default limits, then from min.
 */
export function defaultLimitRange(lr: KObject): void {
  eachObj(lr.spec?.limits, (item: Obj) => {
    if (item.type !== 'Container') return;
    const max: Obj = isObj(item.max) ? item.max : {};
    const min: Obj = isObj(item.min) ? item.min : {};
    if (Object.keys(max).length) {
      const def = child(item, 'default');
      for (const [k, v] of Object.entries(max)) setDefault(def, k, v);
    }
    const def: Obj = isObj(item.default) ? item.default : {};
    if (Object.keys(def).length || Object.keys(min).length) {
      const req = child(item, 'defaultRequest');
      for (const [k, v] of Object.entries(def)) setDefault(req, k, v);
      for (const [k, v] of Object.entries(min)) setDefault(req, k, v);
    }
  });
}
