/**
 * The read side the workload syncs depend on: an informer's Lister in the
 * controller manager, an in-memory store in unit tests.
 */
import type { KObject } from '../../../api/types.ts';

/** Cached objects of one resource (a subset of the client Lister). */
export interface CacheView<T extends KObject = KObject> {
  get(name: string, namespace?: string): T | undefined;
  list(namespace?: string): T[];
}
