/**
 * The request authenticator chain, as upstream's union: a verified client
 * certificate wins; otherwise a bearer token goes to each token
 * authenticator (service-account JWTs, bootstrap tokens) and the first to
 * accept it decides. A token nobody accepts is 401, never anonymous.
 * Requests without credentials are anonymous, which we allow only where
 * upstream's default RBAC lets anonymous users in beyond /healthz and
 * /version: reading kube-public/cluster-info, which `k8ts join` discovery
 * needs before it has any credentials.
 */
import type { TLSSocket } from 'node:tls';
import { realClock, type Clock } from '../../../base/clock.ts';
import { K8sError } from '../../../base/errors.ts';
import { nullLogger, type Logger } from '../../../base/logger.ts';
import type { RegistryContext } from '../registry/types.ts';
import { authenticateX509 } from './x509.ts';
import { bearerToken } from './bearer.ts';
import { bootstrapTokenAuthenticator } from './bootstrap-token.ts';
import { serviceAccountTokenAuthenticator } from './serviceaccount-token.ts';
import type { ServiceAccountTokens } from './serviceaccount-jwt.ts';
import { ANONYMOUS_USER, UNAUTHENTICATED_GROUP, type AuthnRequest, type TokenAuthenticator, type UserInfo } from './types.ts';

/** Authenticates one request; undefined = refuse with 401. */
export type RequestAuthenticator = (req: AuthnRequest, method: string, path: string) => Promise<UserInfo | undefined>;

/** Inputs of {@link createAuthenticator}. */
export interface AuthenticatorConfig {
  /** Store access for tokens backed by objects. Without it only client certificates work. */
  reg?: RegistryContext;
  /** Service-account token keys; without them SA tokens are not accepted. */
  serviceAccountTokens?: ServiceAccountTokens;
  clock?: Clock;
  logger?: Logger;
}

/** Paths anonymous users may GET (upstream: the system:public-info-viewer-like bootstrap-signer role). */
const ANONYMOUS_GET = new Set(['/api/v1/namespaces/kube-public/configmaps/cluster-info']);

/** Build the chain. */
export function createAuthenticator(cfg: AuthenticatorConfig = {}): RequestAuthenticator {
  const clock = cfg.clock ?? realClock;
  const log = cfg.logger ?? nullLogger;
  const tokens: TokenAuthenticator[] = [];
  if (cfg.reg) {
    tokens.push(bootstrapTokenAuthenticator(cfg.reg, clock));
    if (cfg.serviceAccountTokens) tokens.push(serviceAccountTokenAuthenticator(cfg.reg, cfg.serviceAccountTokens, clock));
  }
  return async (req, method, path) => {
    // HTTP/2 compat gives each request a proxy socket; the session socket is the stable per-connection key.
    const cert = authenticateX509(((req as { stream?: { session?: { socket?: unknown } } }).stream?.session?.socket ?? req.socket) as TLSSocket);
    if (cert) return cert;
    const token = bearerToken(req);
    if (token !== undefined) {
      for (const a of tokens) {
        try {
          const user = await a.authenticate(token);
          if (user) return user;
        } catch (e) {
          if (!(e instanceof K8sError && e.code === 'Unauthorized')) throw e;
          log.debug('token rejected', { authenticator: a.name, reason: String(e.cause ?? '') });
          return undefined;
        }
      }
      log.debug('token not recognised', { authenticators: tokens.map((a) => a.name) });
      return undefined;
    }
    if ((method === 'GET' || method === 'HEAD') && ANONYMOUS_GET.has(path)) {
      return { name: ANONYMOUS_USER, groups: [UNAUTHENTICATED_GROUP] };
    }
    return undefined;
  };
}
