/**
 * Low-level certificate issuing: ECDSA P-256 key pairs and X.509 certificates
 * built with @peculiar/x509 on Node's WebCrypto. `pki.ts` decides *which*
 * certificates a cluster needs; this file only knows how to make one.
 */
import { webcrypto, createPrivateKey, randomBytes } from 'node:crypto';
import { x509 } from './x509.ts';
import { K8sError } from '../base/errors.ts';

const EC_ALG = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN_ALG = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Clock skew allowance: certificates are valid from a little before "now". */
const BACKDATE_MS = 5 * 60 * 1000;

/** A certificate and its private key, both PEM encoded. */
export interface CertKeyPair {
  /** PEM certificate. */
  certPem: string;
  /** PEM private key (SEC1 "EC PRIVATE KEY", as kubeadm writes EC keys). */
  keyPem: string;
}

/** What to put in a certificate. */
export interface CertSpec {
  /** Subject common name. */
  cn: string;
  /** Subject organizations (Kubernetes groups for client certificates). */
  orgs?: string[];
  /** Validity in days from now. */
  days: number;
  /** 'ca' = self-signed CA; 'server' / 'client' = leaf signed by the issuer. */
  usage: 'ca' | 'server' | 'client';
  /** DNS subject alternative names (server certificates). */
  dnsNames?: string[];
  /** IP subject alternative names (server certificates). */
  ips?: string[];
  /** Time source in ms since the epoch (tests); defaults to Date.now(). */
  now?: number;
}

/** Generate an extractable ECDSA P-256 key pair. */
export async function generateKeyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
}

/** Export a WebCrypto private key as SEC1 PEM. */
export async function privateKeyToPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key as webcrypto.CryptoKey));
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ type: 'sec1', format: 'pem' }).toString();
}

/** Import a PEM private key (SEC1 or PKCS#8) as a WebCrypto signing key. */
export async function importPrivateKey(pem: string): Promise<CryptoKey> {
  try {
    const der = createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' });
    return (await webcrypto.subtle.importKey('pkcs8', der, EC_ALG, true, ['sign'])) as unknown as CryptoKey;
  } catch (e) {
    throw new K8sError('InternalError', `cannot load ECDSA P-256 private key: ${(e as Error).message}`);
  }
}

function subjectName(cn: string, orgs: string[] = []): x509.JsonName {
  // One RDN per attribute, the order Go's pkix.Name produces (O before CN).
  return [...orgs.map((o) => ({ O: [o] })), { CN: [cn] }];
}

function validity(spec: CertSpec): { notBefore: Date; notAfter: Date } {
  const now = spec.now ?? Date.now();
  return { notBefore: new Date(now - BACKDATE_MS), notAfter: new Date(now + spec.days * DAY_MS) };
}

function serial(): string {
  // Positive 128-bit serial: clear the top bit so DER does not need a sign byte.
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f;
  return b.toString('hex');
}

/** Create a self-signed CA certificate with a fresh key. */
export async function createCa(spec: CertSpec): Promise<CertKeyPair> {
  const keys = await generateKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: subjectName(spec.cn, spec.orgs),
    ...validity(spec),
    keys,
    signingAlgorithm: SIGN_ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await privateKeyToPem(keys.privateKey) };
}

/** Issue a leaf certificate (server or client) signed by `ca`, with a fresh key. */
export async function issueLeaf(ca: CertKeyPair, spec: CertSpec): Promise<CertKeyPair> {
  if (spec.usage === 'ca') throw new K8sError('InternalError', 'issueLeaf cannot issue a CA certificate');
  const caCert = new x509.X509Certificate(ca.certPem);
  const signingKey = await importPrivateKey(ca.keyPem);
  const keys = await generateKeyPair();
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([
      spec.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth,
    ]),
    await x509.AuthorityKeyIdentifierExtension.create(caCert),
  ];
  const sans = [
    ...(spec.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(spec.ips ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  if (sans.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(sans));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: subjectName(spec.cn, spec.orgs),
    issuer: caCert.subject,
    ...validity(spec),
    publicKey: keys.publicKey,
    signingKey,
    signingAlgorithm: SIGN_ALG,
    extensions,
  });
  return { certPem: cert.toString('pem'), keyPem: await privateKeyToPem(keys.privateKey) };
}
