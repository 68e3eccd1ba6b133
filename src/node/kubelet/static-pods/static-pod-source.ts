/**
 * A pod source that adds the node's static pods (from DIR/manifests) to the
 * pods the API server binds to it. A static pod shadows the API pod of the
 * same name (its mirror): the kubelet runs the manifest's spec under the
 * static uid, with the mirror's status so unchanged status is not written
 * again. Every change of either side reconciles the mirror pod.
 */
import type { Logger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import type { KubeClient } from '../../../client/types.ts';
import type { PodChangeHandler, PodSource } from '../pod-source.ts';
import { StaticPodFiles } from './file-source.ts';
import { isMirrorOf } from './manifest.ts';
import { MirrorPods } from './mirror-pods.ts';

/** Configuration of {@link StaticPodSource}. */
export interface StaticPodSourceConfig {
  inner: PodSource;
  client: KubeClient;
  nodeName: string;
  /** The static pod path (DIR/manifests). */
  dir: string;
  logger: Logger;
  rescanMs?: number;
}

/** The node's API pods plus its static pods. */
export class StaticPodSource implements PodSource {
  private readonly files: StaticPodFiles;
  private readonly mirrors: MirrorPods;
  private readonly handlers = new Set<PodChangeHandler>();

  constructor(private readonly cfg: StaticPodSourceConfig) {
    this.mirrors = new MirrorPods({ client: cfg.client, nodeName: cfg.nodeName, logger: cfg.logger });
    this.files = new StaticPodFiles({ dir: cfg.dir, nodeName: cfg.nodeName, logger: cfg.logger, rescanMs: cfg.rescanMs, onChange: (keys) => {
      for (const k of keys) this.changed(k);
    } });
  }

  private changed(key: string): void {
    const st = this.files.get(key);
    const api = this.cfg.inner.get(key);
    if (st || api?.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) this.mirrors.sync(key, st, () => this.cfg.inner.get(key));
    for (const h of this.handlers) h(key);
  }

  subscribe(nodeName: string, onChange: PodChangeHandler): () => void {
    this.handlers.add(onChange);
    const off = this.cfg.inner.subscribe(nodeName, (key) => {
      const st = this.files.get(key);
      if (st) this.mirrors.sync(key, st, () => this.cfg.inner.get(key));
      onChange(key);
    });
    return () => { off(); this.handlers.delete(onChange); };
  }

  get(key: string): KObject | undefined {
    const st = this.files.get(key);
    if (!st) return this.cfg.inner.get(key);
    const api = this.cfg.inner.get(key);
    return { ...st, status: isMirrorOf(api, st) ? api!.status ?? {} : {} };
  }

  /** The uid to report status under: the mirror's for a static pod (null while it has none), else the pod's own. */
  statusUid(pod: KObject): string | null | undefined {
    const key = `${pod.metadata.namespace as string}/${pod.metadata.name as string}`;
    const st = this.files.get(key);
    if (!st || st.metadata.uid !== pod.metadata.uid) return undefined;
    const api = this.cfg.inner.get(key);
    return isMirrorOf(api, st) ? (api!.metadata.uid as string) : null;
  }

  keysFor(nodeName: string): string[] {
    return [...new Set([...this.cfg.inner.keysFor(nodeName), ...this.files.keys()])];
  }

  start(): void {
    this.cfg.inner.start();
    this.files.start().catch((e: unknown) => this.cfg.logger.error('static pod path unusable', { dir: this.cfg.dir, err: (e as Error).message }));
  }

  waitForSync(timeoutMs?: number): Promise<void> { return this.cfg.inner.waitForSync(timeoutMs); }

  async stop(): Promise<void> {
    this.files.stop();
    await this.cfg.inner.stop();
  }
}
