/**
 * Service-account JWTs: the claims upstream's pkg/serviceaccount puts in
 * bound (TokenRequest) and legacy (Secret) tokens, signing with the ES256
 * key in DIR/pki/sa.key and checking signatures. Pure: no store access, so
 * the legacy-token controller can sign with the same code as the API server.
 */
import { createHash, createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import { K8sError } from '../../../base/errors.ts';
import { DEFAULT_ISSUER, LEGACY_ISSUER, type ServiceAccountKeys } from './types.ts';
import { serviceAccountUsername } from './serviceaccount-user.ts';

/** A name/uid pair in the kubernetes.io claim. */
export interface ObjectRefClaim { name: string; uid: string }

/** The private `kubernetes.io` claim of bound tokens. */
export interface KubernetesClaim {
  namespace: string;
  serviceaccount: ObjectRefClaim;
  pod?: ObjectRefClaim;
  secret?: ObjectRefClaim;
  node?: ObjectRefClaim;
}

/** Claims of a bound token as read back. */
export interface BoundClaims extends JWTPayload {
  'kubernetes.io': KubernetesClaim;
}

/** Claims of a legacy Secret token. */
export interface LegacyClaims extends JWTPayload {
  'kubernetes.io/serviceaccount/namespace': string;
  'kubernetes.io/serviceaccount/secret.name': string;
  'kubernetes.io/serviceaccount/service-account.name': string;
  'kubernetes.io/serviceaccount/service-account.uid': string;
}

/** What a bound token is issued for. */
export interface BoundTokenRequest {
  audiences: string[];
  expirationSeconds: number;
  /** Issue time, ms since the epoch. */
  nowMs: number;
  claim: KubernetesClaim;
}

/** Signs and checks service-account tokens with one key pair. */
export class ServiceAccountTokens {
  /** Issuer of bound tokens. */
  readonly issuer: string;
  /** Audiences the API server accepts (and gives tokens that ask for none). */
  readonly audiences: string[];
  private readonly priv: KeyObject;
  private readonly pub: KeyObject;
  /** Key id: base64url SHA-256 of the public key's DER, as upstream derives it. */
  readonly kid: string;

  constructor(keys: ServiceAccountKeys, opts: { issuer?: string; audiences?: string[] } = {}) {
    this.issuer = opts.issuer ?? DEFAULT_ISSUER;
    this.audiences = opts.audiences && opts.audiences.length > 0 ? opts.audiences : [this.issuer];
    this.priv = createPrivateKey(keys.keyPem);
    this.pub = createPublicKey(keys.pubPem);
    const der = this.pub.export({ type: 'spki', format: 'der' });
    this.kid = createHash('sha256').update(der).digest('base64url');
  }

  /** Sign a bound token; returns the JWT and its expiry (ms). */
  async signBound(r: BoundTokenRequest): Promise<{ token: string; expiresMs: number }> {
    const iat = Math.floor(r.nowMs / 1000);
    const exp = iat + r.expirationSeconds;
    const token = await new SignJWT({ 'kubernetes.io': r.claim })
      .setProtectedHeader({ alg: 'ES256', kid: this.kid })
      .setIssuer(this.issuer)
      .setSubject(serviceAccountUsername(r.claim.namespace, r.claim.serviceaccount.name))
      .setAudience(r.audiences)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(exp)
      .setJti(randomUUID())
      .sign(this.priv);
    return { token, expiresMs: exp * 1000 };
  }

  /** Sign a legacy token for a kubernetes.io/service-account-token Secret (no expiry, no audience). */
  signLegacy(namespace: string, secretName: string, sa: ObjectRefClaim): Promise<string> {
    const claims: LegacyClaims = {
      'kubernetes.io/serviceaccount/namespace': namespace,
      'kubernetes.io/serviceaccount/secret.name': secretName,
      'kubernetes.io/serviceaccount/service-account.name': sa.name,
      'kubernetes.io/serviceaccount/service-account.uid': sa.uid,
    };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: this.kid })
      .setIssuer(LEGACY_ISSUER)
      .setSubject(serviceAccountUsername(namespace, sa.name))
      .sign(this.priv);
  }

  /**
   * Check signature, issuer, time and audience. Returns undefined when the
   * token was not issued by us (another authenticator may know it); throws
   * Unauthorized when it was but is not valid.
   */
  async verify(token: string, nowMs: number): Promise<{ kind: 'bound'; claims: BoundClaims } | { kind: 'legacy'; claims: LegacyClaims } | undefined> {
    const iss = issuerOf(token);
    if (iss !== this.issuer && iss !== LEGACY_ISSUER) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.pub, {
        algorithms: ['ES256'], issuer: iss, currentDate: new Date(nowMs), clockTolerance: 60,
        ...(iss === this.issuer ? { audience: this.audiences, requiredClaims: ['exp'] } : {}),
      });
      if (iss === LEGACY_ISSUER) return { kind: 'legacy', claims: payload as LegacyClaims };
      const k = (payload as BoundClaims)['kubernetes.io'];
      if (!k || typeof k.namespace !== 'string' || typeof k.serviceaccount?.name !== 'string') throw unauthorized('service account token claims are malformed');
      return { kind: 'bound', claims: payload as BoundClaims };
    } catch (e) {
      if (e instanceof K8sError) throw e;
      if (e instanceof joseErrors.JWTExpired) throw unauthorized('service account token has expired');
      if (e instanceof joseErrors.JOSEError) throw unauthorized('invalid bearer token');
      throw e;
    }
  }
}

/** The unverified `iss` claim of a JWT, or undefined when it is not a JWT. */
function issuerOf(token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const p = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof p.iss === 'string' ? p.iss : undefined;
  } catch {
    return undefined;
  }
}

/** 401 with upstream's bare message; why it failed rides in `cause` for the server log only. */
export function unauthorized(why: string): K8sError {
  const e = new K8sError('Unauthorized', 'Unauthorized');
  e.cause = why;
  return e;
}
