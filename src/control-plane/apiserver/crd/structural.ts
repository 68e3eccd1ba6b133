/**
 * Structural-schema defaulting and validation of custom resources (pruning
 * of unknown fields happens at decode, with fieldValidation, like built-in
 * kinds). Defaults apply where a field is absent and its parent present;
 * validation checks required fields, enums, bounds and lengths, reported as
 * 422 causes with upstream's field paths and wording.
 */
import type { FieldError } from '../../../api/types.ts';
import type { Schema } from '../../../api/schema/index.ts';
import { resolve } from '../apply/typed.ts';

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Fill `default`s of the schema into `value` (in place). */
export function applySchemaDefaults(value: unknown, raw: Schema | undefined): void {
  const s = resolve(raw);
  if (!s) return;
  if (isObj(value)) {
    for (const [k, ps] of Object.entries(s.properties ?? {})) {
      if (k === 'metadata' || k === 'apiVersion' || k === 'kind') continue;
      const p = resolve(ps);
      if (value[k] === undefined && p?.default !== undefined) value[k] = structuredClone(p.default);
      if (value[k] !== undefined) applySchemaDefaults(value[k], ps);
    }
    const ap = s.additionalProperties;
    if (ap && typeof ap === 'object' && !s.properties) for (const v of Object.values(value)) applySchemaDefaults(v, ap);
  } else if (Array.isArray(value) && s.items) {
    for (const item of value) applySchemaDefaults(item, s.items);
  }
}

/** Validate `value` against the schema; returns the causes. */
export function validateSchema(value: unknown, raw: Schema | undefined, path = '', out: FieldError[] = []): FieldError[] {
  const s = resolve(raw);
  if (!s || value === undefined) return out;
  const at = path || '<root>';
  if (value === null) {
    if (!s.nullable && s.type) out.push({ reason: 'FieldValueTypeInvalid', message: `Invalid value: "null": ${at} in body must be of type ${s.type}: "null"`, field: at });
    return out;
  }
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    const allowed = s.enum.map((e) => JSON.stringify(e)).join(', ');
    out.push({ reason: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed}`, field: at });
  }
  if (typeof value === 'number') {
    const min = s.minimum as number | undefined;
    const max = s.maximum as number | undefined;
    if (min !== undefined && value < min) out.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${value}: ${at} in body should be greater than or equal to ${min}`, field: at });
    if (max !== undefined && value > max) out.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${value}: ${at} in body should be less than or equal to ${max}`, field: at });
  }
  if (typeof value === 'string') {
    const minL = s.minLength as number | undefined;
    const maxL = s.maxLength as number | undefined;
    if (minL !== undefined && value.length < minL) out.push({ reason: 'FieldValueInvalid', message: `Invalid value: "${value}": ${at} in body should be at least ${minL} chars long`, field: at });
    if (maxL !== undefined && value.length > maxL) out.push({ reason: 'FieldValueTooLong', message: `Too long: may not be more than ${maxL} bytes`, field: at });
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) {
      out.push({ reason: 'FieldValueInvalid', message: `Invalid value: "${value}": ${at} in body should match '${s.pattern}'`, field: at });
    }
  }
  if (isObj(value)) {
    for (const req of s.required ?? []) {
      if (value[req] === undefined) out.push({ reason: 'FieldValueRequired', message: 'Required value', field: path ? `${path}.${req}` : req });
    }
    for (const [k, v] of Object.entries(value)) {
      if (!path && (k === 'metadata' || k === 'apiVersion' || k === 'kind')) continue;
      const ps = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
      if (ps) validateSchema(v, ps, path ? `${path}.${k}` : k, out);
    }
  } else if (Array.isArray(value) && s.items) {
    value.forEach((item, i) => validateSchema(item, s.items, `${path}[${i}]`, out));
  }
  return out;
}
