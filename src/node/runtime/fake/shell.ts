/**
 * Runs commands inside a simulated container: the interpreter of the sh
 * subset in shell-parse.ts over the built-ins in builtins.ts. Output goes to
 * the given streams; the exit code is the result. Deterministic: the only
 * clock use is `sleep`, which honours the container's abort signal.
 */
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { appendFileSync, createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isK8sError } from '../../../base/errors.ts';
import { parseScript, type Node, type Word } from './shell-parse.ts';
import { BUILTINS } from './builtins.ts';
import { interactive } from './interactive.ts';
import type { RootFs } from './rootfs.ts';

/** Streams of one command. */
export interface ProcIO {
  stdin?: Readable;
  stdout: Writable;
  stderr: Writable;
}

/** Mutable state of a shell (or of one exec'd process). */
export interface ShellContext {
  fs: RootFs;
  cwd: string;
  env: Record<string, string>;
  hostname: string;
  /** Aborted when the container stops or the client goes away. */
  signal: AbortSignal;
  status: number;
}

/** Thrown by `exit` to unwind the interpreter. */
export class ExitSignal extends Error {
  constructor(readonly code: number) { super(`exit ${code}`); }
}

/** Write text to a stream (no-op once it ended). */
export function say(w: Writable, text: string | Buffer): void {
  if (!w.writableEnded && !w.destroyed) w.write(text);
}

/** Run an argv directly (as CRI Exec does, no shell): built-ins only. */
export async function runArgv(argv: string[], io: ProcIO, ctx: ShellContext): Promise<number> {
  const [name, ...args] = argv;
  if (!name) return 0;
  const base = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
  if (base === 'sh' || base === 'bash' || base === 'ash') return runShell(args, io, ctx);
  const builtin = BUILTINS[base];
  if (!builtin) {
    say(io.stderr, `sh: ${name}: not found\n`);
    return 127;
  }
  try {
    return await builtin(args, io, ctx);
  } catch (e) {
    if (e instanceof ExitSignal) throw e;
    say(io.stderr, `${base}: ${isK8sError(e) ? e.message : (e as Error).message}\n`);
    return 1;
  }
}

/** `sh [-c script | file]`: a script from -c, a file, or stdin (interactive with a tty). */
async function runShell(args: string[], io: ProcIO, ctx: ShellContext): Promise<number> {
  const local: ShellContext = { ...ctx, env: { ...ctx.env } };
  try {
    if (args[0] === '-c') return await runScript(args[1] ?? '', io, local);
    if (args[0] && !args[0].startsWith('-')) {
      return await runScript(readFileSync(ctx.fs.host(args[0], ctx.cwd), 'utf8'), io, local);
    }
    return await interactive(io, local);
  } catch (e) {
    if (e instanceof ExitSignal) return e.code;
    throw e;
  }
}

/** Parse and run a script; syntax errors exit 2 as sh does. */
export async function runScript(src: string, io: ProcIO, ctx: ShellContext): Promise<number> {
  let node: Node;
  try {
    node = parseScript(src);
  } catch (e) {
    say(io.stderr, `${(e as Error).message}\n`);
    return 2;
  }
  return runNode(node, io, ctx);
}

function expand(w: Word, ctx: ShellContext): string {
  return w.map((p) => ('lit' in p ? p.lit : p.var === '?' ? String(ctx.status) : ctx.env[p.var] ?? '')).join('');
}

/** Run one parsed node; updates ctx.status. */
export async function runNode(node: Node, io: ProcIO, ctx: ShellContext): Promise<number> {
  if (ctx.signal.aborted) throw new ExitSignal(143);
  switch (node.kind) {
    case 'list': {
      let status = 0;
      for (const { node: n, op } of node.items) {
        if ((op === '&&' && status !== 0) || (op === '||' && status === 0)) continue;
        status = await runNode(n, io, ctx);
      }
      return (ctx.status = status);
    }
    case 'while': {
      let status = 0;
      while ((await runNode(node.cond, io, ctx)) === 0) {
        status = await runNode(node.body, io, ctx);
        // A loop with no sleep must not starve the event loop.
        await new Promise((r) => setImmediate(r));
      }
      return (ctx.status = status);
    }
    case 'for': {
      let status = 0;
      const values = node.values.map((w) => expand(w, ctx)).flatMap((v) => v.split(/\s+/).filter(Boolean));
      for (const v of values) {
        ctx.env[node.name] = v;
        status = await runNode(node.body, io, ctx);
      }
      return (ctx.status = status);
    }
    case 'if':
      if ((await runNode(node.cond, io, ctx)) === 0) return runNode(node.then, io, ctx);
      return node.else ? runNode(node.else, io, ctx) : (ctx.status = 0);
    case 'cmd': return (ctx.status = await runSimple(node, io, ctx));
  }
}

async function runSimple(node: Extract<Node, { kind: 'cmd' }>, io: ProcIO, ctx: ShellContext): Promise<number> {
  const words = node.words.map((w) => expand(w, ctx));
  // Leading NAME=value words are assignments (to the shell when nothing follows).
  while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) {
    const [k, ...v] = words.shift()!.split('=');
    ctx.env[k!] = v.join('=');
  }
  let procIO = io;
  const files: Array<{ path: string; buf: Buffer[] }> = [];
  for (const r of node.redirects) {
    const target = expand(r.target, ctx);
    if (r.op === '>&') {
      const dup = target === '2' ? procIO.stderr : target === '1' ? procIO.stdout : undefined;
      if (!dup) { say(io.stderr, `sh: ${target}: bad file descriptor\n`); return 1; }
      procIO = r.fd === 2 ? { ...procIO, stderr: dup } : { ...procIO, stdout: dup };
      continue;
    }
    if (target === '/dev/null') {
      const sink = new PassThrough().resume();
      procIO = r.op === '<' ? { ...procIO, stdin: new PassThrough().end() as unknown as ProcIO['stdin'] } : r.fd === 2 ? { ...procIO, stderr: sink } : { ...procIO, stdout: sink };
      continue;
    }
    const host = ctx.fs.host(target, ctx.cwd);
    if (r.op === '<') {
      if (!existsSync(host)) { say(io.stderr, `sh: can't open '${target}': No such file or directory\n`); return 1; }
      procIO = { ...procIO, stdin: createReadStream(host) };
      continue;
    }
    try { if (r.op === '>') writeFileSync(host, ''); else appendFileSync(host, ''); } catch { say(io.stderr, `sh: can't create ${target}: nonexistent directory\n`); return 1; }
    const file = { path: host, buf: [] as Buffer[] };
    files.push(file);
    const sink = new PassThrough();
    sink.on('data', (c: Buffer) => file.buf.push(c));
    procIO = r.fd === 2 ? { ...procIO, stderr: sink } : { ...procIO, stdout: sink };
  }
  const code = words.length > 0 ? await runArgv(words, procIO, ctx) : 0;
  if (files.length) await new Promise((r) => setImmediate(r));
  for (const f of files) appendFileSync(f.path, Buffer.concat(f.buf));
  return code;
}
