/**
 * Integration: bin/k8ts init with the real store and API server, driven by
 * the real kubectl; restart on the same data dir reuses PKI and token.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/k8ts', import.meta.url));
const run = promisify(execFile);

/** Start init; resolve with its join line once ready, and a stop() that sends SIGTERM and returns the exit code. */
function startInit(dir: string): Promise<{ join: string; out: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(BIN, ['init', '--control-plane-only', '--data-dir', dir, '--port', '0', '--bind-address', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`init not ready in 60s:\n${out}\n${err.slice(-2000)}`)); }, 60_000);
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`init exited ${code}:\n${out}\n${err.slice(-2000)}`)); });
    child.stdout.on('data', () => {
      const m = /^ {2}(k8ts join .*)$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({ join: m[1]!, out: () => out, stop: () => { child.kill('SIGTERM'); return exited; } });
    });
  });
}

test('k8ts init serves kubectl, keeps its PKI and token across restarts, and stops on SIGTERM', { timeout: 150_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-init-real-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const first = await startInit(dir);
  const kc = join(dir, 'admin.conf');
  assert.match(first.join, /^k8ts join \S+:\d+ --token [a-z0-9]{6}\.[a-z0-9]{16} --discovery-token-ca-cert-hash sha256:[0-9a-f]{64}$/);
  assert.ok(first.out().includes(`export KUBECONFIG=${kc}`));
  const port = /:(\d+) --token/.exec(first.join)![1];
  assert.match(readFileSync(kc, 'utf8'), new RegExp(`server: https://127\\.0\\.0\\.1:${port}`));
  const ns = (await run('kubectl', ['--kubeconfig', kc, 'get', 'namespaces', '-o', 'name'])).stdout;
  assert.match(ns, /namespace\/kube-system/);
  const secrets = (await run('kubectl', ['--kubeconfig', kc, 'get', 'secrets', '-n', 'kube-system', '--field-selector', 'type=bootstrap.kubernetes.io/token', '-o', 'name'])).stdout;
  const token = /--token ([a-z0-9]{6})\./.exec(first.join)![1];
  assert.equal(secrets.trim(), `secret/bootstrap-token-${token}`);
  const env = { ...process.env, K8TS_DATA_DIR: dir };
  assert.match((await run(BIN, ['version'], { env })).stdout, /Server Version: v1\.32\.0-k8ts/);
  assert.equal(await first.stop(), 0);
  assert.match(first.out(), /\[shutdown\] stopped/);

  const caBefore = readFileSync(join(dir, 'pki', 'ca.crt'), 'utf8');
  const second = await startInit(dir);
  try {
    const sameToken = /--token (\S+) /.exec(second.join)![1];
    assert.equal(sameToken, /--token (\S+) /.exec(first.join)![1], 'the bootstrap token is reused');
    assert.equal(/sha256:\w+/.exec(second.join)![0], /sha256:\w+/.exec(first.join)![0], 'the CA is reused');
    assert.equal(readFileSync(join(dir, 'pki', 'ca.crt'), 'utf8'), caBefore);
    const list = (await run(BIN, ['token', 'list'], { env })).stdout;
    assert.equal(list.trim().split('\n').length, 2, list);
  } finally {
    assert.equal(await second.stop(), 0);
  }
});
