/**
 * Schema-driven decoding of one protobuf message into the JSON object Go's
 * encoding/json would produce for the same Go value (see types.ts for the
 * presence rules). Unknown field numbers are skipped and their paths kept.
 */
import type { ElementType, FieldSpec, MessageSpec, ScalarType } from './types.ts';
import { MESSAGES } from './schema.ts';
import { decodeSpecial, specialZero } from './special.ts';
import { WireReader, WireType, malformed } from './wire.ts';

/** Nesting limit: far deeper than any Kubernetes type, small enough for the stack. */
export const MAX_DEPTH = 64;

/** Decoding state shared across one body. */
export interface DecodeContext {
  unknownFields: string[];
}

const utf8 = new TextDecoder('utf-8');
const EMPTY = new Uint8Array();

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function message(name: string): MessageSpec {
  const spec = MESSAGES.get(name);
  if (!spec) throw malformed(`no schema for message ${name}`);
  return spec;
}

function scalarFromVarint(type: ScalarType, v: bigint): unknown {
  switch (type) {
    case 'int32': return Number(BigInt.asIntN(32, v));
    case 'uint32': return Number(BigInt.asUintN(32, v));
    case 'int64': return Number(BigInt.asIntN(64, v));
    case 'uint64': return Number(v);
    case 'bool': return v !== 0n;
    default: throw malformed(`varint on the wire for a ${type} field`);
  }
}

/** Read one scalar value of the given wire type. */
function readScalar(r: WireReader, type: ScalarType, wireType: number): unknown {
  if (type === 'string' || type === 'bytes') {
    if (wireType !== WireType.Bytes) throw malformed(`wire type ${wireType} for a ${type} field`);
    const b = r.bytes();
    return type === 'string' ? utf8.decode(b) : Buffer.from(b).toString('base64');
  }
  if (type === 'double') {
    if (wireType !== WireType.Fixed64) throw malformed(`wire type ${wireType} for a double field`);
    return r.double();
  }
  if (type === 'float') {
    if (wireType !== WireType.Fixed32) throw malformed(`wire type ${wireType} for a float field`);
    return r.float();
  }
  if (wireType !== WireType.Varint) throw malformed(`wire type ${wireType} for a ${type} field`);
  return scalarFromVarint(type, r.varint());
}

/** Decode one length-delimited element (message or special) or a scalar. */
function readElement(r: WireReader, el: ElementType, wireType: number, path: string, depth: number, ctx: DecodeContext): unknown {
  if (el.kind === 'scalar') return readScalar(r, el.scalar, wireType);
  if (wireType !== WireType.Bytes) throw malformed(`wire type ${wireType} for message field ${path}`);
  const payload = r.bytes();
  if (el.kind === 'special') return decodeSpecial(el.special, payload);
  return decodeMessage(message(el.message), payload, path, depth + 1, ctx);
}

/** Packed repeated numeric scalars: a length-delimited run of values. */
function readPacked(r: WireReader, type: ScalarType): unknown[] {
  const inner = new WireReader(r.bytes());
  const out: unknown[] = [];
  const wt = type === 'double' ? WireType.Fixed64 : type === 'float' ? WireType.Fixed32 : WireType.Varint;
  while (!inner.done) out.push(readScalar(inner, type, wt));
  return out;
}

function readMapEntry(r: WireReader, f: FieldSpec, wireType: number, path: string, depth: number, ctx: DecodeContext): [string, unknown] {
  if (wireType !== WireType.Bytes) throw malformed(`wire type ${wireType} for map field ${path}`);
  const entry = new WireReader(r.bytes());
  let key = '';
  let value: unknown = undefined;
  while (!entry.done) {
    const t = entry.tag();
    if (t.fieldNumber === 1) key = readScalar(entry, 'string', t.wireType) as string;
    else if (t.fieldNumber === 2) value = readElement(entry, f.element, t.wireType, `${path}[value]`, depth, ctx);
    else entry.skip(t.wireType);
  }
  return [key, value === undefined ? zeroElement(f.element, path, depth, ctx) : value];
}

/** The JSON of an element type's zero value. */
function zeroElement(el: ElementType, path: string, depth: number, ctx: DecodeContext): unknown {
  if (el.kind === 'special') return specialZero(el.special);
  if (el.kind === 'message') return decodeMessage(message(el.message), EMPTY, path, depth + 1, ctx);
  switch (el.scalar) {
    case 'string': return '';
    case 'bytes': return null;
    case 'bool': return false;
    default: return 0;
  }
}

function isZeroScalar(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

/**
 * Decode `buf` as message `spec`. `path` is the JSON path used for unknown
 * field reports; `depth` bounds recursion.
 */
export function decodeMessage(spec: MessageSpec, buf: Uint8Array, path: string, depth: number, ctx: DecodeContext): Record<string, unknown> {
  if (depth > MAX_DEPTH) throw malformed(`message nesting deeper than ${MAX_DEPTH}`);
  const single = new Map<number, unknown>();
  const lists = new Map<number, unknown[]>();
  const maps = new Map<number, Record<string, unknown>>();
  const r = new WireReader(buf);
  while (!r.done) {
    const { fieldNumber, wireType } = r.tag();
    const f = spec.byNumber.get(fieldNumber);
    if (!f) {
      r.skip(wireType);
      ctx.unknownFields.push(join(path, `#${fieldNumber}`));
      continue;
    }
    const name = f.json ?? '';
    if (f.cardinality === 'repeated') {
      const list = lists.get(fieldNumber) ?? [];
      lists.set(fieldNumber, list);
      const el = f.element;
      if (el.kind === 'scalar' && el.scalar !== 'string' && el.scalar !== 'bytes' && wireType === WireType.Bytes) {
        list.push(...readPacked(r, el.scalar));
      } else {
        list.push(readElement(r, el, wireType, `${join(path, name)}[${list.length}]`, depth, ctx));
      }
    } else if (f.cardinality === 'map') {
      const m = maps.get(fieldNumber) ?? {};
      maps.set(fieldNumber, m);
      const [k, v] = readMapEntry(r, f, wireType, join(path, name), depth, ctx);
      Object.defineProperty(m, k, { value: v, enumerable: true, writable: true, configurable: true });
    } else {
      single.set(fieldNumber, readElement(r, f.element, wireType, f.json === null ? path : join(path, name), depth, ctx));
    }
  }
  return render(spec, single, lists, maps, path, depth, ctx);
}

/** Build the JSON object in Go struct order, applying the presence rules. */
function render(
  spec: MessageSpec, single: Map<number, unknown>, lists: Map<number, unknown[]>, maps: Map<number, Record<string, unknown>>,
  path: string, depth: number, ctx: DecodeContext,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of spec.fields) {
    if (f.json === null) {
      const inline = single.has(f.number) ? single.get(f.number) : zeroElement(f.element, path, depth, ctx);
      Object.assign(out, inline as Record<string, unknown>);
      continue;
    }
    let value: unknown;
    if (f.cardinality === 'repeated') {
      value = lists.get(f.number);
      if (value === undefined && f.presence === 'always') value = null;
    } else if (f.cardinality === 'map') {
      value = maps.get(f.number);
      if (value === undefined && f.presence === 'always') value = null;
    } else if (single.has(f.number)) {
      value = single.get(f.number);
      if (f.presence === 'omitempty' && f.element.kind === 'scalar' && isZeroScalar(value)) value = undefined;
    } else if (f.presence === 'always') {
      value = zeroElement(f.element, join(path, f.json), depth, ctx);
    }
    if (value !== undefined) out[f.json] = value;
  }
  return out;
}
