/**
 * x509 client-certificate authentication: a certificate the TLS layer
 * verified against the client CA makes the user CN with groups O, as
 * upstream. The result is cached per connection.
 */
import type { TLSSocket } from 'node:tls';
import type { UserInfo } from '../handlers/context.ts';

const cache = new WeakMap<object, UserInfo | null>();

/** Parse an x509 subject field that may hold one value or several. */
function values(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** The user of a TLS connection, or undefined when no valid client certificate was presented. */
export function authenticateX509(socket: TLSSocket | undefined): UserInfo | undefined {
  if (!socket) return undefined;
  const hit = cache.get(socket);
  if (hit !== undefined) return hit ?? undefined;
  let user: UserInfo | null = null;
  if (socket.authorized && typeof socket.getPeerCertificate === 'function') {
    const cert = socket.getPeerCertificate();
    const cn = values(cert?.subject?.CN)[0];
    if (cn) user = { name: cn, groups: [...values(cert.subject.O), 'system:authenticated'] };
  }
  cache.set(socket, user);
  return user ?? undefined;
}
