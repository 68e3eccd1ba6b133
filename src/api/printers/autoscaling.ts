/**
 * The HorizontalPodAutoscaler table: REFERENCE TARGETS MINPODS MAXPODS
 * REPLICAS. Reads autoscaling/v2 objects, and v1 ones (targetCPUUtilizationPercentage).
 */
import type { KObject, Printer } from '../types.ts';
import { AGE_COL, NAME_COL, col, int, str } from './columns.ts';
import { since } from './duration.ts';
import { quantityString } from './storage.ts';

const q = (v: unknown) => (v === undefined || v === null ? '<unknown>' : quantityString(v));

/** One metric as "current/target"; see upstream formatHPAMetrics. */
function formatMetric(spec: any, status: any): string {
  switch (spec?.type) {
    case 'External':
    case 'Object': {
      const key = spec.type === 'External' ? 'external' : 'object';
      const target = spec[key]?.target ?? {};
      const cur = status?.[key]?.current;
      if (target.averageValue !== undefined) {
        return `${cur?.averageValue !== undefined ? q(cur.averageValue) : '<unknown>'}/${q(target.averageValue)} (avg)`;
      }
      return `${status?.[key] ? q(cur?.value) : '<unknown>'}/${q(target.value)}`;
    }
    case 'Pods': {
      const cur = status?.pods ? q(status.pods.current?.averageValue) : '<unknown>';
      return `${cur}/${q(spec.pods?.target?.averageValue)}`;
    }
    case 'Resource':
    case 'ContainerResource': {
      const key = spec.type === 'Resource' ? 'resource' : 'containerResource';
      const m = spec[key] ?? {};
      const target = m.target ?? {};
      const st = status?.[key];
      if (target.averageValue !== undefined) {
        return `${str(m.name)}: ${st ? q(st.current?.averageValue) : '<unknown>'}/${q(target.averageValue)}`;
      }
      const cur = typeof st?.current?.averageUtilization === 'number' ? `${st.current.averageUtilization}%` : '<unknown>';
      const tgt = typeof target.averageUtilization === 'number' ? `${target.averageUtilization}%` : '<auto>';
      return `${str(m.name)}: ${cur}/${tgt}`;
    }
    default:
      return '<unknown type>';
  }
}

/** TARGETS: at most two metrics, then " + N more...". */
function formatMetrics(o: KObject): string {
  let specs: any[] = Array.isArray(o.spec?.metrics) ? o.spec.metrics : [];
  let statuses: any[] = Array.isArray(o.status?.currentMetrics) ? o.status.currentMetrics : [];
  // autoscaling/v1 objects carry a single CPU utilization target.
  if (specs.length === 0 && typeof o.spec?.targetCPUUtilizationPercentage === 'number') {
    specs = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: o.spec.targetCPUUtilizationPercentage } } }];
    const cur = o.status?.currentCPUUtilizationPercentage;
    statuses = typeof cur === 'number' ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cur } } }] : [];
  }
  if (specs.length === 0) return '<none>';
  const list = specs.map((s, i) => formatMetric(s, statuses[i]));
  return list.length > 2 ? `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...` : list.join(', ');
}

/** HorizontalPodAutoscalers (v1 and v2). */
export const horizontalPodAutoscalerPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Reference', 'string', 'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.'),
    col('Targets', 'string', 'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).'),
    col('MinPods', 'string', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
    col('MaxPods', 'string', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.'),
    col('Replicas', 'string', 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.'),
    AGE_COL,
  ],
  cells(o, now) {
    const ref = o.spec?.scaleTargetRef ?? {};
    const min = o.spec?.minReplicas;
    return [
      o.metadata.name ?? '', `${str(ref.kind)}/${str(ref.name)}`, formatMetrics(o),
      typeof min === 'number' ? String(min) : '<unset>', int(o.spec?.maxReplicas), int(o.status?.currentReplicas),
      since(o.metadata.creationTimestamp, now),
    ];
  },
};
