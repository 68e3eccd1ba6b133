/**
 * Status writes of the workload controllers. Each controller is the only
 * writer of its kind's status, so the write is unconditional (no
 * resourceVersion): a spec change racing with it is no reason to retry,
 * the spec change queues another sync anyway.
 */
import type { KObject } from '../../../api/types.ts';
import type { KubeClient, ResourceRef } from '../../../client/types.ts';
import { at } from './resources.ts';

/** PUT `status` to the status subresource of `obj`. */
export function writeStatus(client: KubeClient, res: Pick<ResourceRef, 'group' | 'version' | 'plural'>, obj: KObject,
  status: unknown): Promise<KObject> {
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  return client.update(at(res, obj.metadata.namespace, obj.metadata.name, 'status'), { ...obj, metadata, status });
}
