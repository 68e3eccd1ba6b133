/**
 * SPDY/3.1 framing (draft-mbelshe-httpbis-spdy-00 and the 3.1 addendum):
 * frame encoding, an incremental frame parser, and the zlib header-block
 * codec. Only what Kubernetes streaming uses: SYN_STREAM, SYN_REPLY,
 * RST_STREAM, SETTINGS, PING, GOAWAY, HEADERS, WINDOW_UPDATE and DATA.
 *
 * Header compression: each direction of a connection is one zlib stream
 * primed with the SPDY dictionary, flushed at the end of every header
 * block. We *send* deflate "stored" blocks (valid zlib, no compression, so
 * the encoder is synchronous and stateless apart from the first header);
 * we *receive* whatever the peer's zlib produced, inflating the whole
 * stream so far with a sync flush and keeping the new tail (header blocks
 * are a few per stream, so re-inflating stays cheap).
 */
import { inflateSync, constants as zc } from 'node:zlib';
import { K8sError } from '../errors.ts';
import { SPDY3_DICTIONARY } from './dictionary.ts';

/** Control frame types. */
export const FrameType = {
  SYN_STREAM: 1, SYN_REPLY: 2, RST_STREAM: 3, SETTINGS: 4, PING: 6, GOAWAY: 7, HEADERS: 8, WINDOW_UPDATE: 9,
} as const;

/** FLAG_FIN on DATA, SYN_STREAM, SYN_REPLY and HEADERS. */
export const FLAG_FIN = 0x01;
/** FLAG_UNIDIRECTIONAL on SYN_STREAM. */
export const FLAG_UNIDIRECTIONAL = 0x02;

/** RST_STREAM status codes. */
export const RstStatus = { PROTOCOL_ERROR: 1, INVALID_STREAM: 2, REFUSED_STREAM: 3, CANCEL: 5, INTERNAL_ERROR: 6 } as const;

/** Header names are lower case; several values of one name are NUL-separated on the wire. */
export type SpdyHeaders = Record<string, string[]>;

/** A decoded frame. */
export type SpdyFrame =
  | { kind: 'data'; streamId: number; flags: number; data: Buffer }
  | { kind: 'syn_stream'; streamId: number; associatedId: number; priority: number; flags: number; headers: SpdyHeaders }
  | { kind: 'syn_reply' | 'headers'; streamId: number; flags: number; headers: SpdyHeaders }
  | { kind: 'rst_stream'; streamId: number; status: number }
  | { kind: 'settings'; flags: number; entries: Array<{ flags: number; id: number; value: number }> }
  | { kind: 'ping'; id: number }
  | { kind: 'goaway'; lastGoodStreamId: number; status: number }
  | { kind: 'window_update'; streamId: number; delta: number }
  | { kind: 'unknown'; type: number };

const VERSION = 3;
const MAX_LENGTH = 0xffffff;

function adler32(b: Buffer): number {
  let a = 1, s = 0;
  for (const x of b) { a = (a + x) % 65521; s = (s + a) % 65521; }
  return ((s << 16) | a) >>> 0;
}

/** Encodes header blocks of one direction of a connection. */
export class HeaderEncoder {
  private started = false;

  /** The zlib bytes of one header block. */
  encode(headers: SpdyHeaders): Buffer {
    const parts: Buffer[] = [];
    const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n >>> 0); parts.push(b); };
    const entries = Object.entries(headers);
    u32(entries.length);
    for (const [name, values] of entries) {
      const n = Buffer.from(name.toLowerCase());
      const v = Buffer.from(values.join('\0'));
      u32(n.length); parts.push(n); u32(v.length); parts.push(v);
    }
    const raw = Buffer.concat(parts);
    const out: Buffer[] = [];
    if (!this.started) {
      // zlib header: deflate, 32K window, FDICT set, FCHECK making the 16-bit value a multiple of 31.
      const cmf = 0x78;
      let flg = 0xc0 | 0x20;
      flg += (31 - ((cmf * 256 + flg) % 31)) % 31;
      const h = Buffer.alloc(6);
      h[0] = cmf; h[1] = flg; h.writeUInt32BE(adler32(SPDY3_DICTIONARY), 2);
      out.push(h);
      this.started = true;
    }
    // raw is never empty (it starts with the pair count).
    for (let off = 0; off < raw.length; off += 0xffff) {
      const chunk = raw.subarray(off, off + 0xffff);
      const h = Buffer.alloc(5);
      h[0] = 0; // BFINAL=0, BTYPE=00 (stored), padding to the byte boundary
      h.writeUInt16LE(chunk.length, 1);
      h.writeUInt16LE(~chunk.length & 0xffff, 3);
      out.push(h, chunk);
    }
    // End with an empty stored block, as a zlib sync flush does: Go's inflater only hands out what
    // it decoded when it meets one, and would otherwise read past the frame and fail for good.
    out.push(Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]));
    return Buffer.concat(out);
  }
}

/** Decodes header blocks of one direction of a connection. */
export class HeaderDecoder {
  private compressed: Buffer[] = [];
  private produced = 0;

  decode(block: Buffer): SpdyHeaders {
    this.compressed.push(block);
    let all: Buffer;
    try {
      all = inflateSync(Buffer.concat(this.compressed), { dictionary: SPDY3_DICTIONARY, finishFlush: zc.Z_SYNC_FLUSH });
    } catch (e) {
      throw new K8sError('BadRequest', `spdy: bad header block: ${(e as Error).message}`);
    }
    const raw = all.subarray(this.produced);
    this.produced = all.length;
    return parseHeaderBlock(raw);
  }
}

function parseHeaderBlock(raw: Buffer): SpdyHeaders {
  const headers: SpdyHeaders = {};
  let off = 0;
  const u32 = () => {
    if (off + 4 > raw.length) throw new K8sError('BadRequest', 'spdy: truncated header block');
    const v = raw.readUInt32BE(off); off += 4; return v;
  };
  const str = () => {
    const n = u32();
    if (off + n > raw.length) throw new K8sError('BadRequest', 'spdy: truncated header block');
    const s = raw.toString('utf8', off, off + n); off += n; return s;
  };
  const count = u32();
  for (let i = 0; i < count; i++) {
    const name = str().toLowerCase();
    (headers[name] ??= []).push(...str().split('\0'));
  }
  return headers;
}

function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  if (payload.length > MAX_LENGTH) throw new K8sError('InternalError', 'spdy: frame too large');
  const h = Buffer.alloc(8);
  h.writeUInt16BE(0x8000 | VERSION, 0);
  h.writeUInt16BE(type, 2);
  h.writeUInt32BE(((flags & 0xff) << 24 | payload.length) >>> 0, 4);
  return Buffer.concat([h, payload]);
}

function u32s(...ns: number[]): Buffer {
  const b = Buffer.alloc(4 * ns.length);
  ns.forEach((n, i) => b.writeUInt32BE(n >>> 0, 4 * i));
  return b;
}

/** Frame encoders (one HeaderEncoder per connection direction). */
export const encode = {
  data(streamId: number, data: Buffer, fin: boolean): Buffer {
    const h = Buffer.alloc(8);
    h.writeUInt32BE(streamId & 0x7fffffff, 0);
    h.writeUInt32BE(((fin ? FLAG_FIN : 0) << 24 | data.length) >>> 0, 4);
    return Buffer.concat([h, data]);
  },
  synStream(enc: HeaderEncoder, streamId: number, headers: SpdyHeaders, flags = 0): Buffer {
    const p = Buffer.concat([u32s(streamId, 0), Buffer.from([0, 0]), enc.encode(headers)]);
    return controlFrame(FrameType.SYN_STREAM, flags, p);
  },
  synReply(enc: HeaderEncoder, streamId: number, headers: SpdyHeaders, flags = 0): Buffer {
    return controlFrame(FrameType.SYN_REPLY, flags, Buffer.concat([u32s(streamId), enc.encode(headers)]));
  },
  rstStream(streamId: number, status: number): Buffer { return controlFrame(FrameType.RST_STREAM, 0, u32s(streamId, status)); },
  ping(id: number): Buffer { return controlFrame(FrameType.PING, 0, u32s(id)); },
  goaway(lastGoodStreamId: number, status = 0): Buffer { return controlFrame(FrameType.GOAWAY, 0, u32s(lastGoodStreamId, status)); },
  windowUpdate(streamId: number, delta: number): Buffer { return controlFrame(FrameType.WINDOW_UPDATE, 0, u32s(streamId, delta)); },
};

/** Incremental parser: feed bytes, get whole frames. */
export class FrameParser {
  private buf: Buffer = Buffer.alloc(0);
  constructor(private readonly headers: HeaderDecoder = new HeaderDecoder()) {}

  /** Append bytes; returns the frames now complete (throws K8sError on a malformed frame). */
  push(chunk: Buffer): SpdyFrame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: SpdyFrame[] = [];
    while (this.buf.length >= 8) {
      const len = this.buf.readUInt32BE(4) & 0xffffff;
      if (this.buf.length < 8 + len) break;
      out.push(this.frame(this.buf.subarray(0, 8), Buffer.from(this.buf.subarray(8, 8 + len))));
      this.buf = this.buf.subarray(8 + len);
    }
    return out;
  }

  private frame(h: Buffer, p: Buffer): SpdyFrame {
    const flags = h[4]!;
    if ((h[0]! & 0x80) === 0) return { kind: 'data', streamId: h.readUInt32BE(0) & 0x7fffffff, flags, data: p };
    const version = h.readUInt16BE(0) & 0x7fff;
    if (version !== VERSION) throw new K8sError('BadRequest', `spdy: unsupported version ${version}`);
    const type = h.readUInt16BE(2);
    const need = (n: number) => { if (p.length < n) throw new K8sError('BadRequest', `spdy: short control frame type ${type}`); };
    const id = () => p.readUInt32BE(0) & 0x7fffffff;
    switch (type) {
      case FrameType.SYN_STREAM:
        need(10);
        return { kind: 'syn_stream', streamId: id(), associatedId: p.readUInt32BE(4) & 0x7fffffff, priority: p[8]! >> 5, flags, headers: this.headers.decode(p.subarray(10)) };
      case FrameType.SYN_REPLY:
      case FrameType.HEADERS:
        need(4);
        return { kind: type === FrameType.SYN_REPLY ? 'syn_reply' : 'headers', streamId: id(), flags, headers: this.headers.decode(p.subarray(4)) };
      case FrameType.RST_STREAM: need(8); return { kind: 'rst_stream', streamId: id(), status: p.readUInt32BE(4) };
      case FrameType.SETTINGS: {
        need(4);
        const n = p.readUInt32BE(0);
        need(4 + 8 * n);
        const entries = [];
        for (let i = 0; i < n; i++) {
          const fi = p.readUInt32BE(4 + 8 * i);
          entries.push({ flags: fi >>> 24, id: fi & 0xffffff, value: p.readUInt32BE(8 + 8 * i) });
        }
        return { kind: 'settings', flags, entries };
      }
      case FrameType.PING: need(4); return { kind: 'ping', id: p.readUInt32BE(0) };
      case FrameType.GOAWAY: need(4); return { kind: 'goaway', lastGoodStreamId: id(), status: p.length >= 8 ? p.readUInt32BE(4) : 0 };
      case FrameType.WINDOW_UPDATE: need(8); return { kind: 'window_update', streamId: id(), delta: p.readUInt32BE(4) & 0x7fffffff };
      default: return { kind: 'unknown', type };
    }
  }
}
