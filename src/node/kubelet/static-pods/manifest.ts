/**
 * Static pods from manifest files, as upstream's file config source makes
 * them: the pod is named `<name>-<nodeName>`, lives in `default` unless it
 * says otherwise, is bound to this node, and its uid is a hash of the
 * manifest and the node name (so an unchanged file is the same pod across
 * kubelet restarts, and an edited one is a new pod). The hash is also the
 * config.hash annotation that the mirror pod carries as config.mirror.
 */
import { createHash } from 'node:crypto';
import { parseAllDocuments } from 'yaml';
import { K8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';

export const ANNOTATION_CONFIG_HASH = 'kubernetes.io/config.hash';
export const ANNOTATION_CONFIG_SOURCE = 'kubernetes.io/config.source';
export const ANNOTATION_CONFIG_SEEN = 'kubernetes.io/config.seen';
export const ANNOTATION_CONFIG_MIRROR = 'kubernetes.io/config.mirror';

/** The static pods of one manifest file (a YAML or JSON document, or several). */
export function staticPodsOf(text: string, file: string, nodeName: string, seenAt: Date): KObject[] {
  const out: KObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new K8sError('BadRequest', `${file}: ${doc.errors[0]!.message}`);
    const obj = doc.toJS() as KObject | null;
    if (!obj) continue;
    if (obj.kind !== 'Pod' || (obj.apiVersion ?? 'v1') !== 'v1') throw new K8sError('BadRequest', `${file}: a static pod manifest must be a v1 Pod`);
    if (!obj.metadata?.name) throw new K8sError('BadRequest', `${file}: metadata.name is required`);
    const hash = createHash('md5').update(JSON.stringify(obj)).update(nodeName).update('file').digest('hex');
    const pod = structuredClone(obj);
    pod.metadata = {
      ...pod.metadata,
      name: `${obj.metadata.name as string}-${nodeName}`,
      namespace: (obj.metadata.namespace as string | undefined) || 'default',
      uid: hash,
      annotations: { ...(obj.metadata.annotations ?? {}), [ANNOTATION_CONFIG_HASH]: hash, [ANNOTATION_CONFIG_SOURCE]: 'file', [ANNOTATION_CONFIG_SEEN]: seenAt.toISOString() },
    };
    delete pod.metadata.resourceVersion;
    pod.spec = { restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', ...(pod.spec ?? {}), nodeName };
    pod.status = {};
    out.push(pod);
  }
  return out;
}

/** The mirror pod of a static pod, owned by the node. */
export function mirrorPodOf(pod: KObject, node: { name: string; uid: string }): KObject {
  const m = structuredClone(pod);
  delete m.metadata.uid;
  delete (m as { status?: unknown }).status;
  m.metadata.annotations = { ...(m.metadata.annotations ?? {}), [ANNOTATION_CONFIG_MIRROR]: pod.metadata.annotations?.[ANNOTATION_CONFIG_HASH] as string };
  m.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: node.name, uid: node.uid, controller: true }];
  return m;
}

/** Whether an API pod is the current mirror of a static pod. */
export function isMirrorOf(apiPod: KObject | undefined, pod: KObject): boolean {
  return apiPod?.metadata.annotations?.[ANNOTATION_CONFIG_MIRROR] === pod.metadata.uid && !apiPod?.metadata.deletionTimestamp;
}
