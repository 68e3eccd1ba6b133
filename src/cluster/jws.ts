/**
 * Detached JWS signatures over the `cluster-info` kubeconfig, as kubeadm's
 * bootstrap signer makes them: HS256 keyed with the token secret, header
 * `{"alg":"HS256","kid":"<token id>"}`, payload left out (`header..sig`).
 * A joiner holding the token can thus tell that whoever wrote the
 * kubeconfig knew the token, before it trusts the CA inside.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const b64u = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

function signature(protectedHeader: string, content: string, secret: string): string {
  return createHmac('sha256', secret).update(`${protectedHeader}.${b64u(content)}`).digest('base64url');
}

/** The detached signature of `content` for token `id.secret`. */
export function computeDetachedSignature(content: string, tokenId: string, tokenSecret: string): string {
  // Key order alg, kid: what Go's JSON encoder gives kubeadm, so signatures match byte for byte.
  const header = b64u(JSON.stringify({ alg: 'HS256', kid: tokenId }));
  return `${header}..${signature(header, content, tokenSecret)}`;
}

/** True if `detached` is a valid signature of `content` by this token. */
export function verifyDetachedSignature(detached: string, content: string, tokenId: string, tokenSecret: string): boolean {
  const parts = detached.split('.');
  if (parts.length !== 3 || parts[1] !== '') return false;
  let header: { alg?: unknown; kid?: unknown };
  try {
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as typeof header;
  } catch {
    return false;
  }
  if (header.alg !== 'HS256' || header.kid !== tokenId) return false;
  const want = Buffer.from(signature(parts[0]!, content, tokenSecret));
  const got = Buffer.from(parts[2]!);
  return want.length === got.length && timingSafeEqual(want, got);
}
