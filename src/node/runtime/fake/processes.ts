/**
 * What "runs" in simulated containers: each container's main command is
 * interpreted by the built-in shell with its output written to the CRI log
 * file (so `kubectl logs` shows it), exec runs built-in commands on the
 * container's own root directory, attach joins the main command's streams,
 * and port-forward reaches a simulated `httpd`. The main command's exit does
 * not end the container: in the simulation, lifecycle comes from the pod's
 * k8ts.io/sim-* annotations (stages.ts), so existing workloads keep running.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PassThrough, Transform, Writable, type Duplex } from 'node:stream';
import { K8sError } from '../../../base/errors.ts';
import type { Logger } from '../../../base/logger.ts';
import { formatCriLog, rfc3339Nano } from '../cri-log.ts';
import type { StreamIO } from '../types.ts';
import { BUILTINS } from './builtins.ts';
import { httpdSpec, serveHttp, type HttpdSpec } from './httpd.ts';
import { RootFs } from './rootfs.ts';
import { ExitSignal, runArgv, type ShellContext } from './shell.ts';

/** What a container runs. */
export interface ProcSpec {
  containerId: string;
  sandboxId: string;
  argv: string[];
  env: Record<string, string>;
  workingDir: string;
  hostname: string;
  /** Absolute CRI log file path; absent = output is dropped. */
  logFile?: string;
  stdin: boolean;
  tty: boolean;
}

interface Proc {
  spec: ProcSpec;
  fs?: RootFs;
  abort: AbortController;
  running: boolean;
  httpd?: HttpdSpec;
  attached: Set<StreamIO>;
  stdin?: PassThrough;
}

/** Appends CRI records, one per output line. */
function logSink(file: string | undefined, stream: 'stdout' | 'stderr', tee: () => Iterable<StreamIO>): Writable {
  let pending = Buffer.alloc(0);
  if (file) mkdirSync(dirname(file), { recursive: true });
  const write = (content: Buffer, partial: boolean) => {
    if (file) appendFileSync(file, formatCriLog(rfc3339Nano(Date.now()), stream, partial, content));
  };
  return new Writable({
    write(chunk: Buffer, _e, cb) {
      for (const io of tee()) {
        const w = stream === 'stderr' && io.stderr ? io.stderr : io.stdout;
        if (w && !w.writableEnded) w.write(chunk);
      }
      pending = Buffer.concat([pending, chunk]);
      let nl: number;
      while ((nl = pending.indexOf(0x0a)) >= 0) { write(pending.subarray(0, nl), false); pending = pending.subarray(nl + 1); }
      if (pending.length > 16384) { write(pending, true); pending = Buffer.alloc(0); }
      cb();
    },
    final(cb) { if (pending.length > 0) write(pending, false); cb(); },
  });
}

/** Output to a terminal: \n becomes \r\n (the tty's ONLCR); marked isTTY for the interactive shell. */
function ttyWriter(w: Writable): Writable {
  let lastCR = false;
  const t = new Transform({
    transform(chunk: Buffer, _e, cb) {
      const out: number[] = [];
      for (const b of chunk) { if (b === 0x0a && !lastCR) out.push(0x0d); out.push(b); lastCR = b === 0x0d; }
      cb(null, Buffer.from(out));
    },
  });
  t.pipe(w, { end: false });
  (t as unknown as { isTTY: boolean }).isTTY = true;
  return t;
}

const nullSink = () => new Writable({ write(_c, _e, cb) { cb(); } });

/** The simulated processes of one node's containers. */
export class FakeProcesses {
  private readonly procs = new Map<string, Proc>();

  constructor(private readonly opts: { rootfsDir?: string; logger: Logger }) {}

  /** The container started: run its main command. */
  start(spec: ProcSpec): void {
    const proc: Proc = { spec, abort: new AbortController(), running: true, attached: new Set(), httpd: httpdSpec(spec.argv, spec.workingDir) };
    this.procs.set(spec.containerId, proc);
    const name = spec.argv[0] ?? '';
    const base = name.slice(name.lastIndexOf('/') + 1);
    const runnable = base === 'sh' || base === 'bash' || base === 'ash' || (base in BUILTINS && base !== 'exit');
    if (!runnable) return; // an image's own program: it runs silently (httpd, nginx, pause...)
    if (spec.stdin) proc.stdin = new PassThrough();
    const stdout = logSink(spec.logFile, 'stdout', () => proc.attached);
    const stderr = logSink(spec.logFile, 'stderr', () => proc.attached);
    const out = spec.tty ? ttyWriter(stdout) : stdout;
    runArgv(spec.argv, { stdin: proc.stdin, stdout: out, stderr: spec.tty ? out : stderr }, this.context(proc, proc.abort.signal))
      .catch((e: unknown) => { if (!(e instanceof ExitSignal)) this.opts.logger.debug('simulated main command failed', { err: (e as Error).message }); })
      .finally(() => { stdout.end(); stderr.end(); });
  }

  /** The container stopped: its processes end. */
  stop(containerId: string): void {
    const p = this.procs.get(containerId);
    if (!p) return;
    p.running = false;
    p.abort.abort();
    p.stdin?.end();
  }

  /** The container was removed: its filesystem goes too. */
  remove(containerId: string): void {
    this.stop(containerId);
    this.procs.get(containerId)?.fs?.remove();
    this.procs.delete(containerId);
  }

  /** Stop everything (runtime closing). */
  close(): void { for (const id of this.procs.keys()) this.stop(id); }

  private mustRun(containerId: string): Proc {
    const p = this.procs.get(containerId);
    if (!p || !p.running) throw new K8sError('BadRequest', `container not running (${containerId})`);
    return p;
  }

  private context(p: Proc, signal: AbortSignal): ShellContext {
    p.fs ??= RootFs.create(p.spec.hostname, this.opts.rootfsDir);
    return { fs: p.fs, cwd: p.spec.workingDir, env: { ...p.spec.env }, hostname: p.spec.hostname, signal, status: 0 };
  }

  /** CRI Exec: built-in commands only; others fail as runc's exec does. */
  async exec(containerId: string, cmd: string[], io: StreamIO): Promise<number> {
    const p = this.mustRun(containerId);
    const name = cmd[0] ?? '';
    const base = name.slice(name.lastIndexOf('/') + 1);
    if (!(base in BUILTINS) && !['sh', 'bash', 'ash'].includes(base)) {
      throw new K8sError('InternalError', `error executing command in container: failed to exec in container: failed to start exec "${containerId.slice(0, 12)}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${name}": executable file not found in $PATH: unknown`);
    }
    const abort = new AbortController();
    const onStop = () => abort.abort();
    p.abort.signal.addEventListener('abort', onStop, { once: true });
    io.signal?.addEventListener('abort', onStop, { once: true });
    const stdout = io.stdout ? (io.tty ? ttyWriter(io.stdout) : io.stdout) : nullSink();
    const stderr = io.tty ? stdout : io.stderr ?? nullSink();
    const ctx = this.context(p, abort.signal);
    if (io.tty) ctx.env.TERM ??= 'xterm';
    try {
      return await runArgv(cmd, { stdin: io.stdin, stdout, stderr }, ctx);
    } catch (e) {
      if (e instanceof ExitSignal) return e.code;
      throw e;
    } finally {
      p.abort.signal.removeEventListener('abort', onStop);
      if (io.tty) await new Promise<void>((r) => { stdout.end(); setImmediate(r); });
    }
  }

  /** CRI Attach: the client sees the main command's output from now on and feeds its stdin. */
  async attach(containerId: string, io: StreamIO): Promise<number | undefined> {
    const p = this.mustRun(containerId);
    if (io.stdin && !p.spec.stdin) throw new K8sError('BadRequest', 'stdin is not enabled for this container');
    p.attached.add(io);
    try {
      await new Promise<void>((resolve) => {
        p.abort.signal.addEventListener('abort', () => resolve(), { once: true });
        io.signal?.addEventListener('abort', () => resolve(), { once: true });
        io.stdin?.on('data', (c: Buffer) => p.stdin?.write(c));
        io.stdin?.on('end', () => { if (!p.spec.tty) resolve(); });
      });
    } finally {
      p.attached.delete(io);
    }
    return p.running ? undefined : 0;
  }

  /** CRI PortForward: a simulated httpd of the sandbox answers; anything else is refused. */
  async portForward(sandboxId: string, port: number, stream: Duplex): Promise<void> {
    for (const p of this.procs.values()) {
      if (p.spec.sandboxId !== sandboxId || !p.running || p.httpd?.port !== port) continue;
      p.fs ??= RootFs.create(p.spec.hostname, this.opts.rootfsDir);
      return serveHttp(stream, p.fs, p.httpd);
    }
    throw new K8sError('InternalError', `failed to connect to localhost:${port} inside namespace "${sandboxId.slice(0, 12)}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused`);
  }
}
