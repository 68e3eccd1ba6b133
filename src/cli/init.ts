/**
 * `k8ts init`: runs the control plane in the foreground until SIGTERM/SIGINT.
 * Flag parsing, validation and signal handling live here; the phases are in
 * src/cluster/control-plane.ts.
 */
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { DATA_DIR_FLAG, type Command } from './command.ts';
import { UsageError, str, type ParsedArgs } from './args.ts';
import { createLogger } from '../base/logger.ts';
import { parseCidr } from '../cluster/cidr.ts';
import { startControlPlane, type ControlPlaneDeps, type ControlPlaneOptions, type RunningControlPlane } from '../cluster/control-plane.ts';
import { realControlPlaneDeps } from '../cluster/control-plane-deps.ts';

/** Human messages go to stdout, one line each. */
const stdoutLine = (msg: string) => { process.stdout.write(msg + '\n'); };

/** Validate init's flags into control-plane options; UsageError on bad values. */
export function initOptions(args: ParsedArgs): Omit<ControlPlaneOptions, 'logger'> & { runtime: string; controlPlaneOnly: boolean; nodeName: string } {
  if (args.positional.length > 0) throw new UsageError(`unexpected argument "${args.positional[0]}" (init takes only flags)`);
  const portText = str(args, 'port');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`invalid --port "${portText}": expected 0-65535 (0 picks a free port)`);
  const bindAddress = str(args, 'bind-address');
  if (!isIP(bindAddress)) throw new UsageError(`invalid --bind-address "${bindAddress}": expected an IP address such as 0.0.0.0`);
  const advertise = args.flags['advertise-address'];
  if (typeof advertise === 'string' && !isIP(advertise)) throw new UsageError(`invalid --advertise-address "${advertise}": expected an IP address`);
  for (const f of ['service-cidr', 'pod-network-cidr']) {
    try { parseCidr(str(args, f)); } catch { throw new UsageError(`invalid --${f} "${str(args, f)}": expected a CIDR such as 10.43.0.0/16`); }
  }
  const runtime = str(args, 'runtime');
  if (runtime !== 'containerd' && runtime !== 'fake') throw new UsageError(`invalid --runtime "${runtime}": expected containerd or fake`);
  const datastore = str(args, 'datastore');
  if (datastore !== 'sqlite' && !/^etcd:\/\/[^,\s]+(,[^,\s]+)*$/.test(datastore)) {
    throw new UsageError(`invalid --datastore "${datastore}": expected sqlite or etcd://host:port[,host:port...]`);
  }
  const disable = str(args, 'disable').split(',').map((x) => x.trim()).filter(Boolean);
  for (const d of disable) {
    if (d !== 'scheduler' && d !== 'controller-manager') throw new UsageError(`invalid --disable "${d}": expected scheduler or controller-manager`);
  }
  return {
    disable,
    dataDir: str(args, 'data-dir'),
    port,
    bindAddress,
    advertiseAddress: typeof advertise === 'string' ? advertise : undefined,
    serviceCIDR: str(args, 'service-cidr'),
    podNetworkCIDR: str(args, 'pod-network-cidr'),
    datastore,
    runtime,
    controlPlaneOnly: args.flags['control-plane-only'] === true,
    nodeName: typeof args.flags['node-name'] === 'string' ? args.flags['node-name'] : hostname().toLowerCase(),
  };
}

function printReady(cp: RunningControlPlane, dataDir: string, say: (msg: string) => void): void {
  say('');
  say('Your k8ts control plane is running.');
  say('');
  say(`The admin kubeconfig is ${cp.adminConfPath}. To use it:`);
  say('');
  say(`  export KUBECONFIG=${cp.adminConfPath}`);
  say('  kubectl get namespaces');
  say('');
  say(`or run: k8ts kubectl --data-dir ${dataDir} get namespaces`);
  say('');
  say('To join nodes, run on each of them:');
  say('');
  say(`  ${cp.joinCommand}`);
  say('');
}

/** Run init until SIGTERM/SIGINT stops it; tests pass fake components and their own line sink. */
export async function runInit(
  args: ParsedArgs,
  deps: ControlPlaneDeps = realControlPlaneDeps,
  say: (msg: string) => void = stdoutLine,
): Promise<number> {
  const opts = initOptions(args);
  const logger = createLogger({ fields: { node: opts.nodeName } });
  let nodeAgent: { nodeName: string; runtime: 'fake' | 'containerd'; runtimeEndpoint?: string; kubeletPort?: number } | undefined;
  if (!opts.controlPlaneOnly) {
    const endpoint = args.flags['container-runtime-endpoint'];
    nodeAgent = { nodeName: opts.nodeName, runtime: opts.runtime === 'fake' ? 'fake' : 'containerd', runtimeEndpoint: typeof endpoint === 'string' ? endpoint : undefined };
    const kp = String(args.flags['kubelet-port'] ?? '10250');
    if (!/^\d+$/.test(kp) || Number(kp) > 65535) throw new UsageError(`invalid --kubelet-port "${kp}": expected 0-65535 (0 picks a free port)`);
    nodeAgent.kubeletPort = Number(kp);
  }
  let running: RunningControlPlane | undefined;
  let stopping = false;
  let done!: (code: number) => void;
  const finished = new Promise<number>((r) => { done = r; });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      say(`[shutdown] second ${signal}: exiting immediately`);
      process.exit(1);
    }
    stopping = true;
    say(`[shutdown] ${signal} received: stopping the API server, then the datastore`);
    if (running) running.close().then(() => done(0), (e: unknown) => { logger.error('shutdown failed', { err: e }); done(1); });
  };
  const onTerm = () => stop('SIGTERM');
  const onInt = () => stop('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  try {
    running = await startControlPlane({ ...opts, logger, progress: say, nodeAgent }, deps);
  } catch (e) {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
    throw e;
  }
  if (stopping) await running.close().then(() => done(0));
  else printReady(running, opts.dataDir, say);
  const code = await finished;
  process.off('SIGTERM', onTerm);
  process.off('SIGINT', onInt);
  say('[shutdown] stopped');
  return code;
}

/** The `k8ts init` command. */
export const initCommand: Command = {
  name: 'init',
  summary: 'Run a control plane on this machine (in the foreground)',
  usage: `Run the k8ts control plane in the foreground (and a node agent unless
--control-plane-only). The first start creates DIR/pki, DIR/admin.conf and a
bootstrap token; later starts reuse them and keep all data. When the API
server is ready it prints the admin kubeconfig path and the "k8ts join" line.
SIGTERM or SIGINT stops it cleanly.

Usage:
  k8ts init [flags]`,
  flags: {
    ...DATA_DIR_FLAG,
    port: { type: 'string', default: '6443', help: 'API server port (0 picks a free port)' },
    'bind-address': { type: 'string', default: '0.0.0.0', help: 'address the API server listens on' },
    'advertise-address': { type: 'string', help: 'address other machines reach the API server at (default: this host\'s address)' },
    'pod-network-cidr': { type: 'string', default: '10.42.0.0/16', help: 'pod IP range' },
    'service-cidr': { type: 'string', default: '10.43.0.0/16', help: 'Service cluster IP range' },
    'node-name': { type: 'string', help: 'name of this node (default: the host name)' },
    runtime: { type: 'string', default: 'containerd', help: 'container runtime of the node agent: containerd or fake' },
    'container-runtime-endpoint': { type: 'string', help: 'use this running CRI runtime (unix:///path.sock) instead of starting containerd' },
    'control-plane-only': { type: 'boolean', help: 'do not run a node agent on this machine' },
    'kubelet-port': { type: 'string', default: '10250', help: 'port of the kubelet API (logs, exec, port-forward); 0 picks a free port' },
    datastore: { type: 'string', default: 'sqlite', help: 'sqlite (embedded, in DIR) or etcd://host:port[,host:port...]' },
    disable: { type: 'string', default: '', help: 'comma-separated components not to run here (k3s style): scheduler, controller-manager' },
  },
  run: (args) => runInit(args),
};
