/**
 * `k8ts sim --nodes N` as a child process of a benchmark, so the real
 * scheduler binds pods and simulated kubelets run them (as bench/scale).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { K8TS_BIN, REPO } from '../../test/e2e/helpers/cluster.ts';

/** The line `k8ts sim` prints once every node is registered (src/cli/sim.ts). */
const READY_LINE = 'simulated nodes are running';

/** A running `k8ts sim`. */
export interface SimNodes {
  readonly pid: number | undefined;
  /** SIGTERM, SIGKILL after 15 s. */
  stop(): Promise<void>;
}

/** Start `k8ts sim --nodes <nodes> --kubeconfig <kubeconfig>` and wait for its ready line. */
export async function startSimNodes(nodes: number, kubeconfig: string): Promise<SimNodes> {
  const sim: ChildProcess = spawn(K8TS_BIN, ['sim', '--nodes', String(nodes), '--kubeconfig', kubeconfig],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, K8TS_LOG_LEVEL: 'error' } });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    sim.stdout!.on('data', (d: Buffer) => { out += d; if (out.includes(READY_LINE)) resolve(); });
    sim.stderr!.on('data', (d: Buffer) => { out = (out + d).slice(-20_000); });
    sim.once('exit', (c) => reject(new Error(`k8ts sim exited ${c}: ${out.slice(-2000)}`)));
  });
  return {
    pid: sim.pid,
    async stop() {
      if (sim.exitCode !== null || sim.signalCode !== null) return;
      sim.kill('SIGTERM');
      await new Promise<void>((r) => {
        const t = setTimeout(() => { sim.kill('SIGKILL'); r(); }, 15_000);
        sim.once('exit', () => { clearTimeout(t); r(); });
      });
    },
  };
}
