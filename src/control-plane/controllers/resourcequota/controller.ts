/**
 * The resource quota controller (upstream pkg/controller/resourcequota):
 * keeps each ResourceQuota's status.hard (its spec) and status.used (what
 * the namespace's objects charge, per quota scope), recounted when counted
 * objects come and go and fully every --resource-quota-sync-period.
 * Quota admission in the API server charges creates in between.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import { addUsage, formatUsage, mask, matchesScopes, objectUsage, parseUsage, type Usage } from '../../../api/quota/usage.ts';
import type { Controller, ControllerContext } from '../types.ts';
import { KeyedController, keyOf, splitKey } from '../keyed-controller.ts';
import { collectionsFor, KNOWN_VERSIONS, type Collection } from './sources.ts';

const QUOTAS = { group: '', version: 'v1', plural: 'resourcequotas' };
/** Collections watched through shared informers; anything else is listed when counted. */
const WATCHED = ['pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'replicationcontrollers', 'resourcequotas'];

/** Factory for the controller manager. */
export function newResourceQuotaController(ctx: ControllerContext): Controller {
  const quotas = ctx.informers.informerFor<KObject>(QUOTAS);
  const informers = new Map(WATCHED.map((p) => [p, ctx.informers.informerFor<KObject>({ group: '', version: 'v1', plural: p })]));
  const resync = ctx.options?.resourceQuotaSyncPeriodMs ?? 5 * 60_000;
  const versions = new Map(Object.entries(KNOWN_VERSIONS));

  const objectsOf = async (c: Collection, ns: string): Promise<KObject[]> => {
    const inf = c.group === '' ? informers.get(c.plural) : undefined;
    if (inf) return inf.lister.list(ns);
    let version = versions.get(c.group);
    if (!version) {
      const g = await ctx.client.getPath<{ preferredVersion?: { version: string } }>(`/apis/${c.group}`);
      version = g.preferredVersion?.version ?? 'v1';
      versions.set(c.group, version);
    }
    try {
      return (await ctx.client.list({ group: c.group, version, plural: c.plural, namespace: ns })).items;
    } catch (e) {
      if (isK8sError(e, 'NotFound')) return [];
      throw e;
    }
  };

  const c = new KeyedController('resourcequota', ctx, async (key) => {
    const { namespace, name } = splitKey(key);
    const q = quotas.lister.get(name, namespace);
    if (!q || q.metadata.deletionTimestamp) return;
    const hard = parseUsage(q.spec?.hard);
    let used: Usage = new Map([...hard.keys()].map((k) => [k, parseUsage({ [k]: '0' }).get(k)!]));
    for (const col of collectionsFor(hard.keys())) {
      for (const o of await objectsOf(col, namespace)) {
        if (!matchesScopes(q, col.group, col.plural, o)) continue;
        used = addUsage(used, mask(objectUsage(col.group, col.plural, o), hard.keys()));
      }
    }
    const status = { hard: formatUsage(hard), used: formatUsage(used) };
    if (JSON.stringify(q.status ?? {}) !== JSON.stringify(status)) {
      try {
        await ctx.client.update({ ...QUOTAS, namespace, name, subresource: 'status' }, { ...q, status });
      } catch (e) { if (!isK8sError(e, 'NotFound')) throw e; }
    }
    return { requeueAfterMs: resync };
  });
  quotas.addEventHandler({
    add: (q) => c.enqueue(keyOf(q)),
    update: (o, n) => { if (JSON.stringify(o.spec) !== JSON.stringify(n.spec)) c.enqueue(keyOf(n)); },
  });
  const forNamespace = (o: KObject): void => {
    for (const q of quotas.lister.list(o.metadata.namespace ?? '')) c.enqueue(keyOf(q));
  };
  for (const [plural, inf] of informers) {
    inf.addEventHandler({
      add: forNamespace, delete: forNamespace,
      update: plural === 'pods'
        ? (o, n) => { if (o.status?.phase !== n.status?.phase || JSON.stringify(o.spec?.containers) !== JSON.stringify(n.spec?.containers)) forNamespace(n); }
        : plural === 'services' ? (o, n) => { if (JSON.stringify(o.spec) !== JSON.stringify(n.spec)) forNamespace(n); } : undefined,
    });
  }
  return c;
}
