/**
 * managedFields for every write that is not an apply (create, PUT, and
 * JSON, merge and strategic patches): run by the registry once the new
 * object is final (strategy and defaults applied), so the writer owns the
 * defaults its write brought in, as upstream's field manager records them.
 */
import type { KObject } from '../../../api/types.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import { compareValues } from './compare.ts';
import { baseEntries, encodeManaged, ownedPart, recordUpdate, type Writer } from './managed-fields.ts';
import { storedSchema } from './schema-for.ts';

/** Set `obj.metadata.managedFields` for a write of `obj` over `old` (undefined on create). */
export function trackWrite(r: ResourceInfo, old: KObject | undefined, obj: KObject, w: Writer): void {
  const { entries, reset } = baseEntries(old, obj.metadata.managedFields);
  if (reset) {
    delete obj.metadata.managedFields;
    return;
  }
  const schema = storedSchema(r);
  const { changed, removed } = compareValues(ownedPart(r, old, w.subresource), ownedPart(r, obj, w.subresource), schema);
  const enc = encodeManaged(recordUpdate(entries, w, changed, removed), w.time);
  if (enc.length > 0) obj.metadata.managedFields = enc;
  else delete obj.metadata.managedFields;
}
