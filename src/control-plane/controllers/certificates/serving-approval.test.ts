import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { createCa, generateKeyPair } from '../../../cluster/cert-issue.ts';
import { x509 } from '../../../cluster/x509.ts';
import { kubeletServingRequest, KUBELET_SERVING_USAGES } from '../../../cluster/kubelet-serving-request.ts';
import type { KObject } from '../../../api/types.ts';
import { autoApprovalMessage, shouldAutoApprove, type NodeGetter } from './approver.ts';
import { kubeletServingRefusal } from './serving-approval.ts';
import { signRequest, signerRefusal } from './signer.ts';
import { parseRequest, KUBELET_SERVING_SIGNER } from './csr.ts';

const NODE_USER = { username: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] };

function node(name: string, addresses: { type: string; address: string }[]): KObject {
  return { metadata: { name }, status: { addresses } };
}
const N1 = node('n1', [{ type: 'InternalIP', address: '10.0.0.5' }, { type: 'Hostname', address: 'n1' }]);
const nodes = (...list: KObject[]): NodeGetter => (name) => list.find((n) => n.metadata.name === name);

function csrObject(csrPem: string, spec: Record<string, unknown> = {}): KObject {
  return {
    metadata: { name: 'csr-x' },
    spec: { request: Buffer.from(csrPem).toString('base64'), signerName: KUBELET_SERVING_SIGNER, usages: KUBELET_SERVING_USAGES, ...NODE_USER, ...spec },
  };
}

async function servingCsr(spec: Record<string, unknown> = {}, o: { cn?: string; dns?: string[]; ips?: string[] } = {}): Promise<KObject> {
  const { csrPem } = await kubeletServingRequest(o.cn ?? 'n1', { dnsNames: o.dns ?? ['n1'], ips: o.ips ?? ['10.0.0.5'] });
  return csrObject(csrPem, spec);
}

/** A request the kubelet would never make: custom subject and SANs (email, no SANs, other O). */
async function customCsr(name: x509.JsonName, sans: x509.JsonGeneralNames | undefined, spec: Record<string, unknown> = {}): Promise<KObject> {
  const keys = await generateKeyPair();
  const req = await x509.Pkcs10CertificateRequestGenerator.create({
    name, keys: keys as unknown as webcrypto.CryptoKeyPair, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: sans ? [new x509.SubjectAlternativeNameExtension(sans)] : [],
  });
  return csrObject(req.toString('pem'), spec);
}

const refusal = (csr: KObject, n?: KObject) => kubeletServingRefusal(csr, parseRequest(csr)!, n);

test('a node\'s serving CSR for its own name and status addresses is approved', async () => {
  const csr = await servingCsr();
  assert.equal(refusal(csr, N1), undefined);
  assert.match(autoApprovalMessage(csr, nodes(N1)) ?? '', /kubelet serving certificate/);
  // RSA-style usages (with key encipherment) are upstream's other accepted set.
  assert.ok(shouldAutoApprove(await servingCsr({ usages: ['digital signature', 'key encipherment', 'server auth'] }), nodes(N1)));
  // Only the name, before the Node exists: nothing it could not claim.
  assert.ok(shouldAutoApprove(await servingCsr({}, { ips: [] }), nodes()));
  // ExternalIP and InternalDNS addresses count too.
  const multi = node('n1', [{ type: 'InternalIP', address: '10.0.0.5' }, { type: 'ExternalIP', address: '203.0.113.9' }, { type: 'InternalDNS', address: 'n1.internal' }]);
  assert.ok(shouldAutoApprove(await servingCsr({}, { dns: ['n1', 'n1.internal'], ips: ['10.0.0.5', '203.0.113.9'] }), nodes(multi)));
});

test('IPv6 SANs match the node\'s addresses however they are written', async () => {
  const v6 = node('n1', [{ type: 'InternalIP', address: 'fd00:0:0::5' }]);
  assert.equal(refusal(await servingCsr({}, { ips: ['fd00::5'] }), v6), undefined);
});

test('IP SANs wait for the Node: refused while it does not exist or lacks the address', async () => {
  const csr = await servingCsr();
  assert.match(refusal(csr, undefined) ?? '', /10\.0\.0\.5.*does not exist yet/);
  assert.ok(!shouldAutoApprove(csr, nodes()));
  assert.match(refusal(csr, node('n1', [{ type: 'InternalIP', address: '10.0.0.6' }])) ?? '', /not among/);
});

test('foreign SANs are refused', async () => {
  assert.match(refusal(await servingCsr({}, { dns: ['n1', 'kubernetes.default.svc'] }), N1) ?? '', /kubernetes\.default\.svc/);
  assert.match(refusal(await servingCsr({}, { dns: ['n2'] }), N1) ?? '', /n2/);
  assert.match(refusal(await servingCsr({}, { ips: ['10.0.0.5', '10.0.0.1'] }), N1) ?? '', /10\.0\.0\.1/);
  // Another node's address is foreign even if that node exists.
  const n2 = node('n2', [{ type: 'InternalIP', address: '10.0.0.7' }]);
  assert.ok(!shouldAutoApprove(await servingCsr({}, { ips: ['10.0.0.7'] }), nodes(N1, n2)));
});

test('a wrong subject is refused: another node\'s CN, wrong organization, no or non-DNS/IP SANs', async () => {
  assert.match(refusal(await servingCsr({}, { cn: 'n2' }), N1) ?? '', /common name system:node:n2 is not the requester system:node:n1/);
  assert.match(refusal(await customCsr([{ O: ['system:masters'] }, { CN: ['system:node:n1'] }], [{ type: 'dns', value: 'n1' }]), N1) ?? '', /organization/);
  assert.match(refusal(await customCsr([{ O: ['system:nodes'] }, { CN: ['system:node:n1'] }], undefined), N1) ?? '', /DNS or IP subjectAltName is required/);
  assert.match(refusal(await customCsr([{ O: ['system:nodes'] }, { CN: ['system:node:n1'] }], [{ type: 'dns', value: 'n1' }, { type: 'email', value: 'a@b.c' }]), N1) ?? '', /other than DNS and IP/);
  assert.match(refusal(await customCsr([{ O: ['system:nodes'] }, { CN: ['n1'] }], [{ type: 'dns', value: 'n1' }]), N1) ?? '', /does not begin with system:node:/);
});

test('wrong usages are refused', async () => {
  for (const usages of [['digital signature', 'server auth', 'client auth'], ['server auth'], ['digital signature', 'client auth'], ['digital signature', 'key encipherment', 'server auth', 'server auth', 'code signing']]) {
    assert.match(refusal(await servingCsr({ usages }), N1) ?? '', /usages did not match/, usages.join(','));
  }
});

test('a requester other than the node itself is refused', async () => {
  assert.match(refusal(await servingCsr({ username: 'system:node:n2' }), N1) ?? '', /is not the requester/);
  assert.match(refusal(await servingCsr({ username: 'alice', groups: ['system:authenticated'] }), N1) ?? '', /not a node/);
  assert.match(refusal(await servingCsr({ username: 'system:bootstrap:abcdef', groups: ['system:bootstrappers', 'system:authenticated'] }), N1) ?? '', /not a node/);
  assert.match(refusal(await servingCsr({ groups: ['system:authenticated'] }), N1) ?? '', /not in group system:nodes/);
  // Even system:masters may not have its serving CSR auto-approved: only the node itself.
  assert.ok(!shouldAutoApprove(await servingCsr({ username: 'kubernetes-admin', groups: ['system:masters'] }), nodes(N1)));
});

test('decided CSRs are left alone', async () => {
  const approved = await servingCsr();
  approved.status = { conditions: [{ type: 'Approved', status: 'True' }] };
  assert.ok(!shouldAutoApprove(approved, nodes(N1)));
  const denied = await servingCsr();
  denied.status = { conditions: [{ type: 'Denied', status: 'True' }] };
  assert.ok(!shouldAutoApprove(denied, nodes(N1)));
});

test('the signer issues a serving certificate with serverAuth and the requested SANs, and refuses other shapes', async () => {
  const ca = await createCa({ cn: 'test-ca', days: 10, usage: 'ca' });
  const csr = await servingCsr();
  assert.equal(signerRefusal(csr), undefined);
  const cert = new x509.X509Certificate(await signRequest(csr, ca.certPem, ca.keyPem, Date.now()));
  assert.match(cert.subject, /CN=system:node:n1/);
  assert.ok(await cert.verify({ publicKey: new x509.X509Certificate(ca.certPem).publicKey, signatureOnly: true }));
  assert.deepEqual([...(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [])], [x509.ExtendedKeyUsage.serverAuth]);
  assert.equal(cert.getExtension(x509.KeyUsagesExtension)?.usages, x509.KeyUsageFlags.digitalSignature);
  const sans = cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.items.map((n) => `${n.type}:${n.value}`);
  assert.deepEqual(sans, ['dns:n1', 'ip:10.0.0.5']);
  assert.match(signerRefusal(await servingCsr({ usages: ['digital signature', 'client auth'] })) ?? '', /usages/);
  assert.match(signerRefusal(await customCsr([{ O: ['system:nodes'] }, { CN: ['system:node:n1'] }], undefined)) ?? '', /subjectAltName/);
});
