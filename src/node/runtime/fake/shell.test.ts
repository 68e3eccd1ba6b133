import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { RootFs } from './rootfs.ts';
import { runArgv, type ShellContext } from './shell.ts';

function sink(): { w: Writable; text: () => string } {
  const parts: Buffer[] = [];
  return { w: new Writable({ write(c: Buffer, _e, cb) { parts.push(c); cb(); } }), text: () => Buffer.concat(parts).toString() };
}

async function run(fs: RootFs, argv: string[], input?: string): Promise<{ code: number; out: string; err: string }> {
  const out = sink(), err = sink();
  const ctx: ShellContext = { fs, cwd: '/', env: { HOME: '/root' }, hostname: 'pod-a', signal: new AbortController().signal, status: 0 };
  const stdin = input === undefined ? undefined : new PassThrough().end(input);
  const code = await runArgv(argv, { stdin, stdout: out.w, stderr: err.w }, ctx);
  return { code, out: out.text(), err: err.text() };
}

test('the simulated shell runs scripts with redirections, loops and conditionals', async () => {
  const fs = RootFs.create('pod-a');
  try {
    assert.deepEqual(await run(fs, ['sh', '-c', 'echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f']), { code: 0, out: 'one\ntwo\n', err: '' });
    assert.deepEqual(await run(fs, ['sh', '-c', 'for i in a b; do echo "x-$i"; done; echo e >&2; exit 4']), { code: 4, out: 'x-a\nx-b\n', err: 'e\n' });
    assert.equal((await run(fs, ['sh', '-c', 'if test -d /tmp; then echo dir; else echo no; fi'])).out, 'dir\n');
    assert.equal((await run(fs, ['sh', '-c', 'false || echo recovered && hostname'])).out, 'recovered\npod-a\n');
    assert.equal((await run(fs, ['cat'], 'from stdin')).out, 'from stdin');
    assert.match((await run(fs, ['ls', '/'])).out, /^bin\ndev\netc\nhome\n/);
    const missing = await run(fs, ['cat', '/nope']);
    assert.deepEqual([missing.code, missing.err], [1, "cat: can't open '/nope': No such file or directory\n"]);
    assert.equal((await run(fs, ['sh', '-c', 'nosuch'])).code, 127);
    assert.equal((await run(fs, ['sh', '-c', 'echo "unterminated'])).code, 2);
  } finally { fs.remove(); }
});

test('paths never leave the container root', () => {
  const fs = RootFs.create('pod-b');
  try {
    assert.equal(fs.host('/../../etc/passwd'), `${fs.root}/etc/passwd`);
    assert.equal(fs.host('../x', '/tmp'), `${fs.root}/x`);
  } finally { fs.remove(); }
});

test('tar archives and extracts inside the container (kubectl cp)', async () => {
  const fs = RootFs.create('pod-c');
  try {
    await run(fs, ['sh', '-c', 'mkdir -p /data/sub && echo payload > /data/sub/f']);
    const out: Buffer[] = [];
    const w = new Writable({ write(c: Buffer, _e, cb) { out.push(c); cb(); } });
    const ctx: ShellContext = { fs, cwd: '/', env: {}, hostname: 'pod-c', signal: new AbortController().signal, status: 0 };
    assert.equal(await runArgv(['tar', 'cf', '-', '/data'], { stdout: w, stderr: sink().w }, ctx), 0);
    await run(fs, ['mkdir', '/restore']);
    const x = await runArgv(['tar', 'xmf', '-', '-C', '/restore'], { stdin: new PassThrough().end(Buffer.concat(out)), stdout: sink().w, stderr: sink().w }, ctx);
    assert.equal(x, 0);
    assert.equal((await run(fs, ['cat', '/restore/data/sub/f'])).out, 'payload\n');
  } finally { fs.remove(); }
});
