/**
 * Bootstrap tokens (`abcdef.0123456789abcdef`), as kubeadm makes them: the
 * format, generation, TTL parsing and the kube-system Secret that stores one.
 * Talking to the API server is in bootstrap-token-api.ts.
 */
import { randomInt } from 'node:crypto';
import { K8sError } from '../base/errors.ts';

/** A full token: 6-character id, a dot, 16-character secret. */
export const TOKEN_RE = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
/** Secret type of bootstrap tokens. */
export const BOOTSTRAP_TOKEN_SECRET_TYPE = 'bootstrap.kubernetes.io/token';
/** Secret names are this prefix plus the token id. */
export const BOOTSTRAP_TOKEN_SECRET_PREFIX = 'bootstrap-token-';
/** The group joining nodes authenticate as, besides system:bootstrappers. */
export const DEFAULT_TOKEN_GROUP = 'system:bootstrappers:kubeadm:default-node-token';
/** Default token lifetime, as kubeadm: 24h. */
export const DEFAULT_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A parsed bootstrap token and its properties. */
export interface BootstrapToken {
  id: string;
  secret: string;
  /** Expiry in ms since the epoch; undefined = never expires. */
  expires?: number;
  /** e.g. ["authentication", "signing"]. */
  usages: string[];
  /** Extra groups for authentication. */
  groups: string[];
  description?: string;
}

/** The minimal shape of a core/v1 Secret we read and write. */
export interface SecretObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

function randomString(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** A fresh random token `[a-z0-9]{6}.[a-z0-9]{16}`. */
export function generateToken(): string {
  return `${randomString(6)}.${randomString(16)}`;
}

/** Split a token into id and secret; BadRequest when malformed. */
export function parseToken(token: string): { id: string; secret: string } {
  const m = TOKEN_RE.exec(token.trim());
  if (!m) throw new K8sError('BadRequest', `the bootstrap token "${token}" was not of the form "[a-z0-9]{6}.[a-z0-9]{16}"`);
  return { id: m[1]!, secret: m[2]! };
}

const UNIT_MS: Record<string, number> = {
  ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000,
};

/**
 * Parse a Go duration ("24h", "1h30m", "90s", "1.5h", "0") into ms, as
 * `kubeadm token create --ttl` does. 0 means the token never expires.
 */
export function parseDuration(s: string): number {
  const text = s.trim();
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let pos = 0;
  let m: RegExpExecArray | null;
  while (pos < text.length && (m = re.exec(text)) !== null) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    pos = re.lastIndex;
  }
  if (text.length === 0 || pos !== text.length) {
    throw new K8sError('BadRequest', `invalid duration "${s}" (use e.g. 24h, 1h30m, 90s, or 0 for no expiry)`);
  }
  return Math.round(total);
}

/** Options of {@link tokenToSecret}. */
export interface TokenSecretOptions {
  /** Lifetime in ms; 0 = no expiry. Default 24h. */
  ttlMs?: number;
  /** "now" in ms (tests). */
  now?: number;
  usages?: string[];
  groups?: string[];
  description?: string;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** RFC 3339 without milliseconds, as Go's time.RFC3339 prints UTC times. */
function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The kube-system Secret that stores `token`, in upstream's format. */
export function tokenToSecret(token: string, opts: TokenSecretOptions = {}): SecretObject {
  const { id, secret } = parseToken(token);
  const ttl = opts.ttlMs ?? DEFAULT_TOKEN_TTL_MS;
  const usages = opts.usages ?? ['authentication', 'signing'];
  const data: Record<string, string> = { 'token-id': b64(id), 'token-secret': b64(secret) };
  if (ttl > 0) data.expiration = b64(rfc3339((opts.now ?? Date.now()) + ttl));
  for (const u of usages) data[`usage-bootstrap-${u}`] = b64('true');
  const groups = opts.groups ?? [DEFAULT_TOKEN_GROUP];
  if (groups.length > 0) data['auth-extra-groups'] = b64(groups.join(','));
  if (opts.description) data.description = b64(opts.description);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: BOOTSTRAP_TOKEN_SECRET_PREFIX + id, namespace: 'kube-system' },
    type: BOOTSTRAP_TOKEN_SECRET_TYPE,
    data,
  };
}

/** Read a bootstrap-token Secret back; undefined if it is not a well-formed one. */
export function secretToToken(s: SecretObject): BootstrapToken | undefined {
  if (s.type !== BOOTSTRAP_TOKEN_SECRET_TYPE) return undefined;
  const get = (k: string) => s.stringData?.[k] ?? (s.data?.[k] !== undefined ? Buffer.from(s.data[k]!, 'base64').toString('utf8') : undefined);
  const id = get('token-id');
  const secret = get('token-secret');
  if (!id || !secret || !TOKEN_RE.test(`${id}.${secret}`)) return undefined;
  const exp = get('expiration');
  const expires = exp ? Date.parse(exp) : undefined;
  const keys = new Set([...Object.keys(s.data ?? {}), ...Object.keys(s.stringData ?? {})]);
  const usages = [...keys].filter((k) => k.startsWith('usage-bootstrap-') && get(k) === 'true')
    .map((k) => k.slice('usage-bootstrap-'.length)).sort();
  const groups = (get('auth-extra-groups') ?? '').split(',').map((g) => g.trim()).filter(Boolean);
  return { id, secret, expires: Number.isNaN(expires) ? undefined : expires, usages, groups, description: get('description') };
}

/** True if the token has expired at `now`. */
export function isExpired(t: BootstrapToken, now = Date.now()): boolean {
  return t.expires !== undefined && t.expires <= now;
}
