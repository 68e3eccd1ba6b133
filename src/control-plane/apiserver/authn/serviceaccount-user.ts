/**
 * Service-account user names and groups, as upstream's
 * pkg/serviceaccount names them: `system:serviceaccount:<ns>:<name>` in the
 * groups `system:serviceaccounts` and `system:serviceaccounts:<ns>`.
 */
import type { UserInfo } from './types.ts';
import { AUTHENTICATED_GROUP } from './types.ts';

const PREFIX = 'system:serviceaccount:';

/** `system:serviceaccount:<namespace>:<name>` */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${PREFIX}${namespace}:${name}`;
}

/** Namespace and name from a service-account user name, or undefined. */
export function parseServiceAccountUsername(user: string): { namespace: string; name: string } | undefined {
  if (!user.startsWith(PREFIX)) return undefined;
  const parts = user.slice(PREFIX.length).split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { namespace: parts[0], name: parts[1] };
}

/** The user a service account authenticates as. */
export function serviceAccountUser(namespace: string, name: string, uid: string, extra?: Record<string, string[]>): UserInfo {
  const u: UserInfo = {
    name: serviceAccountUsername(namespace, name),
    uid,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, AUTHENTICATED_GROUP],
  };
  if (extra && Object.keys(extra).length > 0) u.extra = extra;
  return u;
}
