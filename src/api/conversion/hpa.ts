/**
 * HorizontalPodAutoscaler autoscaling/v1 <-> autoscaling/v2 (storage v2).
 * v1 only knows a CPU utilization target; like upstream, everything else
 * v2 can express rides along in `autoscaling.alpha.kubernetes.io/*`
 * annotations on the v1 form, so a v2 -> v1 -> v2 round trip is lossless.
 */
import type { KObject } from '../types.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

/** Annotations carrying v2-only data on a v1 object. */
export const HPA_ANNOTATIONS = {
  metrics: 'autoscaling.alpha.kubernetes.io/metrics',
  currentMetrics: 'autoscaling.alpha.kubernetes.io/current-metrics',
  conditions: 'autoscaling.alpha.kubernetes.io/conditions',
  behavior: 'autoscaling.alpha.kubernetes.io/behavior',
} as const;

function isCpuUtilization(m: Obj): boolean {
  return m?.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.target?.type === 'Utilization';
}

function parseJSON(s: unknown): unknown {
  if (typeof s !== 'string') return undefined;
  try {
    return JSON.parse(s);
  } catch {
    // A hand-edited annotation must not make the object unreadable: ignore it as upstream does.
    return undefined;
  }
}

/** v2 -> v1. */
export function hpaV2ToV1(o: KObject): KObject {
  const spec: Obj = o.spec ?? {};
  const status: Obj | undefined = o.status;
  const annotations: Record<string, string> = { ...(o.metadata.annotations ?? {}) };
  const metrics: Obj[] = Array.isArray(spec.metrics) ? spec.metrics : [];
  const cpu = metrics.find(isCpuUtilization);
  const others = metrics.filter((m) => m !== cpu);
  if (others.length) annotations[HPA_ANNOTATIONS.metrics] = JSON.stringify(others);
  if (spec.behavior) annotations[HPA_ANNOTATIONS.behavior] = JSON.stringify(spec.behavior);
  const v1spec: Obj = {
    scaleTargetRef: spec.scaleTargetRef,
    ...(spec.minReplicas !== undefined ? { minReplicas: spec.minReplicas } : {}),
    maxReplicas: spec.maxReplicas,
    ...(cpu ? { targetCPUUtilizationPercentage: cpu.resource.target.averageUtilization } : {}),
  };
  const out: KObject = { ...o, apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { ...o.metadata }, spec: v1spec };
  if (status) {
    const cur: Obj[] = Array.isArray(status.currentMetrics) ? status.currentMetrics : [];
    const curCpu = cur.find((m) => m?.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.current?.averageUtilization !== undefined);
    const curOthers = cur.filter((m) => m !== curCpu);
    if (curOthers.length) annotations[HPA_ANNOTATIONS.currentMetrics] = JSON.stringify(curOthers);
    if (Array.isArray(status.conditions) && status.conditions.length) annotations[HPA_ANNOTATIONS.conditions] = JSON.stringify(status.conditions);
    const s: Obj = { currentReplicas: status.currentReplicas ?? 0, desiredReplicas: status.desiredReplicas ?? 0 };
    if (status.observedGeneration !== undefined) s.observedGeneration = status.observedGeneration;
    if (status.lastScaleTime !== undefined) s.lastScaleTime = status.lastScaleTime;
    if (curCpu) s.currentCPUUtilizationPercentage = curCpu.resource.current.averageUtilization;
    out.status = s;
  }
  if (Object.keys(annotations).length) out.metadata.annotations = annotations;
  return out;
}

/** v1 -> v2: the CPU target becomes a Resource metric; annotated v2 data is restored and the annotations dropped. */
export function hpaV1ToV2(o: KObject): KObject {
  const spec: Obj = o.spec ?? {};
  const annotations: Record<string, string> = { ...(o.metadata.annotations ?? {}) };
  const take = (k: string) => {
    const v = parseJSON(annotations[k]);
    delete annotations[k];
    return v;
  };
  const extraMetrics = take(HPA_ANNOTATIONS.metrics);
  const behavior = take(HPA_ANNOTATIONS.behavior);
  const curMetrics = take(HPA_ANNOTATIONS.currentMetrics);
  const conditions = take(HPA_ANNOTATIONS.conditions);
  const metrics: Obj[] = [];
  if (typeof spec.targetCPUUtilizationPercentage === 'number') {
    metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } });
  }
  if (Array.isArray(extraMetrics)) metrics.push(...extraMetrics);
  const v2spec: Obj = { scaleTargetRef: spec.scaleTargetRef };
  if (spec.minReplicas !== undefined) v2spec.minReplicas = spec.minReplicas;
  v2spec.maxReplicas = spec.maxReplicas;
  if (metrics.length) v2spec.metrics = metrics;
  if (behavior && typeof behavior === 'object') v2spec.behavior = behavior;
  const out: KObject = { ...o, apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { ...o.metadata }, spec: v2spec };
  if (Object.keys(annotations).length) out.metadata.annotations = annotations;
  else delete out.metadata.annotations;
  if (o.status) {
    const st: Obj = o.status;
    const s: Obj = { currentReplicas: st.currentReplicas ?? 0, desiredReplicas: st.desiredReplicas ?? 0 };
    if (st.observedGeneration !== undefined) s.observedGeneration = st.observedGeneration;
    if (st.lastScaleTime !== undefined) s.lastScaleTime = st.lastScaleTime;
    const cur: Obj[] = [];
    if (typeof st.currentCPUUtilizationPercentage === 'number') {
      cur.push({ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: st.currentCPUUtilizationPercentage } } });
    }
    if (Array.isArray(curMetrics)) cur.push(...curMetrics);
    if (cur.length) s.currentMetrics = cur;
    if (Array.isArray(conditions)) s.conditions = conditions;
    out.status = s;
  }
  return out;
}
