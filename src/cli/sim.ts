/**
 * `k8ts sim`: runs N simulated nodes (kubelet core + simulated runtime) in
 * this process against a cluster, until SIGTERM/SIGINT.
 */
import { createClient } from '../client/rest-client.ts';
import { loadConnection } from '../cluster/kubeconfig.ts';
import { createLogger } from '../base/logger.ts';
import { parseQuantity } from '../api/quantity.ts';
import { startSimulation } from '../node/sim/simulator.ts';
import { parseDuration } from '../node/runtime/fake/stages.ts';
import { UsageError, str, type ParsedArgs } from './args.ts';
import type { Command } from './command.ts';

const stdoutLine = (msg: string) => { process.stdout.write(msg + '\n'); };

/** Printed once every node is registered and the pod watch is synced (tests wait for it). */
export const SIM_READY_LINE = 'simulated nodes are running';

function quantityFlag(args: ParsedArgs, name: string): string {
  const v = str(args, name);
  try { parseQuantity(v); } catch { throw new UsageError(`invalid --${name} "${v}": expected a quantity such as 32 or 256Gi`); }
  return v;
}

/** Run the simulation until a signal stops it. */
export async function runSim(args: ParsedArgs, say: (msg: string) => void = stdoutLine): Promise<number> {
  if (args.positional.length > 0) throw new UsageError(`unexpected argument "${args.positional[0]}"`);
  const nodes = Number(str(args, 'nodes'));
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 100_000) throw new UsageError(`invalid --nodes "${str(args, 'nodes')}": expected 1-100000`);
  const kubeconfig = args.flags.kubeconfig;
  if (typeof kubeconfig !== 'string') throw new UsageError('--kubeconfig is required');
  let startDelayMs: number;
  try { startDelayMs = parseDuration(str(args, 'start-delay')); } catch { throw new UsageError(`invalid --start-delay "${str(args, 'start-delay')}": expected a duration such as 1s`); }
  const capacity = { cpu: quantityFlag(args, 'cpu'), memory: quantityFlag(args, 'memory'), pods: quantityFlag(args, 'pods'), 'ephemeral-storage': quantityFlag(args, 'ephemeral-storage') };
  const conn = loadConnection(kubeconfig);
  const client = createClient({ server: conn.server, ca: conn.caPem, cert: conn.certPem, key: conn.keyPem, token: conn.token, insecureSkipTLSVerify: conn.insecureSkipTLSVerify, userAgent: 'k8ts-sim' });
  const logger = createLogger({ fields: { component: 'sim' } });
  const prefix = str(args, 'name-prefix');
  say(`starting ${nodes} simulated node(s) ${prefix}0..${prefix}${nodes - 1} against ${conn.server}`);
  let lastSaid = 0;
  const sim = await startSimulation({
    client, nodes, namePrefix: prefix, capacity, logger, startDelayMs,
    onProgress: (n, total) => { if (n === total || Date.now() - lastSaid > 5000) { lastSaid = Date.now(); say(`registered ${n}/${total} nodes`); } },
  });
  say(`${nodes} ${SIM_READY_LINE}`);
  await new Promise<void>((resolve) => {
    const stop = () => { process.off('SIGTERM', stop); process.off('SIGINT', stop); resolve(); };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  say('[shutdown] stopping simulated nodes');
  await sim.stop();
  client.close();
  return 0;
}

/** The `k8ts sim` command. */
export const simCommand: Command = {
  name: 'sim',
  summary: 'Run simulated nodes (kubelets with a simulated runtime) against a cluster',
  usage: `Run N simulated nodes in this process. Each registers its own Node, renews
its own Lease and runs pods bound to it on a simulated runtime: containers
"start" after --start-delay and run until deleted. Pod annotations change
that per pod: k8ts.io/sim-fail-after, k8ts.io/sim-complete-after,
k8ts.io/sim-exit-code, k8ts.io/sim-never-ready, k8ts.io/sim-start-delay,
k8ts.io/sim-init-duration. SIGTERM or SIGINT stops it (the Nodes stay and
turn NotReady once their leases expire, as when real kubelets stop).

Usage:
  k8ts sim --nodes N --kubeconfig FILE [flags]`,
  flags: {
    nodes: { type: 'string', default: '1', help: 'number of simulated nodes' },
    kubeconfig: { type: 'string', help: 'kubeconfig with the cluster and credentials (e.g. DIR/admin.conf)' },
    'name-prefix': { type: 'string', default: 'sim-', help: 'node names are the prefix plus 0..N-1' },
    cpu: { type: 'string', default: '32', help: 'cpu capacity of each node' },
    memory: { type: 'string', default: '256Gi', help: 'memory capacity of each node' },
    pods: { type: 'string', default: '110', help: 'pod capacity of each node' },
    'ephemeral-storage': { type: 'string', default: '100Gi', help: 'ephemeral-storage capacity of each node' },
    'start-delay': { type: 'string', default: '0s', help: 'how long a simulated container takes to start' },
  },
  run: (args) => runSim(args),
};
