/**
 * The token cleaner: deletes bootstrap token Secrets once their
 * `expiration` has passed, and looks again at each one when it is due, as
 * upstream's pkg/controller/bootstrap TokenCleaner.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import { BOOTSTRAP_TOKEN_SECRET_TYPE } from '../../../cluster/bootstrap-token.ts';
import type { Controller, ControllerContext } from '../types.ts';
import { KeyedController, keyOf, splitKey } from '../keyed-controller.ts';

const SECRETS = { group: '', version: 'v1', plural: 'secrets' };

/** Expiry in ms of a bootstrap token Secret, or undefined when it never expires. */
export function secretExpiry(s: KObject): number | undefined {
  const raw = s.data?.expiration as string | undefined;
  if (!raw) return undefined;
  const t = Date.parse(Buffer.from(raw, 'base64').toString('utf8'));
  return Number.isNaN(t) ? undefined : t;
}

/** Factory for the controller manager. */
export function newTokenCleaner(ctx: ControllerContext): Controller {
  const secrets = ctx.informers.informerFor<KObject>(SECRETS);
  const c = new KeyedController('token-cleaner', ctx, async (key) => {
    const { namespace, name } = splitKey(key);
    const s = secrets.lister.get(name, namespace);
    if (!s || s.type !== BOOTSTRAP_TOKEN_SECRET_TYPE || s.metadata.deletionTimestamp) return;
    const exp = secretExpiry(s);
    if (exp === undefined) return;
    const left = exp - ctx.clock.now();
    if (left > 0) return { requeueAfterMs: left };
    try {
      await ctx.client.delete({ ...SECRETS, namespace, name }, { preconditions: { uid: s.metadata.uid } });
    } catch (e) {
      if (!isK8sError(e, 'NotFound') && !isK8sError(e, 'Conflict')) throw e;
    }
  });
  const on = (s: KObject): void => { if (s.metadata.namespace === 'kube-system' && s.type === BOOTSTRAP_TOKEN_SECRET_TYPE) c.enqueue(keyOf(s)); };
  secrets.addEventHandler({ add: on, update: (_o, n) => on(n) });
  return c;
}
