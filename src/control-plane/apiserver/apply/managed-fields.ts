/**
 * metadata.managedFields: decoding and encoding the entries, the fields no
 * manager ever owns (identity and system metadata, and the part of the
 * object a write through the other endpoint resets), and tracking of
 * non-apply writes: an update manager comes to own every field it changed,
 * and takes it away from everyone else, without conflicts.
 */
import type { KObject } from '../../../api/types.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import { jsonEqual } from '../registry/meta.ts';
import { difference, emptySet, fromFieldsV1, isEmpty, removeSubtrees, setsEqual, toFieldsV1, union, type FieldSet } from './field-set.ts';

/** One decoded managedFields entry. */
export interface Managed {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  subresource?: string;
  set: FieldSet;
  /** The set as it was decoded, to keep the time when nothing changed. */
  before?: FieldSet;
}

/** Who is writing: a manager name, the operation, the version and subresource used. */
export interface Writer {
  manager: string;
  apiVersion: string;
  subresource: string;
  /** RFC 3339 time of the write. */
  time: string;
}

/** Same manager identity, as upstream keys entries (version only matters for updates). */
export function sameManager(m: Managed, name: string, operation: string, apiVersion: string, subresource: string): boolean {
  return m.manager === name && m.operation === operation && (m.subresource ?? '') === subresource
    && (operation === 'Apply' || m.apiVersion === apiVersion);
}

/** Decode entries; malformed ones are dropped. */
export function decodeManaged(raw: unknown): Managed[] {
  if (!Array.isArray(raw)) return [];
  const out: Managed[] = [];
  for (const e of raw) {
    if (e === null || typeof e !== 'object') continue;
    const x = e as Record<string, unknown>;
    if (typeof x.manager !== 'string' || (x.operation !== 'Apply' && x.operation !== 'Update')) continue;
    const set = isEmptyObject(x.fieldsV1) ? emptySet() : fromFieldsV1(x.fieldsV1);
    out.push({
      manager: x.manager, operation: x.operation, apiVersion: typeof x.apiVersion === 'string' ? x.apiVersion : '',
      time: typeof x.time === 'string' ? x.time : undefined,
      subresource: typeof x.subresource === 'string' && x.subresource ? x.subresource : undefined,
      set, before: set,
    });
  }
  return out;
}

function isEmptyObject(v: unknown): boolean {
  return v === null || typeof v !== 'object' || Object.keys(v as object).length === 0;
}

/** Encode entries, dropping managers that own nothing. */
export function encodeManaged(list: Managed[], now: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const m of list) {
    if (isEmpty(m.set)) continue;
    const unchanged = m.before && setsEqual(m.before, m.set);
    const e: Record<string, unknown> = {
      manager: m.manager, operation: m.operation, apiVersion: m.apiVersion,
      time: unchanged && m.time ? m.time : now, fieldsType: 'FieldsV1', fieldsV1: toFieldsV1(m.set),
    };
    if (m.subresource) e.subresource = m.subresource;
    out.push(e);
  }
  return out;
}

const IGNORED_META = ['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields',
  'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

/**
 * The part of an object that ownership covers: without apiVersion, kind
 * and system metadata; a /status write covers only status, a main write
 * everything but status when the kind has a status subresource.
 */
export function ownedPart(r: ResourceInfo, obj: KObject | undefined, subresource: string): Record<string, unknown> | undefined {
  if (!obj) return undefined;
  if (subresource === 'status') return obj.status === undefined ? {} : { status: obj.status };
  const { apiVersion: _a, kind: _k, metadata, ...rest } = obj;
  const out: Record<string, unknown> = rest;
  if (r.subresources.includes('status') && subresource === '') delete out.status;
  if (metadata && typeof metadata === 'object') {
    const m: Record<string, unknown> = { ...metadata };
    for (const k of IGNORED_META) delete m[k];
    if (Object.keys(m).length > 0) out.metadata = m;
  }
  return out;
}

/**
 * The entries a write starts from: the ones the client sent when it
 * changed them on purpose, `[{}]` to reset, otherwise the stored ones.
 */
export function baseEntries(old: KObject | undefined, incoming: unknown): { entries: Managed[]; reset: boolean } {
  const stored = old?.metadata.managedFields;
  if (Array.isArray(incoming) && incoming.length === 1 && isEmptyObject(incoming[0])) return { entries: [], reset: true };
  if (incoming === undefined || (Array.isArray(incoming) && incoming.length === 0) || jsonEqual(incoming, stored)) {
    return { entries: decodeManaged(stored), reset: false };
  }
  return { entries: decodeManaged(incoming), reset: false };
}

/**
 * Record a non-apply write of `obj` over `old` by `w`: sets
 * obj.metadata.managedFields. `changed`/`removed` come from comparing the
 * owned parts of the two objects.
 */
export function recordUpdate(entries: Managed[], w: Writer, changed: FieldSet, removed: FieldSet): Managed[] {
  const out: Managed[] = [];
  let mine: Managed | undefined;
  for (const m of entries) {
    if (sameManager(m, w.manager, 'Update', w.apiVersion, w.subresource)) {
      mine = m;
      m.set = removeSubtrees(union(m.set, changed), removed);
      // A manager that changed something gets a new timestamp even if it already owned the fields.
      if (!isEmpty(changed)) m.before = undefined;
    } else {
      m.set = removeSubtrees(difference(m.set, changed), removed);
    }
    out.push(m);
  }
  if (!mine && !isEmpty(changed)) {
    out.push({ manager: w.manager, operation: 'Update', apiVersion: w.apiVersion, subresource: w.subresource || undefined, set: changed });
  }
  return out;
}
