/**
 * `k8ts join`: joins this machine as a node (discovery, TLS bootstrap,
 * kubelet.conf, node agent) and runs the node agent in the foreground
 * until SIGTERM/SIGINT.
 */
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { createLogger } from '../base/logger.ts';
import { UsageError, type ParsedArgs } from './args.ts';
import { DATA_DIR_FLAG, type Command } from './command.ts';
import { joinCluster, parseEndpoint, type JoinDeps, type JoinedNode } from '../cluster/join.ts';
import { realJoinDeps } from '../cluster/join-deps.ts';
import { normalizeCaHash } from '../cluster/join-discovery.ts';
import { parseToken } from '../cluster/bootstrap-token.ts';

const stdoutLine = (msg: string) => process.stdout.write(`${msg}\n`);

/** Run join until a signal stops the node agent; tests pass fake deps. */
export async function runJoin(args: ParsedArgs, deps: JoinDeps = realJoinDeps, say: (msg: string) => void = stdoutLine): Promise<number> {
  const [endpoint, ...rest] = args.positional;
  if (!endpoint || rest.length > 0) throw new UsageError('expected exactly one argument: <host>:<port> of the API server');
  const token = args.flags.token;
  if (typeof token !== 'string' || !token) throw new UsageError('--token is required');
  const hash = args.flags['discovery-token-ca-cert-hash'];
  if (typeof hash !== 'string' || !hash) throw new UsageError('--discovery-token-ca-cert-hash is required');
  let caHash: string;
  try {
    parseToken(token);
    caHash = normalizeCaHash(hash);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const runtime = String(args.flags.runtime ?? 'containerd');
  if (runtime !== 'fake' && runtime !== 'containerd') throw new UsageError(`--runtime must be containerd or fake, not "${runtime}"`);
  const nodeName = typeof args.flags['node-name'] === 'string' ? args.flags['node-name'] : hostname().toLowerCase();
  const { host, port } = parseEndpoint(endpoint);
  const nodeIP = typeof args.flags['node-ip'] === 'string' ? args.flags['node-ip'] : undefined;
  if (nodeIP !== undefined && !isIP(nodeIP)) throw new UsageError(`invalid --node-ip "${nodeIP}": expected an IP address`);
  const kubeletAddress = String(args.flags['kubelet-address'] ?? '0.0.0.0');
  if (!isIP(kubeletAddress)) throw new UsageError(`invalid --kubelet-address "${kubeletAddress}": expected an IP address`);
  const kp = String(args.flags['kubelet-port'] ?? '10250');
  if (!/^\d+$/.test(kp) || Number(kp) > 65535) throw new UsageError(`invalid --kubelet-port "${kp}": expected 0-65535 (0 picks a free port)`);
  const logger = createLogger({ fields: { node: nodeName } });

  let node: JoinedNode | undefined;
  let stopping = false;
  let done!: (code: number) => void;
  const finished = new Promise<number>((r) => { done = r; });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    say(`[shutdown] ${signal} received: stopping the node agent`);
    if (node) node.stop().then(() => done(0), (e: unknown) => { logger.error('shutdown failed', { err: e }); done(1); });
  };
  const onTerm = () => stop('SIGTERM');
  const onInt = () => stop('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  try {
    node = await joinCluster({
      host, port, token, caCertHashes: [caHash], dataDir: String(args.flags['data-dir']), nodeName,
      runtime, logger, progress: say,
      runtimeEndpoint: typeof args.flags['container-runtime-endpoint'] === 'string' ? args.flags['container-runtime-endpoint'] : undefined,
      nodeIP, kubeletAddress, kubeletPort: Number(kp),
    }, deps);
  } catch (e) {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
    throw e;
  }
  if (stopping) await node.stop().then(() => done(0));
  else {
    say('');
    say('This node has joined the cluster:');
    say('* the certificate signing request was approved and a client certificate issued');
    say(`* the node agent is running as node "${nodeName}"`);
    say('');
    say("Run 'kubectl get nodes' on the control plane to see this node join the cluster.");
  }
  const code = await finished;
  process.off('SIGTERM', onTerm);
  process.off('SIGINT', onInt);
  say('[shutdown] stopped');
  return code;
}

/** The `k8ts join` command. */
export const joinCommand: Command = {
  name: 'join',
  summary: 'Join this machine to a cluster as a node',
  usage: `Join this machine to a k8ts cluster as a node and run its node agent in
the foreground (SIGTERM or SIGINT stops it).

Usage:
  k8ts join <host>:<port> --token <id.secret> --discovery-token-ca-cert-hash sha256:<hex> [flags]

The token and the hash are printed by "k8ts init" and by
"k8ts token create --print-join-command" on the control-plane machine.`,
  flags: {
    ...DATA_DIR_FLAG,
    token: { type: 'string', help: 'bootstrap token (id.secret) to authenticate with' },
    'discovery-token-ca-cert-hash': { type: 'string', help: 'sha256:<hex> pin of the cluster CA public key' },
    'node-name': { type: 'string', help: 'node name (default: the host name)' },
    runtime: { type: 'string', default: 'containerd', help: 'container runtime: containerd or fake' },
    'container-runtime-endpoint': { type: 'string', help: 'use this running CRI runtime (unix:///path.sock) instead of starting containerd' },
    'node-ip': { type: 'string', help: "the node's InternalIP, also in its kubelet serving certificate (default: the first non-loopback IPv4 address)" },
    'kubelet-address': { type: 'string', default: '0.0.0.0', help: 'address the kubelet API (logs, exec, port-forward) listens on' },
    'kubelet-port': { type: 'string', default: '10250', help: 'port of the kubelet API; 0 picks a free port' },
  },
  run: (args) => runJoin(args),
};
