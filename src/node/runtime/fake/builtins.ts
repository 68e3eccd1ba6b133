/**
 * The commands a simulated container has, with busybox's messages and exit
 * codes: echo, cat, ls, pwd, cd, hostname, env, sleep, test/[, mkdir, rm,
 * touch, whoami, id, uname, true, false, exit, and tar (the node's real tar
 * run on the container's root directory, which is what `kubectl cp` needs).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, utimesSync } from 'node:fs';
import { RootFs } from './rootfs.ts';
import { ExitSignal, say, type ProcIO, type ShellContext } from './shell.ts';

type Builtin = (args: string[], io: ProcIO, ctx: ShellContext) => Promise<number>;

async function pipeStdin(io: ProcIO): Promise<void> {
  if (!io.stdin) return;
  for await (const chunk of io.stdin) say(io.stdout, chunk as Buffer);
}

function exists(ctx: ShellContext, p: string): boolean { return existsSync(ctx.fs.host(p, ctx.cwd)); }

function testExpr(a: string[], ctx: ShellContext): boolean {
  if (a[0] === '!') return !testExpr(a.slice(1), ctx);
  if (a.length === 0) return false;
  if (a.length === 1) return a[0] !== '';
  if (a.length === 2) {
    const [op, arg] = a as [string, string];
    const host = ctx.fs.host(arg, ctx.cwd);
    const st = existsSync(host) ? statSync(host) : undefined;
    switch (op) {
      case '-e': return !!st;
      case '-d': return !!st?.isDirectory();
      case '-f': return !!st?.isFile();
      case '-s': return !!st && st.size > 0;
      case '-z': return arg === '';
      case '-n': return arg !== '';
      default: return false;
    }
  }
  const [l, op, r] = a as [string, string, string];
  if (op === '=' || op === '==') return l === r;
  if (op === '!=') return l !== r;
  const nums: Record<string, (x: number, y: number) => boolean> = {
    '-eq': (x, y) => x === y, '-ne': (x, y) => x !== y, '-lt': (x, y) => x < y, '-le': (x, y) => x <= y, '-gt': (x, y) => x > y, '-ge': (x, y) => x >= y,
  };
  return nums[op] ? nums[op]!(Number(l), Number(r)) : false;
}

/** `tar`: the node's tar on the container's root; absolute member paths become relative, as tar does. */
const tar: Builtin = async (args, io, ctx) => {
  const mapped: string[] = [];
  let stripped = false;
  let create = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (i === 0 && /^-?[a-zA-Z]+$/.test(a) && a.replace(/^-/, '').includes('c')) create = true;
    if (a === '-C' || a === '--directory') { mapped.push('-C', ctx.fs.host(args[++i] ?? '/', ctx.cwd)); continue; }
    if (a.startsWith('/') && create) { mapped.push(a.replace(/^\/+/, '') || '.'); stripped = true; continue; }
    if (a.startsWith('/')) { mapped.push(ctx.fs.host(a, ctx.cwd)); continue; }
    mapped.push(a);
  }
  if (stripped) say(io.stderr, "tar: removing leading '/' from member names\n");
  // Old-style letters ("cf", "xmf") must stay first; files extracted belong to the node user.
  const child = spawn('tar', create ? mapped : [...mapped, '--no-same-owner'], {
    cwd: stripped ? ctx.fs.root : ctx.fs.host('.', ctx.cwd), stdio: ['pipe', 'pipe', 'pipe'], signal: ctx.signal,
  });
  child.stdout.on('data', (c: Buffer) => say(io.stdout, c));
  child.stderr.on('data', (c: Buffer) => say(io.stderr, c.toString().replaceAll(ctx.fs.root, '')));
  child.on('error', () => {});
  if (io.stdin) io.stdin.pipe(child.stdin).on('error', () => {}); else child.stdin.end();
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
};

/** The built-in commands by name. */
export const BUILTINS: Record<string, Builtin> = {
  true: async () => 0,
  false: async () => 1,
  exit: async (a, _io, ctx) => { throw new ExitSignal(a[0] !== undefined ? Number(a[0]) & 0xff : ctx.status); },
  echo: async (a, io) => {
    const n = a[0] === '-n';
    say(io.stdout, (n ? a.slice(1) : a).join(' ') + (n ? '' : '\n'));
    return 0;
  },
  pwd: async (_a, io, ctx) => { say(io.stdout, `${ctx.cwd}\n`); return 0; },
  cd: async (a, io, ctx) => {
    const p = RootFs.resolve(ctx.cwd, a[0] ?? ctx.env.HOME ?? '/');
    if (!existsSync(ctx.fs.host(p)) || !statSync(ctx.fs.host(p)).isDirectory()) { say(io.stderr, `sh: cd: can't cd to ${a[0]}: No such file or directory\n`); return 2; }
    ctx.cwd = p;
    return 0;
  },
  hostname: async (_a, io, ctx) => { say(io.stdout, `${ctx.hostname}\n`); return 0; },
  whoami: async (_a, io) => { say(io.stdout, 'root\n'); return 0; },
  id: async (_a, io) => { say(io.stdout, 'uid=0(root) gid=0(root) groups=0(root)\n'); return 0; },
  uname: async (a, io, ctx) => { say(io.stdout, a.includes('-a') ? `Linux ${ctx.hostname} 6.1.0 #1 SMP x86_64 GNU/Linux\n` : 'Linux\n'); return 0; },
  env: async (_a, io, ctx) => { for (const [k, v] of Object.entries(ctx.env)) say(io.stdout, `${k}=${v}\n`); return 0; },
  printenv: async (a, io, ctx) => {
    if (a.length === 0) return BUILTINS.env!(a, io, ctx);
    let code = 0;
    for (const k of a) { if (k in ctx.env) say(io.stdout, `${ctx.env[k]}\n`); else code = 1; }
    return code;
  },
  sleep: async (a, _io, ctx) => {
    const secs = Number.parseFloat(a[0] ?? '');
    if (!Number.isFinite(secs)) return 1;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, secs * 1000);
      t.unref();
      ctx.signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
    });
    if (ctx.signal.aborted) throw new ExitSignal(143);
    return 0;
  },
  test: async (a, _io, ctx) => (testExpr(a, ctx) ? 0 : 1),
  '[': async (a, io, ctx) => {
    if (a[a.length - 1] !== ']') { say(io.stderr, '[: missing ]\n'); return 2; }
    return testExpr(a.slice(0, -1), ctx) ? 0 : 1;
  },
  cat: async (a, io, ctx) => {
    const files = a.filter((x) => x !== '-u');
    if (files.length === 0 || (files.length === 1 && files[0] === '-')) { await pipeStdin(io); return 0; }
    let code = 0;
    for (const f of files) {
      const host = ctx.fs.host(f, ctx.cwd);
      if (!existsSync(host) || statSync(host).isDirectory()) {
        say(io.stderr, existsSync(host) ? `cat: read error: Is a directory\n` : `cat: can't open '${f}': No such file or directory\n`);
        code = 1;
        continue;
      }
      say(io.stdout, readFileSync(host));
    }
    return code;
  },
  ls: async (a, io, ctx) => {
    const all = a.some((x) => /^-[a-zA-Z]*a/.test(x));
    const paths = a.filter((x) => !x.startsWith('-'));
    let code = 0;
    const targets = paths.length ? paths : ['.'];
    for (const p of targets) {
      const host = ctx.fs.host(p, ctx.cwd);
      if (!existsSync(host)) { say(io.stderr, `ls: ${p}: No such file or directory\n`); code = 1; continue; }
      if (targets.length > 1) say(io.stdout, `${p}:\n`);
      if (!statSync(host).isDirectory()) { say(io.stdout, `${p}\n`); continue; }
      const names = readdirSync(host).filter((n) => all || !n.startsWith('.')).sort();
      for (const n of names) say(io.stdout, `${n}\n`);
    }
    return code;
  },
  mkdir: async (a, io, ctx) => {
    const p = a.includes('-p');
    let code = 0;
    for (const d of a.filter((x) => !x.startsWith('-'))) {
      const host = ctx.fs.host(d, ctx.cwd);
      if (existsSync(host) && !p) { say(io.stderr, `mkdir: can't create directory '${d}': File exists\n`); code = 1; continue; }
      try { mkdirSync(host, { recursive: p }); } catch { say(io.stderr, `mkdir: can't create directory '${d}': No such file or directory\n`); code = 1; }
    }
    return code;
  },
  rm: async (a, io, ctx) => {
    const flags = a.filter((x) => x.startsWith('-')).join('');
    let code = 0;
    for (const f of a.filter((x) => !x.startsWith('-'))) {
      const host = ctx.fs.host(f, ctx.cwd);
      if (host === ctx.fs.root) { say(io.stderr, "rm: can't remove '/'\n"); code = 1; continue; }
      if (!existsSync(host)) { if (!flags.includes('f')) { say(io.stderr, `rm: can't remove '${f}': No such file or directory\n`); code = 1; } continue; }
      if (statSync(host).isDirectory() && !/[rR]/.test(flags)) { say(io.stderr, `rm: '${f}' is a directory\n`); code = 1; continue; }
      rmSync(host, { recursive: true, force: true });
    }
    return code;
  },
  touch: async (a, _io, ctx) => {
    for (const f of a.filter((x) => !x.startsWith('-'))) {
      const host = ctx.fs.host(f, ctx.cwd);
      if (exists(ctx, f)) utimesSync(host, new Date(), new Date()); else writeFileSync(host, '');
    }
    return 0;
  },
  tar,
  // Serving is simulated by processes.ts (port-forward reaches an httpd named on the container's command line); here it only runs until stopped.
  httpd: async (_a, _io, ctx) => {
    await new Promise<void>((resolve) => { if (ctx.signal.aborted) resolve(); else ctx.signal.addEventListener('abort', () => resolve(), { once: true }); });
    throw new ExitSignal(143);
  },
};
