/**
 * Per-kind defaulting and validation as the registry runs them, plus the
 * admission chain. Defaulters and validators come from src/api, keyed by
 * the storage group and kind.
 */
import type { KObject } from '../../../api/types.ts';
import { gkKey } from '../../../api/types.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import { defaulters } from '../../../api/defaults/index.ts';
import { validators, invalidError } from '../../../api/validation/index.ts';
import type { AdmissionAttributes, RegistryContext } from './types.ts';
import { schemaOf } from '../../../api/schema/index.ts';
import { applySchemaDefaults, validateSchema } from '../crd/structural.ts';

/** Apply upstream's defaults for the object's kind. */
export function applyDefaults(r: ResourceInfo, obj: KObject): void {
  if (r.custom) return applySchemaDefaults(obj, schemaOf(r.storage.group, r.storage.version, r.kind));
  defaulters[gkKey(r.storage.group, r.kind)]?.(obj);
}

/** Validate; throws 422 Invalid with field causes. */
export function validate(r: ResourceInfo, obj: KObject, old?: KObject): void {
  const v = r.custom
    ? (o: KObject) => validateSchema(o, schemaOf(r.storage.group, r.storage.version, r.kind))
    : validators[gkKey(r.storage.group, r.kind)];
  if (!v) return;
  const errs = v(obj, old);
  if (errs.length > 0) throw invalidError(r.kind, obj.metadata.name ?? '', errs, r.group);
}

/** Run admission hooks; returns the undo functions to run if the write fails. */
export async function admit(ctx: RegistryContext, a: AdmissionAttributes): Promise<(() => Promise<void>)[]> {
  const undos: (() => Promise<void>)[] = [];
  try {
    for (const h of ctx.admission) {
      if (!h.admit) continue;
      const undo = await h.admit(a);
      if (undo) undos.push(undo);
    }
  } catch (e) {
    await rollback(ctx, undos);
    throw e;
  }
  return undos;
}

/** Undo reservations after a failed write. */
export async function rollback(ctx: RegistryContext, undos: (() => Promise<void>)[]): Promise<void> {
  for (const u of undos.reverse()) {
    try { await u(); } catch (e) { ctx.logger.warn('admission rollback failed', { err: e as Error }); }
  }
}

/** Tell hooks a write landed. */
export async function committed(ctx: RegistryContext, a: AdmissionAttributes): Promise<void> {
  for (const h of ctx.admission) {
    if (!h.committed) continue;
    try { await h.committed(a); } catch (e) { ctx.logger.warn('admission commit hook failed', { hook: h.name, err: e as Error }); }
  }
}
