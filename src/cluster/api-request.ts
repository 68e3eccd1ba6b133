/**
 * A minimal HTTPS JSON client for cluster set-up (bootstrap tokens, version,
 * readiness). It authenticates with the credentials of a kubeconfig; the real
 * REST client lives in src/client/ once it exists.
 */
import { request as httpsRequest } from 'node:https';
import { K8sError, ERROR_CODES, type ErrorCode } from '../base/errors.ts';
import type { ClientConnection } from './kubeconfig.ts';

/** Result of {@link apiRequest}. */
export interface ApiResponse<T = unknown> {
  status: number;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: T;
}

/** Options of {@link apiRequest}. */
export interface ApiRequestOptions {
  method?: string;
  /** JSON-serialised as the request body. */
  body?: unknown;
  /** Per-request timeout in ms (default 10s). */
  timeoutMs?: number;
  /** When true, non-2xx answers are returned instead of thrown. */
  allowErrors?: boolean;
}

function statusToError(status: number, body: unknown): K8sError {
  const s = (body && typeof body === 'object' ? body : {}) as { reason?: string; message?: string };
  const reason = s.reason && s.reason in ERROR_CODES
    ? (s.reason as ErrorCode)
    : ((Object.entries(ERROR_CODES).find(([, c]) => c === status)?.[0] as ErrorCode | undefined) ?? 'InternalError');
  const text = typeof body === 'string' ? body.trim() : '';
  return new K8sError(reason, s.message ?? (text || `the server answered HTTP ${status}`));
}

/**
 * Send one request to the API server described by `conn` and parse the JSON
 * answer. Non-2xx answers become a K8sError with the Status reason, unless
 * `allowErrors` is set. Network failures become ServiceUnavailable.
 */
export function apiRequest<T = unknown>(conn: ClientConnection, path: string, opts: ApiRequestOptions = {}): Promise<ApiResponse<T>> {
  const url = new URL(path, conn.server);
  const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'k8ts-cli' };
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  if (conn.token) headers.authorization = `Bearer ${conn.token}`;
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, {
      method: opts.method ?? 'GET',
      headers,
      ca: conn.caPem,
      cert: conn.certPem,
      key: conn.keyPem,
      rejectUnauthorized: !conn.insecureSkipTLSVerify,
      timeout: opts.timeoutMs ?? 10_000,
      agent: false, // one-shot CLI requests: do not keep the process alive on a pooled socket
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => reject(new K8sError('ServiceUnavailable', `reading answer from ${url.host}: ${e.message}`)));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try { body = text ? JSON.parse(text) : undefined; } catch { /* not JSON: keep the text */ }
        const status = res.statusCode ?? 0;
        if ((status < 200 || status > 299) && !opts.allowErrors) reject(statusToError(status, body));
        else resolve({ status, body: body as T });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`timed out after ${opts.timeoutMs ?? 10_000} ms`)));
    req.on('error', (e) => reject(new K8sError('ServiceUnavailable', `cannot reach the API server at ${url.origin}: ${e.message}`)));
    req.end(payload);
  });
}
