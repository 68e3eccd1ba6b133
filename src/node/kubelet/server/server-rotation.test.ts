import { test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { X509Certificate } from 'node:crypto';
import { createCa, issueLeaf, type CertKeyPair } from '../../../cluster/cert-issue.ts';
import { nullLogger } from '../../../base/logger.ts';
import { FakeRuntime } from '../../runtime/fake/fake-runtime.ts';
import { startKubeletServer } from './server.ts';

function get(port: number, ca: CertKeyPair, client: CertKeyPair, path = '/healthz'): Promise<{ status: number; body: string; serial: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', port, path, ca: ca.certPem, cert: client.certPem, key: client.keyPem, agent: false }, (res) => {
      let body = '';
      const serial = (res.socket as import('node:tls').TLSSocket).getPeerCertificate().serialNumber;
      res.on('data', (c: Buffer) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, serial }));
    });
    req.on('error', reject);
  });
}

test('serverTLSBootstrap: the server listens without a certificate, then serves each one it is handed', async () => {
  const ca = await createCa({ cn: 'ca', days: 1, usage: 'ca' });
  const client = await issueLeaf(ca, { cn: 'kube-apiserver-kubelet-client', orgs: ['system:masters'], days: 1, usage: 'client' });
  const rt = new FakeRuntime({ podCIDR: '10.1.0.0/24' });
  let swap: ((cert: string, key: string) => void) | undefined;
  const server = await startKubeletServer({
    port: 0, bindAddress: '127.0.0.1', tls: { clientCA: ca.certPem, rotation: (s) => { swap = s; } }, runtime: rt, logger: nullLogger,
    getPod: () => undefined, listPods: () => [],
  });
  try {
    await assert.rejects(get(server.port, ca, client), /handshake|alert|socket/i, 'no certificate yet: the handshake fails');
    assert.ok(swap);
    const first = await issueLeaf(ca, { cn: 'system:node:n1', orgs: ['system:nodes'], days: 1, usage: 'server', ips: ['127.0.0.1'] });
    swap(first.certPem, first.keyPem);
    const a = await get(server.port, ca, client);
    assert.equal(a.body, 'ok');
    assert.equal(a.serial, new X509Certificate(first.certPem).serialNumber);
    // Client certificates are still required and checked against the cluster CA under the new context.
    assert.equal((await get(server.port, ca, client, '/pods')).status, 200);
    const stranger = await issueLeaf(ca, { cn: 'someone', days: 1, usage: 'client' });
    assert.equal((await get(server.port, ca, stranger, '/pods')).status, 403);
    const second = await issueLeaf(ca, { cn: 'system:node:n1', orgs: ['system:nodes'], days: 1, usage: 'server', ips: ['127.0.0.1'] });
    swap(second.certPem, second.keyPem);
    const b = await get(server.port, ca, client);
    assert.equal(b.serial, new X509Certificate(second.certPem).serialNumber, 'new connections get the rotated certificate');
  } finally {
    await server.close();
    await rt.close();
  }
});
