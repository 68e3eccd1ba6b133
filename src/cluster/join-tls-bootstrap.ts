/**
 * Kubelet TLS bootstrap: with the bootstrap token, ask for a client
 * certificate (CN system:node:<name>, O system:nodes) through a
 * CertificateSigningRequest for the kube-apiserver-client-kubelet signer,
 * and wait until the certificates controllers approve and sign it. The
 * create-and-wait part is shared with the kubelet serving certificate
 * (kubelet-serving-request.ts).
 */
import { webcrypto } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { K8sError } from '../base/errors.ts';
import { x509 } from './x509.ts';
import { generateKeyPair, privateKeyToPem } from './cert-issue.ts';
import { apiRequest } from './api-request.ts';
import type { ClientConnection } from './kubeconfig.ts';

const CSRS = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
/** Signer of kubelet client certificates. */
export const KUBELET_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client-kubelet';

interface CsrObject {
  metadata: { name: string };
  status?: { certificate?: string; conditions?: { type: string; status?: string; message?: string }[] };
}

/** A PKCS#10 request for a node client certificate and its key. */
export async function nodeClientRequest(nodeName: string): Promise<{ csrPem: string; keyPem: string }> {
  const keys = await generateKeyPair();
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ O: ['system:nodes'] }, { CN: [`system:node:${nodeName}`] }],
    keys: keys as unknown as webcrypto.CryptoKeyPair,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  return { csrPem: csr.toString('pem'), keyPem: await privateKeyToPem(keys.privateKey) };
}

/** Options of {@link requestNodeCertificate} and {@link requestCertificate}. */
export interface TlsBootstrapOptions {
  /** How long to wait for approval and signing (default 120 s). */
  timeoutMs?: number;
  pollMs?: number;
  progress?: (msg: string) => void;
  /** Stops the wait (the node agent is stopping); the promise then rejects. */
  signal?: AbortSignal;
}

/** What {@link requestCertificate} submits. */
export interface CertificateRequestSpec {
  /** PKCS#10 PEM. */
  csrPem: string;
  signerName: string;
  usages: string[];
  /** metadata.generateName of the CSR object. */
  generateName: string;
}

/** Create a CSR with `conn` and wait until it is approved and signed; returns the PEM certificate. */
export async function requestCertificate(conn: ClientConnection, spec: CertificateRequestSpec, o: TlsBootstrapOptions = {}): Promise<{ certPem: string; csrName: string }> {
  const created = await apiRequest<CsrObject>(conn, CSRS, {
    method: 'POST',
    body: {
      apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest',
      metadata: { generateName: spec.generateName },
      spec: { request: Buffer.from(spec.csrPem).toString('base64'), signerName: spec.signerName, usages: spec.usages },
    },
  });
  const name = created.body.metadata.name;
  o.progress?.(`[kubelet-start] created CertificateSigningRequest ${name}; waiting for approval`);
  const deadline = Date.now() + (o.timeoutMs ?? 120_000);
  for (;;) {
    o.signal?.throwIfAborted();
    const cur = (await apiRequest<CsrObject>(conn, `${CSRS}/${name}`)).body;
    const denied = cur.status?.conditions?.find((c) => (c.type === 'Denied' || c.type === 'Failed') && (c.status ?? 'True') === 'True');
    if (denied) throw new K8sError('Forbidden', `certificate signing request ${name} was ${denied.type.toLowerCase()}: ${denied.message ?? ''}`);
    if (cur.status?.certificate) {
      return { certPem: Buffer.from(cur.status.certificate, 'base64').toString('utf8'), csrName: name };
    }
    if (Date.now() > deadline) throw new K8sError('Timeout', `certificate signing request ${name} was not approved and signed in time`);
    await sleep(o.pollMs ?? 500, undefined, { signal: o.signal });
  }
}

/** Create the CSR with `conn` (bootstrap token) and return the signed certificate and key. */
export async function requestNodeCertificate(conn: ClientConnection, nodeName: string, o: TlsBootstrapOptions = {}): Promise<{ certPem: string; keyPem: string; csrName: string }> {
  const { csrPem, keyPem } = await nodeClientRequest(nodeName);
  const cert = await requestCertificate(conn, {
    csrPem, signerName: KUBELET_CLIENT_SIGNER, usages: ['digital signature', 'client auth'], generateName: 'node-csr-',
  }, o);
  return { ...cert, keyPem };
}
