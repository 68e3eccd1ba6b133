/**
 * Reads DIR/admin.conf the way kubectl would (current context, embedded
 * data), so tests can also talk to the API server directly over HTTPS.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** Connection details from an admin kubeconfig. */
export interface AdminConnection {
  /** e.g. https://127.0.0.1:43121 */
  server: string;
  port: number;
  ca: string;
  cert: string;
  key: string;
}

interface NamedEntry<T> { name: string; [k: string]: T | string }

const unb64 = (s: unknown) => Buffer.from(String(s ?? ''), 'base64').toString('utf8');

/** Parse an admin kubeconfig with embedded CA and client certificate. */
export function readAdminConf(path: string): AdminConnection {
  const cfg = parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const pick = <T>(list: unknown, name: unknown, field: string): T => {
    const entry = (list as NamedEntry<T>[] | undefined)?.find((e) => e.name === name);
    if (!entry) throw new Error(`${path}: no ${field} named "${String(name)}"`);
    return entry[field] as T;
  };
  const ctx = pick<Record<string, string>>(cfg.contexts, cfg['current-context'], 'context');
  const cluster = pick<Record<string, string>>(cfg.clusters, ctx.cluster, 'cluster');
  const user = pick<Record<string, string>>(cfg.users, ctx.user, 'user');
  const url = new URL(cluster.server);
  return {
    server: cluster.server,
    port: Number(url.port || 443),
    ca: unb64(cluster['certificate-authority-data']),
    cert: unb64(user['client-certificate-data']),
    key: unb64(user['client-key-data']),
  };
}
