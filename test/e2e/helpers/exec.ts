/**
 * Run a child process to completion with optional stdin and a hard timeout,
 * collecting its output; used for kubectl and other command-line clients.
 */
import { spawn } from 'node:child_process';

/** What a finished command produced. */
export interface ExecResult {
  /** Exit code; 128+n when killed by signal n (e.g. 137 after the timeout). */
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link exec}. */
export interface ExecOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Kill the command after this many ms (default 60s). */
  timeoutMs?: number;
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** Run `cmd args...`; never rejects for a non-zero exit, only when it cannot start. */
export function exec(cmd: string, args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const timer = setTimeout(() => {
      stderr += `\n[e2e] ${cmd} ${args.join(' ')}: killed after ${opts.timeoutMs ?? 60_000} ms\n`;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 60_000);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? 128 + (SIGNAL_NUMBERS[signal ?? ''] ?? 1), stdout, stderr });
    });
    // kubectl may exit before reading stdin (e.g. a usage error); ignore EPIPE.
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}
