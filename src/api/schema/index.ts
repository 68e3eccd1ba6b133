/** Schemas of built-in kinds: one source for OpenAPI documents and strict field validation. */
export { unknownFields } from './unknown-fields.ts';
export { firstTypeError, type FieldTypeError } from './type-errors.ts';
export { definitions, definitionNameOf, schemaOf, kindsWithSchema, refName, setDefinition, schemaGeneration } from './definitions.ts';
export type { Definitions, GVK, Schema } from './types.ts';
export { PATCH_META, patchMetaOf, type FieldPatchMeta } from './patch-meta.ts';
