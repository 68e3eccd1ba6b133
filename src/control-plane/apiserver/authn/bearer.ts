/**
 * The bearer token of a request: `Authorization: Bearer <token>` (the
 * scheme is case-insensitive, as upstream). A header that is present but
 * empty or of another scheme counts as no token.
 */
import type { AuthnRequest } from './types.ts';

/** The token, or undefined when the request carries none. */
export function bearerToken(req: AuthnRequest): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : undefined;
}
