/**
 * Turning stored objects into response bodies: version conversion for
 * resources served in several versions, the raw fast path for lists and
 * watches, and meta.k8s.io Tables for `kubectl get`.
 */
import type { KObject } from '../../../api/types.ts';
import { gkKey } from '../../../api/types.ts';
import { groupVersion, type ResourceInfo } from '../../../api/resources.ts';
import { convert } from '../../../api/conversion/index.ts';
import { printers, defaultPrinter, toTable } from '../../../api/printers/index.ts';
import type { KeyValue } from '../../../storage/types.ts';
import { decode, rawWithRV } from '../registry/codec.ts';
import { customPrinter } from '../crd/printer.ts';

/** True when the served version is the stored one (no conversion needed). */
export function isStorageVersion(r: ResourceInfo): boolean {
  return r.group === r.storage.group && r.version === r.storage.version;
}

/** A stored object as the client's version. */
export function toServed(r: ResourceInfo, obj: KObject): KObject {
  return isStorageVersion(r) ? obj : convert(obj, groupVersion(r));
}

/** A client's object as the stored version. */
export function toStored(r: ResourceInfo, obj: KObject): KObject {
  if (isStorageVersion(r)) return obj;
  const sgv = r.storage.group ? `${r.storage.group}/${r.storage.version}` : r.storage.version;
  return convert(obj, sgv);
}

/** What body form the client asked for. */
export type OutputForm = 'json' | 'table';

/** Pick the output form from the Accept header. */
export function outputForm(accept: string | undefined): OutputForm {
  if (!accept) return 'json';
  // kubectl: application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json
  for (const part of accept.split(',')) {
    if (/as=Table/.test(part) && /g=meta\.k8s\.io/.test(part)) return 'table';
  }
  return 'json';
}

/** The JSON text of one stored key-value as served. */
export function servedJSON(r: ResourceInfo, kv: KeyValue, obj?: KObject): string {
  if (isStorageVersion(r)) return obj ? JSON.stringify(obj) : rawWithRV(kv);
  return JSON.stringify(toServed(r, obj ?? decode(kv)));
}

/** The printer of a resource. */
export function printerFor(r: ResourceInfo) {
  if (r.custom) return customPrinter(r);
  return printers[gkKey(r.group, r.kind)] ?? printers[gkKey(r.storage.group, r.kind)] ?? defaultPrinter;
}

/** Build a Table of the given served objects. */
export function tableOf(r: ResourceInfo, objs: KObject[], now: number, includeObject?: string): Record<string, unknown> {
  const io = includeObject === 'None' || includeObject === 'Object' ? includeObject : 'Metadata';
  return toTable(objs, printerFor(r), { now, includeObject: io }) as unknown as Record<string, unknown>;
}
