/**
 * Decoding of `application/vnd.kubernetes.protobuf` request bodies into the
 * JSON objects the same request would carry as `application/json`.
 *
 * kubectl's typed clients (`kubectl create configmap|secret|deployment|...`,
 * `kubectl create token`) send protobuf; everything else it sends as JSON.
 */
import { K8sError } from '../../base/errors.ts';
import { decodeMessage, type DecodeContext } from './decode.ts';
import { decodeEnvelope } from './envelope.ts';
import { messageForKind } from './kinds.ts';
import { MESSAGES } from './schema.ts';
import type { DecodeResult } from './types.ts';
import { malformed } from './wire.ts';

export type { DecodeResult } from './types.ts';
export { supportedKinds } from './kinds.ts';

/** The protobuf media type of Kubernetes. */
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/**
 * Decode a protobuf body and report unknown field numbers (as
 * `spec.#42`-style paths) next to the object. Upstream drops such fields
 * silently for protobuf, even with fieldValidation=Strict.
 *
 * @throws K8sError BadRequest on malformed input, UnsupportedMediaType for
 *   kinds without a protobuf schema here.
 */
export function decodeKubernetesProtobufWithUnknowns(buf: Buffer | Uint8Array): DecodeResult {
  try {
    const env = decodeEnvelope(buf);
    if (env.contentEncoding !== '') throw malformed(`unsupported content encoding "${env.contentEncoding}"`);
    if (env.kind === '') throw malformed('Object \'Kind\' is missing in the protobuf envelope');
    const name = messageForKind(env.apiVersion, env.kind);
    const spec = name === undefined ? undefined : MESSAGES.get(name);
    if (!spec) {
      throw new K8sError('UnsupportedMediaType',
        `protobuf is not supported for ${env.apiVersion === '' ? '' : env.apiVersion + ', '}Kind=${env.kind}; send the object as application/json`);
    }
    const ctx: DecodeContext = { unknownFields: [] };
    const body = decodeMessage(spec, env.raw, '', 0, ctx);
    return { object: { kind: env.kind, apiVersion: env.apiVersion, ...body }, unknownFields: ctx.unknownFields };
  } catch (e) {
    if (e instanceof K8sError) throw e;
    // Anything else (e.g. a RangeError from a hostile body) is still the client's fault.
    throw malformed((e as Error).message);
  }
}

/**
 * Decode a Kubernetes protobuf body (`k8s\0` + runtime.Unknown) into the
 * JSON object of its kind, with `apiVersion` and `kind` from the envelope.
 *
 * @throws K8sError BadRequest on malformed input, UnsupportedMediaType for
 *   kinds without a protobuf schema here.
 */
export function decodeKubernetesProtobuf(buf: Buffer | Uint8Array): Record<string, unknown> {
  return decodeKubernetesProtobufWithUnknowns(buf).object;
}
