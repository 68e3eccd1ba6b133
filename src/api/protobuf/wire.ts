/**
 * A minimal protobuf wire-format reader: varints, length-delimited fields and
 * skipping of fixed32/fixed64. Every read is bounds-checked and throws
 * `K8sError('BadRequest')`, so a hostile body can neither crash nor hang us.
 */
import { K8sError } from '../../base/errors.ts';

/** Protobuf wire types that proto2/proto3 encoders still emit (groups are rejected). */
export const WireType = { Varint: 0, Fixed64: 1, Bytes: 2, Fixed32: 5 } as const;

/** One field tag: its number and wire type. */
export interface Tag {
  fieldNumber: number;
  wireType: number;
}

/** The error every malformed body turns into. */
export function malformed(detail: string): K8sError {
  return new K8sError('BadRequest', `unable to decode protobuf request body: ${detail}`);
}

/** Sequential reader over one message's bytes. */
export class WireReader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  /** True when every byte has been consumed. */
  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** Read an unsigned varint of up to 64 bits as a BigInt. */
  varint(): bigint {
    // Fast path: up to 4 bytes (28 bits) fits in a JS number exactly.
    let small = 0;
    for (let i = 0; i < 4; i++) {
      const b = this.byte();
      small |= (b & 0x7f) << (7 * i);
      if ((b & 0x80) === 0) return BigInt(small >>> 0);
    }
    let result = BigInt(small >>> 0);
    for (let shift = 28n; shift < 70n; shift += 7n) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) {
        if (shift === 63n && b > 1) throw malformed('varint overflows 64 bits');
        return result;
      }
    }
    throw malformed('varint longer than 10 bytes');
  }

  /** Read a field tag; throws on field number 0 or group wire types. */
  tag(): Tag {
    const v = this.varint();
    if (v > 0xffffffffn) throw malformed('field tag out of range');
    const n = Number(v);
    const fieldNumber = Math.floor(n / 8);
    const wireType = n & 7;
    if (fieldNumber === 0) throw malformed('field number 0 is illegal');
    if (wireType !== 0 && wireType !== 1 && wireType !== 2 && wireType !== 5) {
      throw malformed(`unsupported wire type ${wireType} for field ${fieldNumber}`);
    }
    return { fieldNumber, wireType };
  }

  /** Read a length-delimited payload (a view, not a copy). */
  bytes(): Uint8Array {
    const len = this.varint();
    if (len > BigInt(this.buf.length - this.pos)) throw malformed('length-delimited field runs past the end of its message');
    const n = Number(len);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Read 8 little-endian bytes as a double. */
  double(): number {
    const view = this.take(8);
    return new DataView(view.buffer, view.byteOffset, 8).getFloat64(0, true);
  }

  /** Read 4 little-endian bytes as a float. */
  float(): number {
    const view = this.take(4);
    return new DataView(view.buffer, view.byteOffset, 4).getFloat32(0, true);
  }

  /** Skip the value of a field with the given wire type. */
  skip(wireType: number): void {
    switch (wireType) {
      case WireType.Varint: this.varint(); return;
      case WireType.Fixed64: this.take(8); return;
      case WireType.Bytes: this.bytes(); return;
      case WireType.Fixed32: this.take(4); return;
      default: throw malformed(`unsupported wire type ${wireType}`);
    }
  }

  private take(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) throw malformed('fixed-width field runs past the end of its message');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  private byte(): number {
    if (this.pos >= this.buf.length) throw malformed('truncated varint');
    return this.buf[this.pos++];
  }
}
