/**
 * Starts a real `bin/k8ts init --control-plane-only` process on a temporary
 * data dir and loopback port for e2e tests, and drives the real kubectl
 * against it. Readiness is what init itself prints once /readyz is ok, so
 * tests exercise the same start-up path as users.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAdminConf, type AdminConnection } from './admin-conf.ts';
import { exec, type ExecResult } from './exec.ts';
import { httpsCall, type HttpsCallOptions, type HttpsCallResult } from './https-request.ts';
import { K8TS_BIN, KUBECTL_132, REPO, requireKubectl } from './paths.ts';

export { KUBECTL_120, KUBECTL_132, K8TS_BIN, REPO, requireKubectl } from './paths.ts';
export type { ExecResult } from './exec.ts';

/** init prints this line once the API server answers /readyz (src/cli/init.ts). */
const READY_LINE = 'Your k8ts control plane is running.';
/**
 * ...and ends that block with the `k8ts join` line. The block can reach us in
 * several reads, so readiness waits for the whole join line (tests parse it).
 */
const JOIN_LINE = /^ {2}k8ts join \S+ --token \S+ --discovery-token-ca-cert-hash \S+\n/m;

/** Options of {@link startCluster}. */
export interface StartClusterOptions {
  /** Data dir to use (default: a new temp dir, removed by dispose()). */
  dataDir?: string;
  /** Extra `k8ts init` flags, e.g. ['--service-cidr', '10.96.0.0/12']. */
  extraArgs?: string[];
  /** Run init's node agent on this runtime instead of --control-plane-only (its kubelet API on a free port). */
  runtime?: 'fake';
  /** Give up starting after this many ms (default 90s: a cold tsx start on a busy 2-core CI is slow). */
  startTimeoutMs?: number;
  /** Echo the server's output to this process's stderr (also K8TS_E2E_VERBOSE=1). */
  verbose?: boolean;
}

/** Options of {@link Cluster.kubectl}. */
export interface KubectlOptions {
  /** Text on kubectl's stdin (e.g. for `apply -f -`). */
  input?: string;
  /** Which kubectl to run (default KUBECTL_132). */
  kubectlPath?: string;
  /** Extra environment, e.g. { KUBE_EDITOR: '...' }. */
  env?: NodeJS.ProcessEnv;
  /** Kill kubectl after this many ms (default 60s). */
  timeoutMs?: number;
}

/** A running k8ts control plane. */
export interface Cluster {
  /** The data dir (pki/, admin.conf, the SQLite database). */
  dir: string;
  /** PID of the running k8ts process (bin/k8ts execs node), undefined when stopped. */
  readonly pid: number | undefined;
  /** The bound API server port (kept across restart()). */
  port: number;
  /** DIR/admin.conf */
  kubeconfig: string;
  /** Server URL, CA and admin client certificate from admin.conf. */
  conn: AdminConnection;
  /** Run kubectl with --kubeconfig DIR/admin.conf; resolves with its exit code and output. */
  kubectl(args: string[], opts?: KubectlOptions): Promise<ExecResult>;
  /** One raw HTTPS request to the API server (admin client cert unless clientCert: false). */
  request(path: string, opts?: HttpsCallOptions): Promise<HttpsCallResult>;
  /** The server's stdout and stderr so far (for assertion messages). */
  logs(): string;
  /** SIGTERM and wait for a clean exit (fails if it takes over 30s). Keeps the data dir. */
  stop(): Promise<void>;
  /** SIGKILL (a crash) and wait until the process is gone. Keeps the data dir. */
  kill9(): Promise<void>;
  /** Start again on the same data dir and port (stops it first if running). */
  restart(): Promise<void>;
  /** Stop (SIGKILL if needed) and remove a temp data dir this helper created. */
  dispose(): Promise<void>;
}

const live = new Set<ChildProcess>();
// A test that throws before dispose() must not leave a server behind.
process.on('exit', () => { for (const c of live) c.kill('SIGKILL'); });

interface Running { child: ChildProcess; exited: Promise<number | null> }

/** Start `k8ts init --control-plane-only` and wait until it is ready. */
export async function startCluster(opts: StartClusterOptions = {}): Promise<Cluster> {
  const ownDir = opts.dataDir === undefined;
  const dir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'k8ts-e2e-'));
  const home = join(dir, 'kubectl-home');
  mkdirSync(home, { recursive: true });
  const kubeconfig = join(dir, 'admin.conf');
  const verbose = opts.verbose ?? process.env.K8TS_E2E_VERBOSE === '1';
  let output = '';
  let running: Running | undefined;
  let port = 0;
  let conn!: AdminConnection;

  const launch = async (): Promise<void> => {
    const node = opts.runtime ? ['--runtime', opts.runtime, '--kubelet-port', '0'] : ['--control-plane-only'];
    const args = ['init', ...node, '--data-dir', dir, '--port', String(port),
      '--bind-address', '127.0.0.1', '--advertise-address', '127.0.0.1', ...(opts.extraArgs ?? [])];
    const child = spawn(K8TS_BIN, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => { live.delete(child); r(code); }));
    running = { child, exited };
    // Output accumulates across restarts; only this launch's part counts.
    const from = output.length;
    let ready!: () => void;
    const readySeen = new Promise<void>((r) => { ready = r; });
    const onData = (d: Buffer) => {
      const text = d.toString('utf8');
      output += text;
      if (verbose) process.stderr.write(text);
      const at = output.indexOf(READY_LINE, from);
      if (at >= 0 && JOIN_LINE.test(output.slice(at))) ready();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    const timeoutMs = opts.startTimeoutMs ?? 90_000;
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      readySeen.then(() => 'ready' as const),
      exited.then((code) => `exited with code ${code}` as const),
      new Promise<string>((r) => { timer = setTimeout(() => r(`not ready after ${timeoutMs} ms`), timeoutMs); }),
    ]);
    clearTimeout(timer);
    if (outcome !== 'ready') {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`k8ts init ${outcome}\n--- k8ts output (last 4 KB) ---\n${output.slice(-4096)}`);
    }
    conn = readAdminConf(kubeconfig);
    port = conn.port;
  };

  const waitExit = async (signal: NodeJS.Signals, timeoutMs: number): Promise<void> => {
    const r = running;
    if (!r) return;
    running = undefined;
    if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      r.exited,
      new Promise<'timeout'>((res) => { timer = setTimeout(() => res('timeout'), timeoutMs); }),
    ]);
    clearTimeout(timer);
    if (code === 'timeout') {
      r.child.kill('SIGKILL');
      await r.exited;
      throw new Error(`k8ts did not exit within ${timeoutMs} ms of ${signal}\n${output.slice(-4096)}`);
    }
    if (signal === 'SIGTERM' && code !== 0) {
      throw new Error(`k8ts exited with code ${code} after SIGTERM (expected 0)\n${output.slice(-4096)}`);
    }
  };

  await launch();

  const cluster: Cluster = {
    dir,
    get pid() { return running?.child.pid; },
    get port() { return port; },
    kubeconfig,
    get conn() { return conn; },
    kubectl(args, kopts = {}) {
      const bin = requireKubectl(kopts.kubectlPath ?? KUBECTL_132);
      // A private HOME keeps kubectl's discovery cache per cluster and away from the user's.
      const env = { ...process.env, HOME: home, KUBECONFIG: kubeconfig, ...kopts.env };
      return exec(bin, ['--kubeconfig', kubeconfig, ...args], { env, input: kopts.input, timeoutMs: kopts.timeoutMs });
    },
    request: (path, ropts) => httpsCall(conn, path, ropts),
    logs: () => output,
    stop: () => waitExit('SIGTERM', 30_000),
    kill9: () => waitExit('SIGKILL', 10_000),
    async restart() {
      await waitExit('SIGTERM', 30_000);
      await launch();
    },
    async dispose() {
      await waitExit('SIGKILL', 10_000).catch(() => {});
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}
