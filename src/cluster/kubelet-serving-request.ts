/**
 * The kubelet's serving certificate request (upstream's serverTLSBootstrap):
 * a fresh ECDSA P-256 key and a CertificateSigningRequest for the
 * kubernetes.io/kubelet-serving signer with subject CN=system:node:<name>,
 * O=system:nodes and the node's name and addresses as SANs, made with the
 * node's own client credentials so the approver can tie it to the node.
 */
import { webcrypto } from 'node:crypto';
import { x509 } from './x509.ts';
import { generateKeyPair, privateKeyToPem, type CertKeyPair } from './cert-issue.ts';
import { requestCertificate, type TlsBootstrapOptions } from './join-tls-bootstrap.ts';
import type { ClientConnection } from './kubeconfig.ts';

/** Signer of kubelet serving certificates. */
export const KUBELET_SERVING_SIGNER = 'kubernetes.io/kubelet-serving';
/**
 * ECDSA keys cannot encipher, so no "key encipherment": upstream's kubelet
 * leaves it out for non-RSA keys too, and the approver accepts both sets.
 */
export const KUBELET_SERVING_USAGES = ['digital signature', 'server auth'];

/** The names a serving certificate is for. */
export interface ServingNames {
  /** DNS SANs: the node name (k8ts reports it as the Hostname address). */
  dnsNames: string[];
  /** IP SANs: the node's InternalIP addresses. */
  ips: string[];
}

/** A PKCS#10 kubelet serving request and its key. */
export async function kubeletServingRequest(nodeName: string, names: ServingNames): Promise<{ csrPem: string; keyPem: string }> {
  const keys = await generateKeyPair();
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ O: ['system:nodes'] }, { CN: [`system:node:${nodeName}`] }],
    keys: keys as unknown as webcrypto.CryptoKeyPair,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [new x509.SubjectAlternativeNameExtension([
      ...names.dnsNames.map((value) => ({ type: 'dns' as const, value })),
      ...names.ips.map((value) => ({ type: 'ip' as const, value })),
    ])],
  });
  return { csrPem: csr.toString('pem'), keyPem: await privateKeyToPem(keys.privateKey) };
}

/** Ask for a serving certificate with the node's credentials and wait until it is issued. */
export async function requestKubeletServingCertificate(
  conn: ClientConnection, nodeName: string, names: ServingNames, o: TlsBootstrapOptions = {},
): Promise<CertKeyPair & { csrName: string }> {
  const { csrPem, keyPem } = await kubeletServingRequest(nodeName, names);
  const cert = await requestCertificate(conn, {
    // csr-: the prefix upstream's kubelet uses for its serving CSRs.
    csrPem, signerName: KUBELET_SERVING_SIGNER, usages: KUBELET_SERVING_USAGES, generateName: 'csr-',
  }, o);
  return { ...cert, keyPem };
}
