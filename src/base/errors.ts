/**
 * The one error type of k8ts. Every failure that reaches a client is a
 * {@link K8sError}; `src/api/status.ts` maps it to a `metav1.Status` in one place.
 *
 * Codes are the upstream `metav1.StatusReason` values so that clients which
 * switch on `reason` (kubectl, client-go, python) behave as against upstream.
 */

/** Stable error codes: upstream StatusReason names, each with its HTTP status. */
export const ERROR_CODES = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  AlreadyExists: 409,
  Conflict: 409,
  Gone: 410,
  Expired: 410,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
  Invalid: 422,
  TooManyRequests: 429,
  InternalError: 500,
  ServiceUnavailable: 503,
  Timeout: 504,
} as const;

/** One of the stable codes in {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** A field-level cause, as in `metav1.StatusCause`. */
export interface StatusCause {
  /** e.g. FieldValueRequired, FieldValueInvalid, FieldValueNotSupported, FieldValueDuplicate, FieldValueForbidden, FieldValueTooLong, FieldValueTypeInvalid, FieldValueUnknown */
  reason: string;
  /** Human readable description. */
  message: string;
  /** JSON-path-like field, e.g. `spec.containers[0].image`. */
  field?: string;
}

/** Optional `metav1.StatusDetails`. */
export interface ErrorDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** The base error of k8ts: a stable code, a message and optional details. */
export class K8sError extends Error {
  /** Stable code (upstream StatusReason). */
  readonly code: ErrorCode;
  /** Details echoed in the Status object. */
  readonly details?: ErrorDetails;
  /** Status `metadata.continue`: set on an expired continue token, to go on at the latest revision. */
  continueToken?: string;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.name = 'K8sError';
    this.code = code;
    this.details = details;
  }

  /** HTTP status code for this error. */
  get httpStatus(): number {
    return ERROR_CODES[this.code];
  }
}

/** True when `e` is a K8sError with the given code. */
export function isK8sError(e: unknown, code?: ErrorCode): e is K8sError {
  return e instanceof K8sError && (code === undefined || e.code === code);
}
