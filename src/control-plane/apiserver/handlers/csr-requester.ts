/**
 * A CertificateSigningRequest records who asked for it: upstream's CSR
 * strategy overwrites spec.username, uid, groups and extra with the
 * authenticated requester on create, so approvers can trust them.
 */
import type { KObject } from '../../../api/types.ts';
import type { UserInfo } from './context.ts';

/** Stamp the requesting user on a new CSR (whatever the client sent). */
export function setCsrRequester(obj: KObject, user: UserInfo): void {
  const spec = (obj.spec ??= {}) as Record<string, unknown>;
  spec.username = user.name;
  if (user.uid) spec.uid = user.uid; else delete spec.uid;
  spec.groups = [...user.groups];
  if (user.extra && Object.keys(user.extra).length > 0) spec.extra = user.extra; else delete spec.extra;
}
