/**
 * System-owned metadata: what the server sets on create and keeps on update,
 * whatever the client sent (uid, creationTimestamp, generation, ...).
 */
import { randomUUID, randomInt } from 'node:crypto';
import type { KObject } from '../../../api/types.ts';

// Upstream's generateName alphabet: no vowels (no words) and no confusable characters.
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** name = generateName + 5 random characters, as upstream. */
export function generateName(prefix: string): string {
  const base = prefix.length > 58 ? prefix.slice(0, 58) : prefix;
  let s = '';
  for (let i = 0; i < 5; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return base + s;
}

/** RFC 3339 timestamp with second precision, as metav1.Time marshals. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Fill system metadata of a new object. */
export function initCreateMeta(obj: KObject, nowMs: number): void {
  const m = obj.metadata;
  m.uid = randomUUID();
  m.creationTimestamp = rfc3339(nowMs);
  delete m.resourceVersion;
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  if (m.generation !== undefined || 'spec' in obj) m.generation = 1;
  else delete m.generation;
  if (m.labels && Object.keys(m.labels).length === 0) delete m.labels;
  if (m.annotations && Object.keys(m.annotations).length === 0) delete m.annotations;
}

/** Carry system metadata over from the stored object on update. */
export function keepSystemMeta(obj: KObject, old: KObject): void {
  const m = obj.metadata;
  const o = old.metadata;
  m.uid = o.uid;
  m.creationTimestamp = o.creationTimestamp;
  m.name = o.name;
  if (o.namespace !== undefined) m.namespace = o.namespace;
  else delete m.namespace;
  if (o.generateName !== undefined) m.generateName = o.generateName;
  if (o.deletionTimestamp !== undefined) {
    m.deletionTimestamp = o.deletionTimestamp;
    m.deletionGracePeriodSeconds = o.deletionGracePeriodSeconds;
  } else {
    delete m.deletionTimestamp;
    delete m.deletionGracePeriodSeconds;
  }
  if (o.generation !== undefined) m.generation = o.generation;
  else delete m.generation;
  if (m.labels && Object.keys(m.labels).length === 0) delete m.labels;
  if (m.annotations && Object.keys(m.annotations).length === 0) delete m.annotations;
}

/** Structural equality of JSON values (order-insensitive for maps). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], bb[i])) return false;
    return true;
  }
  const ak = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const bk = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ak.length !== bk.length) return false;
  for (const k of ak) if (!jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}
