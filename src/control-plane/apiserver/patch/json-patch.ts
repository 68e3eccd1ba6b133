/**
 * `application/json-patch+json` (RFC 6902), applied with fast-json-patch.
 * Errors follow upstream's handler: a body that is not a list of operation
 * objects is a 400; a list that cannot be applied (unknown op, failed test,
 * missing path) is a 422 whose cause carries the reason in the wording of
 * the Go library upstream uses; more than 10,000 operations is a 413.
 */
import jsonpatch from 'fast-json-patch';
import { K8sError } from '../../../base/errors.ts';
import { patchBadRequest, patchUnprocessable } from './patch-errors.ts';
import { cloneJson } from './clone-json.ts';

/** Upstream's cap on operations in one JSON patch. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

type Op = { op?: unknown; path?: unknown; from?: unknown };

/**
 * Applies the JSON patch `ops` to `doc`, which the caller owns (it may be
 * updated in place); returns the patched document. `ops` is not modified.
 */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw patchBadRequest(decodeError(ops, 'jsonpatch.Patch'));
  for (const op of ops) {
    if (typeof op !== 'object' || op === null || Array.isArray(op)) {
      throw patchBadRequest(decodeError(op, 'jsonpatch.Operation'));
    }
  }
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new K8sError(
      'RequestEntityTooLarge',
      `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`,
    );
  }
  // Values of add/replace are inserted by reference: copy the (small) patch, never the document twice.
  const own = cloneJson(ops) as jsonpatch.Operation[];
  let current = doc;
  for (let i = 0; i < own.length; i++) {
    try {
      current = jsonpatch.applyOperation(current, own[i], true, true, true, i).newDocument;
    } catch (e) {
      if (e instanceof jsonpatch.JsonPatchError) throw patchUnprocessable(upstreamMessage(e.name, ops[i] as Op));
      // The library refuses paths through __proto__/constructor (prototype pollution); report, never crash.
      throw patchUnprocessable(`${String((ops[i] as Op).op)} operation failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return current;
}

/** Go's json decode error for a value of the wrong JSON type. */
function decodeError(v: unknown, goType: string): string {
  const t = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'object' : typeof v;
  return `json: cannot unmarshal ${t} into Go value of type ${goType}`;
}

/** Rephrases a fast-json-patch failure as evanphx/json-patch (upstream's library) words it. */
function upstreamMessage(name: string, op: Op): string {
  const kind = String(op.op);
  const path = typeof op.path === 'string' ? op.path : '';
  const last = path.slice(path.lastIndexOf('/') + 1);
  switch (name) {
    case 'TEST_OPERATION_FAILED':
      return `testing value ${path} failed: test failed`;
    case 'OPERATION_OP_INVALID':
      return `Unexpected kind: ${kind}`;
    case 'OPERATION_PATH_INVALID':
      return `${kind} operation failed to decode path: missing value`;
    case 'OPERATION_VALUE_REQUIRED':
      return `${kind} operation failed to decode value: missing value`;
    case 'OPERATION_FROM_REQUIRED':
      return `${kind} operation failed to decode from: missing value`;
    case 'OPERATION_FROM_UNRESOLVABLE':
      return `${kind} operation does not apply: doc is missing from path: ${String(op.from)}: missing value`;
    case 'OPERATION_VALUE_OUT_OF_BOUNDS':
    case 'OPERATION_PATH_ILLEGAL_ARRAY_INDEX':
      return `Unable to access invalid index: ${last}: invalid index referenced`;
    case 'OPERATION_PATH_UNRESOLVABLE':
      if (kind === 'remove') return `Unable to remove nonexistent key: ${last}: missing value`;
      if (kind === 'replace') return `replace operation does not apply: doc is missing key: ${path}: missing value`;
      return `${kind} operation does not apply: doc is missing path: "${path}": missing value`;
    case 'OPERATION_PATH_CANNOT_ADD':
      return `add operation does not apply: doc is missing path: "${path}": missing value`;
    default:
      return `${kind} operation failed: ${name}`;
  }
}
