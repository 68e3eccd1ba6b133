/**
 * The informer cache: objects by key (`namespace/name`, or `name` for
 * cluster-scoped objects) with an index by namespace, so controllers list
 * one namespace without scanning the whole resource.
 */
import type { KObject } from '../api/types.ts';

/** Cache key of an object, as controllers put it in their work queues. */
export function objectKey(o: { metadata: { namespace?: string; name?: string } }): string {
  const ns = o.metadata.namespace;
  return ns ? `${ns}/${o.metadata.name ?? ''}` : (o.metadata.name ?? '');
}

/** Split a key back into namespace (undefined when cluster-scoped) and name. */
export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** Objects by key, indexed by namespace. */
export class Indexer<T extends KObject = KObject> {
  private readonly items = new Map<string, T>();
  private readonly byNs = new Map<string, Set<string>>();

  get(key: string): T | undefined { return this.items.get(key); }

  has(key: string): boolean { return this.items.has(key); }

  /** Insert or replace; returns the previous object. */
  set(obj: T): T | undefined {
    const k = objectKey(obj);
    const old = this.items.get(k);
    this.items.set(k, obj);
    const ns = obj.metadata.namespace ?? '';
    let set = this.byNs.get(ns);
    if (!set) this.byNs.set(ns, (set = new Set()));
    set.add(k);
    return old;
  }

  /** Remove by key; returns the removed object. */
  delete(key: string): T | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.items.delete(key);
    const ns = old.metadata.namespace ?? '';
    const set = this.byNs.get(ns);
    set?.delete(key);
    if (set?.size === 0) this.byNs.delete(ns);
    return old;
  }

  keys(): string[] { return [...this.items.keys()]; }

  list(): T[] { return [...this.items.values()]; }

  /** Objects of one namespace ('' for cluster-scoped objects). */
  byNamespace(namespace: string): T[] {
    const set = this.byNs.get(namespace);
    if (!set) return [];
    return [...set].map((k) => this.items.get(k) as T);
  }

  size(): number { return this.items.size; }
}
