/**
 * fieldValidation=Strict|Warn|Ignore: unknown fields in a write are an
 * error (Strict, 400 BadRequest as upstream's "strict decoding error"), a
 * Warning header (Warn, the server default) or ignored; they are never
 * stored for built-in kinds, as upstream's typed decoding drops them.
 */
import { K8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import { firstTypeError, unknownFields } from '../../../api/schema/index.ts';
import type { HandlerContext } from './context.ts';

/** Read and check the fieldValidation parameter. */
export function fieldValidationMode(h: HandlerContext): 'Strict' | 'Warn' | 'Ignore' {
  const v = h.query.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw new K8sError('BadRequest', `fieldValidation parameter unsupported: ${v}`);
}

/** Split `.spec.containers[0].foo` into keys and indexes. */
function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const p = path.startsWith('.') ? path : `.${path}`;
  for (const m of p.matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)) out.push(m[1] !== undefined ? m[1] : Number(m[2]));
  return out;
}

/** Remove the field at an unknown-field path. */
function prune(obj: unknown, path: string): void {
  const segs = pathSegments(path);
  let cur: unknown = obj;
  for (let i = 0; i < segs.length - 1; i++) {
    if (cur === null || typeof cur !== 'object') return;
    cur = (cur as Record<string | number, unknown>)[segs[i]];
  }
  if (cur !== null && typeof cur === 'object') delete (cur as Record<string | number, unknown>)[segs[segs.length - 1]];
}

/**
 * Check `obj` (as the client sent it, in the served version) for unknown
 * fields per the request's mode; prunes them, adds warnings or throws.
 */
export function checkFields(h: HandlerContext, r: ResourceInfo, obj: KObject, mode = fieldValidationMode(h)): void {
  const te = firstTypeError(r.group, r.version, r.kind, obj);
  if (te) {
    // Upstream's typed decode fails before validation: 400 with the Go decoder's wording.
    const gv = r.group ? `${r.group}/${r.version}` : r.version;
    throw new K8sError('BadRequest', `${r.kind} in version "${gv}" cannot be handled as a ${r.kind}: json: cannot unmarshal ${te.found} into Go struct field ${r.kind}.${te.path} of type ${te.expected}`);
  }
  const unknown = unknownFields(r.group, r.version, r.kind, obj);
  if (unknown.length === 0) return;
  const shown = unknown.map((p) => (p.startsWith('.') ? p.slice(1) : p));
  if (mode === 'Strict') {
    const msg = shown.map((p) => `unknown field "${p}"`).join(', ');
    throw new K8sError('BadRequest', `strict decoding error: ${msg}`);
  }
  if (mode === 'Warn') for (const p of shown) h.warnings.push(`unknown field "${p}"`);
  for (const p of unknown) prune(obj, p);
}
