import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { ensurePki, caCertHash, issueClientCert } from './pki.ts';
import { firstIp } from './cidr.ts';

const opts = (dir: string, advertiseAddress = '192.0.2.10') => ({
  pkiDir: join(dir, 'pki'), advertiseAddress, serviceCIDR: '10.43.0.0/16', hostname: 'node-a',
});

test('ensurePki creates a CA that signs the serving and admin certificates', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-pki-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pki = await ensurePki(opts(dir));
  const ca = new X509Certificate(pki.ca.certPem);
  const server = new X509Certificate(pki.apiserver.certPem);
  const admin = new X509Certificate(pki.admin.certPem);
  assert.equal(ca.subject, 'CN=k8ts-ca');
  assert.ok(ca.ca, 'CA certificate has basicConstraints CA:TRUE');
  assert.ok(ca.verify(ca.publicKey), 'CA is self-signed');
  assert.ok(server.verify(ca.publicKey), 'serving cert is signed by the CA');
  assert.ok(admin.verify(ca.publicKey), 'admin cert is signed by the CA');
  assert.ok(server.checkIssued(ca));
  assert.ok(!server.ca);
  // CA ~10 years, leaves ~1 year
  const years = (c: X509Certificate) => (Date.parse(c.validTo) - Date.now()) / (365 * 86400e3);
  assert.ok(years(ca) > 9.9 && years(ca) < 10.1);
  assert.ok(years(server) > 0.9 && years(server) < 1.1);

  const sans = server.subjectAltName ?? '';
  for (const want of ['DNS:localhost', 'DNS:node-a', 'DNS:kubernetes', 'DNS:kubernetes.default',
    'DNS:kubernetes.default.svc', 'DNS:kubernetes.default.svc.cluster.local',
    'IP Address:127.0.0.1', 'IP Address:192.0.2.10', 'IP Address:10.43.0.1']) {
    assert.ok(sans.includes(want), `SAN ${want} missing from ${sans}`);
  }
  assert.ok(server.checkIP('::1'), 'IPv6 loopback SAN');
  assert.ok(server.checkHost('kubernetes.default.svc.cluster.local'));

  assert.match(admin.subject, /O=system:masters/);
  assert.match(admin.subject, /CN=kubernetes-admin/);
  assert.ok(admin.keyUsage?.includes('1.3.6.1.5.5.7.3.2'), 'admin cert is for client auth');
  assert.ok(server.keyUsage?.includes('1.3.6.1.5.5.7.3.1'), 'serving cert is for server auth');
  // The key really belongs to the certificate.
  assert.ok(admin.checkPrivateKey((await import('node:crypto')).createPrivateKey(pki.admin.keyPem)));

  for (const f of ['ca.key', 'apiserver.key', 'admin.key', 'sa.key']) {
    assert.equal(statSync(join(dir, 'pki', f)).mode & 0o777, 0o600, `${f} mode`);
  }
  assert.match(pki.sa.pubPem, /BEGIN PUBLIC KEY/);
});

test('ensurePki reuses existing files and re-issues the serving cert only when SANs change', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-pki-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const first = await ensurePki(opts(dir));
  const second = await ensurePki(opts(dir));
  assert.deepEqual(second, first);
  const third = await ensurePki(opts(dir, '198.51.100.7'));
  assert.equal(third.ca.certPem, first.ca.certPem, 'the CA is never replaced');
  assert.equal(third.admin.certPem, first.admin.certPem);
  assert.notEqual(third.apiserver.certPem, first.apiserver.certPem);
  assert.ok(new X509Certificate(third.apiserver.certPem).checkIP('198.51.100.7'));
  assert.equal(readFileSync(join(dir, 'pki', 'apiserver.crt'), 'utf8'), third.apiserver.certPem);
});

test('caCertHash matches openssl over the SubjectPublicKeyInfo DER', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-pki-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pki = await ensurePki(opts(dir));
  const crt = join(dir, 'pki', 'ca.crt');
  const out = execSync(`openssl x509 -in '${crt}' -pubkey -noout | openssl pkey -pubin -outform der | sha256sum`).toString();
  assert.equal(caCertHash(pki.ca.certPem), `sha256:${out.split(' ')[0]}`);
  assert.match(caCertHash(pki.ca.certPem), /^sha256:[0-9a-f]{64}$/);
});

test('issueClientCert issues a CA-signed client cert with the given groups', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-pki-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pki = await ensurePki(opts(dir));
  const c = await issueClientCert(pki.ca, { cn: 'system:node:n1', orgs: ['system:nodes', 'extra'], days: 30 });
  const x = new X509Certificate(c.certPem);
  assert.ok(x.verify(new X509Certificate(pki.ca.certPem).publicKey));
  assert.match(x.subject, /CN=system:node:n1/);
  assert.match(x.subject, /O=system:nodes/);
  assert.match(x.subject, /O=extra/);
  const days = (Date.parse(x.validTo) - Date.now()) / 86400e3;
  assert.ok(days > 29 && days < 31);
  // openssl agrees the chain verifies
  const leaf = join(dir, 'leaf.crt');
  writeFileSync(leaf, c.certPem);
  execSync(`openssl verify -CAfile '${join(dir, 'pki', 'ca.crt')}' '${leaf}'`, { stdio: 'pipe' });
});

test('firstIp of service CIDRs', () => {
  assert.equal(firstIp('10.43.0.0/16'), '10.43.0.1');
  assert.equal(firstIp('10.96.5.7/12'), '10.96.0.1');
  assert.equal(firstIp('fd00:10:96::/112'), 'fd00:10:96::1');
  assert.throws(() => firstIp('10.43.0.0'), /invalid CIDR/);
});
