/**
 * `k8ts version`: the client's versions and, when DIR/admin.conf points at a
 * reachable cluster, the server's /version.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR_FLAG, type Command } from './command.ts';
import { UsageError, str } from './args.ts';
import { KUBERNETES_VERSION, packageVersion } from '../cluster/version-info.ts';
import { loadConnection } from '../cluster/kubeconfig.ts';
import { apiRequest } from '../cluster/api-request.ts';

interface ServerVersion { gitVersion?: string; platform?: string; [k: string]: unknown }

/** The `k8ts version` command. */
export const versionCommand: Command = {
  name: 'version',
  summary: 'Print the client and server versions',
  usage: `Print the k8ts version, the Kubernetes version it emulates and, if
DIR/admin.conf exists, the version the API server reports.

Usage:
  k8ts version [flags]`,
  flags: {
    ...DATA_DIR_FLAG,
    output: { type: 'string', help: 'output format: "json" (default: text)' },
  },
  async run(args) {
    const output = str(args, 'output');
    if (output !== '' && output !== 'json') throw new UsageError(`--output must be "json", not "${output}"`);
    if (args.positional.length > 0) throw new UsageError(`unexpected argument "${args.positional[0]}"`);
    const client = { k8tsVersion: packageVersion(), gitVersion: KUBERNETES_VERSION };
    const kubeconfig = join(str(args, 'data-dir'), 'admin.conf');
    let server: ServerVersion | undefined;
    let serverError: string | undefined;
    if (existsSync(kubeconfig)) {
      try {
        server = (await apiRequest<ServerVersion>(loadConnection(kubeconfig), '/version', { timeoutMs: 5000 })).body;
      } catch (e) {
        serverError = (e as Error).message;
      }
    }
    if (output === 'json') {
      process.stdout.write(JSON.stringify({ clientVersion: client, ...(server ? { serverVersion: server } : {}) }, null, 2) + '\n');
    } else {
      process.stdout.write(`Client Version: ${client.gitVersion} (k8ts ${client.k8tsVersion})\n`);
      if (server) process.stdout.write(`Server Version: ${server.gitVersion ?? 'unknown'}\n`);
    }
    if (serverError) {
      process.stderr.write(`error: cannot get the server version using ${kubeconfig}: ${serverError}\n`);
      return 1;
    }
    return 0;
  },
};
