/**
 * Lookups over the patch metadata table ({@link PATCH_TYPES}): walk it while
 * merging, answer "what is the strategy of this JSON path", and list every
 * path with metadata (for OpenAPI's x-kubernetes-patch-* extensions).
 */
import { gkKey } from '../../../api/types.ts';
import { KIND_PATCH_TYPES, PATCH_TYPES, type PatchFieldMeta, type PatchTypeMeta } from './patch-meta.ts';

/** A position in the metadata graph: the type of the map being merged (empty when unknown). */
export type PatchSchema = PatchTypeMeta;

const EMPTY: PatchSchema = Object.freeze({});

/** What the merge needs to know about one field. */
export interface FieldPatchInfo {
  /** The list strategy ('merge' or 'replace' or none); retainKeys is dropped as only diffs use it. */
  strategy?: 'merge' | 'replace';
  /** Merge key of list elements. */
  mergeKey?: string;
  /** Schema of the field's value (or of its list elements). */
  schema: PatchSchema;
}

/** Root schema of a built-in kind; undefined for kinds without metadata (custom resources). */
export function schemaForKind(gk: { group: string; kind: string }): PatchSchema | undefined {
  return KIND_PATCH_TYPES[gkKey(gk.group, gk.kind)];
}

/** Patch info of field `field` of a map whose schema is `schema`. */
export function fieldInfo(schema: PatchSchema, field: string): FieldPatchInfo {
  const meta = schema[field];
  if (!meta) return { schema: EMPTY };
  return {
    strategy: mainStrategy(meta),
    mergeKey: meta.mergeKey,
    schema: (meta.type && PATCH_TYPES[meta.type]) || EMPTY,
  };
}

/** The strategy that governs applying a patch; upstream ignores retainKeys here. */
function mainStrategy(meta: PatchFieldMeta): 'merge' | 'replace' | undefined {
  const parts = (meta.strategy ?? '').split(',');
  if (parts.includes('merge')) return 'merge';
  if (parts.includes('replace')) return 'replace';
  return undefined;
}

/**
 * Patch metadata of a JSON path in a kind, e.g. `['spec', 'template', 'spec',
 * 'containers']` (list positions are not part of the path). Undefined when
 * the path has no metadata.
 */
export function patchMetaForPath(
  gk: { group: string; kind: string },
  path: readonly string[],
): PatchFieldMeta | undefined {
  let schema = schemaForKind(gk);
  let meta: PatchFieldMeta | undefined;
  for (const field of path) {
    if (!schema) return undefined;
    meta = schema[field];
    if (!meta) return undefined;
    schema = meta.type ? PATCH_TYPES[meta.type] : undefined;
  }
  return meta && (meta.strategy || meta.mergeKey) ? { strategy: meta.strategy, mergeKey: meta.mergeKey } : undefined;
}

/** One row of {@link listPatchPaths}. */
export interface PatchPathRow {
  /** Dotted JSON path, e.g. `spec.template.spec.containers`. */
  path: string;
  strategy?: PatchFieldMeta['strategy'];
  mergeKey?: string;
}

/** Every JSON path of a kind that carries patch metadata, depth first. */
export function listPatchPaths(gk: { group: string; kind: string }): PatchPathRow[] {
  const root = schemaForKind(gk);
  const rows: PatchPathRow[] = [];
  const walk = (schema: PatchTypeMeta, prefix: string, depth: number): void => {
    // The graph has no cycles today; the depth cap keeps a future one from looping.
    if (depth > 16) return;
    for (const [field, meta] of Object.entries(schema)) {
      const path = prefix ? `${prefix}.${field}` : field;
      if (meta.strategy || meta.mergeKey) rows.push({ path, strategy: meta.strategy, mergeKey: meta.mergeKey });
      const child = meta.type ? PATCH_TYPES[meta.type] : undefined;
      if (child) walk(child, path, depth + 1);
    }
  };
  if (root) walk(root, '', 0);
  return rows;
}
