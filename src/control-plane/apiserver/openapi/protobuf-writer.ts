/**
 * A minimal protocol buffers writer (wire types varint and
 * length-delimited), enough to encode the gnostic OpenAPI v2 message.
 */

/** Builds one message; nested messages are built separately and embedded. */
export class ProtoWriter {
  private readonly chunks: Buffer[] = [];

  private varint(n: number): void {
    const bytes: number[] = [];
    while (n > 0x7f) {
      bytes.push((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    bytes.push(n);
    this.chunks.push(Buffer.from(bytes));
  }

  private tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  /** A string field; proto3 omits empty strings. */
  string(field: number, v: string | undefined): this {
    if (v === undefined || v === '') return this;
    const b = Buffer.from(v, 'utf8');
    this.tag(field, 2);
    this.varint(b.length);
    this.chunks.push(b);
    return this;
  }

  /** Each string of a repeated field. */
  strings(field: number, vs: readonly string[] | undefined): this {
    for (const v of vs ?? []) {
      const b = Buffer.from(v, 'utf8');
      this.tag(field, 2);
      this.varint(b.length);
      this.chunks.push(b);
    }
    return this;
  }

  /** A bool field; proto3 omits false. */
  bool(field: number, v: boolean | undefined): this {
    if (!v) return this;
    this.tag(field, 0);
    this.varint(1);
    return this;
  }

  /** An embedded message (written even when empty, so oneofs are set). */
  message(field: number, m: ProtoWriter | undefined): this {
    if (!m) return this;
    const b = m.finish();
    this.tag(field, 2);
    this.varint(b.length);
    this.chunks.push(b);
    return this;
  }

  /** The encoded bytes. */
  finish(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
