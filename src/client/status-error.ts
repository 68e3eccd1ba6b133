/**
 * Turning a failed HTTP response into a {@link K8sError}: the server sends a
 * metav1.Status whose reason, code, message and details we keep, so callers
 * can switch on `code` exactly as client-go callers switch on the reason.
 */
import { ERROR_CODES, K8sError, type ErrorCode, type ErrorDetails } from '../base/errors.ts';

const BY_HTTP: Record<number, ErrorCode> = {};
for (const [code, http] of Object.entries(ERROR_CODES)) {
  // Several reasons share a status (409); the first listed is the generic one.
  if (BY_HTTP[http] === undefined) BY_HTTP[http] = code as ErrorCode;
}
// Upstream's generic reason for a 409 without a Status is Conflict.
BY_HTTP[409] = 'Conflict';

/** Reason for an HTTP status when the body carries none. */
function codeForHttp(status: number): ErrorCode {
  if (BY_HTTP[status]) return BY_HTTP[status] as ErrorCode;
  if (status >= 500) return 'InternalError';
  return 'BadRequest';
}

/** True when `o` looks like a metav1.Status object. */
export function isStatus(o: unknown): o is { kind: 'Status'; status?: string; reason?: string; code?: number; message?: string; details?: ErrorDetails } {
  return typeof o === 'object' && o !== null && (o as { kind?: unknown }).kind === 'Status';
}

/** K8sError from a metav1.Status (as in a failed response or a watch ERROR event). */
export function errorFromStatus(status: unknown, httpStatus?: number): K8sError {
  if (isStatus(status)) {
    const http = status.code ?? httpStatus ?? 500;
    const reason = status.reason && status.reason in ERROR_CODES ? (status.reason as ErrorCode) : codeForHttp(http);
    return new K8sError(reason, status.message ?? `the server responded with status ${http}`, status.details);
  }
  return new K8sError(codeForHttp(httpStatus ?? 500), `the server responded with status ${httpStatus ?? 'unknown'}`);
}

/** K8sError from a non-2xx response body (JSON Status when possible). */
export function errorFromResponse(httpStatus: number, body: string): K8sError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const text = body.trim().slice(0, 300);
    return new K8sError(codeForHttp(httpStatus), text || `the server responded with status ${httpStatus}`);
  }
  return errorFromStatus(parsed, httpStatus);
}
