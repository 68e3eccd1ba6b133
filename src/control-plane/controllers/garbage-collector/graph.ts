/**
 * The garbage collector's view of ownership: one node per object seen in
 * any informer (by uid), with its owner references, and an index from an
 * owner's uid to its dependents (kept even while the owner is unseen, so a
 * dependent of an owner that never existed is found).
 */
import type { KObject, OwnerReference } from '../../../api/types.ts';
import type { ResourceRef } from '../../../client/types.ts';

export const FOREGROUND = 'foregroundDeletion';
export const ORPHAN = 'orphan';

/** One object in the graph. */
export interface GraphNode {
  uid: string;
  /** Where the object lives (group, version, plural, namespace, name). */
  ref: ResourceRef;
  owners: OwnerReference[];
  /** metadata.deletionTimestamp is set. */
  beingDeleted: boolean;
  /** Being deleted in the foreground: waits for its blocking dependents. */
  deletingDependents: boolean;
  /** Has the orphan finalizer. */
  orphan: boolean;
}

/** What changed when an object was recorded. */
export interface Upsert { node: GraphNode; added: boolean; removedOwners: string[] }

/** The ownership graph. */
export class Graph {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly dependents = new Map<string, Set<string>>();

  get(uid: string): GraphNode | undefined { return this.nodes.get(uid); }

  get size(): number { return this.nodes.size; }

  all(): IterableIterator<GraphNode> { return this.nodes.values(); }

  /** Dependents of `uid` that are in the graph. */
  dependentsOf(uid: string): GraphNode[] {
    return [...(this.dependents.get(uid) ?? [])].map((d) => this.nodes.get(d)).filter((n): n is GraphNode => n !== undefined);
  }

  /** Record the object's current state. */
  upsert(o: KObject, res: Pick<ResourceRef, 'group' | 'version' | 'plural'>): Upsert {
    const uid = o.metadata.uid ?? '';
    const fins = o.metadata.finalizers ?? [];
    const deleting = Boolean(o.metadata.deletionTimestamp);
    const node: GraphNode = {
      uid,
      ref: { ...res, namespace: o.metadata.namespace, name: o.metadata.name },
      owners: o.metadata.ownerReferences ?? [],
      beingDeleted: deleting,
      deletingDependents: deleting && fins.includes(FOREGROUND),
      orphan: fins.includes(ORPHAN),
    };
    const old = this.nodes.get(uid);
    this.nodes.set(uid, node);
    const now = new Set(node.owners.map((r) => r.uid));
    const removedOwners = (old?.owners ?? []).map((r) => r.uid).filter((u) => !now.has(u));
    for (const u of removedOwners) this.unlink(u, uid);
    for (const u of now) {
      let s = this.dependents.get(u);
      if (!s) this.dependents.set(u, (s = new Set()));
      s.add(uid);
    }
    return { node, added: !old, removedOwners };
  }

  /** Forget the object; returns its last node. */
  remove(uid: string): GraphNode | undefined {
    const old = this.nodes.get(uid);
    if (!old) return undefined;
    this.nodes.delete(uid);
    for (const r of old.owners) this.unlink(r.uid, uid);
    return old;
  }

  private unlink(owner: string, dependent: string): void {
    const s = this.dependents.get(owner);
    s?.delete(dependent);
    if (s?.size === 0) this.dependents.delete(owner);
  }
}
