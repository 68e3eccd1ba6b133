/**
 * Event core/v1 (storage) <-> events.k8s.io/v1. Same data, renamed fields:
 * message<->note, involvedObject<->regarding, source<->deprecatedSource,
 * reportingComponent<->reportingController, first/lastTimestamp and count
 * <->deprecated*. Zero values are written the way upstream serializes them.
 */
import type { KObject } from '../types.ts';

/** Fields both versions share under the same name. */
const SHARED = ['reason', 'type', 'eventTime', 'series', 'action', 'related', 'reportingInstance'] as const;

/** Pairs [core name, events.k8s.io name]. */
const RENAMED: [string, string][] = [
  ['message', 'note'],
  ['involvedObject', 'regarding'],
  ['source', 'deprecatedSource'],
  ['reportingComponent', 'reportingController'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
];

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || v === 0 || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);
}

/** core/v1 -> events.k8s.io/v1. */
export function eventCoreToV1(o: KObject): KObject {
  const out: KObject = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: o.metadata };
  // eventTime is not omitempty in events.k8s.io/v1: it is always present, null when unset.
  out.eventTime = o.eventTime ?? null;
  for (const f of SHARED) if (f !== 'eventTime' && !isEmpty(o[f])) out[f] = o[f];
  for (const [core, v1] of RENAMED) if (!isEmpty(o[core])) out[v1] = o[core];
  return out;
}

/** events.k8s.io/v1 -> core/v1. */
export function eventV1ToCore(o: KObject): KObject {
  const out: KObject = { apiVersion: 'v1', kind: 'Event', metadata: o.metadata };
  for (const f of SHARED) if (!isEmpty(o[f])) out[f] = o[f];
  for (const [core, v1] of RENAMED) if (!isEmpty(o[v1])) out[core] = o[v1];
  // Non-omitempty core fields, as upstream's JSON shows them.
  out.involvedObject ??= {};
  out.source ??= {};
  out.firstTimestamp ??= null;
  out.lastTimestamp ??= null;
  out.eventTime ??= null;
  out.reportingComponent ??= '';
  out.reportingInstance ??= '';
  return out;
}
