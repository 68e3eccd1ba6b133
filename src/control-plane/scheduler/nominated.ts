/**
 * Pods that preemption nominated to a node (status.nominatedNodeName):
 * the filters count them on that node for pods of lower or equal priority
 * until they are bound or gone.
 */
import type { PodInfo } from './pod-info.ts';

/** Nominated pods by node. */
export class NominatedPods {
  private readonly byNode = new Map<string, Map<string, PodInfo>>();
  private readonly nodeOf = new Map<string, string>();

  /** Nominate (or re-nominate) a pod. */
  add(info: PodInfo, node: string): void {
    this.remove(info.key);
    let m = this.byNode.get(node);
    if (!m) this.byNode.set(node, (m = new Map()));
    m.set(info.key, info);
    this.nodeOf.set(info.key, node);
  }

  /** Drop a nomination (pod bound, deleted, or nominated elsewhere). */
  remove(key: string): void {
    const node = this.nodeOf.get(key);
    if (node === undefined) return;
    this.nodeOf.delete(key);
    const m = this.byNode.get(node);
    m?.delete(key);
    if (m?.size === 0) this.byNode.delete(node);
  }

  /** Pods nominated to `node`. */
  get(node: string): readonly PodInfo[] | undefined {
    const m = this.byNode.get(node);
    return m ? [...m.values()] : undefined;
  }

  /** The node a pod is nominated to. */
  nodeFor(key: string): string | undefined { return this.nodeOf.get(key); }
}
