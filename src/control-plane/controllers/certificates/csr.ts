/**
 * Facts about CertificateSigningRequests both certificate controllers need:
 * conditions, the parsed PKCS#10 request, and whether it is a kubelet
 * client or serving certificate request (upstream's IsKubeletClientCSR and
 * ValidateKubeletServingCSR rules, pkg/apis/certificates/helpers.go).
 */
import { x509 } from '../../../cluster/x509.ts';
import { subjectAltNames } from '../../../cluster/san.ts';
import type { KObject } from '../../../api/types.ts';

/** Signer of kubelet client certificates. */
export const KUBELET_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client-kubelet';
/** Signer of other API client certificates. */
export const KUBE_APISERVER_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';
/** Signer of kubelet serving certificates. */
export const KUBELET_SERVING_SIGNER = 'kubernetes.io/kubelet-serving';

interface Condition { type: string; status?: string }

/** True when the CSR has a condition of this type with status True (or no status, as old clients write). */
export function hasCondition(csr: KObject, type: string): boolean {
  return ((csr.status?.conditions ?? []) as Condition[]).some((c) => c.type === type && (c.status ?? 'True') === 'True');
}

/** Approved and not denied or failed. */
export function isApproved(csr: KObject): boolean {
  return hasCondition(csr, 'Approved') && !hasCondition(csr, 'Denied') && !hasCondition(csr, 'Failed');
}

/** The PKCS#10 request in spec.request, or undefined when it does not parse. */
export function parseRequest(csr: KObject): x509.Pkcs10CertificateRequest | undefined {
  try {
    const pem = Buffer.from(String(csr.spec?.request ?? ''), 'base64').toString('utf8');
    return new x509.Pkcs10CertificateRequest(pem);
  } catch {
    return undefined;
  }
}

/** Subject CN and O of a request. */
export function subjectOf(req: x509.Pkcs10CertificateRequest): { cn: string; orgs: string[] } {
  const name = new x509.Name(req.subject);
  return { cn: name.getField('CN')[0] ?? '', orgs: name.getField('O') };
}

/** Usages allowed for kubelet client certificates. */
const KUBELET_CLIENT_USAGES = new Set(['key encipherment', 'digital signature', 'client auth']);

/** Upstream's kubelet client CSR shape: O=[system:nodes], CN=system:node:<name>, no SANs, client usages only. */
export function isKubeletClientRequest(csr: KObject, req: x509.Pkcs10CertificateRequest): boolean {
  const { cn, orgs } = subjectOf(req);
  if (orgs.length !== 1 || orgs[0] !== 'system:nodes' || !cn.startsWith('system:node:') || cn.length <= 'system:node:'.length) return false;
  const san = req.getExtension('2.5.29.17');
  if (san && new x509.SubjectAlternativeNameExtension(san.rawData).names.items.length > 0) return false;
  const usages = (csr.spec?.usages ?? []) as string[];
  return usages.includes('client auth') && usages.every((u) => KUBELET_CLIENT_USAGES.has(u));
}

/** Usage sets upstream accepts for kubelet serving certificates: with key encipherment (RSA) or without (ECDSA). */
const KUBELET_SERVING_USAGES = [
  ['digital signature', 'key encipherment', 'server auth'],
  ['digital signature', 'server auth'],
];

/**
 * Upstream's ValidateKubeletServingCSR: O=[system:nodes], CN prefix
 * system:node:, at least one DNS or IP SAN and no other kind, usages exactly
 * one of the two serving sets. Returns why the request is not one, or
 * undefined when it is.
 */
export function validateKubeletServingRequest(csr: KObject, req: x509.Pkcs10CertificateRequest): string | undefined {
  const { cn, orgs } = subjectOf(req);
  if (orgs.length !== 1 || orgs[0] !== 'system:nodes') return 'subject organization is not system:nodes';
  const sans = subjectAltNames(req);
  if (sans.dnsNames.length === 0 && sans.ips.length === 0) return 'DNS or IP subjectAltName is required';
  if (sans.others.length > 0) return `subjectAltNames other than DNS and IP are not allowed: ${sans.others.join(', ')}`;
  const usages = new Set((csr.spec?.usages ?? []) as string[]);
  const exact = KUBELET_SERVING_USAGES.some((set) => set.length === usages.size && set.every((u) => usages.has(u)));
  if (!exact) return `usages did not match [${KUBELET_SERVING_USAGES[0]!.join(' ')}]`;
  if (!cn.startsWith('system:node:')) return 'subject common name does not begin with system:node:';
  return undefined;
}
