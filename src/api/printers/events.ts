/**
 * The Event table (core/v1 and events.k8s.io/v1, which share storage and
 * one upstream printer): LAST SEEN TYPE REASON OBJECT MESSAGE and wide extras.
 */
import type { KObject, Printer } from '../types.ts';
import { NAME_COL, col, str, wide } from './columns.ts';
import { since } from './duration.ts';

/** The fields the printer reads, taken from either Event version. */
interface EventView {
  first?: string; eventTime?: string; last?: string; count: number; series?: { count?: number; lastObservedTime?: string };
  kind: string; name: string; fieldPath: string; type: string; reason: string; message: string;
  component: string; host: string; reportingController: string; reportingInstance: string;
}

function view(o: KObject): EventView {
  // events.k8s.io/v1 renames involvedObject/message/source and deprecates the timestamps.
  const newApi = 'regarding' in o || 'note' in o || 'deprecatedSource' in o;
  const ref = (newApi ? o.regarding : o.involvedObject) ?? {};
  const source = (newApi ? o.deprecatedSource : o.source) ?? {};
  return {
    first: newApi ? o.deprecatedFirstTimestamp : o.firstTimestamp,
    eventTime: o.eventTime,
    last: newApi ? o.deprecatedLastTimestamp : o.lastTimestamp,
    count: (newApi ? o.deprecatedCount : o.count) ?? 0,
    series: o.series ?? undefined,
    kind: str(ref.kind), name: str(ref.name), fieldPath: str(ref.fieldPath),
    type: str(o.type), reason: str(o.reason), message: str(newApi ? o.note : o.message),
    component: str(source.component), host: str(source.host),
    reportingController: str(o.reportingController ?? o.reportingComponent), reportingInstance: str(o.reportingInstance),
  };
}

/** "component, host", host omitted when empty; reporting fields fill gaps. */
function eventSource(e: EventView): string {
  const component = e.component || e.reportingController;
  const instance = e.host || e.reportingInstance;
  return instance ? `${component}, ${instance}` : component;
}

/** Cells of one event; ages fall back from lastTimestamp to firstTimestamp to eventTime. */
export function eventCells(o: KObject, now: number): unknown[] {
  const e = view(o);
  const first = e.first ? since(e.first, now) : since(e.eventTime, now);
  let last = e.last ? since(e.last, now) : first;
  let count = e.count;
  if (e.series) {
    last = since(e.series.lastObservedTime, now);
    count = e.series.count ?? 0;
  } else if (count === 0) {
    count = 1; // singleton events of the new API carry no count
  }
  const kind = e.kind.toLowerCase();
  const target = e.name ? `${kind}/${e.name}` : kind;
  return [last, e.type, e.reason, target, e.fieldPath, eventSource(e), e.message.trim(), first, count, o.metadata.name ?? ''];
}

/** Events (both API groups). */
export const eventPrinter: Printer = {
  columns: [
    col('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
    col('Reason', 'string', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
    col('Object', 'string', 'The object that this event is about.'),
    wide('Subobject', 'string', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].'),
    wide('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.'),
    col('Message', 'string', 'A human-readable description of the status of this operation.'),
    wide('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)'),
    wide('Count', 'string', 'The number of times this event has occurred.'),
    { ...NAME_COL, priority: 1 },
  ],
  cells: eventCells,
};
