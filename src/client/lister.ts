/**
 * Read-only view of an informer's cache for controllers. Objects returned
 * are the cached ones: callers must copy (structuredClone) before changing.
 */
import type { KObject } from '../api/types.ts';
import type { Indexer } from './indexer.ts';

/** Matches an object's labels, e.g. a compiled label selector. */
export type LabelPredicate = (labels: Record<string, string> | undefined) => boolean;

/** Lists and gets cached objects of one resource. */
export class Lister<T extends KObject = KObject> {
  constructor(private readonly indexer: Indexer<T>) {}

  /** The cached object, or undefined. `namespace` is omitted for cluster-scoped kinds. */
  get(name: string, namespace?: string): T | undefined {
    return this.indexer.get(namespace ? `${namespace}/${name}` : name);
  }

  /** Cached objects, optionally of one namespace and matching a label predicate. */
  list(namespace?: string, match?: LabelPredicate): T[] {
    const all = namespace === undefined ? this.indexer.list() : this.indexer.byNamespace(namespace);
    return match ? all.filter((o) => match(o.metadata.labels)) : all;
  }
}
