/**
 * The kubelet serving certificate on disk: DIR/pki/kubelet-server-current.pem
 * holds the certificate and its key in one file, as upstream's kubelet keeps
 * /var/lib/kubelet/pki/kubelet-server-current.pem, so a restart reuses a
 * still-valid certificate instead of asking for a new one. Also when a
 * certificate needs replacing (upstream rotates at 70-90% of its lifetime;
 * we use 80%).
 */
import { X509Certificate as NodeX509, createPrivateKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { x509 } from './x509.ts';
import { canonicalIP, subjectAltNames } from './san.ts';
import type { CertKeyPair } from './cert-issue.ts';
import type { ServingNames } from './kubelet-serving-request.ts';

/** File name under DIR/pki. */
export const SERVING_CERT_FILE = 'kubelet-server-current.pem';
/** Share of the lifetime after which the certificate is renewed. */
export const ROTATE_AT_FRACTION = 0.8;

const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----\n?/g;

/** DIR/pki/kubelet-server-current.pem of a data dir. */
export function servingCertPath(dataDir: string): string {
  return join(dataDir, 'pki', SERVING_CERT_FILE);
}

/** The certificate and key in the file, or undefined when it is missing or has no pair. */
export function loadServingCert(path: string): CertKeyPair | undefined {
  if (!existsSync(path)) return undefined;
  const blocks = [...readFileSync(path, 'utf8').matchAll(PEM_BLOCK)];
  const certPem = blocks.find((b) => b[1] === 'CERTIFICATE')?.[0];
  const keyPem = blocks.find((b) => b[1]!.endsWith('PRIVATE KEY'))?.[0];
  return certPem && keyPem ? { certPem, keyPem } : undefined;
}

/** Write certificate and key (0600), replacing the file in one rename so a crash never leaves half of it. */
export function saveServingCert(path: string, pair: CertKeyPair): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp`;
  const text = `${pair.certPem.trimEnd()}\n${pair.keyPem.trimEnd()}\n`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, path);
}

/** Verdict of {@link checkServingCert}. */
export type ServingCertCheck =
  | { usable: true; notAfter: number; rotateAt: number }
  | { usable: false; reason: string };

/** Moment (ms) at which a certificate valid from notBefore to notAfter is due for renewal. */
export function rotationTime(notBefore: number, notAfter: number): number {
  return notBefore + Math.floor((notAfter - notBefore) * ROTATE_AT_FRACTION);
}

/**
 * Whether a stored pair can serve now: it parses, the key belongs to the
 * certificate, the cluster CA signed it, it has not expired and it covers
 * every wanted name (a changed node IP needs a new certificate).
 */
export async function checkServingCert(pair: CertKeyPair, want: ServingNames, caPem: string, now: number): Promise<ServingCertCheck> {
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(pair.certPem);
    if (!new NodeX509(pair.certPem).checkPrivateKey(createPrivateKey(pair.keyPem))) return { usable: false, reason: 'the key does not match the certificate' };
    if (!(await cert.verify({ publicKey: new x509.X509Certificate(caPem).publicKey, signatureOnly: true }))) {
      return { usable: false, reason: 'not signed by the cluster CA' };
    }
  } catch (e) {
    return { usable: false, reason: `unreadable: ${(e as Error).message}` };
  }
  const notAfter = cert.notAfter.getTime();
  if (now >= notAfter) return { usable: false, reason: `expired at ${cert.notAfter.toISOString()}` };
  const has = subjectAltNames(cert);
  const missing = [
    ...want.dnsNames.filter((d) => !has.dnsNames.includes(d)),
    ...want.ips.map(canonicalIP).filter((ip) => !has.ips.includes(ip)),
  ];
  if (missing.length) return { usable: false, reason: `does not cover ${missing.join(', ')}` };
  return { usable: true, notAfter, rotateAt: rotationTime(cert.notBefore.getTime(), notAfter) };
}
