/**
 * The resources the workload controllers read and write, addressed as the
 * client expects them.
 */
import type { ResourceRef } from '../../../client/types.ts';

type Res = Pick<ResourceRef, 'group' | 'version' | 'plural'>;

export const PODS: Res = { group: '', version: 'v1', plural: 'pods' };
export const NODES: Res = { group: '', version: 'v1', plural: 'nodes' };
export const PVCS: Res = { group: '', version: 'v1', plural: 'persistentvolumeclaims' };
export const EVENTS: Res = { group: '', version: 'v1', plural: 'events' };
export const STATEFULSETS: Res = { group: 'apps', version: 'v1', plural: 'statefulsets' };
export const DAEMONSETS: Res = { group: 'apps', version: 'v1', plural: 'daemonsets' };
export const CONTROLLER_REVISIONS: Res = { group: 'apps', version: 'v1', plural: 'controllerrevisions' };
export const JOBS: Res = { group: 'batch', version: 'v1', plural: 'jobs' };
export const CRONJOBS: Res = { group: 'batch', version: 'v1', plural: 'cronjobs' };

/** A namespaced object reference for the client. */
export function at(res: Res, namespace: string | undefined, name?: string, subresource?: string): ResourceRef {
  return { ...res, namespace, name, subresource };
}
