/**
 * A few HTTP/2 sessions to the API server with the admin certificate, used
 * round-robin; requests carry their own content type (patches).
 */
import { connect, constants, type ClientHttp2Session } from 'node:http2';
import type { AdminConnection } from '../../test/e2e/helpers/admin-conf.ts';

/** Status and body text of one request. */
export interface Reply { status: number; text: string }

/** Round-robin HTTP/2 client. */
export class H2Client {
  private readonly sessions: ClientHttp2Session[] = [];
  private next = 0;

  constructor(conn: AdminConnection, size: number) {
    for (let i = 0; i < size; i++) {
      const s = connect(conn.server, { ca: conn.ca, cert: conn.cert, key: conn.key });
      s.on('error', () => {}); // surfaced per request
      this.sessions.push(s);
    }
  }

  /** One request with a JSON body (any JSON is also valid apply YAML). */
  send(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Reply> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = { [constants.HTTP2_HEADER_METHOD]: method, [constants.HTTP2_HEADER_PATH]: path, accept: 'application/json' };
    if (payload) { headers['content-type'] = contentType; headers['content-length'] = payload.length; }
    const s = this.sessions[this.next++ % this.sessions.length]!;
    return new Promise((resolve, reject) => {
      const req = s.request(headers, { endStream: !payload });
      let status = 0;
      const chunks: Buffer[] = [];
      req.on('response', (h) => { status = Number(h[constants.HTTP2_HEADER_STATUS]); });
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve({ status, text: Buffer.concat(chunks).toString('utf8') }));
      req.on('error', reject);
      if (payload) req.end(payload);
    });
  }

  close(): void {
    for (const s of this.sessions) s.close();
  }
}
