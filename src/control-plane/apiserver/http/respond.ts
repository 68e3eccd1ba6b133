/**
 * Writing responses: JSON bodies, Status errors and Warning headers, for
 * HTTP/1.1 and HTTP/2 alike (through the compatibility API).
 */
import type { ServerResponse } from 'node:http';
import type { Http2ServerResponse } from 'node:http2';
import { toStatus } from '../../../api/status.ts';

/** A response object of either protocol. */
export type Res = ServerResponse | Http2ServerResponse;

/** Send a JSON body (already serialized or a value). */
export function sendJSON(res: Res, code: number, body: unknown, warnings?: string[]): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  if (res.headersSent) return;
  const headers: Record<string, string | string[]> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-cache, private',
  };
  if (warnings && warnings.length > 0) headers['warning'] = warnings.map((w) => `299 - "${w.replace(/"/g, '\\"')}"`);
  (res as ServerResponse).writeHead(code, headers);
  res.end(text);
}

/** Send an error as a metav1.Status with its HTTP code. */
export function sendError(res: Res, err: unknown): number {
  const st = toStatus(err);
  if (res.headersSent) {
    try { res.end(); } catch { /* connection already gone */ }
    return st.code;
  }
  sendJSON(res, st.code, st);
  return st.code;
}

/** Send plain text (health endpoints, metrics). */
export function sendText(res: Res, code: number, text: string, contentType = 'text/plain; charset=utf-8'): void {
  if (res.headersSent) return;
  (res as ServerResponse).writeHead(code, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}
