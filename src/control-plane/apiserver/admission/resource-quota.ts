/**
 * ResourceQuota admission, as upstream: a create in a namespace with quotas
 * is charged against every quota whose scopes cover it. Past a quota's
 * hard limits it is refused with 403 Forbidden ("exceeded quota: ...");
 * otherwise the charge is added to the quota's status.used with a
 * compare-and-swap on the quota itself, so concurrent creates (even
 * through several API servers) can never overshoot. A failed write gives
 * the charge back; the quota controller later recounts from the objects.
 */
import { isK8sError, K8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import { findByKind } from '../../../api/resources.ts';
import { compareQuantity, ZERO_QUANTITY } from '../../../api/quantity.ts';
import {
  addUsage, formatUsage, mask, matchesScopes, missingPodResources, objectUsage, parseUsage, prettyUsage, type Usage,
} from '../../../api/quota/usage.ts';
import type { AdmissionAttributes, AdmissionHook, RegistryContext } from '../registry/types.ts';
import { listObjects } from '../registry/read.ts';
import { watchNamespacePresence, type NamespacePresence } from '../registry/presence.ts';
import { updateObject } from '../registry/update.ts';
import { decode } from '../registry/codec.ts';

const quotaResource = findByKind('', 'ResourceQuota')!;

function forbidden(a: AdmissionAttributes, msg: string): K8sError {
  const r = a.resource;
  const what = `${r.plural}${r.group ? '.' + r.group : ''}`;
  return new K8sError('Forbidden', `${what} "${a.name}" is forbidden: ${msg}`, { name: a.name, group: r.group, kind: r.plural });
}

/** The resource names of `hard` that `used + delta` exceeds. */
function exceeded(hard: Usage, used: Usage, delta: Usage): string[] {
  const next = addUsage(used, delta);
  return [...delta.keys()].filter((k) => hard.has(k) && compareQuantity(next.get(k) ?? ZERO_QUANTITY, hard.get(k)!) > 0).sort();
}

/** Add `delta` to quota namespace/name's status.used, re-checking the limits on the fresh object. */
async function charge(ctx: RegistryContext, a: AdmissionAttributes, ns: string, name: string, delta: Usage, sign: 1 | -1): Promise<void> {
  // Many creates at once in one namespace all write this quota: past the registry's own retries, back off and go again.
  for (let attempt = 0; ; attempt++) {
    try {
      return await chargeOnce(ctx, a, ns, name, delta, sign);
    } catch (e) {
      if (!isK8sError(e, 'Conflict') || attempt >= 20) throw e;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * (attempt + 1)));
    }
  }
}

async function chargeOnce(ctx: RegistryContext, a: AdmissionAttributes, ns: string, name: string, delta: Usage, sign: 1 | -1): Promise<void> {
  await updateObject(ctx, quotaResource, ns, name, (cur) => {
    const q = cur!;
    // Unpinned: a lost race re-runs this on the fresh quota instead of failing the create with 409.
    delete q.metadata.resourceVersion;
    const hard = parseUsage(q.spec?.hard);
    const used = parseUsage(q.status?.used);
    if (sign > 0) {
      const over = exceeded(hard, used, delta);
      if (over.length) {
        throw forbidden(a, `exceeded quota: ${name}, requested: ${prettyUsage(mask(delta, over))}, used: ${prettyUsage(mask(used, over))}, limited: ${prettyUsage(mask(hard, over))}`);
      }
    }
    q.status = { ...(q.status ?? {}), used: formatUsage(addUsage(used, delta, sign)) };
    return q;
  }, { subresource: 'status' });
}

/** Build the hook; quotas are read straight from the store. */
export function resourceQuota(ctx: () => RegistryContext): AdmissionHook {
  let presence: Promise<NamespacePresence> | undefined;
  return {
    name: 'ResourceQuota',
    async admit(a) {
      if (a.operation !== 'CREATE' || a.subresource || !a.resource.namespaced || !a.object) return;
      const reg = ctx();
      presence ??= watchNamespacePresence(reg, quotaResource);
      if (!(await presence).has(a.namespace)) return;
      const page = await listObjects(reg, quotaResource, { namespace: a.namespace });
      if (page.items.length === 0) return;
      const { group, plural } = a.resource;
      const usage = objectUsage(group, plural, a.object);
      const charged: { name: string; delta: Usage }[] = [];
      const undo = async (): Promise<void> => {
        for (const c of charged.reverse()) await charge(reg, a, a.namespace, c.name, c.delta, -1).catch(() => undefined);
      };
      try {
        for (const item of page.items) {
          const q: KObject = item.obj ?? decode(item.kv);
          if (q.metadata.deletionTimestamp || !matchesScopes(q, group, plural, a.object)) continue;
          const hard = parseUsage(q.spec?.hard);
          const delta = mask(usage, hard.keys());
          if (group === '' && plural === 'pods') {
            const missing = missingPodResources(a.object, hard.keys());
            if (missing.length) throw forbidden(a, `failed quota: ${q.metadata.name}: must specify ${missing.join(',')}`);
          }
          if (delta.size === 0) continue;
          const used = q.status?.used as Record<string, string> | undefined;
          const unknown = [...delta.keys()].filter((k) => used?.[k] === undefined).sort();
          if (unknown.length) throw forbidden(a, `status unknown for quota: ${q.metadata.name}, resource: ${unknown.join(',')}`);
          if (a.dryRun) {
            const over = exceeded(hard, parseUsage(used), delta);
            if (over.length) {
              throw forbidden(a, `exceeded quota: ${q.metadata.name}, requested: ${prettyUsage(mask(delta, over))}, used: ${prettyUsage(mask(parseUsage(used), over))}, limited: ${prettyUsage(mask(hard, over))}`);
            }
            continue;
          }
          await charge(reg, a, a.namespace, q.metadata.name ?? '', delta, 1);
          charged.push({ name: q.metadata.name ?? '', delta });
        }
      } catch (e) {
        await undo();
        throw e;
      }
      return charged.length ? undo : undefined;
    },
  };
}
