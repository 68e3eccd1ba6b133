/**
 * The CSR signer (upstream's csrsigning controller): signs approved
 * requests for the kube-apiserver-client, kube-apiserver-client-kubelet and
 * kubelet-serving signers with the cluster CA, valid for
 * spec.expirationSeconds (at least 10 minutes) or a year by default.
 * A kubelet-serving request that is not upstream's kubelet serving shape
 * (csr.ts) is marked Failed instead, as upstream's signer does.
 */
import { randomBytes } from 'node:crypto';
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import { x509 } from '../../../cluster/x509.ts';
import { importPrivateKey } from '../../../cluster/cert-issue.ts';
import type { Controller, ControllerContext } from '../types.ts';
import { KeyedController } from '../keyed-controller.ts';
import { isApproved, parseRequest, validateKubeletServingRequest, KUBELET_CLIENT_SIGNER, KUBE_APISERVER_CLIENT_SIGNER, KUBELET_SERVING_SIGNER } from './csr.ts';

const CSRS = { group: 'certificates.k8s.io', version: 'v1', plural: 'certificatesigningrequests' };
const SIGNERS = new Set([KUBELET_CLIENT_SIGNER, KUBE_APISERVER_CLIENT_SIGNER, KUBELET_SERVING_SIGNER]);
/** Upstream's --cluster-signing-duration default: one year. */
const DEFAULT_DURATION_S = 365 * 24 * 3600;
const MIN_DURATION_S = 600;
const BACKDATE_MS = 5 * 60 * 1000;

const KEY_USAGES: Record<string, number> = {
  'digital signature': x509.KeyUsageFlags.digitalSignature,
  'key encipherment': x509.KeyUsageFlags.keyEncipherment,
};
const EXT_USAGES: Record<string, string> = {
  'client auth': x509.ExtendedKeyUsage.clientAuth,
  'server auth': x509.ExtendedKeyUsage.serverAuth,
};

/** Why the signer refuses an approved request of its own (upstream's SignerValidationFailure), or undefined. */
export function signerRefusal(csr: KObject): string | undefined {
  if (csr.spec?.signerName !== KUBELET_SERVING_SIGNER) return undefined;
  const req = parseRequest(csr);
  if (!req) return 'the request is not a valid PKCS#10 certificate request';
  return validateKubeletServingRequest(csr, req);
}

/** Issue the certificate a CSR asks for, signed by the CA; PEM. */
export async function signRequest(csr: KObject, caPem: string, caKeyPem: string, nowMs: number): Promise<string> {
  const req = parseRequest(csr);
  if (!req || !(await req.verify())) throw new Error('the request is not a valid PKCS#10 certificate request');
  const ca = new x509.X509Certificate(caPem);
  const usages = (csr.spec?.usages ?? []) as string[];
  const ku = usages.reduce((f, u) => f | (KEY_USAGES[u] ?? 0), 0);
  const eku = usages.map((u) => EXT_USAGES[u]).filter((u): u is string => u !== undefined);
  const extensions: x509.Extension[] = [new x509.BasicConstraintsExtension(false, undefined, true)];
  if (ku) extensions.push(new x509.KeyUsagesExtension(ku, true));
  if (eku.length) extensions.push(new x509.ExtendedKeyUsageExtension(eku));
  extensions.push(await x509.AuthorityKeyIdentifierExtension.create(ca));
  const san = req.getExtension('2.5.29.17');
  if (san && csr.spec?.signerName === KUBELET_SERVING_SIGNER) extensions.push(san);
  const seconds = Math.max(MIN_DURATION_S, Number(csr.spec?.expirationSeconds ?? DEFAULT_DURATION_S));
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  // Never outlive the CA, as upstream caps the duration at the CA's expiry.
  const notAfter = new Date(Math.min(nowMs + seconds * 1000, ca.notAfter.getTime()));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial.toString('hex'),
    subject: req.subject,
    issuer: ca.subject,
    notBefore: new Date(nowMs - BACKDATE_MS),
    notAfter,
    publicKey: req.publicKey,
    signingKey: await importPrivateKey(caKeyPem),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions,
  });
  return cert.toString('pem');
}

/** Factory for the controller manager; without the CA key it signs nothing. */
export function newCSRSigner(ctx: ControllerContext): Controller {
  const csrs = ctx.informers.informerFor<KObject>(CSRS);
  const caPem = ctx.identity?.rootCAPem;
  const caKey = ctx.identity?.clusterSigningKeyPem;
  const log = ctx.logger.child({ controller: 'csrsigning' });
  const c = new KeyedController('csrsigning', ctx, async (name) => {
    const csr = csrs.lister.get(name);
    if (!caPem || !caKey || !csr || !SIGNERS.has(csr.spec?.signerName) || csr.status?.certificate || !isApproved(csr)) return;
    const refusal = signerRefusal(csr);
    if (refusal) {
      const now = new Date(ctx.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
      const failed = structuredClone(csr);
      failed.status = { ...(failed.status ?? {}), conditions: [...(failed.status?.conditions ?? []), {
        type: 'Failed', status: 'True', reason: 'SignerValidationFailure', message: refusal, lastUpdateTime: now, lastTransitionTime: now,
      }] };
      try {
        await ctx.client.update({ ...CSRS, name, subresource: 'status' }, failed);
      } catch (e) {
        if (!isK8sError(e, 'NotFound')) throw e;
      }
      return;
    }
    let pem: string;
    try {
      pem = await signRequest(csr, caPem, caKey, ctx.clock.now());
    } catch (e) {
      // A malformed request never becomes signable; upstream marks it Failed.
      log.info('cannot sign request', { csr: name, err: (e as Error).message });
      return;
    }
    const next = structuredClone(csr);
    next.status = { ...(next.status ?? {}), certificate: Buffer.from(pem).toString('base64') };
    try {
      await ctx.client.update({ ...CSRS, name, subresource: 'status' }, next);
    } catch (e) {
      if (!isK8sError(e, 'NotFound')) throw e;
    }
  });
  const on = (o: KObject): void => { if (o.metadata.name) c.enqueue(o.metadata.name); };
  csrs.addEventHandler({ add: on, update: (_o, n) => on(n) });
  return c;
}
