/**
 * Builds the 422 Invalid error the API server returns for field errors,
 * formatted exactly as upstream: `Kind.group "name" is invalid: <errors>`.
 */
import { K8sError } from '../../base/errors.ts';
import type { FieldError } from '../types.ts';
import { fieldErrorString } from './field-errors.ts';

/**
 * `Pod "x" is invalid: spec.containers[0].image: Required value` for one
 * error, `... is invalid: [a, b]` for several (duplicates collapsed, as
 * upstream's aggregate does). Non-core kinds are qualified: `Deployment.apps`.
 */
export function invalidError(kind: string, name: string, errors: FieldError[], group = ''): K8sError {
  const qualified = group ? `${kind}.${group}` : kind;
  const seen = new Set<string>();
  const msgs: string[] = [];
  for (const e of errors) {
    const s = fieldErrorString(e);
    if (!seen.has(s)) {
      seen.add(s);
      msgs.push(s);
    }
  }
  const body = msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
  return new K8sError('Invalid', `${qualified} ${JSON.stringify(name)} is invalid: ${body}`, {
    name,
    group,
    kind,
    causes: errors.map((e) => ({ reason: e.reason, message: e.message, field: e.field })),
  });
}
