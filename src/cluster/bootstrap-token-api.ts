/**
 * Bootstrap tokens through the API server: stored as Secrets in kube-system,
 * exactly where the upstream bootstrap authenticator and kubeadm look.
 */
import { isK8sError } from '../base/errors.ts';
import { apiRequest } from './api-request.ts';
import type { ClientConnection } from './kubeconfig.ts';
import {
  generateToken, parseToken, tokenToSecret, secretToToken, isExpired,
  BOOTSTRAP_TOKEN_SECRET_PREFIX, TOKEN_RE, type BootstrapToken, type SecretObject, type TokenSecretOptions,
} from './bootstrap-token.ts';

const SECRETS = '/api/v1/namespaces/kube-system/secrets';

/** Create a token (random unless `token` is given) and return the full token string. */
export async function createBootstrapToken(conn: ClientConnection, opts: TokenSecretOptions & { token?: string } = {}): Promise<string> {
  const token = opts.token ?? generateToken();
  await apiRequest(conn, SECRETS, { method: 'POST', body: tokenToSecret(token, opts) });
  return token;
}

/** All well-formed bootstrap tokens, expired ones included, sorted by id. */
export async function listBootstrapTokens(conn: ClientConnection): Promise<BootstrapToken[]> {
  // Filter on the client: a field selector on `type` may not be served everywhere.
  const res = await apiRequest<{ items?: SecretObject[] }>(conn, SECRETS);
  return (res.body.items ?? [])
    .filter((s) => s.metadata.name.startsWith(BOOTSTRAP_TOKEN_SECRET_PREFIX))
    .map(secretToToken)
    .filter((t): t is BootstrapToken => t !== undefined)
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Delete a token given its id or the full token; NotFound if it does not exist. */
export async function deleteBootstrapToken(conn: ClientConnection, idOrToken: string): Promise<string> {
  const id = TOKEN_RE.test(idOrToken) ? parseToken(idOrToken).id : idOrToken;
  if (!/^[a-z0-9]{6}$/.test(id)) {
    parseToken(idOrToken); // throws the format error with the upstream wording
  }
  await apiRequest(conn, `${SECRETS}/${BOOTSTRAP_TOKEN_SECRET_PREFIX}${id}`, { method: 'DELETE' });
  return id;
}

/**
 * Return an unexpired token usable for joining (authentication usage), or
 * create one. Later `k8ts init` starts reuse the token the first start made.
 */
export async function ensureBootstrapToken(conn: ClientConnection, opts: TokenSecretOptions & { now?: number } = {}): Promise<string> {
  const now = opts.now ?? Date.now();
  const usable = (await listBootstrapTokens(conn))
    .filter((t) => !isExpired(t, now) && t.usages.includes('authentication'))
    .sort((a, b) => (b.expires ?? Infinity) - (a.expires ?? Infinity));
  if (usable[0]) return `${usable[0].id}.${usable[0].secret}`;
  try {
    return await createBootstrapToken(conn, opts);
  } catch (e) {
    // Another init racing us created one between list and create: use it.
    if (isK8sError(e, 'AlreadyExists')) return ensureBootstrapToken(conn, opts);
    throw e;
  }
}
