import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKubeconfig, writeKubeconfig } from '../cluster/kubeconfig.ts';

const BIN = fileURLToPath(new URL('../../bin/k8ts', import.meta.url));
const k8ts = (args: string[], cwd = tmpdir()) => {
  const r = spawnSync(BIN, args, { cwd, encoding: 'utf8', env: { ...process.env, K8TS_DATA_DIR: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('k8ts --help lists every command; no command is a usage error', () => {
  const r = k8ts(['--help']);
  assert.equal(r.code, 0);
  for (const c of ['init', 'join', 'token', 'kubectl', 'reset', 'version']) assert.match(r.out, new RegExp(`^  ${c} `, 'm'));
  const none = k8ts([]);
  assert.equal(none.code, 2);
  assert.match(none.err, /no command given/);
  const bad = k8ts(['frobnicate']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /unknown command "frobnicate"/);
});

for (const [cmd, words] of Object.entries({
  init: ['--data-dir', '--port', '--bind-address', '--advertise-address', '--pod-network-cidr', '--service-cidr',
    '--node-name', '--runtime', '--control-plane-only', '--datastore', '(default "6443")', '(default "/var/lib/k8ts")'],
  join: ['<host>:<port>', '--token', '--discovery-token-ca-cert-hash', '--node-name', '--runtime'],
  token: ['create', 'list', 'delete', '--ttl', '--print-join-command', '(default "24h")'],
  reset: ['containers, CNI', '--data-dir'],
  version: ['--output', '--data-dir'],
})) {
  test(`k8ts ${cmd} --help prints its usage and flags; unknown flags exit 2`, () => {
    const r = k8ts([cmd, '--help']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`k8ts ${cmd}`));
    for (const w of words) assert.ok(r.out.includes(w), `"${w}" missing from ${cmd} help`);
    assert.equal(k8ts(['help', cmd]).out, r.out);
    const bad = k8ts([cmd, '--no-such-flag']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /unknown flag: --no-such-flag/);
    assert.match(bad.err, /Usage:/);
  });
}

test('k8ts help kubectl explains the passthrough', () => {
  const r = k8ts(['help', 'kubectl']);
  assert.equal(r.code, 0);
  assert.match(r.out, /k8ts kubectl \[--data-dir DIR\] <kubectl arguments\.\.\.>/);
});

test('join refuses a malformed pin or token with exit code 2; reset of a data dir without node state does nothing', () => {
  const j = k8ts(['join', '10.0.0.1:6443', '--token', 'abcdef.0123456789abcdef', '--discovery-token-ca-cert-hash', 'sha256:00']);
  assert.equal(j.code, 2);
  assert.match(j.err, /invalid --discovery-token-ca-cert-hash "sha256:00"/);
  const t = k8ts(['join', '10.0.0.1:6443', '--token', 'nope', '--discovery-token-ca-cert-hash', `sha256:${'0'.repeat(64)}`]);
  assert.equal(t.code, 2);
  assert.match(t.err, /was not of the form/);
  const empty = mkdtempSync(join(tmpdir(), 'k8ts-reset-'));
  const r = k8ts(['reset', '--data-dir', empty]);
  rmSync(empty, { recursive: true, force: true });
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /\[reset\] nothing to do: no node state under /);
});

test('init rejects bad flag values with exit 2 before touching anything', () => {
  for (const [args, msg] of [
    [['--port', 'abc'], /invalid --port "abc"/],
    [['--port', '70000'], /invalid --port/],
    [['--runtime', 'docker'], /invalid --runtime "docker": expected containerd or fake/],
    [['--service-cidr', '10.43.0.0'], /invalid --service-cidr/],
    [['--advertise-address', 'example.com'], /invalid --advertise-address/],
    [['--datastore', 'mysql://x'], /invalid --datastore/],
    [['--port'], /flag needs an argument: --port/],
    [['extra'], /unexpected argument "extra"/],
  ] as const) {
    const r = k8ts(['init', '--data-dir', '/nonexistent/never', ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, msg);
  }
});

test('version prints the client version; with an unreachable cluster it says so and exits 1', (t) => {
  const r = k8ts(['version', '--data-dir', '/nonexistent']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^Client Version: v1\.32\.0-k8ts \(k8ts \d+\.\d+\.\d+\)$/m);
  const j = JSON.parse(k8ts(['version', '--data-dir', '/nonexistent', '--output', 'json']).out);
  assert.equal(j.clientVersion.gitVersion, 'v1.32.0-k8ts');
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeKubeconfig(join(dir, 'admin.conf'), buildKubeconfig({ server: 'https://127.0.0.1:1', caPem: 'x', clientCertPem: 'x', clientKeyPem: 'x' }));
  const down = k8ts(['version', '--data-dir', dir]);
  assert.equal(down.code, 1);
  assert.match(down.out, /Client Version/);
  assert.match(down.err, /cannot get the server version/);
});

test('k8ts kubectl runs the real kubectl with DIR/admin.conf and passes the exit code through', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const missing = k8ts(['kubectl', '--data-dir', dir, 'get', 'pods']);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /no admin kubeconfig at .*admin\.conf; start a cluster with "k8ts init/);
  writeKubeconfig(join(dir, 'admin.conf'), buildKubeconfig({ server: 'https://127.0.0.1:1', caPem: 'x', clientCertPem: 'x', clientKeyPem: 'x' }));
  const ok = k8ts(['kubectl', '--data-dir', dir, 'config', 'current-context']);
  assert.equal(ok.code, 0, ok.err);
  assert.equal(ok.out.trim(), 'kubernetes-admin@k8ts');
  const fail = k8ts(['kubectl', `--data-dir=${dir}`, 'config', 'use-context', 'nope']);
  assert.equal(fail.code, 1);
  assert.match(fail.err, /no context exists with the name: "nope"/);
});

test('bin/k8ts works through a symlink from another directory', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  symlinkSync(BIN, join(dir, 'k8ts'));
  const r = spawnSync(join(dir, 'k8ts'), ['version', '--data-dir', '/nonexistent'], { cwd: '/', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Client Version/);
});
