/**
 * HTTP/2 transport of the REST client, as client-go uses: one TLS
 * connection per client with every request a stream on it; each watch has
 * a connection of its own (see stream()). A burst
 * of requests from a component (a kubelet starting 30 pods, a scheduler
 * binding them) then costs no TCP or TLS handshakes: over HTTP/1.1 each
 * concurrent request needed a socket of its own, and each new socket a TLS
 * handshake and a freshly parsed key and certificate chain on both sides.
 * The session is opened lazily and again after the server closed it
 * (restart, GOAWAY); it does not keep the process alive while idle.
 */
import http2, { constants, type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders } from 'node:http2';
import { isIP } from 'node:net';
import { K8sError } from '../base/errors.ts';

/** Per-stream and connection flow-control window: a 10k-pod list is tens of MB and must not stall at 64 KiB steps. */
const WINDOW = 16 * 1024 * 1024;

/** TLS material of the session. */
export interface H2TransportOptions {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
  /** PING the server this often (default 30 s, as client-go's ReadIdleTimeout). */
  readIdleMs?: number;
  /** Drop the connection when a PING is not answered within this (default 15 s, client-go's PingTimeout). */
  pingTimeoutMs?: number;
}

/** A response whose body is still streaming (watches). */
export interface H2StreamResponse {
  status: number;
  stream: ClientHttp2Stream;
}

/** One lazily (re)connected HTTP/2 session to an https:// origin. */
export class H2Transport {
  private session?: ClientHttp2Session;
  /** Open streams per session; a session holds the event loop only while it has some. */
  private readonly openStreams = new WeakMap<ClientHttp2Session, number>();
  private closed = false;
  /** Every open session (the shared one and those of watches), for close(). */
  private readonly sessions = new Set<ClientHttp2Session>();

  constructor(private readonly origin: URL, private readonly opts: H2TransportOptions) {}

  private current(): ClientHttp2Session {
    if (this.closed) throw new K8sError('ServiceUnavailable', 'client is closed');
    const s = this.session;
    if (s && !s.closed && !s.destroyed) return s;
    const next = this.connect();
    // After GOAWAY no new stream may start here; the next request opens a fresh session.
    next.on('goaway', () => { if (this.session === next) this.session = undefined; });
    next.on('close', () => { if (this.session === next) this.session = undefined; });
    next.unref();
    this.session = next;
    return next;
  }

  /** A new TLS HTTP/2 session with large windows and the health check. */
  private connect(): ClientHttp2Session {
    const host = this.origin.hostname.replace(/^\[|\]$/g, '');
    const next = http2.connect(this.origin, {
      ca: this.opts.ca, cert: this.opts.cert, key: this.opts.key,
      rejectUnauthorized: this.opts.rejectUnauthorized,
      // SNI takes host names only.
      ...(isIP(host) ? {} : { servername: host }),
      settings: { initialWindowSize: WINDOW },
    });
    next.on('connect', () => next.setLocalWindowSize(WINDOW));
    // Failures reach the streams; a session error must not become an uncaught exception.
    next.on('error', () => undefined);
    this.healthCheck(next);
    this.sessions.add(next);
    next.on('close', () => this.sessions.delete(next));
    return next;
  }

  /**
   * An HTTP/2 health check like client-go's: every `readIdleMs` the server
   * is PINGed; no answer within `pingTimeoutMs` and the session is dropped,
   * failing its streams (watches restart on a new connection). Requests
   * share one connection and a watch may be quiet for minutes, so a peer that
   * vanished without closing it (a machine gone, a cut network) must not
   * leave them hanging.
   * (Node's session timeout counts our own writes as activity, so it cannot
   * tell a silent peer from a quiet one.)
   */
  private healthCheck(session: ClientHttp2Session): void {
    const interval = setInterval(() => {
      if (session.destroyed || session.closed || !session.socket) return;
      const timer = setTimeout(() => session.destroy(new Error('HTTP/2 ping timed out')), this.opts.pingTimeoutMs ?? 15_000);
      timer.unref();
      const sent = session.ping((err) => {
        clearTimeout(timer);
        if (err && !session.destroyed) session.destroy(err);
      });
      if (!sent) clearTimeout(timer);
    }, this.opts.readIdleMs ?? 30_000);
    interval.unref();
    session.once('close', () => clearInterval(interval));
  }

  /** Start a stream on the shared session; the session holds the event loop while it has open streams. */
  private open(method: string, path: string, headers: Record<string, string>, endStream: boolean): ClientHttp2Stream {
    const h2headers = h2Headers(method, path, headers);
    let session = this.current();
    let stream: ClientHttp2Stream;
    try {
      stream = session.request(h2headers, { endStream });
    } catch {
      // Stream IDs exhausted or the session is going away: one retry on a new session.
      if (this.session === session) this.session = undefined;
      session = this.current();
      stream = session.request(h2headers, { endStream });
    }
    const open = (this.openStreams.get(session) ?? 0) + 1;
    this.openStreams.set(session, open);
    if (open === 1) session.ref();
    stream.on('close', () => {
      const left = (this.openStreams.get(session) ?? 1) - 1;
      this.openStreams.set(session, left);
      if (left === 0 && !session.destroyed) session.unref();
    });
    return stream;
  }

  /** One request with an optional body; resolves with status and the whole body as text. */
  request(method: string, path: string, headers: Record<string, string>, payload: string | undefined,
    timeoutMs: number | undefined): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      let s: ClientHttp2Stream;
      try {
        s = this.open(method, path, headers, payload === undefined);
      } catch (e) { reject(e); return; }
      let status = 0;
      const chunks: Buffer[] = [];
      let timedOut = false;
      if (timeoutMs) s.setTimeout(timeoutMs, () => { timedOut = true; s.close(constants.NGHTTP2_CANCEL); });
      s.on('response', (h: IncomingHttpHeaders) => { status = Number(h[constants.HTTP2_HEADER_STATUS]); });
      s.on('data', (c: Buffer) => chunks.push(c));
      let ended = false;
      s.on('end', () => {
        // A cancelled stream ends too, without a response: the close handler reports it.
        if (timedOut || status === 0) return;
        ended = true;
        resolve({ status, body: Buffer.concat(chunks).toString('utf8') });
      });
      s.on('error', (err: Error) => reject(new K8sError('ServiceUnavailable', `request ${method} ${path} failed: ${err.message}`)));
      s.on('close', () => {
        if (ended) return;
        if (timedOut) reject(new K8sError('Timeout', `request ${method} ${path} timed out`));
        else reject(new K8sError('ServiceUnavailable', `request ${method} ${path} failed: stream closed (code ${s.rstCode})`));
      });
      if (payload !== undefined) s.end(payload);
    });
  }

  /** A GET whose body the caller reads as it arrives; resolves once the response headers are in. */
  /**
   * A watch: a GET on a connection of its own, closed with the stream. A
   * watch whose reader falls behind stops acknowledging data; on a shared
   * connection that would use up the connection's flow-control window and
   * its TCP send queue on the server, and stall every other request behind
   * it (with 5,000 simulated kubelets on one client, lease renewals fell 30 s
   * behind). Requests stay multiplexed on the shared session.
   */
  stream(path: string, headers: Record<string, string>): Promise<H2StreamResponse> {
    return new Promise((resolve, reject) => {
      let s: ClientHttp2Stream;
      try {
        if (this.closed) throw new K8sError('ServiceUnavailable', 'client is closed');
        const session = this.connect();
        s = session.request(h2Headers('GET', path, headers), { endStream: true });
        s.on('close', () => session.close());
      } catch (e) { reject(e); return; }
      let answered = false;
      s.on('response', (h: IncomingHttpHeaders) => { answered = true; resolve({ status: Number(h[constants.HTTP2_HEADER_STATUS]), stream: s }); });
      s.on('error', (err: Error) => { if (!answered) reject(new K8sError('ServiceUnavailable', `watch ${path} failed: ${err.message}`)); });
      s.on('close', () => { if (!answered) reject(new K8sError('ServiceUnavailable', `watch ${path} failed: stream closed (code ${s.rstCode})`)); });
    });
  }

  /** Close the session; open streams are cut. */
  close(): void {
    this.closed = true;
    for (const s of this.sessions) s.destroy();
    this.sessions.clear();
    this.session = undefined;
  }
}

/** HTTP/2 request headers: pseudo-headers, lower-case names, no connection-specific ones (forbidden in HTTP/2). */
function h2Headers(method: string, path: string, headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { [constants.HTTP2_HEADER_METHOD]: method, [constants.HTTP2_HEADER_PATH]: path };
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  delete out.host; delete out.connection; delete out['content-length'];
  return out;
}
