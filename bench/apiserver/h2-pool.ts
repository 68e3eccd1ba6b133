/**
 * HTTP/2 client sessions to the API server with the admin client
 * certificate. Several sessions, so that 64 clients are not serialized on
 * one socket (and one TLS stream) while still multiplexing as kubectl does.
 */
import { connect, constants, type ClientHttp2Session, type ClientHttp2Stream } from 'node:http2';
import type { AdminConnection } from '../../test/e2e/helpers/admin-conf.ts';

/** A finished request. */
export interface H2Response {
  status: number;
  body: Buffer;
}

const BIG_WINDOW = 32 * 1024 * 1024;

/** A fixed set of HTTP/2 sessions used round-robin. */
export class H2Pool {
  private readonly sessions: ClientHttp2Session[] = [];
  private next = 0;

  constructor(private readonly conn: AdminConnection, size: number) {
    for (let i = 0; i < size; i++) this.sessions.push(this.open());
  }

  private open(): ClientHttp2Session {
    // Large windows: a 10k-pod list is ~10 MB and should not stall on flow control.
    const s = connect(this.conn.server, {
      ca: this.conn.ca, cert: this.conn.cert, key: this.conn.key,
      settings: { initialWindowSize: BIG_WINDOW },
    });
    s.on('connect', () => s.setLocalWindowSize(BIG_WINDOW));
    s.on('error', () => {}); // surfaced per request
    return s;
  }

  /** The session for client `i` (stable, so one client's requests stay on one connection). */
  session(i?: number): ClientHttp2Session {
    const idx = i === undefined ? this.next++ % this.sessions.length : i % this.sessions.length;
    let s = this.sessions[idx]!;
    if (s.closed || s.destroyed) s = this.sessions[idx] = this.open();
    return s;
  }

  /** Send one request and collect the whole response. */
  request(method: string, path: string, body?: unknown, client?: number): Promise<H2Response> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = {
      [constants.HTTP2_HEADER_METHOD]: method,
      [constants.HTTP2_HEADER_PATH]: path,
      accept: 'application/json',
    };
    if (payload) { headers['content-type'] = 'application/json'; headers['content-length'] = payload.length; }
    return new Promise((resolve, reject) => {
      const req = this.session(client).request(headers, { endStream: !payload });
      let status = 0;
      const chunks: Buffer[] = [];
      req.on('response', (h) => { status = Number(h[constants.HTTP2_HEADER_STATUS]); });
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve({ status, body: Buffer.concat(chunks) }));
      req.on('error', reject);
      if (payload) req.end(payload);
    });
  }

  /** Open a long-running stream (watch); the caller reads it. */
  stream(path: string, client?: number): ClientHttp2Stream {
    return this.session(client).request({ [constants.HTTP2_HEADER_METHOD]: 'GET', [constants.HTTP2_HEADER_PATH]: path, accept: 'application/json' });
  }

  close(): void {
    for (const s of this.sessions) s.close();
  }
}
