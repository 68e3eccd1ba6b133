/**
 * Encodes the v2 document as gnostic's `openapi.v2.Document` protobuf.
 * kubectl up to 1.26 asks for `/openapi/v2` only in this form
 * (application/com.github.proto-openapi.spec.v2@v1.0+protobuf) and cannot
 * read JSON there, so older kubectl needs it to validate, explain and apply.
 * Field numbers are those of gnostic's OpenAPIv2.proto.
 */
import { ProtoWriter } from './protobuf-writer.ts';

type Obj = Record<string, unknown>;

/** `Any{yaml}`: extension values travel as YAML text; JSON is valid YAML. */
function anyYaml(v: unknown): ProtoWriter {
  return new ProtoWriter().string(2, JSON.stringify(v));
}

function vendorExtensions(w: ProtoWriter, field: number, o: Obj): void {
  for (const [k, v] of Object.entries(o)) {
    if (k.startsWith('x-')) w.message(field, new ProtoWriter().string(1, k).message(2, anyYaml(v)));
  }
}

/** `openapi.v2.Schema`. */
export function encodeSchema(s: Obj): ProtoWriter {
  const w = new ProtoWriter()
    .string(1, s.$ref as string | undefined)
    .string(2, s.format as string | undefined)
    .string(4, s.description as string | undefined)
    .strings(19, s.required as string[] | undefined);
  const ap = s.additionalProperties;
  if (ap !== undefined) {
    w.message(21, typeof ap === 'object' ? new ProtoWriter().message(1, encodeSchema(ap as Obj)) : new ProtoWriter().bool(2, ap as boolean));
  }
  if (typeof s.type === 'string') w.message(22, new ProtoWriter().string(1, s.type));
  if (s.items) w.message(23, new ProtoWriter().message(1, encodeSchema(s.items as Obj)));
  if (s.properties) {
    const props = new ProtoWriter();
    for (const [name, ps] of Object.entries(s.properties as Obj)) props.message(1, new ProtoWriter().string(1, name).message(2, encodeSchema(ps as Obj)));
    w.message(25, props);
  }
  vendorExtensions(w, 31, s);
  return w;
}

/** `openapi.v2.ParametersItem` for a body, query or path parameter. */
function encodeParameter(p: Obj): ProtoWriter {
  let param: ProtoWriter;
  if (p.in === 'body') {
    param = new ProtoWriter().message(1, new ProtoWriter()
      .string(1, p.description as string | undefined).string(2, p.name as string).string(3, 'body')
      .bool(4, p.required as boolean).message(5, encodeSchema(p.schema as Obj)));
  } else if (p.in === 'path') {
    param = new ProtoWriter().message(2, new ProtoWriter().message(4, new ProtoWriter()
      .bool(1, true).string(2, 'path').string(3, p.description as string | undefined).string(4, p.name as string)
      .string(5, p.type as string).bool(19, p.uniqueItems as boolean)));
  } else {
    param = new ProtoWriter().message(2, new ProtoWriter().message(3, new ProtoWriter()
      .bool(1, p.required as boolean).string(2, 'query').string(3, p.description as string | undefined).string(4, p.name as string)
      .string(6, p.type as string).bool(20, p.uniqueItems as boolean)));
  }
  return new ProtoWriter().message(1, param);
}

function encodeOperation(op: Obj): ProtoWriter {
  const w = new ProtoWriter()
    .strings(1, op.tags as string[])
    .string(3, op.description as string)
    .string(5, op.operationId as string)
    .strings(6, op.produces as string[])
    .strings(7, op.consumes as string[]);
  for (const p of (op.parameters as Obj[]) ?? []) w.message(8, encodeParameter(p));
  const responses = new ProtoWriter();
  for (const [code, r] of Object.entries((op.responses as Obj) ?? {})) {
    const resp = r as Obj;
    const body = new ProtoWriter().string(1, resp.description as string);
    if (resp.schema) body.message(2, new ProtoWriter().message(1, encodeSchema(resp.schema as Obj)));
    responses.message(1, new ProtoWriter().string(1, code).message(2, new ProtoWriter().message(1, body)));
  }
  w.message(9, responses).strings(10, op.schemes as string[]);
  vendorExtensions(w, 13, op);
  return w;
}

const METHOD_FIELDS: Record<string, number> = { get: 2, put: 3, post: 4, delete: 5, options: 6, head: 7, patch: 8 };

/** The whole `openapi.v2.Document`. */
export function encodeV2Document(doc: Obj): Buffer {
  const info = doc.info as Obj;
  const paths = new ProtoWriter();
  for (const [path, item] of Object.entries(doc.paths as Obj)) {
    const it = item as Obj;
    const pw = new ProtoWriter();
    for (const [m, f] of Object.entries(METHOD_FIELDS)) if (it[m]) pw.message(f, encodeOperation(it[m] as Obj));
    for (const p of (it.parameters as Obj[]) ?? []) pw.message(9, encodeParameter(p));
    paths.message(2, new ProtoWriter().string(1, path).message(2, pw));
  }
  const defs = new ProtoWriter();
  for (const [name, s] of Object.entries(doc.definitions as Obj)) defs.message(1, new ProtoWriter().string(1, name).message(2, encodeSchema(s as Obj)));
  return new ProtoWriter()
    .string(1, doc.swagger as string)
    .message(2, new ProtoWriter().string(1, info.title as string).string(2, info.version as string))
    .message(8, paths)
    .message(9, defs)
    .finish();
}
