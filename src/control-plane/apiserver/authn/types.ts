/**
 * Contract of authentication: a request authenticator turns credentials
 * (client certificate, bearer token) into a user. The chain in chain.ts asks
 * each in turn, as upstream's union authenticator does.
 */
import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import type { UserInfo } from '../handlers/context.ts';

export type { UserInfo } from '../handlers/context.ts';

/** Any request the server accepts. */
export type AuthnRequest = IncomingMessage | Http2ServerRequest;

/**
 * Authenticates a bearer token. Returns undefined when the token is not of
 * its kind (the next authenticator may know it); throws K8sError
 * Unauthorized when the token is of its kind but invalid.
 */
export interface TokenAuthenticator {
  readonly name: string;
  authenticate(token: string): Promise<UserInfo | undefined>;
}

/** Service-account token signing and checking keys (PEM) and claims policy. */
export interface ServiceAccountKeys {
  /** ES256 private key (PKCS#8 PEM) that signs tokens; DIR/pki/sa.key. */
  keyPem: string;
  /** Matching public key (SPKI PEM); DIR/pki/sa.pub. */
  pubPem: string;
}

/** The groups every authenticated user gets, as upstream's group adder. */
export const AUTHENTICATED_GROUP = 'system:authenticated';
/** Group of anonymous requests. */
export const UNAUTHENTICATED_GROUP = 'system:unauthenticated';
/** User name of anonymous requests. */
export const ANONYMOUS_USER = 'system:anonymous';
/** Default issuer and audience of service-account tokens (upstream's kubeadm default). */
export const DEFAULT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
/** Issuer of legacy (Secret-based) service-account tokens. */
export const LEGACY_ISSUER = 'kubernetes/serviceaccount';
