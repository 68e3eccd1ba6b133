/**
 * Mirror pods: for each static pod the API server shows a pod of the same
 * name with annotation kubernetes.io/config.mirror = the static pod's hash
 * and the Node as owner, as upstream's mirror client keeps them. A mirror
 * that is missing is created; one that is stale (another hash), deleted by
 * a user or not a mirror at all is deleted (grace 0) and made anew; the
 * mirror of a static pod that is gone is deleted. Status is reported on the
 * mirror by the pod worker.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { Logger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import type { KubeClient } from '../../../client/types.ts';
import { ANNOTATION_CONFIG_MIRROR, isMirrorOf, mirrorPodOf } from './manifest.ts';

const PODS = { group: '', version: 'v1', plural: 'pods' } as const;

/** Keeps mirror pods in line with static pods. */
export class MirrorPods {
  private nodeUid?: string;
  private readonly busy = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  constructor(private readonly cfg: { client: KubeClient; nodeName: string; logger: Logger }) {}

  /** Reconcile the mirror of `key` (serialized per key; failures retry on the next change or rescan). */
  sync(key: string, staticPod: KObject | undefined, apiPod: () => KObject | undefined): void {
    if (this.busy.has(key)) { this.again.add(key); return; }
    const run = this.reconcile(key, staticPod, apiPod())
      .catch((e: unknown) => this.cfg.logger.warn('mirror pod sync failed', { pod: key, err: (e as Error).message }))
      .finally(() => { this.busy.delete(key); if (this.again.delete(key)) this.sync(key, staticPod, apiPod); });
    this.busy.set(key, run);
  }

  private async reconcile(key: string, staticPod: KObject | undefined, apiPod: KObject | undefined): Promise<void> {
    const [namespace, name] = key.split('/') as [string, string];
    if (staticPod && isMirrorOf(apiPod, staticPod)) return;
    const isMirror = apiPod?.metadata.annotations?.[ANNOTATION_CONFIG_MIRROR] !== undefined;
    if (apiPod && (staticPod || isMirror)) {
      try {
        await this.cfg.client.delete({ ...PODS, namespace, name }, { gracePeriodSeconds: 0, preconditions: { uid: apiPod.metadata.uid } });
      } catch (e) { if (!isK8sError(e, 'NotFound') && !isK8sError(e, 'Conflict')) throw e; }
    }
    if (!staticPod) return;
    this.nodeUid ??= (await this.cfg.client.get({ group: '', version: 'v1', plural: 'nodes', name: this.cfg.nodeName })).metadata.uid as string;
    try {
      await this.cfg.client.create({ ...PODS, namespace }, mirrorPodOf(staticPod, { name: this.cfg.nodeName, uid: this.nodeUid }));
    } catch (e) { if (!isK8sError(e, 'AlreadyExists')) throw e; }
  }
}
