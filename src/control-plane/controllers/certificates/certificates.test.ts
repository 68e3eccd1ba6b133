import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCa } from '../../../cluster/cert-issue.ts';
import { x509 } from '../../../cluster/x509.ts';
import { nodeClientRequest } from '../../../cluster/join-tls-bootstrap.ts';
import type { KObject } from '../../../api/types.ts';
import { shouldAutoApprove } from './approver.ts';
import { signRequest } from './signer.ts';
import { isApproved, KUBELET_CLIENT_SIGNER } from './csr.ts';

async function csr(spec: Record<string, unknown>, node = 'n1'): Promise<KObject> {
  const { csrPem } = await nodeClientRequest(node);
  return {
    metadata: { name: 'c' },
    spec: { request: Buffer.from(csrPem).toString('base64'), signerName: KUBELET_CLIENT_SIGNER, usages: ['digital signature', 'client auth'], ...spec },
  };
}

test('bootstrap CSRs and self renewals are auto-approved; others are not', async () => {
  assert.ok(shouldAutoApprove(await csr({ username: 'system:bootstrap:abcdef', groups: ['system:bootstrappers', 'system:authenticated'] })));
  assert.ok(shouldAutoApprove(await csr({ username: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] })));
  assert.ok(!shouldAutoApprove(await csr({ username: 'system:node:n2', groups: ['system:nodes'] })), 'another node\'s name');
  assert.ok(!shouldAutoApprove(await csr({ username: 'alice', groups: ['system:authenticated'] })));
  assert.ok(!shouldAutoApprove(await csr({ groups: ['system:bootstrappers'], usages: ['server auth'] })), 'serving usage');
  assert.ok(!shouldAutoApprove(await csr({ groups: ['system:bootstrappers'], signerName: 'kubernetes.io/kube-apiserver-client' })));
  const approved = await csr({ groups: ['system:bootstrappers'] });
  approved.status = { conditions: [{ type: 'Approved', status: 'True' }] };
  assert.ok(isApproved(approved));
  assert.ok(!shouldAutoApprove(approved), 'already approved');
});

test('the signer issues a client certificate for the requested subject, signed by the CA', async () => {
  const ca = await createCa({ cn: 'test-ca', days: 10, usage: 'ca' });
  const now = Date.now();
  const pem = await signRequest(await csr({ expirationSeconds: 3600 }), ca.certPem, ca.keyPem, now);
  const cert = new x509.X509Certificate(pem);
  assert.match(cert.subject, /CN=system:node:n1/);
  assert.match(cert.subject, /O=system:nodes/);
  assert.ok(await cert.verify({ publicKey: new x509.X509Certificate(ca.certPem).publicKey }));
  assert.ok(Math.abs(cert.notAfter.getTime() - (now + 3_600_000)) < 2000);
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
  assert.deepEqual([...(eku?.usages ?? [])], [x509.ExtendedKeyUsage.clientAuth]);
});
