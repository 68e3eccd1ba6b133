/**
 * Raw HTTPS requests to the API server, for tests that check what kubectl
 * cannot show (status codes, headers, bad bodies, missing client certs).
 */
import { request as httpsRequest } from 'node:https';
import type { AdminConnection } from './admin-conf.ts';

/** Options of {@link httpsCall}. */
export interface HttpsCallOptions {
  method?: string;
  headers?: Record<string, string>;
  /** A string or Buffer is sent as is; anything else as JSON. */
  body?: unknown;
  /** Send the admin client certificate (default true); false tests anonymous access. */
  clientCert?: boolean;
  timeoutMs?: number;
}

/** A response with its body as text and, when it parses, as JSON. */
export interface HttpsCallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/** One request over HTTP/1.1 with a fresh connection. */
export function httpsCall(conn: AdminConnection, path: string, opts: HttpsCallOptions = {}): Promise<HttpsCallResult> {
  const body = opts.body === undefined ? undefined
    : typeof opts.body === 'string' || Buffer.isBuffer(opts.body) ? opts.body : JSON.stringify(opts.body);
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  const url = new URL(path, conn.server);
  return new Promise((resolvePromise, reject) => {
    const req = httpsRequest(url, {
      method: opts.method ?? 'GET',
      headers,
      ca: conn.ca,
      ...(opts.clientCert === false ? {} : { cert: conn.cert, key: conn.key }),
      agent: false,
      timeout: opts.timeoutMs ?? 30_000,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${opts.method ?? 'GET'} ${path}: timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}
