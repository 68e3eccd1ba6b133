/**
 * The serviceaccounts controller: every active namespace has a `default`
 * ServiceAccount, recreated if deleted (upstream's
 * pkg/controller/serviceaccount ServiceAccountsController).
 */
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import type { ResourceRef } from '../../../client/types.ts';
import type { Controller, ControllerContext } from '../types.ts';
import { KeyedController } from '../keyed-controller.ts';

/** Service accounts every namespace gets. */
export const DEFAULT_SERVICE_ACCOUNTS = ['default'];

const NAMESPACES = { group: '', version: 'v1', plural: 'namespaces' };
const SERVICEACCOUNTS = { group: '', version: 'v1', plural: 'serviceaccounts' };

/** Factory for the controller manager. */
export function newServiceAccountController(ctx: ControllerContext): Controller {
  const namespaces = ctx.informers.informerFor<KObject>(NAMESPACES);
  const accounts = ctx.informers.informerFor<KObject>(SERVICEACCOUNTS);
  const c = new KeyedController('serviceaccount', ctx, async (ns) => {
    const n = namespaces.lister.get(ns);
    // A terminating namespace refuses new objects; a missing one needs nothing.
    if (!n || n.metadata.deletionTimestamp || n.status?.phase === 'Terminating') return;
    for (const name of DEFAULT_SERVICE_ACCOUNTS) {
      if (accounts.lister.get(name, ns)) continue;
      const ref: ResourceRef = { ...SERVICEACCOUNTS, namespace: ns };
      try {
        await ctx.client.create(ref, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } });
      } catch (e) {
        // The cache was behind (AlreadyExists) or the namespace started terminating (Forbidden): nothing to do.
        if (!isK8sError(e, 'AlreadyExists') && !isK8sError(e, 'Forbidden')) throw e;
      }
    }
  });
  const byName = (ns: KObject): void => { if (ns.metadata.name) c.enqueue(ns.metadata.name); };
  namespaces.addEventHandler({ add: byName, update: (_o, n) => byName(n) });
  accounts.addEventHandler({ delete: (sa) => { if (sa.metadata.namespace) c.enqueue(sa.metadata.namespace); } });
  return c;
}
