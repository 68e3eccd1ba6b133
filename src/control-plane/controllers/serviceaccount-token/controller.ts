/**
 * The legacy token controller: a Secret of type
 * kubernetes.io/service-account-token naming a ServiceAccount in its
 * `kubernetes.io/service-account.name` annotation gets `token` (a
 * non-expiring JWT), `ca.crt` and `namespace` filled in, plus the account's
 * uid annotation. A Secret whose account is gone is deleted, as upstream's
 * TokensController does.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import type { ResourceRef } from '../../../client/types.ts';
// The signing code is shared with the API server so both produce the same tokens; it is pure (no server state).
import { ServiceAccountTokens } from '../../apiserver/authn/serviceaccount-jwt.ts';
import type { Controller, ControllerContext } from '../types.ts';
import { KeyedController, keyOf, splitKey } from '../keyed-controller.ts';

/** Secret type of legacy service-account tokens. */
export const SA_TOKEN_SECRET_TYPE = 'kubernetes.io/service-account-token';
const NAME_ANNOTATION = 'kubernetes.io/service-account.name';
const UID_ANNOTATION = 'kubernetes.io/service-account.uid';

const SECRETS = { group: '', version: 'v1', plural: 'secrets' };
const SERVICEACCOUNTS = { group: '', version: 'v1', plural: 'serviceaccounts' };
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** Factory for the controller manager; without SA keys it leaves Secrets alone. */
export function newServiceAccountTokenController(ctx: ControllerContext): Controller {
  const secrets = ctx.informers.informerFor<KObject>(SECRETS);
  const id = ctx.identity;
  const tokens = id?.serviceAccountKeyPem && id.serviceAccountPubPem
    ? new ServiceAccountTokens({ keyPem: id.serviceAccountKeyPem, pubPem: id.serviceAccountPubPem }) : undefined;
  const c = new KeyedController('serviceaccount-token', ctx, async (key) => {
    if (!tokens) return;
    const { namespace, name } = splitKey(key);
    const ref: ResourceRef = { ...SECRETS, namespace, name };
    let secret: KObject;
    try {
      secret = await ctx.client.get(ref); // live read: we must not sign for a Secret the cache still shows after deletion
    } catch (e) {
      if (isK8sError(e, 'NotFound')) return;
      throw e;
    }
    if (secret.type !== SA_TOKEN_SECRET_TYPE || secret.metadata.deletionTimestamp) return;
    const saName = secret.metadata.annotations?.[NAME_ANNOTATION];
    if (!saName) return;
    let sa: KObject;
    try {
      sa = await ctx.client.get({ ...SERVICEACCOUNTS, namespace, name: saName });
    } catch (e) {
      if (!isK8sError(e, 'NotFound')) throw e;
      await ctx.client.delete(ref, { preconditions: { uid: secret.metadata.uid } }).catch((err: unknown) => { if (!isK8sError(err, 'NotFound')) throw err; });
      return;
    }
    const wantUid = secret.metadata.annotations?.[UID_ANNOTATION];
    if (wantUid && wantUid !== sa.metadata.uid) {
      // The Secret was made for an earlier account of the same name: it must not authenticate as the new one.
      await ctx.client.delete(ref, { preconditions: { uid: secret.metadata.uid } }).catch((err: unknown) => { if (!isK8sError(err, 'NotFound')) throw err; });
      return;
    }
    const data = secret.data ?? {};
    const ca = id?.rootCAPem;
    const complete = data.token && data.namespace === b64(namespace) && (!ca || data['ca.crt'] === b64(ca)) && wantUid;
    if (complete) return;
    const next = structuredClone(secret);
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [UID_ANNOTATION]: sa.metadata.uid ?? '' };
    next.data = { ...data, namespace: b64(namespace) };
    if (ca) next.data['ca.crt'] = b64(ca);
    if (!data.token) next.data.token = b64(await tokens.signLegacy(namespace, name, { name: saName, uid: sa.metadata.uid ?? '' }));
    await ctx.client.update(ref, next);
  });
  const on = (s: KObject): void => { if (s.type === SA_TOKEN_SECRET_TYPE) c.enqueue(keyOf(s)); };
  secrets.addEventHandler({ add: on, update: (_o, n) => on(n) });
  return c;
}
