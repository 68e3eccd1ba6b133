import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeTimers } from '../node/testing/fake-timers.ts';
import { nullLogger } from '../base/logger.ts';
import { createCa, issueLeaf, type CertKeyPair } from './cert-issue.ts';
import { KubeletServingCertManager, type ServingCertManagerConfig } from './kubelet-serving-manager.ts';
import { checkServingCert, loadServingCert, rotationTime, saveServingCert, servingCertPath } from './kubelet-serving-store.ts';
import { x509 } from './x509.ts';

const DAY = 24 * 3600 * 1000;

/** Key generation and signature checks take real time: wait (in real time) until `cond` holds. */
async function settle(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
}
const samePair = (a: CertKeyPair | undefined, b: CertKeyPair | undefined) => a?.certPem.trim() === b?.certPem.trim() && a?.keyPem.trim() === b?.keyPem.trim();
const NAMES = { dnsNames: ['n1'], ips: ['127.0.0.1'] };

async function setup(t: { after(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-serving-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const ca = await createCa({ cn: 'ca', days: 3650, usage: 'ca' });
  const timers = new FakeTimers();
  const issue = (ips = NAMES.ips, days = 10) => issueLeaf(ca, { cn: 'system:node:n1', orgs: ['system:nodes'], usage: 'server', days, dnsNames: NAMES.dnsNames, ips, now: timers.clock.now() });
  const issued: CertKeyPair[] = [];
  const requests: number[] = [];
  let fail = 0;
  const manager = (over: Partial<ServingCertManagerConfig> = {}) => new KubeletServingCertManager({
    conn: { server: 'https://127.0.0.1:1', caPem: ca.certPem }, nodeName: 'n1', names: NAMES, dataDir: dir, logger: nullLogger,
    clock: timers.clock, timers, onCertificate: (p) => issued.push(p), retryMs: 1000,
    request: async () => {
      requests.push(timers.clock.now());
      if (fail > 0) { fail--; throw new Error('not approved yet'); }
      return issue();
    },
    ...over,
  });
  return { dir, ca, timers, issue, issued, requests, manager, failNext: (n: number) => { fail = n; } };
}

test('without a stored certificate one is requested, stored (0600) and handed over, then renewed at 80% of its lifetime', async (t) => {
  const s = await setup(t);
  const m = s.manager();
  assert.equal(await m.current(), undefined);
  const start = s.timers.clock.now();
  m.start();
  await s.timers.advance(0);
  await settle(() => s.issued.length === 1);
  assert.equal(s.requests.length, 1);
  assert.equal(s.issued.length, 1);
  const stored = loadServingCert(servingCertPath(s.dir));
  assert.ok(samePair(stored, s.issued[0]));
  assert.equal(statSync(servingCertPath(s.dir)).mode & 0o777, 0o600);
  const cert = new x509.X509Certificate(stored!.certPem);
  const due = rotationTime(cert.notBefore.getTime(), cert.notAfter.getTime());
  assert.ok(due > start + 7 * DAY && due < start + 9 * DAY);
  await s.timers.advance(due - s.timers.clock.now() - 1000);
  assert.equal(s.requests.length, 1, 'not renewed before 80%');
  await s.timers.advance(2000);
  await settle(() => s.issued.length === 2);
  assert.equal(s.requests.length, 2, 'renewed at 80%');
  assert.equal(s.issued.length, 2);
  await m.stop();
});

test('a restart reuses a stored certificate that is still usable, and renews it when due', async (t) => {
  const s = await setup(t);
  const pair = await s.issue();
  saveServingCert(servingCertPath(s.dir), pair);
  const m = s.manager();
  assert.ok(samePair(await m.current(), pair));
  m.start();
  await s.timers.advance(7 * DAY);
  assert.equal(s.requests.length, 0);
  await s.timers.advance(2 * DAY);
  assert.equal(s.requests.length, 1);
  await m.stop();
});

test('a year-long certificate is waited for in timer-sized steps', async (t) => {
  const s = await setup(t);
  saveServingCert(servingCertPath(s.dir), await s.issue(NAMES.ips, 365));
  const m = s.manager();
  assert.ok(await m.current());
  m.start();
  await s.timers.advance(250 * DAY);
  assert.equal(s.requests.length, 0, 'no renewal long before 80% (setTimeout would fire at once beyond 2^31 ms)');
  await s.timers.advance(50 * DAY);
  assert.equal(s.requests.length, 1);
  await m.stop();
});

test('a stored certificate that does not fit is not used: other IP, expired, other CA, foreign key', async (t) => {
  const s = await setup(t);
  const now = s.timers.clock.now();
  const other = await s.issue(['10.9.9.9']);
  assert.match(JSON.stringify(await checkServingCert(other, NAMES, s.ca.certPem, now)), /does not cover 127\.0\.0\.1/);
  const good = await s.issue();
  assert.match(JSON.stringify(await checkServingCert(good, NAMES, s.ca.certPem, now + 11 * DAY)), /expired/);
  const otherCa = await createCa({ cn: 'other', days: 10, usage: 'ca' });
  assert.match(JSON.stringify(await checkServingCert(good, NAMES, otherCa.certPem, now)), /not signed by the cluster CA/);
  assert.match(JSON.stringify(await checkServingCert({ certPem: good.certPem, keyPem: other.keyPem }, NAMES, s.ca.certPem, now)), /key does not match/);
  saveServingCert(servingCertPath(s.dir), other);
  assert.equal(await s.manager().current(), undefined);
});

test('failed requests are retried with back-off; stop ends the loop', async (t) => {
  const s = await setup(t);
  s.failNext(2);
  const m = s.manager();
  m.start();
  await s.timers.advance(0);
  await settle(() => s.timers.size === 1);
  assert.equal(s.requests.length, 1);
  await s.timers.advance(999);
  assert.equal(s.requests.length, 1);
  await s.timers.advance(1);
  await settle(() => s.timers.size === 1);
  assert.equal(s.requests.length, 2, 'first retry after 1 s');
  await s.timers.advance(1999);
  assert.equal(s.requests.length, 2);
  await s.timers.advance(1);
  await settle(() => s.issued.length === 1);
  assert.equal(s.requests.length, 3, 'second retry after 2 s more');
  assert.equal(s.issued.length, 1);
  await m.stop();
  assert.equal(s.timers.size, 0, 'no timer left after stop');
});

test('stop abandons a request that is still waiting for approval', async (t) => {
  const s = await setup(t);
  let aborted = false;
  const m = s.manager({
    request: (signal) => new Promise((_r, reject) => signal.addEventListener('abort', () => { aborted = true; reject(signal.reason); })),
  });
  m.start();
  await s.timers.advance(0);
  await m.stop();
  assert.ok(aborted);
  assert.equal(s.issued.length, 0);
  assert.equal(s.timers.size, 0);
});
