/**
 * `k8ts token create|list|delete`: manage bootstrap tokens through the API
 * server with DIR/admin.conf, like `kubeadm token`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR_FLAG, type Command } from './command.ts';
import { UsageError, str, type ParsedArgs } from './args.ts';
import { loadConnection, type ClientConnection } from '../cluster/kubeconfig.ts';
import { parseDuration, parseToken, type BootstrapToken } from '../cluster/bootstrap-token.ts';
import { createBootstrapToken, listBootstrapTokens, deleteBootstrapToken } from '../cluster/bootstrap-token-api.ts';
import { caCertHash } from '../cluster/pki.ts';
import { apiServerEndpoint, joinCommandLine } from '../cluster/join-command.ts';

function adminConnection(dataDir: string): ClientConnection {
  const path = join(dataDir, 'admin.conf');
  if (!existsSync(path)) {
    throw new UsageError(`no admin kubeconfig at ${path}; run "k8ts init" first or pass --data-dir DIR`);
  }
  return loadConnection(path);
}

/** Human TTL like kubeadm prints: 23h, 59m, 30s, <forever>, <invalid>. */
export function formatTtl(t: BootstrapToken, now = Date.now()): string {
  if (t.expires === undefined) return '<forever>';
  const s = Math.floor((t.expires - now) / 1000);
  if (s <= 0) return '<invalid>';
  if (s >= 86400) return `${Math.floor(s / 86400)}d`;
  if (s >= 3600) return `${Math.floor(s / 3600)}h`;
  if (s >= 60) return `${Math.floor(s / 60)}m`;
  return `${s}s`;
}

/** The table `k8ts token list` prints. */
export function formatTokenTable(tokens: BootstrapToken[], now = Date.now()): string {
  const header = ['TOKEN', 'TTL', 'EXPIRES', 'USAGES', 'DESCRIPTION', 'EXTRA GROUPS'];
  const rows = tokens.map((t) => [
    `${t.id}.${t.secret}`,
    formatTtl(t, now),
    t.expires === undefined ? '<never>' : new Date(t.expires).toISOString().replace('.000Z', 'Z'),
    t.usages.join(',') || '<none>',
    t.description || '<none>',
    t.groups.join(',') || '<none>',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('')).join('\n') + '\n';
}

async function create(args: ParsedArgs, conn: ClientConnection, dataDir: string): Promise<number> {
  const given = args.positional[1];
  if (given !== undefined) parseToken(given);
  if (args.positional.length > 2) throw new UsageError(`unexpected argument "${args.positional[2]}"`);
  let ttlMs: number;
  try { ttlMs = parseDuration(str(args, 'ttl')); } catch (e) { throw new UsageError((e as Error).message); }
  const description = typeof args.flags.description === 'string' ? args.flags.description : undefined;
  const token = await createBootstrapToken(conn, { token: given, ttlMs, description });
  if (args.flags['print-join-command'] !== true) {
    process.stdout.write(token + '\n');
    return 0;
  }
  const caPem = conn.caPem ?? '';
  if (!caPem) throw new UsageError(`${join(dataDir, 'admin.conf')} has no certificate-authority-data to compute the CA hash from`);
  const ep = await apiServerEndpoint(conn);
  process.stdout.write(joinCommandLine(ep.host, ep.port, token, caCertHash(caPem)) + '\n');
  return 0;
}

/** The `k8ts token` command. */
export const tokenCommand: Command = {
  name: 'token',
  summary: 'Create, list and delete bootstrap tokens for joining nodes',
  usage: `Manage bootstrap tokens (kube-system Secrets of type bootstrap.kubernetes.io/token).

Usage:
  k8ts token create [TOKEN] [--ttl 24h] [--print-join-command] [--description TEXT]
  k8ts token list
  k8ts token delete TOKEN_ID|TOKEN [...]

create prints a new token (or creates TOKEN, which must match [a-z0-9]{6}.[a-z0-9]{16});
--ttl 0 makes a token that never expires.`,
  flags: {
    ...DATA_DIR_FLAG,
    ttl: { type: 'string', default: '24h', help: 'lifetime of the token (Go duration, 0 = never expires)' },
    'print-join-command': { type: 'boolean', help: 'print the full "k8ts join" command instead of the token' },
    description: { type: 'string', help: 'human-readable description stored with the token' },
  },
  async run(args) {
    const verb = args.positional[0];
    if (verb === undefined) throw new UsageError('missing subcommand: create, list or delete');
    if (!['create', 'list', 'delete'].includes(verb)) throw new UsageError(`unknown subcommand "${verb}": expected create, list or delete`);
    const dataDir = str(args, 'data-dir');
    const conn = adminConnection(dataDir);
    if (verb === 'create') return create(args, conn, dataDir);
    if (verb === 'list') {
      if (args.positional.length > 1) throw new UsageError(`unexpected argument "${args.positional[1]}"`);
      const tokens = await listBootstrapTokens(conn);
      // Expired tokens are listed too (TTL <invalid>), as kubeadm does, until the cleaner removes them.
      process.stdout.write(formatTokenTable(tokens));
      return 0;
    }
    const ids = args.positional.slice(1);
    if (ids.length === 0) throw new UsageError('missing token id: k8ts token delete TOKEN_ID|TOKEN');
    for (const id of ids) {
      const deleted = await deleteBootstrapToken(conn, id);
      process.stdout.write(`bootstrap token "${deleted}" deleted\n`);
    }
    return 0;
  },
};
