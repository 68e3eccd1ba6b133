/**
 * A SPDY/3.1 connection over any byte stream (a TLS socket after an HTTP
 * upgrade, or a WebSocket turned into a stream): streams are Node Duplexes,
 * outgoing frames are written in order, PINGs are answered, GOAWAY and
 * RST_STREAM end what they name. Flow control: we never stall on windows
 * (Kubernetes' spdystream peers neither send nor honour WINDOW_UPDATE), and
 * WINDOW_UPDATE / SETTINGS frames are accepted and ignored.
 */
import { Duplex } from 'node:stream';
import { nullLogger, type Logger } from '../logger.ts';
import { encode, FLAG_FIN, FrameParser, HeaderEncoder, RstStatus, type SpdyFrame, type SpdyHeaders } from './frames.ts';

/** Largest DATA payload we send in one frame. */
const MAX_DATA_FRAME = 32 * 1024;

/** Options of {@link SpdySession}. */
export interface SpdySessionOptions {
  /** Server side (answers odd client stream ids, opens even ones). */
  server: boolean;
  /** A stream the peer opened. Unless the handler replied, the session sends an empty SYN_REPLY right after. */
  onStream?: (stream: SpdyStream) => void;
  logger?: Logger;
}

/** One SPDY stream: readable = the peer's DATA, writable = ours (end() sends FIN). */
export class SpdyStream extends Duplex {
  replied = false;
  private remoteDone = false;
  private localDone = false;

  constructor(private readonly session: SpdySession, readonly id: number, readonly headers: SpdyHeaders) {
    super({ allowHalfOpen: true });
  }

  /** First value of a header (names are lower case). */
  header(name: string): string | undefined { return this.headers[name.toLowerCase()]?.[0]; }

  /** Send SYN_REPLY (once). */
  reply(headers: SpdyHeaders = {}, fin = false): void {
    if (this.replied) return;
    this.replied = true;
    this.session.sendSynReply(this.id, headers, fin);
    if (fin) this.localFinished();
  }

  /** Abort the stream with RST_STREAM. */
  reset(status: number = RstStatus.CANCEL): void {
    if (this.destroyed) return;
    this.session.sendRaw(encode.rstStream(this.id, status));
    this.destroy();
  }

  /** @internal DATA (or a FIN) from the peer. */
  onData(data: Buffer, fin: boolean): void {
    if (data.length > 0 && !this.remoteDone) this.push(data);
    if (fin) this.onRemoteFin();
  }

  /** @internal the peer half-closed. */
  onRemoteFin(): void {
    if (this.remoteDone) return;
    this.remoteDone = true;
    this.push(null);
    if (this.localDone) this.session.forget(this.id);
  }

  override _read(): void { /* data is pushed as frames arrive */ }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.reply();
    let off = 0;
    const next = (err?: Error | null): void => {
      if (err || off >= chunk.length) { cb(err); return; }
      const part = chunk.subarray(off, off + MAX_DATA_FRAME);
      off += part.length;
      this.session.sendRaw(encode.data(this.id, part, false), next);
    };
    next();
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.reply();
    this.session.sendRaw(encode.data(this.id, Buffer.alloc(0), true), () => cb());
    this.localFinished();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.session.forget(this.id);
    cb(err);
  }

  private localFinished(): void {
    this.localDone = true;
    if (this.remoteDone) this.session.forget(this.id);
  }
}

/** A SPDY/3.1 connection. */
export class SpdySession {
  private readonly parser = new FrameParser();
  private readonly encoder = new HeaderEncoder();
  private readonly streams = new Map<number, SpdyStream>();
  private readonly logger: Logger;
  private nextId: number;
  private lastPeerId = 0;
  private closed = false;
  /** Resolves when the underlying connection is gone. */
  readonly done: Promise<void>;

  constructor(private readonly conn: Duplex, private readonly opts: SpdySessionOptions) {
    this.logger = opts.logger ?? nullLogger;
    this.nextId = opts.server ? 2 : 1;
    this.done = new Promise((resolve) => conn.once('close', () => { this.teardown(); resolve(); }));
    conn.on('data', (chunk: Buffer) => this.onBytes(chunk));
    conn.on('end', () => this.teardown());
    conn.on('error', (e) => { this.logger.debug('spdy connection error', { err: e.message }); this.teardown(); });
  }

  /** Streams currently open. */
  get size(): number { return this.streams.size; }

  /** Open a stream (client side of a Kubernetes exchange, or tests). */
  openStream(headers: SpdyHeaders, fin = false): SpdyStream {
    const id = this.nextId;
    this.nextId += 2;
    const s = new SpdyStream(this, id, headers);
    s.replied = true; // our own stream: the peer replies, we never do
    this.streams.set(id, s);
    this.sendRaw(encode.synStream(this.encoder, id, headers, fin ? FLAG_FIN : 0));
    return s;
  }

  /** Send GOAWAY and close the connection once written. */
  close(): void {
    if (this.closed) return;
    this.sendRaw(encode.goaway(this.lastPeerId), () => this.conn.end());
    this.closed = true;
  }

  /** @internal */
  sendSynReply(id: number, headers: SpdyHeaders, fin: boolean): void {
    this.sendRaw(encode.synReply(this.encoder, id, headers, fin ? FLAG_FIN : 0));
  }

  /** @internal write one encoded frame; frames go out in call order. */
  sendRaw(frame: Buffer, cb?: (err?: Error | null) => void): void {
    if (this.closed || this.conn.destroyed || this.conn.writableEnded) { cb?.(); return; }
    this.conn.write(frame, (err) => cb?.(err ?? null));
  }

  /** @internal */
  forget(id: number): void { this.streams.delete(id); }

  private onBytes(chunk: Buffer): void {
    let frames: SpdyFrame[];
    try {
      frames = this.parser.push(chunk);
    } catch (e) {
      this.logger.warn('spdy protocol error', { err: (e as Error).message });
      this.sendRaw(encode.goaway(this.lastPeerId, 1), () => this.conn.destroy());
      this.closed = true;
      return;
    }
    for (const f of frames) this.onFrame(f);
  }

  private onFrame(f: SpdyFrame): void {
    this.logger.debug('spdy frame', { kind: f.kind, streamId: (f as { streamId?: number }).streamId });
    switch (f.kind) {
      case 'syn_stream': {
        if (this.streams.has(f.streamId) || f.streamId % 2 === this.nextId % 2) {
          this.sendRaw(encode.rstStream(f.streamId, RstStatus.PROTOCOL_ERROR));
          return;
        }
        this.lastPeerId = f.streamId;
        const s = new SpdyStream(this, f.streamId, f.headers);
        this.streams.set(f.streamId, s);
        if (f.flags & FLAG_FIN) s.onRemoteFin();
        try { this.opts.onStream?.(s); } catch (e) { this.logger.warn('spdy stream handler failed', { err: (e as Error).message }); }
        s.reply();
        return;
      }
      case 'data': this.streams.get(f.streamId)?.onData(f.data, (f.flags & FLAG_FIN) !== 0); return;
      case 'syn_reply':
      case 'headers': {
        const st = this.streams.get(f.streamId);
        // A stream we opened is usable once the peer replied (spdystream drops DATA sent before that).
        if (f.kind === 'syn_reply') st?.emit('reply', f.headers);
        if (f.flags & FLAG_FIN) st?.onRemoteFin();
        return;
      }
      case 'rst_stream': this.streams.get(f.streamId)?.destroy(); return;
      case 'ping':
        // Answer the peer's pings (their ids have the other parity); ours are not sent.
        if ((f.id % 2 === 1) === this.opts.server) this.sendRaw(encode.ping(f.id));
        return;
      case 'goaway': this.teardown(); this.conn.end(); return;
      default: return; // SETTINGS, WINDOW_UPDATE, unknown: nothing to do
    }
  }

  private teardown(): void {
    this.closed = true;
    for (const s of this.streams.values()) {
      s.onRemoteFin();
      s.destroy();
    }
    this.streams.clear();
  }
}
