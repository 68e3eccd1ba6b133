/**
 * A k8ts node on containerd for e2e tests, inside a network namespace the
 * test creates (issue 6, network safety): `k8ts init` (control plane, node
 * agent, its containerd, the CNI bridge) runs under `nsenter --net` in
 * `k8ts-test-<rand>`, which has only loopback and no route off the machine;
 * kubectl and HTTP probes run in the same namespace. nsenter keeps the mount
 * namespace (ip netns exec would remount /sys and hide the cgroup mounts
 * runc needs). dispose() stops k8ts, runs `k8ts reset` in the namespace,
 * deletes it and the data dir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec, type ExecResult } from './helpers/exec.ts';
import { K8TS_BIN, KUBECTL_132, REPO } from './helpers/paths.ts';

/** The busybox image scripts/build-images.sh builds. */
export const BUSYBOX = 'k8ts.local/busybox:1.35';

/** Why these tests cannot run here, or undefined. */
export function unsupported(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root';
  for (const bin of ['/usr/bin/containerd', '/usr/sbin/runc', '/usr/lib/cni/bridge', '/usr/bin/nsenter']) if (!existsSync(bin)) return `${bin} is not installed`;
  if (!existsSync(join(REPO, '.cache/images/busybox.tar'))) return 'run scripts/build-images.sh first';
  return undefined;
}

/** A running containerd node in its own network namespace. */
export interface NetnsNode {
  netns: string;
  dir: string;
  nodeName: string;
  kubectl(args: string[], input?: string): Promise<ExecResult>;
  /** Run a command inside the namespace (e.g. wget to a pod IP). */
  inNetns(cmd: string, args: string[], timeoutMs?: number): Promise<ExecResult>;
  /** `ctr` against the node's containerd, namespace k8s.io. */
  ctr(args: string[]): Promise<ExecResult>;
  /** SIGTERM k8ts and start it again on the same data dir. */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

const READY = /Your k8ts control plane is running\.[\s\S]*k8ts join \S+ --token/;

/** Options of {@link startNetnsNode}. */
export interface NetnsNodeOptions {
  /**
   * Runs after the namespace and data dir exist and before `k8ts init`
   * (e.g. to start a registry in the namespace and write DIR/registries.yaml).
   */
  prepare?(netns: string, dir: string): Promise<void>;
}

/** Create the namespace and start `k8ts init --runtime containerd` in it. */
export async function startNetnsNode(opts: NetnsNodeOptions = {}): Promise<NetnsNode> {
  const netns = `k8ts-test-${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-ctrd-'));
  const nodeName = netns;
  const must = async (cmd: string, args: string[]) => {
    const r = await exec(cmd, args);
    if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  };
  await must('ip', ['netns', 'add', netns]);
  await must('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
  const nsenter = (cmd: string, args: string[]) => ['--net=/run/netns/' + netns, cmd, ...args];
  let child: ChildProcess | undefined;
  let output = '';
  const launch = async () => {
    output = '';
    const c = spawn('nsenter', nsenter(K8TS_BIN, ['init', '--runtime', 'containerd', '--data-dir', dir, '--port', '0',
      '--bind-address', '127.0.0.1', '--advertise-address', '127.0.0.1', '--node-name', nodeName]), { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    const onData = (d: Buffer) => { output += d.toString(); if (process.env.K8TS_E2E_VERBOSE === '1') process.stderr.write(d); };
    c.stdout!.on('data', onData);
    c.stderr!.on('data', onData);
    const deadline = Date.now() + 90_000;
    while (!READY.test(output)) {
      if (c.exitCode !== null || Date.now() > deadline) throw new Error(`k8ts init did not start:\n${output.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    const t = setTimeout(() => c.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(t);
  };
  try {
    await opts.prepare?.(netns, dir);
    await launch();
  } catch (e) {
    await stop();
    await exec('ip', ['netns', 'del', netns]);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    netns, dir, nodeName,
    kubectl: (args, input) => exec('nsenter', nsenter(KUBECTL_132, ['--kubeconfig', join(dir, 'admin.conf'), ...args]), { input, env: { ...process.env, HOME: dir } }),
    inNetns: (cmd, args, timeoutMs) => exec('nsenter', nsenter(cmd, args), { timeoutMs }),
    ctr: (args) => exec('ctr', ['-a', join(dir, 'containerd', 'containerd.sock'), '-n', 'k8s.io', ...args]),
    async restart() { await stop(); await launch(); },
    async dispose() {
      await stop();
      await exec('nsenter', nsenter(K8TS_BIN, ['reset', '--data-dir', dir]), { timeoutMs: 60_000 });
      await exec('ip', ['netns', 'del', netns]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Poll `fn` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try { const v = await fn(); if (v !== undefined) return v; } catch (e) { last = e; }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
