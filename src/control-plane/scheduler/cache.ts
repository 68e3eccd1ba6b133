/**
 * The scheduler's in-memory cluster state: nodes and the pods on them,
 * including pods it has "assumed" onto a node before the API server
 * confirmed the binding. Assuming lets the next pod be scheduled at once
 * against up-to-date totals instead of waiting for a round trip; the
 * informer's update confirms the assumption, a failed bind forgets it.
 */
import { hasAffinity, type PodInfo } from './pod-info.ts';
import { NodeInfo } from './node-info.ts';
import type { Node } from './types.ts';

interface PodState { info: PodInfo; node: string; assumed: boolean }

/** Nodes and placed pods. */
export class SchedulerCache {
  private readonly nodeMap = new Map<string, NodeInfo>();
  /** Nodes that exist as Node objects (pods may reference nodes not seen yet). */
  private readonly real = new Set<string>();
  private list: NodeInfo[] | undefined;
  private readonly podStates = new Map<string, PodState>();
  private affinityPods = 0;
  private readonly imageCounts = new Map<string, number>();

  /** Every real node, in a stable order (rebuilt only when the node set changes). */
  nodes(): readonly NodeInfo[] {
    this.list ??= [...this.nodeMap.values()].filter((n) => this.real.has(n.name));
    return this.list;
  }

  /** The NodeInfo of a real node. */
  node(name: string): NodeInfo | undefined {
    return this.real.has(name) ? this.nodeMap.get(name) : undefined;
  }

  /** Number of pods (bound or assumed) with (anti-)affinity terms. */
  havePodsWithAffinity(): boolean { return this.affinityPods > 0; }

  private infoFor(name: string, node?: Node): NodeInfo {
    let ni = this.nodeMap.get(name);
    if (!ni) {
      ni = new NodeInfo(node ?? { metadata: { name } });
      this.nodeMap.set(name, ni);
    }
    return ni;
  }

  /** A Node was added or changed. */
  upsertNode(node: Node): void {
    const name = node.metadata.name ?? '';
    const ni = this.infoFor(name, node);
    if (this.real.has(name)) this.countImages(ni, -1);
    ni.setNode(node);
    this.countImages(ni, 1);
    if (!this.real.has(name)) {
      this.real.add(name);
      this.list = undefined;
    }
  }

  /** A Node was deleted; its pods stay accounted until their own deletes arrive. */
  removeNode(name: string): void {
    if (!this.real.delete(name)) return;
    this.list = undefined;
    const ni = this.nodeMap.get(name);
    if (ni) this.countImages(ni, -1);
    if (ni && ni.pods.size === 0) this.nodeMap.delete(name);
  }

  /** Put a pod on a node ahead of the API server's confirmation. */
  assume(info: PodInfo, node: string): void {
    this.place(info, node, true);
  }

  /** Undo an assumption (the binding failed). */
  forget(key: string): void {
    const st = this.podStates.get(key);
    if (st?.assumed) this.remove(key);
  }

  /** True when the pod is assumed and not yet confirmed. */
  isAssumed(key: string): boolean { return this.podStates.get(key)?.assumed === true; }

  /** The node a pod is placed on (bound or assumed). */
  nodeOf(key: string): string | undefined { return this.podStates.get(key)?.node; }

  /** A bound pod from the informer (added or updated): confirms an assumption or (re)places it. */
  addOrUpdatePod(info: PodInfo, node: string): void {
    this.place(info, node, false);
  }

  /** A pod was deleted (or finished): release its resources. */
  remove(key: string): void {
    const st = this.podStates.get(key);
    if (!st) return;
    this.podStates.delete(key);
    if (hasAffinity(st.info)) this.affinityPods--;
    const ni = this.nodeMap.get(st.node);
    ni?.removePod(key);
    if (ni && ni.pods.size === 0 && !this.real.has(st.node)) this.nodeMap.delete(st.node);
  }

  private place(info: PodInfo, node: string, assumed: boolean): void {
    if (this.podStates.has(info.key)) this.remove(info.key);
    this.podStates.set(info.key, { info, node, assumed });
    if (hasAffinity(info)) this.affinityPods++;
    this.infoFor(node).addPod(info);
  }

  /** On how many nodes an image is present. */
  imageNodeCount(image: string): number { return this.imageCounts.get(image) ?? 0; }

  private countImages(ni: NodeInfo, sign: number): void {
    for (const img of ni.images.keys()) {
      const n = (this.imageCounts.get(img) ?? 0) + sign;
      if (n <= 0) this.imageCounts.delete(img);
      else this.imageCounts.set(img, n);
    }
  }

  /** Number of pods accounted (bound + assumed). */
  podCount(): number { return this.podStates.size; }
}
