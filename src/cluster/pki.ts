/**
 * The cluster PKI under DIR/pki, kubeadm style: a CA, the API server serving
 * certificate, the admin client certificate and the service-account signing
 * key pair. The first `k8ts init` creates them; later starts reuse them.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { createHash, X509Certificate as NodeX509, generateKeyPairSync } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import { x509 } from './x509.ts';
import { createCa, issueLeaf, type CertKeyPair } from './cert-issue.ts';
import { firstIp } from './cidr.ts';
import type { Logger } from '../base/logger.ts';
import { nullLogger } from '../base/logger.ts';

export type { CertKeyPair } from './cert-issue.ts';

/** Common name of the cluster CA. */
export const CA_COMMON_NAME = 'k8ts-ca';
/** Identity of the admin client certificate (as kubeadm's admin.conf). */
export const ADMIN_USER = 'kubernetes-admin';
/** The group that bypasses authorization upstream. */
export const ADMIN_GROUP = 'system:masters';

/** Inputs of {@link ensurePki}. */
export interface PkiOptions {
  /** Directory holding the PKI files, normally DIR/pki. */
  pkiDir: string;
  /** Address other machines use for the API server; becomes an IP SAN. */
  advertiseAddress: string;
  /** Service CIDR; its first IP becomes an IP SAN. */
  serviceCIDR: string;
  /** Host name for the DNS SANs; defaults to os.hostname(). */
  hostname?: string;
  logger?: Logger;
}

/** The loaded (or freshly created) cluster PKI. */
export interface ClusterPki {
  /** Directory the files live in. */
  dir: string;
  ca: CertKeyPair;
  apiserver: CertKeyPair;
  admin: CertKeyPair;
  /** Service-account token signing key (PEM, PKCS#8) and its public key (PEM, SPKI). */
  sa: { keyPem: string; pubPem: string };
}

/** Options of {@link issueClientCert}. */
export interface ClientCertOptions {
  cn: string;
  orgs?: string[];
  /** Validity in days (default 365). */
  days?: number;
}

/** Issue a client certificate for a user or component, signed by the cluster CA. */
export function issueClientCert(ca: CertKeyPair, opts: ClientCertOptions): Promise<CertKeyPair> {
  return issueLeaf(ca, { cn: opts.cn, orgs: opts.orgs, days: opts.days ?? 365, usage: 'client' });
}

/**
 * The discovery hash joiners pin: "sha256:" + hex SHA-256 of the CA
 * certificate's SubjectPublicKeyInfo DER (the raw bytes inside the
 * certificate, as kubeadm's pubkeypin does).
 */
export function caCertHash(caPem: string): string {
  const spki = new x509.X509Certificate(caPem).publicKey.rawData;
  return 'sha256:' + createHash('sha256').update(Buffer.from(spki)).digest('hex');
}

/** The SANs the API server certificate must carry. */
export function apiserverSans(opts: PkiOptions): { dnsNames: string[]; ips: string[] } {
  const host = (opts.hostname ?? osHostname()).toLowerCase();
  const dnsNames = uniq([
    'localhost', host,
    'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local',
  ]);
  const ips = uniq(['127.0.0.1', '::1', opts.advertiseAddress, firstIp(opts.serviceCIDR)]);
  return { dnsNames, ips };
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs.filter((x) => x.length > 0))];
}

function readPair(dir: string, base: string): CertKeyPair | undefined {
  const crt = join(dir, `${base}.crt`);
  const key = join(dir, `${base}.key`);
  if (!existsSync(crt) || !existsSync(key)) return undefined;
  return { certPem: readFileSync(crt, 'utf8'), keyPem: readFileSync(key, 'utf8') };
}

function writeSecret(path: string, data: string): void {
  writeFileSync(path, data, { mode: 0o600 });
  chmodSync(path, 0o600); // writeFileSync keeps the mode of an existing file
}

function writePair(dir: string, base: string, pair: CertKeyPair): void {
  writeFileSync(join(dir, `${base}.crt`), pair.certPem, { mode: 0o644 });
  writeSecret(join(dir, `${base}.key`), pair.keyPem);
}

/** True if `certPem` was signed by `ca`, is unexpired and covers every wanted SAN. */
function servingCertFits(certPem: string, ca: CertKeyPair, want: { dnsNames: string[]; ips: string[] }): boolean {
  const cert = new NodeX509(certPem);
  if (!cert.verify(new NodeX509(ca.certPem).publicKey)) return false;
  if (Date.parse(cert.validTo) < Date.now()) return false;
  // subject: 'never' so only SANs count, as TLS clients check them.
  return want.dnsNames.every((d) => cert.checkHost(d, { subject: 'never', wildcards: false }) === d)
    && want.ips.every((ip) => cert.checkIP(ip) !== undefined);
}

/**
 * Load the PKI from `pkiDir`, creating whatever is missing. The CA is never
 * replaced once it exists (joined nodes pin it); the serving certificate is
 * re-issued only when it no longer covers the wanted SANs (e.g. a new
 * advertise address).
 */
export async function ensurePki(opts: PkiOptions): Promise<ClusterPki> {
  const log = opts.logger ?? nullLogger;
  const dir = opts.pkiDir;
  mkdirSync(dir, { recursive: true, mode: 0o700 });

  let ca = readPair(dir, 'ca');
  if (!ca) {
    ca = await createCa({ cn: CA_COMMON_NAME, days: 3650, usage: 'ca' });
    writePair(dir, 'ca', ca);
    log.info('created cluster CA', { path: join(dir, 'ca.crt') });
  }

  const sans = apiserverSans(opts);
  let apiserver = readPair(dir, 'apiserver');
  if (!apiserver || !servingCertFits(apiserver.certPem, ca, sans)) {
    apiserver = await issueLeaf(ca, { cn: 'kube-apiserver', days: 365, usage: 'server', ...sans });
    writePair(dir, 'apiserver', apiserver);
    log.info('issued API server certificate', { dnsNames: sans.dnsNames, ips: sans.ips });
  }

  let admin = readPair(dir, 'admin');
  if (!admin) {
    admin = await issueClientCert(ca, { cn: ADMIN_USER, orgs: [ADMIN_GROUP], days: 365 });
    writePair(dir, 'admin', admin);
    log.info('issued admin client certificate', { cn: ADMIN_USER });
  }

  return { dir, ca, apiserver, admin, sa: ensureSaKeys(dir) };
}

function ensureSaKeys(dir: string): { keyPem: string; pubPem: string } {
  const keyPath = join(dir, 'sa.key');
  const pubPath = join(dir, 'sa.pub');
  if (existsSync(keyPath) && existsSync(pubPath)) {
    return { keyPem: readFileSync(keyPath, 'utf8'), pubPem: readFileSync(pubPath, 'utf8') };
  }
  // ES256 service-account tokens: verifiable by any JOSE library, fast to sign.
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const pubPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  writeSecret(keyPath, keyPem);
  writeFileSync(pubPath, pubPem, { mode: 0o644 });
  return { keyPem, pubPem };
}
