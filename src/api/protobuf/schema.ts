/**
 * Compiles the schema source lines of `schema/*.ts` into {@link MessageSpec}s
 * once, at module load, and checks that every referenced message exists.
 */
import type { ElementType, FieldSpec, MessageSpec, Presence, ScalarType, SchemaSource, SpecialType } from './types.ts';
import { metaSchema } from './schema/meta.ts';
import { coreSchema } from './schema/core.ts';
import { podSchema } from './schema/pod.ts';
import { volumeSchema } from './schema/volume.ts';
import { appsSchema } from './schema/apps.ts';
import { batchSchema } from './schema/batch.ts';
import { rbacSchema } from './schema/rbac.ts';
import { policySchema } from './schema/policy.ts';
import { networkingSchema } from './schema/networking.ts';
import { schedulingSchema } from './schema/scheduling.ts';
import { authenticationSchema } from './schema/authentication.ts';

const SCALARS: ReadonlySet<string> = new Set<ScalarType>(['string', 'int32', 'int64', 'uint32', 'uint64', 'bool', 'bytes', 'double', 'float']);
const SPECIALS: ReadonlySet<string> = new Set<SpecialType>(['Time', 'MicroTime', 'Duration', 'Quantity', 'IntOrString', 'FieldsV1', 'RawExtension']);

function element(name: string): ElementType {
  if (SCALARS.has(name)) return { kind: 'scalar', scalar: name as ScalarType };
  if (SPECIALS.has(name)) return { kind: 'special', special: name as SpecialType };
  return { kind: 'message', message: name };
}

/** Parse one `'<number> <jsonName> <type>'` line. */
export function parseFieldLine(message: string, line: string): FieldSpec {
  const m = /^(\d+) (\S+) (\[\]|map\[string\])?([A-Za-z][\w.]*)([?!]?)$/.exec(line);
  if (!m) throw new Error(`protobuf schema ${message}: bad field line "${line}"`);
  const presence: Presence = m[5] === '?' ? 'pointer' : m[5] === '!' ? 'always' : 'omitempty';
  return {
    number: Number(m[1]),
    json: m[2] === '-' ? null : m[2],
    element: element(m[4]),
    cardinality: m[3] === '[]' ? 'repeated' : m[3] ? 'map' : 'single',
    presence,
  };
}

/** Compile schema sources into a table, validating references. */
export function compileSchema(sources: readonly SchemaSource[]): Map<string, MessageSpec> {
  const table = new Map<string, MessageSpec>();
  for (const src of sources) {
    for (const [name, lines] of Object.entries(src)) {
      if (table.has(name)) throw new Error(`protobuf schema: message ${name} defined twice`);
      const fields = lines.map((l) => parseFieldLine(name, l));
      const byNumber = new Map<number, FieldSpec>();
      for (const f of fields) {
        if (byNumber.has(f.number)) throw new Error(`protobuf schema ${name}: field number ${f.number} used twice`);
        byNumber.set(f.number, f);
      }
      table.set(name, { name, fields, byNumber });
    }
  }
  for (const msg of table.values()) {
    for (const f of msg.fields) {
      if (f.element.kind === 'message' && !table.has(f.element.message)) {
        throw new Error(`protobuf schema ${msg.name}: field ${f.number} refers to unknown message ${f.element.message}`);
      }
    }
  }
  return table;
}

/** Every message k8ts can decode from protobuf. */
export const MESSAGES: ReadonlyMap<string, MessageSpec> = compileSchema([
  metaSchema, coreSchema, podSchema, volumeSchema, appsSchema, batchSchema, rbacSchema,
  policySchema, networkingSchema, schedulingSchema, authenticationSchema,
]);
