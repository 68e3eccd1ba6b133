/**
 * Reading and decoding request bodies: a size limit (413 past 3 MiB, as
 * upstream's default max request body), JSON or YAML by Content-Type, and
 * 400/415 errors with upstream's wording.
 */
import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import { parse as parseYaml } from 'yaml';
import { K8sError } from '../../../base/errors.ts';
import { decodeKubernetesProtobuf } from '../../../api/protobuf/index.ts';

/** Upstream's limit on a request body (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Read the whole body, failing with 413 past `limit`. */
export function readBody(req: IncomingMessage | Http2ServerRequest, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const len = Number(req.headers['content-length'] ?? -1);
    if (len > limit) {
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => { if (!failed) resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)); });
    req.on('error', (e) => { if (!failed) { failed = true; reject(new K8sError('BadRequest', `error reading request body: ${e.message}`)); } });
  });
}

function tooLarge(): K8sError {
  return new K8sError('RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
}

/** The media type of a Content-Type header without parameters, lower-cased. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * Decode a body as JSON or YAML into a plain value. Protobuf and other
 * types get 415, malformed input 400.
 */
export function decodeBody(buf: Buffer, contentType: string | undefined): unknown {
  const mt = mediaType(contentType);
  const text = buf.toString('utf8');
  if (mt === '' || mt === 'application/json' || mt.endsWith('+json')) {
    if (text.trim() === '') throw new K8sError('BadRequest', 'the request body is empty');
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new K8sError('BadRequest', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/merge-patch+json, application/strategic-merge-patch+json, application/json-patch+json, application/apply-patch+yaml; decode error: ${(e as Error).message}`);
    }
  }
  if (mt === 'application/vnd.kubernetes.protobuf') {
    // kubectl's typed commands (create configmap, secret, namespace, ...) send protobuf.
    return decodeKubernetesProtobuf(buf);
  }
  if (mt === 'application/yaml' || mt === 'application/apply-patch+yaml' || mt === 'text/yaml') {
    try {
      const v = parseYaml(text, { uniqueKeys: false });
      if (v === null || v === undefined) throw new Error('empty document');
      return v;
    } catch (e) {
      throw new K8sError('BadRequest', `error decoding YAML: ${(e as Error).message}`);
    }
  }
  throw new K8sError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
}

/** Decode a body that must be a JSON object (create, update). */
export function decodeObject(buf: Buffer, contentType: string | undefined): Record<string, unknown> {
  const v = decodeBody(buf, contentType);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new K8sError('BadRequest', 'the request body must be a JSON object');
  }
  return v as Record<string, unknown>;
}
