/**
 * The Kubernetes protobuf envelope: the magic prefix `k8s\0` followed by a
 * runtime.Unknown message {typeMeta=1 {apiVersion=1, kind=2}, raw=2,
 * contentEncoding=3, contentType=4}, where `raw` is the typed object.
 */
import { WireReader, WireType, malformed } from './wire.ts';

/** The four magic bytes that start every Kubernetes protobuf body. */
export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** A decoded runtime.Unknown. */
export interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

const utf8 = new TextDecoder('utf-8');

function str(r: WireReader, wireType: number): string {
  if (wireType !== WireType.Bytes) throw malformed('envelope string field has the wrong wire type');
  return utf8.decode(r.bytes());
}

/** Check the magic prefix and decode the runtime.Unknown after it. */
export function decodeEnvelope(buf: Uint8Array): Envelope {
  if (buf.length < PROTOBUF_MAGIC.length || !PROTOBUF_MAGIC.equals(buf.subarray(0, PROTOBUF_MAGIC.length))) {
    throw malformed('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  }
  const env: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(), contentEncoding: '', contentType: '' };
  const r = new WireReader(buf.subarray(PROTOBUF_MAGIC.length));
  while (!r.done) {
    const t = r.tag();
    if (t.fieldNumber === 1 && t.wireType === WireType.Bytes) {
      const tm = new WireReader(r.bytes());
      while (!tm.done) {
        const f = tm.tag();
        if (f.fieldNumber === 1) env.apiVersion = str(tm, f.wireType);
        else if (f.fieldNumber === 2) env.kind = str(tm, f.wireType);
        else tm.skip(f.wireType);
      }
    } else if (t.fieldNumber === 2 && t.wireType === WireType.Bytes) {
      env.raw = r.bytes();
    } else if (t.fieldNumber === 3) {
      env.contentEncoding = str(r, t.wireType);
    } else if (t.fieldNumber === 4) {
      env.contentType = str(r, t.wireType);
    } else {
      r.skip(t.wireType);
    }
  }
  return env;
}
