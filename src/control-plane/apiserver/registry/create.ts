/**
 * Create: system metadata, strategy, defaults, admission, validation, then
 * an atomic store create (AlreadyExists if the key exists).
 */
import type { KObject } from '../../../api/types.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import { alreadyExists } from '../../../api/status.ts';
import { StorageError } from '../../../storage/types.ts';
import { encode, objectKey } from './codec.ts';
import { generateName, initCreateMeta } from './meta.ts';
import { normalize, prepareForCreate } from './strategy.ts';
import { admit, applyDefaults, committed, rollback, validate } from './hooks.ts';
import type { RegistryContext } from './types.ts';

/** Options of {@link createObject}. */
export interface CreateOptions {
  dryRun?: boolean;
  /** Record managedFields once the object is final (see UpdateOptions.track). */
  track?: (old: undefined, obj: KObject) => void;
}

/**
 * Create `obj` (storage form, namespace already set for namespaced kinds).
 * Returns the stored object with its resourceVersion.
 */
export async function createObject(ctx: RegistryContext, r: ResourceInfo, obj: KObject, opts: CreateOptions = {}): Promise<KObject> {
  const m = obj.metadata;
  if (!m.name && m.generateName) m.name = generateName(m.generateName);
  initCreateMeta(obj, ctx.clock.now());
  normalize(r, obj);
  prepareForCreate(r, obj);
  applyDefaults(r, obj);
  opts.track?.(undefined, obj);
  const attrs = {
    operation: 'CREATE' as const, resource: r, subresource: '', namespace: m.namespace ?? '', name: m.name ?? '',
    object: obj, dryRun: !!opts.dryRun,
  };
  const undos = await admit(ctx, attrs);
  try {
    validate(r, obj);
    if (opts.dryRun) {
      await rollback(ctx, undos);
      return obj;
    }
    const kv = await ctx.store.create(objectKey(r, m.namespace ?? '', m.name!), encode(obj));
    m.resourceVersion = String(kv.modRevision);
  } catch (e) {
    await rollback(ctx, undos);
    if (e instanceof StorageError && e.code === 'KeyExists') throw alreadyExists(r.group, r.plural, m.name!);
    throw e;
  }
  await committed(ctx, attrs);
  return obj;
}
