/**
 * How objects are stored: JSON in the storage version without
 * metadata.resourceVersion (the store's modRevision is the resourceVersion).
 *
 * Objects are always encoded with apiVersion, kind, metadata first, so a
 * stored value can be turned into a response body by splicing the
 * resourceVersion in after `"metadata":{` without parsing it: lists and
 * watch streams of thousands of objects stay cheap.
 */
import type { KeyValue } from '../../../storage/types.ts';
import type { KObject } from '../../../api/types.ts';
import type { ResourceInfo } from '../../../api/resources.ts';

/** Storage key prefix of a resource, optionally within one namespace. */
export function resourcePrefix(r: ResourceInfo, namespace?: string): string {
  const g = r.storage.group || 'core';
  const base = `/registry/${g}/${r.storage.resource}/`;
  return r.namespaced && namespace ? `${base}${namespace}/` : base;
}

/** Storage key of one object. */
export function objectKey(r: ResourceInfo, namespace: string, name: string): string {
  return r.namespaced ? `${resourcePrefix(r, namespace)}${name}` : `${resourcePrefix(r)}${name}`;
}

/** Serialize for storage: apiVersion, kind, metadata (without resourceVersion) first. */
export function encode(obj: KObject): string {
  const { apiVersion, kind, metadata, ...rest } = obj;
  const { resourceVersion: _rv, ...meta } = metadata;
  return JSON.stringify({ apiVersion, kind, metadata: meta, ...rest });
}

/** Parse a stored value and set its resourceVersion. */
export function decode(kv: KeyValue): KObject {
  const obj = JSON.parse(kv.value) as KObject;
  obj.metadata.resourceVersion = String(kv.modRevision);
  return obj;
}

/** The stored JSON with its resourceVersion spliced in (no parse). */
export function rawWithRV(kv: KeyValue): string {
  const v = kv.value;
  const at = v.indexOf('"metadata":{');
  if (at < 0) return JSON.stringify(decode(kv));
  const cut = at + 12;
  const empty = v.charCodeAt(cut) === 125; /* } */
  return `${v.slice(0, cut)}"resourceVersion":"${kv.modRevision}"${empty ? '' : ','}${v.slice(cut)}`;
}
