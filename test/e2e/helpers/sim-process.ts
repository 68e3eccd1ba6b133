/**
 * `k8ts sim` as a child process for e2e tests: start N simulated nodes
 * against a cluster, wait until they run, and stop (SIGTERM) or kill
 * (SIGKILL: heartbeats just stop, as when a machine dies) them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { K8TS_BIN, REPO } from './paths.ts';

/** A running sim process. */
export interface SimProcess {
  output(): string;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
  /** SIGTERM (SIGKILL after 10 s) and wait for exit. */
  stop(): Promise<void>;
}

/** Start `k8ts sim --nodes N --name-prefix P --kubeconfig F` and wait for its ready line. */
export async function startSimProcess(kubeconfig: string, nodes: number, prefix: string): Promise<SimProcess> {
  const child: ChildProcess = spawn(K8TS_BIN, ['sim', '--nodes', String(nodes), '--name-prefix', prefix, '--kubeconfig', kubeconfig, '--start-delay', '200ms'],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  process.on('exit', () => child.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`sim not ready:\n${out}`)), 60_000);
    const on = (d: Buffer) => { out += d.toString(); if (out.includes('simulated nodes are running')) { clearTimeout(t); resolve(); } };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.once('exit', (code) => { clearTimeout(t); reject(new Error(`sim exited ${code}:\n${out}`)); });
  });
  const end = async (sig: NodeJS.Signals): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(sig);
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
  };
  return { output: () => out, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}

/** Poll `fn` until it returns a value (not undefined), or fail after `timeoutMs`. */
export async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000, context: () => string = () => ''): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try { const v = await fn(); if (v !== undefined) return v; } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${String(last ?? '')}\n${context()}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
