/**
 * The request of an httpGet lifecycle hook, as upstream 1.32's handler runner
 * makes it (pkg/kubelet/lifecycle/handlers.go runHTTPHandler, with
 * pkg/probe/http's request and redirect rules). Only a request error fails a
 * hook: any response, whatever its status, is a success (the body is
 * discarded). Redirects are followed to the same host only, at most 10
 * requests; HTTPS certificates are not verified; an HTTPS request answered in
 * plain HTTP is retried once over HTTP without the Authorization header.
 * Errors read as Go's net/http prints them, since they end up in the
 * PostStartHookError message users compare with upstream's.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';

/** One httpGet action, resolved: where to send it and with which headers. */
export interface HttpHookRequest {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  /** httpGet.path as given (it may carry a query). */
  path: string;
  /** httpGet.httpHeaders, in order. */
  headers: Array<{ name: string; value: string }>;
  /** Bounds each request; upstream leaves the bound to its caller (preStop's grace period). */
  timeoutMs: number;
}

/** How a hook request ended. */
export type HttpHookOutcome =
  | { ok: true; fallback?: string } // fallback: the host:port an HTTPS hook was retried on over HTTP
  | { ok: false; error: string };

/** Go's statuses whose Location its client follows. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Go's default redirect limit, kept by upstream's RedirectChecker: at most this many requests. */
const MAX_REQUESTS = 10;

type Once = { ok: true; status: number; location?: string } | { ok: false; error: string; notTLS?: boolean };

/** net.JoinHostPort: IPv6 literals in brackets. */
export function joinHostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The URL as upstream's formatURL builds it, and its Go string form for
 * error messages: the port always shown, an empty path left empty.
 */
function hookURL(r: HttpHookRequest, scheme = r.scheme): { url: URL; text: string } {
  const base = `${scheme}://${joinHostPort(r.host, r.port)}`;
  const url = new URL(r.path.replace(/^(?!\/)/, '/'), base);
  // Go keeps the port as written (WHATWG URLs drop :80 and :443).
  return { url, text: r.path === '' ? base : `${base}${url.pathname}${url.search}${url.hash}` };
}

/** Node's socket errors in the words of Go's net package. */
function goNetError(e: NodeJS.ErrnoException, url: URL): string {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const addr = joinHostPort(url.hostname.replace(/^\[|\]$/g, ''), port);
  switch (e.code) {
    case 'ECONNREFUSED': return `dial tcp ${addr}: connect: connection refused`;
    case 'EHOSTUNREACH': return `dial tcp ${addr}: connect: no route to host`;
    case 'ENETUNREACH': return `dial tcp ${addr}: connect: network is unreachable`;
    case 'ETIMEDOUT': return `dial tcp ${addr}: connect: connection timed out`;
    case 'ENOTFOUND': case 'EAI_AGAIN': return `dial tcp: lookup ${url.hostname}: no such host`;
    // A peer that closes without answering: Go's transport reports the bare EOF.
    case 'ECONNRESET': return e.message === 'socket hang up' ? 'EOF' : `read tcp ${addr}: read: connection reset by peer`;
    default: return e.message;
  }
}

/** One GET, its body discarded; never rejects. */
function getOnce(url: URL, headers: http.OutgoingHttpHeaders, timeoutMs: number): Promise<Once> {
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    // insecureHTTPParser: Go's client accepts bare-LF header lines, as busybox httpd's CGI responses have.
    const req = mod.get(url, { headers, agent: false, timeout: timeoutMs, rejectUnauthorized: false, insecureHTTPParser: true }, (res) => {
      res.resume();
      const location = res.headers.location;
      resolve({ ok: true, status: res.statusCode ?? 0, location });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'K8TS_TIMEOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'K8TS_TIMEOUT') return resolve({ ok: false, error: 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)' });
      // OpenSSL's "wrong version number": the server's first bytes were not a TLS record.
      if (/wrong version number/i.test(e.message)) return resolve({ ok: false, error: 'tls: first record does not look like a TLS handshake', notTLS: true });
      resolve({ ok: false, error: goNetError(e, url) });
    });
  });
}

/** A GET as Go's client with upstream's RedirectChecker(false) does it; errors as url.Error prints them. */
async function get(first: URL, firstText: string, headers: http.OutgoingHttpHeaders, timeoutMs: number): Promise<Once> {
  let url = first;
  let text = firstText;
  let hdrs = headers;
  for (let sent = 1; ; sent++) {
    const r = await getOnce(url, hdrs, timeoutMs);
    if (!r.ok) return { ...r, error: `Get ${JSON.stringify(text)}: ${r.error}` };
    if (!REDIRECTS.has(r.status) || !r.location) return r;
    let next: URL;
    try { next = new URL(r.location, url); } catch (e) {
      return { ok: false, error: `Get ${JSON.stringify(text)}: failed to parse Location header ${JSON.stringify(r.location)}: ${(e as Error).message}` };
    }
    // Another host: upstream keeps this response (http.ErrUseLastResponse), which is a success.
    if (next.hostname !== first.hostname) return r;
    if (sent >= MAX_REQUESTS) return { ok: false, error: `Get ${JSON.stringify(r.location)}: stopped after ${MAX_REQUESTS} redirects` };
    // Go's client sends the previous URL as Referer unless it goes from https to http.
    hdrs = url.protocol === 'https:' && next.protocol === 'http:' ? hdrs : { ...hdrs, referer: url.href };
    url = next;
    text = next.href;
  }
}

/** The request headers: the action's, then upstream's User-Agent and Accept unless the action set them. */
function hookHeaders(r: HttpHookRequest): http.OutgoingHttpHeaders {
  const out: Record<string, string[]> = {};
  for (const h of r.headers) (out[h.name.toLowerCase()] ??= []).push(h.value);
  out['user-agent'] ??= ['kube-lifecycle/1.32'];
  if (!out.accept) out.accept = ['*/*'];
  else if (out.accept[0] === '') delete out.accept; // set to empty: upstream sends none
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.length === 1 ? v[0] as string : v]));
}

/** Run the hook request; the outcome carries Go's error text when no response came. */
export async function runHttpHook(r: HttpHookRequest): Promise<HttpHookOutcome> {
  const { url, text } = hookURL(r);
  const headers = hookHeaders(r);
  const first = await get(url, text, headers, r.timeoutMs);
  if (first.ok) return { ok: true };
  if (r.scheme !== 'https' || !first.notTLS) return { ok: false, error: first.error };
  // Upstream's isHTTPResponseError: retry in plain HTTP, without credentials meant for TLS.
  const plain = hookURL(r, 'http');
  const { authorization: _, ...rest } = headers;
  const retry = await get(plain.url, plain.text, rest, r.timeoutMs);
  // The server spoke HTTP after all: Go's error for the HTTPS attempt would have said so.
  if (retry.ok) return { ok: true, fallback: joinHostPort(r.host, r.port) };
  // Upstream returns the HTTPS attempt's error when the retry fails too.
  return { ok: false, error: first.error };
}
