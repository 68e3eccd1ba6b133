/**
 * Update (PUT and PATCH, main resource and subresources) as upstream's
 * GuaranteedUpdate: read, let the caller compute the new object, check the
 * resourceVersion precondition, apply the strategy, defaults, admission and
 * validation, skip no-op writes, and compare-and-swap into the store,
 * retrying on a lost race unless the client named a resourceVersion.
 */
import type { KObject } from '../../../api/types.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import { conflict, notFound } from '../../../api/status.ts';
import { StorageError } from '../../../storage/types.ts';
import { decode, encode, objectKey } from './codec.ts';
import { jsonEqual, keepSystemMeta } from './meta.ts';
import { bumpGeneration, normalize, prepareForStatusUpdate, prepareForUpdate } from './strategy.ts';
import { admit, applyDefaults, committed, rollback, validate } from './hooks.ts';
import { readyToDelete } from './finalize.ts';
import { createObject } from './create.ts';
import type { RegistryContext } from './types.ts';

/** Options of {@link updateObject}. */
export interface UpdateOptions {
  dryRun?: boolean;
  /** '' for the main resource, or status, finalize, approval, ... */
  subresource?: string;
  /** Create the object if it does not exist (PUT on kinds that allow it). */
  allowCreate?: boolean;
  /**
   * Record managedFields for this write once the new object is final
   * (strategy and defaults applied); `old` is undefined on create.
   */
  track?: (old: KObject | undefined, obj: KObject) => void;
}

/** Result of an update. */
export interface UpdateResult {
  object: KObject;
  created: boolean;
}

/**
 * Compute the new object from the current one. Receives a private copy of
 * the stored object (storage form) or undefined if it does not exist.
 */
export type UpdateFn = (current: KObject | undefined) => KObject | Promise<KObject>;

const MAX_RETRIES = 16;

/** Apply `mutate` to the object at namespace/name until it lands. */
export async function updateObject(
  ctx: RegistryContext, r: ResourceInfo, namespace: string, name: string, mutate: UpdateFn, opts: UpdateOptions = {},
): Promise<UpdateResult> {
  const key = objectKey(r, namespace, name);
  for (let attempt = 0; ; attempt++) {
    const cur = await ctx.store.get(key);
    if (!cur) {
      if (!opts.allowCreate || opts.subresource) throw notFound(r.group, r.plural, name);
      const obj = await mutate(undefined);
      obj.metadata.namespace = r.namespaced ? namespace : undefined;
      if (!r.namespaced) delete obj.metadata.namespace;
      obj.metadata.name = name;
      return { object: await createObject(ctx, r, obj, { dryRun: opts.dryRun, track: opts.track }), created: true };
    }
    const old = decode(cur);
    const wanted = await mutate(decode(cur));
    const rv = wanted.metadata?.resourceVersion;
    if (rv && rv !== String(cur.modRevision)) {
      throw conflict(r.group, r.plural, name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    let obj: KObject;
    if (opts.subresource === 'status') {
      obj = prepareForStatusUpdate(wanted, old);
    } else {
      obj = wanted;
      if (!obj.metadata) obj.metadata = {};
      keepSystemMeta(obj, old);
      if (!opts.subresource) prepareForUpdate(r, obj, old);
      else bumpGeneration(obj, old);
    }
    normalize(r, obj);
    applyDefaults(r, obj);
    delete obj.metadata.resourceVersion;
    opts.track?.(old, obj);
    const { resourceVersion: _rv, ...oldMeta } = old.metadata;
    if (jsonEqual({ ...obj, metadata: obj.metadata }, { ...old, metadata: oldMeta })) {
      return { object: old, created: false };
    }
    const attrs = {
      operation: 'UPDATE' as const, resource: r, subresource: opts.subresource ?? '', namespace, name,
      object: obj, oldObject: old, dryRun: !!opts.dryRun,
    };
    const undos = await admit(ctx, attrs);
    try {
      // A binding only sets spec.nodeName, which pod update validation (rightly) forbids for clients.
      if (opts.subresource !== 'binding') validate(r, obj, old);
      if (opts.dryRun) {
        await rollback(ctx, undos);
        obj.metadata.resourceVersion = String(cur.modRevision);
        return { object: obj, created: false };
      }
      if (readyToDelete(r, obj)) {
        const gone = await ctx.store.delete(key, cur.modRevision);
        obj.metadata.resourceVersion = String(gone.modRevision);
      } else {
        const kv = await ctx.store.update(key, encode(obj), cur.modRevision);
        obj.metadata.resourceVersion = String(kv.modRevision);
      }
    } catch (e) {
      await rollback(ctx, undos);
      if (e instanceof StorageError && (e.code === 'Conflict' || e.code === 'NotFound')) {
        // Lost a race with another writer: retry from a fresh read unless the client pinned a version.
        if (!rv && attempt < MAX_RETRIES) continue;
        if (e.code === 'NotFound') throw notFound(r.group, r.plural, name);
        throw conflict(r.group, r.plural, name, 'the object has been modified; please apply your changes to the latest version and try again');
      }
      throw e;
    }
    await committed(ctx, attrs);
    return { object: obj, created: false };
  }
}
