/**
 * Contract of the protobuf body decoder: the compiled schema table that maps
 * each Kubernetes protobuf message to the JSON its Go type would marshal to.
 *
 * Schemas are written as data in `schema/*.ts`, one line per field:
 *
 *   '<number> <jsonName> <type>'
 *
 * `<type>` is a scalar (`string int32 int64 bool bytes double float`), a
 * message name (`meta.ObjectMeta`), a special (`Time MicroTime Duration
 * Quantity IntOrString FieldsV1 RawExtension`), `[]T` (repeated) or
 * `map[string]T`. A suffix says how Go's encoding/json treats the field:
 *
 * - none: `omitempty` on a non-pointer value; zero values are dropped.
 * - `?`: a pointer (or message pointer); emitted whenever it is on the wire.
 * - `!`: no `omitempty`, or a non-pointer struct; always emitted, as the
 *   zero value (`""`, `0`, `false`, `null`, `{}`...) when absent.
 *
 * A JSON name of `-` marks an embedded struct whose fields are inlined into
 * the parent (`json:",inline"`), e.g. `Volume.VolumeSource`.
 */

/** Wire scalars. */
export type ScalarType = 'string' | 'int32' | 'int64' | 'uint32' | 'uint64' | 'bool' | 'bytes' | 'double' | 'float';

/** Types with a custom JSON form (metav1.Time, resource.Quantity...). */
export type SpecialType = 'Time' | 'MicroTime' | 'Duration' | 'Quantity' | 'IntOrString' | 'FieldsV1' | 'RawExtension';

/** The element type of a field. */
export type ElementType =
  | { kind: 'scalar'; scalar: ScalarType }
  | { kind: 'special'; special: SpecialType }
  | { kind: 'message'; message: string };

/** How Go's encoding/json emits the field (see the file comment). */
export type Presence = 'omitempty' | 'pointer' | 'always';

/** One compiled field. */
export interface FieldSpec {
  /** Protobuf field number. */
  number: number;
  /** JSON name; `null` for an inlined embedded struct. */
  json: string | null;
  /** Element type (for maps: the value type; keys are always strings). */
  element: ElementType;
  /** Single value, repeated, or string-keyed map. */
  cardinality: 'single' | 'repeated' | 'map';
  presence: Presence;
}

/** One compiled message: fields in Go struct order (the JSON output order). */
export interface MessageSpec {
  name: string;
  fields: FieldSpec[];
  byNumber: Map<number, FieldSpec>;
}

/** Source form of a schema file: message name -> field lines. */
export type SchemaSource = Record<string, readonly string[]>;

/** The decoder's result: the JSON object and where the wire had fields we do not know. */
export interface DecodeResult {
  object: Record<string, unknown>;
  /** Paths such as `spec.template.spec.containers[0].#99` of skipped unknown field numbers. */
  unknownFields: string[];
}
