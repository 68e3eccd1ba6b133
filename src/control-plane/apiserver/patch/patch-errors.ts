/**
 * The errors a patch can fail with, in the forms upstream's patch handler
 * answers (k8s.io/apiserver endpoints/handlers/patch.go), so clients that
 * match on code, reason or message see the same thing.
 */
import { K8sError } from '../../../base/errors.ts';

/** Message upstream's generic 422 response carries; the detail goes in a cause. */
const GENERIC_422 = 'the server rejected our request due to an error in our request';

/** 400: the patch could not be read (not the expected JSON shape, bad directive format). */
export function patchBadRequest(message: string): K8sError {
  return new K8sError('BadRequest', message);
}

/**
 * 422 with the generic message and the detail as the single cause, as
 * upstream's `NewGenericServerResponse(422, ...)` builds it: used when a
 * well-formed patch cannot be applied to the object.
 */
export function patchUnprocessable(detail: string): K8sError {
  return new K8sError('Invalid', GENERIC_422, { causes: [{ reason: '', message: detail }] });
}

/**
 * 500: upstream surfaces the remaining strategic-merge failures (unknown
 * directive, missing merge key, mismatched list element types) as plain
 * errors, which become a 500 whose message is the error text.
 */
export function patchInternal(message: string): K8sError {
  return new K8sError('InternalError', message);
}

/** 415 for a strategic merge patch of a kind without patch metadata (custom resources). */
export function smpUnsupported(): K8sError {
  return new K8sError(
    'UnsupportedMediaType',
    'the body of the request was in an unknown format - accepted media types include: ' +
      'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
  );
}

/** Formats a JSON value the way Go's `%v` prints decoded JSON, for upstream-shaped messages. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o).sort().map((k) => `${k}:${goValue(o[k])}`).join(' ')}]`;
  }
  return String(v);
}
