/**
 * Defaults of the smaller groups: autoscaling, networking, scheduling,
 * storage, rbac and discovery.
 */
import type { KObject } from '../types.ts';
import { type Obj, setDefault, child, isObj, eachObj } from './util.ts';

const SCALE_UP_POLICIES = [
  { type: 'Pods', value: 4, periodSeconds: 15 },
  { type: 'Percent', value: 100, periodSeconds: 15 },
];
const SCALE_DOWN_POLICIES = [{ type: 'Percent', value: 100, periodSeconds: 15 }];

function defaultScalingRules(rules: Obj, window: number, policies: Obj[]): void {
  setDefault(rules, 'stabilizationWindowSeconds', window);
  setDefault(rules, 'selectPolicy', 'Max');
  if (!Array.isArray(rules.policies) || rules.policies.length === 0) rules.policies = policies.map((p) => ({ ...p }));
}

/**
 * HorizontalPodAutoscaler (either served version): minReplicas 1; v2 gets a
 * CPU 80% utilization metric when none is given, and behavior defaults only
 * when a behavior is present (upstream leaves a nil behavior nil).
 */
export function defaultHorizontalPodAutoscaler(hpa: KObject): void {
  const spec = child(hpa, 'spec');
  setDefault(spec, 'minReplicas', 1);
  if (hpa.apiVersion === 'autoscaling/v1') return;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  if (isObj(spec.behavior)) {
    defaultScalingRules(child(spec.behavior, 'scaleUp'), 0, SCALE_UP_POLICIES);
    defaultScalingRules(child(spec.behavior, 'scaleDown'), 300, SCALE_DOWN_POLICIES);
  }
}

/** NetworkPolicy: port protocol TCP; policyTypes Ingress, plus Egress when egress rules exist. */
export function defaultNetworkPolicy(np: KObject): void {
  const spec = child(np, 'spec');
  const portsOf = (rules: unknown) => eachObj(rules, (r) => eachObj(r.ports, (p) => setDefault(p, 'protocol', 'TCP')));
  portsOf(spec.ingress);
  portsOf(spec.egress);
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    spec.policyTypes = Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
}

/** PriorityClass: preemptionPolicy PreemptLowerPriority. */
export function defaultPriorityClass(pc: KObject): void {
  setDefault(pc, 'preemptionPolicy', 'PreemptLowerPriority');
}

/** StorageClass: reclaimPolicy Delete, volumeBindingMode Immediate. */
export function defaultStorageClass(sc: KObject): void {
  setDefault(sc, 'reclaimPolicy', 'Delete');
  setDefault(sc, 'volumeBindingMode', 'Immediate');
}

/**
 * RBAC subjects: users and groups live in the rbac group, service accounts
 * in core, whose "" upstream omits on the wire (omitempty); sending it would
 * make every `kubectl apply` of a binding with a ServiceAccount "configured".
 */
export function defaultRbacBinding(b: KObject): void {
  eachObj(b.subjects, (s) => {
    if (s.kind === 'ServiceAccount') { if (s.apiGroup === '') delete s.apiGroup; }
    else if (s.kind === 'User' || s.kind === 'Group') setDefault(s, 'apiGroup', 'rbac.authorization.k8s.io');
  });
}

/** EndpointSlice ports: protocol TCP, name "". */
export function defaultEndpointSlice(es: KObject): void {
  eachObj(es.ports, (p) => {
    setDefault(p, 'protocol', 'TCP');
    setDefault(p, 'name', '');
  });
}

