import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostsTomls, writeRegistryHosts } from './registries.ts';
import { keyHost, registryOf } from '../../kubelet/pull-secrets.ts';

test('registries.yaml mirrors and configs become containerd hosts.toml files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-reg-'));
  try {
    writeFileSync(join(dir, 'registries.yaml'), 'mirrors:\n  docker.io:\n    endpoint: ["http://127.0.0.1:5000"]\nconfigs:\n  "127.0.0.1:5000":\n    auth: {username: u, password: p}\n    tls: {insecure_skip_verify: true}\n');
    assert.equal(await writeRegistryHosts(join(dir, 'registries.yaml'), join(dir, 'certs.d')), 2);
    const docker = readFileSync(join(dir, 'certs.d/docker.io/hosts.toml'), 'utf8');
    assert.match(docker, /^server = "https:\/\/registry-1\.docker\.io"$/m);
    assert.match(docker, /^\[host\."http:\/\/127\.0\.0\.1:5000"\]\n {2}capabilities = \["pull", "resolve"\]\n {2}skip_verify = true\n {2}\[host\."http:\/\/127\.0\.0\.1:5000"\.header\]\n {4}Authorization = \["Basic dTpw"\]$/m);
    assert.match(readFileSync(join(dir, 'certs.d/127.0.0.1:5000/hosts.toml'), 'utf8'), /^server = "https:\/\/127\.0\.0\.1:5000"$/m);
    assert.equal(await writeRegistryHosts(join(dir, 'missing.yaml'), join(dir, 'certs.d')), 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(hostsTomls({ mirrors: { '*': { endpoint: ['http://x'] } } }).size, 0);
});

test('pull secrets match the image registry as upstream keyrings do', () => {
  assert.equal(registryOf('busybox'), 'docker.io');
  assert.equal(registryOf('library/busybox:1'), 'docker.io');
  assert.equal(registryOf('127.0.0.1:5000/busybox:1'), '127.0.0.1:5000');
  assert.equal(registryOf('k8ts.local/busybox:1.35'), 'k8ts.local');
  assert.equal(keyHost('https://index.docker.io/v1/'), 'docker.io');
  assert.equal(keyHost('127.0.0.1:5000'), '127.0.0.1:5000');
});
