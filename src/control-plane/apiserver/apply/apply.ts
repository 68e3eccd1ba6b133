/**
 * Server-side apply of one configuration by one manager: merge it into the
 * live object, refuse (409, one cause per field) to change a value another
 * manager owns unless forced (then that manager loses the field), make the
 * configuration's fields exactly what the applier owns, and remove the
 * fields it applied before but no longer does when no one else owns them.
 */
import { K8sError, type StatusCause } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import { compareValues } from './compare.ts';
import { difference, emptySet, intersection, isEmpty, memberPaths, removeSubtrees, union, type FieldSet } from './field-set.ts';
import { decodeManaged, encodeManaged, ownedPart, sameManager, type Managed, type Writer } from './managed-fields.ts';
import { mergeValues } from './merge.ts';
import { pruneFields } from './prune.ts';
import { servedSchema } from './schema-for.ts';
import { toSet } from './to-set.ts';
import { pathString } from './typed.ts';

/** Input of {@link serverSideApply}. */
export interface ApplyRequest {
  resource: ResourceInfo;
  /** The live object in the applier's version, undefined when it does not exist yet. */
  live: KObject | undefined;
  /** The applied configuration (already checked for kind, name and unknown fields). */
  config: KObject;
  writer: Writer;
  force: boolean;
}

// Upstream's name for the owner of everything an object had before its first apply.
const BEFORE_FIRST_APPLY = 'before-first-apply';

/** The object after the apply, with its managedFields; throws 409 on conflicts. */
export function serverSideApply(req: ApplyRequest): KObject {
  const { resource: r, live, config, writer: w } = req;
  const schema = servedSchema(r);
  const sub = w.subresource;
  const applied = toSet(ownedPart(r, config, sub), schema);
  let entries: Managed[] = live ? decodeManaged(live.metadata.managedFields) : [];
  if (live && entries.length === 0) {
    const set = toSet(ownedPart(r, live, sub), schema);
    if (!isEmpty(set)) entries = [{ manager: BEFORE_FIRST_APPLY, operation: 'Update', apiVersion: w.apiVersion, set, time: w.time }];
  }
  const base = live ? { ...live, metadata: { ...live.metadata } } : { metadata: {} } as KObject;
  delete base.metadata.managedFields;
  const cfg = { ...config, metadata: { ...config.metadata } };
  delete cfg.metadata.managedFields;
  const merged = mergeValues(base, cfg, schema) as KObject;

  const { changed } = compareValues(ownedPart(r, live, sub), ownedPart(r, merged, sub), schema);
  const contested = intersection(changed, applied);
  const causes: { manager: Managed; path: string[] }[] = [];
  if (!isEmpty(contested)) {
    for (const m of entries) {
      if (sameManager(m, w.manager, 'Apply', w.apiVersion, sub)) continue;
      const c = intersection(m.set, contested);
      if (isEmpty(c)) continue;
      if (req.force) m.set = difference(m.set, c);
      else for (const p of memberPaths(c)) causes.push({ manager: m, path: p });
    }
  }
  if (causes.length > 0) throw applyConflict(causes);

  let mine = entries.find((m) => sameManager(m, w.manager, 'Apply', w.apiVersion, sub));
  const previous: FieldSet = mine ? mine.set : emptySet();
  if (mine) {
    mine.set = applied;
    mine.apiVersion = w.apiVersion;
  } else {
    mine = { manager: w.manager, operation: 'Apply', apiVersion: w.apiVersion, subresource: sub || undefined, set: applied };
    entries.push(mine);
  }
  const gone = difference(previous, applied);
  if (!isEmpty(gone)) {
    let owned = emptySet();
    for (const m of entries) owned = union(owned, m.set);
    pruneFields(merged, gone, owned, schema);
    // Whatever the prune removed is no one's any more.
    const { removed } = compareValues(ownedPart(r, live, sub), ownedPart(r, merged, sub), schema);
    if (!isEmpty(removed)) for (const m of entries) m.set = removeSubtrees(m.set, removed);
  }
  const enc = encodeManaged(entries, w.time);
  if (enc.length > 0) merged.metadata.managedFields = enc;
  return merged;
}

/** 409 Conflict as upstream words it, one cause per field. */
function applyConflict(list: { manager: Managed; path: string[] }[]): K8sError {
  const who = (m: Managed): string => {
    let s = JSON.stringify(m.manager);
    if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
    if (m.operation === 'Update') s += ` using ${m.apiVersion}`;
    return s;
  };
  const causes: StatusCause[] = list.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${who(c.manager)}`, field: pathString(c.path) }));
  let message: string;
  if (list.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${who(list[0].manager)}: ${pathString(list[0].path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of list) {
      const k = who(c.manager);
      byManager.set(k, [...(byManager.get(k) ?? []), pathString(c.path)]);
    }
    const lines: string[] = [];
    for (const k of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${k}:`);
      for (const p of byManager.get(k)!) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${list.length} conflicts: ${lines.join('\n')}`;
  }
  return new K8sError('Conflict', message, { causes });
}
