/**
 * Where a kubelet learns about its pods: one informer on pods with a field
 * selector on spec.nodeName, dispatching changes by node. A real kubelet
 * uses `spec.nodeName=<itself>`; `k8ts sim` shares one source with
 * `spec.nodeName!=` among all its simulated nodes, so N nodes cost the API
 * server one watch instead of N, which no client can observe.
 */
import { nullLogger, type Logger } from '../../base/logger.ts';
import type { KObject } from '../../api/types.ts';
import type { KubeClient } from '../../client/types.ts';
import { Informer } from '../../client/informer.ts';
import { objectKey } from '../../client/indexer.ts';

/** A node's subscription: called with "namespace/name" of its pods that need a sync. */
export type PodChangeHandler = (key: string) => void;

/** The pods of one or more nodes. */
export interface PodSource {
  /** Receive changes of pods bound to `nodeName`; returns an unsubscribe function. */
  subscribe(nodeName: string, onChange: PodChangeHandler): () => void;
  /** The pod by "namespace/name", as last seen. */
  get(key: string): KObject | undefined;
  /** Keys of the cached pods bound to `nodeName`. */
  keysFor(nodeName: string): string[];
  start(): void;
  waitForSync(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Configuration of {@link InformerPodSource}. */
export interface InformerPodSourceConfig {
  client: KubeClient;
  /** One node (a kubelet); omitted: every bound pod (a simulator of many nodes). */
  nodeName?: string;
  logger?: Logger;
}

/** A status-only change (our own status writes echoing back) needs no sync. */
function needsSync(oldPod: KObject, pod: KObject): boolean {
  return oldPod.metadata.uid !== pod.metadata.uid
    || oldPod.metadata.generation !== pod.metadata.generation
    || oldPod.metadata.deletionTimestamp !== pod.metadata.deletionTimestamp
    || oldPod.metadata.deletionGracePeriodSeconds !== pod.metadata.deletionGracePeriodSeconds
    || oldPod.status?.phase !== pod.status?.phase;
}

/** {@link PodSource} over one pod informer. */
export class InformerPodSource implements PodSource {
  private readonly informer: Informer;
  private readonly handlers = new Map<string, PodChangeHandler>();
  private readonly byNode = new Map<string, Set<string>>();

  constructor(cfg: InformerPodSourceConfig) {
    this.informer = new Informer({
      client: cfg.client,
      resource: { group: '', version: 'v1', plural: 'pods' },
      fieldSelector: cfg.nodeName ? `spec.nodeName=${cfg.nodeName}` : 'spec.nodeName!=',
      logger: cfg.logger ?? nullLogger,
      pageSize: 500,
    });
    this.informer.addEventHandler({
      add: (p) => this.changed(p, true),
      update: (o, p) => { if (needsSync(o, p)) this.changed(p, true); },
      delete: (p) => this.changed(p, false),
    });
  }

  private changed(pod: KObject, present: boolean): void {
    const node = pod.spec?.nodeName as string | undefined;
    if (!node) return;
    const key = objectKey(pod);
    let keys = this.byNode.get(node);
    if (present) {
      if (!keys) { keys = new Set(); this.byNode.set(node, keys); }
      keys.add(key);
    } else {
      keys?.delete(key);
    }
    this.handlers.get(node)?.(key);
  }

  subscribe(nodeName: string, onChange: PodChangeHandler): () => void {
    this.handlers.set(nodeName, onChange);
    for (const k of this.keysFor(nodeName)) onChange(k);
    return () => { if (this.handlers.get(nodeName) === onChange) this.handlers.delete(nodeName); };
  }

  get(key: string): KObject | undefined { return this.informer.indexer.get(key); }

  keysFor(nodeName: string): string[] { return [...(this.byNode.get(nodeName) ?? [])]; }

  start(): void { this.informer.start(); }

  waitForSync(timeoutMs?: number): Promise<void> { return this.informer.waitForSync(timeoutMs); }

  stop(): Promise<void> { return this.informer.stop(); }
}
