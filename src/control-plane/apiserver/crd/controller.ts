/**
 * Serves the resources CustomResourceDefinitions declare, as upstream's
 * apiextensions-apiserver does inside the API server process: at start it
 * registers every stored CRD (so they survive a restart) before the server
 * reports ready, then follows the store. It sets NamesAccepted and
 * Established, and when a CRD is deleted it deletes every object of the
 * resource and then releases the CRD's cleanup finalizer.
 */
import { addResources, findResource, removeCustomResources } from '../../../api/resources.ts';
import type { KObject } from '../../../api/types.ts';
import { setDefinition } from '../../../api/schema/index.ts';
import { decode, resourcePrefix } from '../registry/codec.ts';
import { updateObject } from '../registry/update.ts';
import { rfc3339 } from '../registry/meta.ts';
import type { RegistryContext } from '../registry/types.ts';
import { servedVersions, definitionName } from './resources.ts';

/** The finalizer that makes CRD deletion wait for its objects to go. */
export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

const served = new Map<string, string[]>(); // CRD name -> definition names

function register(crd: KObject): void {
  const name = crd.metadata.name!;
  const versions = servedVersions(crd);
  for (const d of served.get(name) ?? []) setDefinition(d, undefined);
  for (const v of versions) setDefinition(v.definitionName, v.definition);
  served.set(name, versions.map((v) => v.definitionName));
  removeCustomResources(name);
  addResources(versions.map((v) => v.resource));
}

function unregister(name: string): void {
  for (const d of served.get(name) ?? []) setDefinition(d, undefined);
  served.delete(name);
  removeCustomResources(name);
}

function hasCondition(crd: KObject, type: string): boolean {
  return (crd.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === type && c.status === 'True');
}

/** Start serving stored CRDs and follow changes; resolves once the stored ones are served. */
export async function startCrdController(ctx: RegistryContext, signal: AbortSignal): Promise<void> {
  const crdRes = findResource('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;
  const prefix = resourcePrefix(crdRes);
  const log = ctx.logger.child({ controller: 'crd' });
  let chain: Promise<void> = Promise.resolve();

  const setStatus = async (name: string): Promise<void> => {
    const now = rfc3339(ctx.clock.now());
    await updateObject(ctx, crdRes, '', name, (cur) => {
      const c = cur!;
      const storage = (c.spec?.versions ?? []).find((v: { storage?: boolean }) => v.storage)?.name;
      const stored: string[] = c.status?.storedVersions ?? [];
      return {
        ...c,
        status: {
          ...(c.status ?? {}),
          acceptedNames: { ...c.spec.names, singular: c.spec.names.singular ?? String(c.spec.names.kind).toLowerCase(), listKind: c.spec.names.listKind ?? `${c.spec.names.kind}List` },
          conditions: [
            { type: 'NamesAccepted', status: 'True', lastTransitionTime: now, reason: 'NoConflicts', message: 'no conflicts found' },
            { type: 'Established', status: 'True', lastTransitionTime: now, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
          ],
          storedVersions: storage && !stored.includes(storage) ? [...stored, storage] : stored,
        },
      };
    }, { subresource: 'status' });
  };

  const cleanup = async (crd: KObject): Promise<void> => {
    const name = crd.metadata.name!;
    const rows = servedVersions(crd);
    unregister(name);
    if (rows[0]) {
      const p = resourcePrefix(rows[0].resource);
      const list = await ctx.store.list(p);
      for (const kv of list.items) await ctx.store.delete(kv.key).catch(() => undefined);
    }
    await updateObject(ctx, crdRes, '', name, (cur) => ({
      ...cur!, metadata: { ...cur!.metadata, finalizers: (cur!.metadata.finalizers ?? []).filter((f) => f !== CRD_CLEANUP_FINALIZER) },
    }));
  };

  const sync = async (crd: KObject | undefined, name: string): Promise<void> => {
    if (!crd) return unregister(name);
    if (crd.metadata.deletionTimestamp) {
      if ((crd.metadata.finalizers ?? []).includes(CRD_CLEANUP_FINALIZER)) await cleanup(crd);
      else unregister(name);
      return;
    }
    register(crd);
    if (!hasCondition(crd, 'Established') || !hasCondition(crd, 'NamesAccepted')) await setStatus(name);
  };

  const enqueue = (crd: KObject | undefined, name: string): void => {
    chain = chain.then(() => sync(crd, name)).catch((e) => log.warn('crd sync failed', { crd: name, err: e as Error }));
  };

  const list = await ctx.store.list(prefix);
  for (const kv of list.items) {
    const crd = decode(kv);
    try { register(crd); } catch (e) { log.warn('cannot serve crd', { crd: crd.metadata.name, err: e as Error }); }
    enqueue(crd, crd.metadata.name!);
  }
  const w = await ctx.store.watch(prefix, list.revision, {
    onEvent: (ev) => {
      const name = ev.kv.key.slice(ev.kv.key.lastIndexOf('/') + 1);
      enqueue(ev.type === 'DELETE' ? undefined : decode(ev.kv), name);
    },
  });
  signal.addEventListener('abort', () => w.stop(), { once: true });
  await chain;
}

export { definitionName };
