/**
 * Entry point for the router: `/openapi/v3`, `/openapi/v3/<gv>` and
 * `/openapi/v2`. Documents are built on first use and cached; they only
 * change with the resource table.
 */
import { createHash } from 'node:crypto';
import { onResourcesChanged } from '../../../api/resources.ts';
import { v3Documents, v3Index } from './v3.ts';
import { v2Document } from './v2.ts';
import { encodeV2Document } from './v2-protobuf.ts';

/** An OpenAPI answer, ready to write. */
export interface OpenAPIResponse {
  status: number;
  contentType: string;
  body: string | Buffer;
  /** Quoted ETag; the router may answer 304 on a matching If-None-Match. */
  etag?: string;
  /** Set on hashed v3 URLs, which never change content. */
  cacheControl?: string;
}

/** Media type clients ask for to get gnostic-protobuf v2 documents. */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
/**
 * Content-Type of the protobuf answer. Go's mime parser rejects '@', and
 * client-go fails a response whose Content-Type it cannot parse, so the
 * answer is labelled with a dot, as upstream does.
 */
const OPENAPI_V2_PROTOBUF_RESPONSE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
const OPENAPI_V3_PROTOBUF = 'application/com.github.proto-openapi.spec.v3@v1.0+protobuf';

function mediaTypes(accept: string | undefined): string[] {
  if (!accept || !accept.trim()) return ['*/*'];
  return accept.split(',').map((p) => p.split(';')[0]!.trim().toLowerCase());
}

const acceptsJson = (types: string[]) => types.some((t) => t === 'application/json' || t === '*/*' || t === 'application/*');

function status(code: number, reason: string, message: string): OpenAPIResponse {
  return {
    status: code,
    contentType: 'application/json',
    body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }),
  };
}

let v2Json: OpenAPIResponse | undefined;
let v2Proto: OpenAPIResponse | undefined;
// CustomResourceDefinitions add and change schemas: rebuild on next request.
onResourcesChanged(() => { v2Json = undefined; v2Proto = undefined; });

function etagOf(b: string | Buffer): string {
  return `"${createHash('sha512').update(b).digest('hex').slice(0, 128).toUpperCase()}"`;
}

function v2(accept: string | undefined): OpenAPIResponse {
  const types = mediaTypes(accept);
  for (const t of types) {
    if (t === OPENAPI_V2_PROTOBUF || t === OPENAPI_V2_PROTOBUF_RESPONSE) {
      if (!v2Proto) { const body = encodeV2Document(v2Document()); v2Proto = { status: 200, contentType: OPENAPI_V2_PROTOBUF_RESPONSE, body, etag: etagOf(body) }; }
      return v2Proto;
    }
    if (t === 'application/json' || t === '*/*' || t === 'application/*') {
      if (!v2Json) { const body = JSON.stringify(v2Document()); v2Json = { status: 200, contentType: 'application/json', body, etag: etagOf(body) }; }
      return v2Json;
    }
  }
  return status(406, 'NotAcceptable', `only application/json and ${OPENAPI_V2_PROTOBUF} are served`);
}

/**
 * Answers an OpenAPI request, or returns undefined when `path` is not an
 * OpenAPI path. `query` is accepted for the v3 `hash` parameter: any value
 * serves the current document, but only a matching one is marked immutable.
 */
export function openapiResponse(path: string, query: URLSearchParams, accept: string | undefined): OpenAPIResponse | undefined {
  const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  if (p === '/openapi/v2') return v2(accept);
  if (p === '/openapi/v3') {
    if (!acceptsJson(mediaTypes(accept))) return status(406, 'NotAcceptable', 'only application/json is served');
    const body = v3Index();
    return { status: 200, contentType: 'application/json', body, etag: etagOf(body) };
  }
  if (!p.startsWith('/openapi/v3/')) return undefined;
  const doc = v3Documents().get(p.slice('/openapi/v3/'.length));
  if (!doc) return status(404, 'NotFound', `the server could not find the requested resource`);
  const types = mediaTypes(accept);
  if (!acceptsJson(types)) {
    const why = types.includes(OPENAPI_V3_PROTOBUF) ? 'protobuf OpenAPI v3 is not served; ask for application/json' : 'only application/json is served';
    return status(406, 'NotAcceptable', why);
  }
  const res: OpenAPIResponse = { status: 200, contentType: 'application/json', body: doc.body, etag: `"${doc.hash.toUpperCase()}"` };
  if (query.get('hash') === doc.hash) res.cacheControl = 'public, immutable';
  return res;
}
