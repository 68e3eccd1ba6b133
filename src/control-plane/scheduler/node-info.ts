/**
 * The cache's view of one node: the Node object, the pods on it (bound or
 * assumed) and running totals that filters and scores read in O(1):
 * requested resources, host ports in use, pods with affinity terms.
 */
import { hasAffinity, type PodInfo } from './pod-info.ts';
import { addResource, emptyResource, nodeAllocatable, type Resource } from './resources.ts';
import type { Node } from './types.ts';

/** One node with aggregates of its pods. */
export class NodeInfo {
  node: Node;
  name: string;
  allocatable: Resource;
  labels: Record<string, string>;
  /** Pods by key. */
  readonly pods = new Map<string, PodInfo>();
  /** Sum of the pods' requests. */
  readonly requested: Resource = emptyResource();
  /** Sum with upstream's defaults for unset cpu/memory (scoring). */
  readonly nonZeroRequested: Resource = emptyResource();
  /** "protocol/ip/port" of host ports in use, with use counts. */
  readonly usedPorts = new Map<string, number>();
  /** Pods with any (anti-)affinity term. */
  readonly podsWithAffinity = new Set<PodInfo>();
  /** Pods with required anti-affinity (existing pods' rules the incoming pod must respect). */
  readonly podsWithRequiredAntiAffinity = new Set<PodInfo>();
  /** Image name -> size in bytes, from node.status.images. */
  images = new Map<string, number>();

  constructor(node: Node) {
    this.node = node;
    this.name = node.metadata.name ?? '';
    this.allocatable = nodeAllocatable(node);
    this.labels = node.metadata.labels ?? {};
    this.setNode(node);
  }

  /** Replace the Node object (status or labels changed). */
  setNode(node: Node): void {
    this.node = node;
    this.allocatable = nodeAllocatable(node);
    this.labels = node.metadata.labels ?? {};
    const images = new Map<string, number>();
    for (const img of node.status?.images ?? []) {
      for (const n of img.names ?? []) images.set(normalizeImage(n), Number(img.sizeBytes ?? 0));
    }
    this.images = images;
  }

  /** Account a pod on this node. */
  addPod(p: PodInfo): void {
    if (this.pods.has(p.key)) this.removePod(p.key);
    this.pods.set(p.key, p);
    addResource(this.requested, p.requests);
    addResource(this.nonZeroRequested, p.nonZero);
    for (const hp of p.hostPorts) {
      const k = `${hp.protocol}/${hp.ip}/${hp.port}`;
      this.usedPorts.set(k, (this.usedPorts.get(k) ?? 0) + 1);
    }
    if (hasAffinity(p)) this.podsWithAffinity.add(p);
    if (p.requiredAntiAffinity.length > 0) this.podsWithRequiredAntiAffinity.add(p);
  }

  /** Remove a pod's accounting; returns it. */
  removePod(key: string): PodInfo | undefined {
    const p = this.pods.get(key);
    if (!p) return undefined;
    this.pods.delete(key);
    addResource(this.requested, p.requests, -1);
    addResource(this.nonZeroRequested, p.nonZero, -1);
    for (const hp of p.hostPorts) {
      const k = `${hp.protocol}/${hp.ip}/${hp.port}`;
      const n = (this.usedPorts.get(k) ?? 0) - 1;
      if (n <= 0) this.usedPorts.delete(k);
      else this.usedPorts.set(k, n);
    }
    this.podsWithAffinity.delete(p);
    this.podsWithRequiredAntiAffinity.delete(p);
    return p;
  }

  /** A copy whose pod set can be changed freely (preemption's what-if). */
  clone(): NodeInfo {
    const c = new NodeInfo(this.node);
    for (const p of this.pods.values()) c.addPod(p);
    return c;
  }
}

/**
 * Image references as the container runtime reports them: "nginx" is
 * docker.io/library/nginx:latest. Both forms land on the same key.
 */
export function normalizeImage(name: string): string {
  let n = name;
  if (!n.includes('@') && !/:[^/]+$/.test(n)) n += ':latest';
  const first = n.split('/')[0] ?? '';
  if (!n.includes('/')) n = `docker.io/library/${n}`;
  else if (!first.includes('.') && !first.includes(':') && first !== 'localhost') n = `docker.io/${n}`;
  return n;
}
