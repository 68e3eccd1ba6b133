/**
 * The bootstrap token authenticator: `<id>.<secret>` is checked against the
 * Secret `bootstrap-token-<id>` in kube-system (type
 * bootstrap.kubernetes.io/token, not being deleted, secret equal, not
 * expired, usage-bootstrap-authentication=true). The user is
 * `system:bootstrap:<id>` in system:bootstrappers plus auth-extra-groups.
 */
import { timingSafeEqual } from 'node:crypto';
import { findResource, type ResourceInfo } from '../../../api/resources.ts';
import type { Clock } from '../../../base/clock.ts';
import { secretToToken, isExpired, TOKEN_RE, BOOTSTRAP_TOKEN_SECRET_PREFIX, type SecretObject } from '../../../cluster/bootstrap-token.ts';
import { getObject } from '../registry/read.ts';
import type { RegistryContext } from '../registry/types.ts';
import { AUTHENTICATED_GROUP, type TokenAuthenticator, type UserInfo } from './types.ts';
import { unauthorized } from './serviceaccount-jwt.ts';

/** Group every bootstrap token user is in. */
export const BOOTSTRAPPERS_GROUP = 'system:bootstrappers';
/** Extra groups must look like this, as upstream requires. */
const GROUP_RE = /^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/;

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Build the authenticator over the registry. */
export function bootstrapTokenAuthenticator(reg: RegistryContext, clock: Clock): TokenAuthenticator {
  const secrets = findResource('', 'v1', 'secrets') as ResourceInfo;
  return {
    name: 'bootstrap-token',
    async authenticate(token: string): Promise<UserInfo | undefined> {
      const m = TOKEN_RE.exec(token);
      if (!m) return undefined;
      const [, id, secret] = m as unknown as [string, string, string];
      let obj: SecretObject;
      try {
        obj = await getObject(reg, secrets, 'kube-system', BOOTSTRAP_TOKEN_SECRET_PREFIX + id) as unknown as SecretObject;
      } catch (e) {
        if ((e as { code?: string }).code === 'NotFound') throw unauthorized(`bootstrap token ${id} not found`);
        throw e;
      }
      if ((obj.metadata as { deletionTimestamp?: string }).deletionTimestamp) throw unauthorized(`bootstrap token ${id} is being deleted`);
      const t = secretToToken(obj);
      if (!t || t.id !== id) throw unauthorized(`bootstrap token ${id} secret is malformed`);
      if (!sameSecret(t.secret, secret)) throw unauthorized(`bootstrap token ${id} secret does not match`);
      if (isExpired(t, clock.now())) throw unauthorized(`bootstrap token ${id} has expired`);
      if (!t.usages.includes('authentication')) throw unauthorized(`bootstrap token ${id} is not usable for authentication`);
      if (t.groups.some((g) => !GROUP_RE.test(g))) throw unauthorized(`bootstrap token ${id} has invalid auth-extra-groups`);
      return { name: `system:bootstrap:${id}`, groups: [BOOTSTRAPPERS_GROUP, ...t.groups, AUTHENTICATED_GROUP] };
    },
  };
}
