/**
 * Subject alternative names of requests and certificates, split by kind,
 * with IPs in one canonical text form so that names from a PKCS#10 request,
 * a certificate and a Node's status compare equal however they were written.
 */
import { x509 } from './x509.ts';

/** OID of the SubjectAlternativeName extension. */
const SAN_OID = '2.5.29.17';

/** SANs by kind. */
export interface SubjectAltNames {
  dnsNames: string[];
  /** Canonical text form (see {@link canonicalIP}). */
  ips: string[];
  /** Any other kind as "<type>:<value>" (email, URI, ...). */
  others: string[];
}

/** Canonical text of an IP address, so "::1" and "0:0::1" compare equal; IPv4 is left as is. */
export function canonicalIP(ip: string): string {
  if (!ip.includes(':')) return ip;
  try {
    // The WHATWG URL parser serialises IPv6 hosts in RFC 5952 form.
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return ip;
  }
}

/** The SANs of a request or certificate (all empty without the extension). */
export function subjectAltNames(holder: x509.Pkcs10CertificateRequest | x509.X509Certificate): SubjectAltNames {
  const out: SubjectAltNames = { dnsNames: [], ips: [], others: [] };
  const ext = holder.getExtension(SAN_OID);
  if (!ext) return out;
  for (const n of new x509.SubjectAlternativeNameExtension(ext.rawData).names.items) {
    if (n.type === 'dns') out.dnsNames.push(n.value);
    else if (n.type === 'ip') out.ips.push(canonicalIP(n.value));
    else out.others.push(`${n.type}:${n.value}`);
  }
  return out;
}
