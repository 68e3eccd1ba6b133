/**
 * The service-account token authenticator: a JWT signed with our key is
 * only as good as the objects it names. A bound token needs its
 * ServiceAccount (same uid) and its bound Pod or Secret (same uid) to still
 * exist; a legacy token needs its Secret to still hold exactly this token.
 * Deleting any of them revokes the token, as upstream.
 */
import type { KObject } from '../../../api/types.ts';
import { findResource, type ResourceInfo } from '../../../api/resources.ts';
import type { Clock } from '../../../base/clock.ts';
import { getObject } from '../registry/read.ts';
import type { RegistryContext } from '../registry/types.ts';
import type { TokenAuthenticator, UserInfo } from './types.ts';
import { unauthorized, type ServiceAccountTokens } from './serviceaccount-jwt.ts';
import { serviceAccountUser } from './serviceaccount-user.ts';

const core = (plural: string): ResourceInfo => findResource('', 'v1', plural) as ResourceInfo;

/** The object, or undefined when it does not exist (other errors propagate). */
async function lookup(reg: RegistryContext, plural: string, namespace: string, name: string): Promise<KObject | undefined> {
  try {
    return await getObject(reg, core(plural), namespace, name);
  } catch (e) {
    if ((e as { code?: string }).code === 'NotFound') return undefined;
    throw e;
  }
}

/** A live object with the uid the token was issued for, or 401. */
async function requireLive(reg: RegistryContext, plural: string, namespace: string, ref: { name: string; uid?: string }): Promise<KObject> {
  const obj = await lookup(reg, plural, namespace, ref.name);
  if (!obj) throw unauthorized(`${plural} "${ref.name}" not found`);
  if (ref.uid && obj.metadata.uid !== ref.uid) throw unauthorized(`${plural} "${ref.name}" uid does not match the token`);
  if (obj.metadata.deletionTimestamp) throw unauthorized(`${plural} "${ref.name}" is being deleted`);
  return obj;
}

/** Build the authenticator over the registry (it reads the store, never the cache). */
export function serviceAccountTokenAuthenticator(reg: RegistryContext, tokens: ServiceAccountTokens, clock: Clock): TokenAuthenticator {
  return {
    name: 'serviceaccount',
    async authenticate(token: string): Promise<UserInfo | undefined> {
      const v = await tokens.verify(token, clock.now());
      if (!v) return undefined;
      if (v.kind === 'legacy') {
        const c = v.claims;
        const ns = c['kubernetes.io/serviceaccount/namespace'];
        const saName = c['kubernetes.io/serviceaccount/service-account.name'];
        const saUid = c['kubernetes.io/serviceaccount/service-account.uid'];
        const secretName = c['kubernetes.io/serviceaccount/secret.name'];
        if (typeof ns !== 'string' || typeof saName !== 'string' || typeof secretName !== 'string') throw unauthorized('legacy token claims are malformed');
        const secret = await requireLive(reg, 'secrets', ns, { name: secretName });
        const stored = secret.data?.token ? Buffer.from(String(secret.data.token), 'base64').toString('utf8') : undefined;
        if (stored !== token) throw unauthorized('the token no longer matches its secret');
        await requireLive(reg, 'serviceaccounts', ns, { name: saName, uid: saUid });
        return serviceAccountUser(ns, saName, saUid, { 'authentication.kubernetes.io/credential-id': [`JTI=${secretName}`] });
      }
      const k = v.claims['kubernetes.io'];
      const sa = await requireLive(reg, 'serviceaccounts', k.namespace, k.serviceaccount);
      const extra: Record<string, string[]> = {};
      if (v.claims.jti) extra['authentication.kubernetes.io/credential-id'] = [`JTI=${v.claims.jti}`];
      if (k.pod) {
        await requireLive(reg, 'pods', k.namespace, k.pod);
        extra['authentication.kubernetes.io/pod-name'] = [k.pod.name];
        extra['authentication.kubernetes.io/pod-uid'] = [k.pod.uid];
      }
      if (k.secret) await requireLive(reg, 'secrets', k.namespace, k.secret);
      if (k.node) {
        extra['authentication.kubernetes.io/node-name'] = [k.node.name];
        extra['authentication.kubernetes.io/node-uid'] = [k.node.uid];
      }
      return serviceAccountUser(k.namespace, k.serviceaccount.name, sa.metadata.uid ?? k.serviceaccount.uid, extra);
    },
  };
}
