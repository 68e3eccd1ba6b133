/**
 * The namespace controller's reconcile of one namespace being deleted:
 * mark it Terminating, delete all its content (every namespaced resource
 * discovery lists, so kinds added later are included), report progress in
 * status conditions, and once nothing is left remove the `kubernetes`
 * finalizer through the finalize subresource. The API server then removes
 * the namespace (when metadata.finalizers are empty too).
 */
import { isK8sError, K8sError } from '../../../base/errors.ts';
import type { Clock } from '../../../base/clock.ts';
import type { Logger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import type { KubeClient, ResourceRef } from '../../../client/types.ts';
import { discoverPreferredResources, type DiscoveryResult } from '../../../client/discovery.ts';
import { failedConditions, mergeConditions, rfc3339, type DeletionProgress } from './conditions.ts';
import { deleteResourceContent, groupResource, isDeletableNamespaced } from './content.ts';

/** The finalizer token this controller owns in spec.finalizers. */
export const KUBERNETES_FINALIZER = 'kubernetes';

const NAMESPACES: ResourceRef = { group: '', version: 'v1', plural: 'namespaces' };

/** What {@link syncNamespace} needs. */
export interface NamespaceSyncDeps {
  client: KubeClient;
  logger: Logger;
  clock: Clock;
  /** Discovery; injectable so tests can fail it. */
  discover?: (client: KubeClient) => Promise<DiscoveryResult>;
}

/** Outcome of one sync. */
export type NamespaceSyncOutcome =
  | { state: 'done' }
  /** Content is still going away; check again (seconds: the slowest object's estimate). */
  | { state: 'waiting'; estimateSeconds: number; remaining: number };

/** Conflicts are retried a few times with a fresh read before giving up to the queue. */
const CONFLICT_RETRIES = 5;

async function getNamespace(client: KubeClient, name: string): Promise<KObject | undefined> {
  try {
    return await client.get({ ...NAMESPACES, name });
  } catch (e) {
    if (isK8sError(e, 'NotFound')) return undefined;
    throw e;
  }
}

/**
 * Read-modify-write of the namespace through `subresource` (status or
 * finalize), retrying on conflict. `mutate` returns false for "no change".
 * Returns the namespace after the write, or undefined when it is gone.
 */
async function writeNamespace(client: KubeClient, name: string, first: KObject, subresource: 'status' | 'finalize',
  mutate: (ns: KObject) => boolean): Promise<KObject | undefined> {
  let ns: KObject | undefined = first;
  for (let i = 0; ns; i++) {
    const next = structuredClone(ns);
    if (!mutate(next)) return ns;
    try {
      return await client.update({ ...NAMESPACES, name, subresource }, next);
    } catch (e) {
      if (isK8sError(e, 'NotFound')) return undefined;
      if (!isK8sError(e, 'Conflict') || i >= CONFLICT_RETRIES) throw e;
      ns = await getNamespace(client, name);
    }
  }
  return undefined;
}

/** Reconcile namespace `name`. Throws K8sError to be retried with backoff. */
export async function syncNamespace(deps: NamespaceSyncDeps, name: string): Promise<NamespaceSyncOutcome> {
  const { client, logger, clock } = deps;
  // Read live, not from the cache: a stale cache could finalize twice or miss the deletion.
  let ns = await getNamespace(client, name);
  if (!ns?.metadata.deletionTimestamp) return { state: 'done' };
  ns = await writeNamespace(client, name, ns, 'status', (n) => {
    if (n.status?.phase === 'Terminating') return false;
    n.status = { ...n.status, phase: 'Terminating' };
    return true;
  });
  if (!ns || ((ns.spec?.finalizers as string[] | undefined) ?? []).length === 0) return { state: 'done' };

  const progress: DeletionProgress = { discoveryFailures: new Map(), contentErrors: [], remaining: new Map(), finalizers: new Map() };
  let discovered: DiscoveryResult;
  try {
    discovered = await (deps.discover ?? discoverPreferredResources)(client);
  } catch (e) {
    // Without the group list we cannot know what to delete at all.
    progress.discoveryFailures.set('', (e as Error).message);
    discovered = { resources: [], failed: new Map() };
  }
  for (const [gv, err] of discovered.failed) progress.discoveryFailures.set(gv, err.message);

  let estimateSeconds = 0;
  let remaining = 0;
  const targets = discovered.resources.filter(isDeletableNamespaced);
  await Promise.all(targets.map(async (r) => {
    try {
      const left = await deleteResourceContent(client, r, name);
      if (left.remaining > 0) progress.remaining.set(groupResource(r), left.remaining);
      for (const [f, n] of left.finalizers) progress.finalizers.set(f, (progress.finalizers.get(f) ?? 0) + n);
      remaining += left.remaining;
      estimateSeconds = Math.max(estimateSeconds, left.estimateSeconds);
    } catch (e) {
      progress.contentErrors.push(`${groupResource(r)}: ${(e as Error).message}`);
    }
  }));

  const failed = failedConditions(progress);
  ns = await writeNamespace(client, name, ns, 'status', (n) => {
    const merged = mergeConditions(n.status?.conditions, failed, rfc3339(clock.now()));
    if (!merged.changed) return false;
    n.status = { ...n.status, conditions: merged.conditions };
    return true;
  });
  if (!ns) return { state: 'done' };

  if (progress.discoveryFailures.size > 0 || progress.contentErrors.length > 0) {
    const what = [...progress.discoveryFailures.keys(), ...progress.contentErrors].join('; ');
    throw new K8sError('InternalError', `namespace ${name}: could not delete all content: ${what}`);
  }
  if (remaining > 0) {
    logger.debug('namespace content remaining', { namespace: name, remaining, estimateSeconds });
    return { state: 'waiting', estimateSeconds, remaining };
  }

  await writeNamespace(client, name, ns, 'finalize', (n) => {
    const fins = (n.spec?.finalizers as string[] | undefined) ?? [];
    if (!fins.includes(KUBERNETES_FINALIZER)) return false;
    n.spec = { ...n.spec, finalizers: fins.filter((f) => f !== KUBERNETES_FINALIZER) };
    return true;
  });
  logger.info('namespace finalized', { namespace: name });
  return { state: 'done' };
}
