/**
 * Where a quota's resource names are counted from: which collection each
 * name charges (pods for compute resources, services for services.*, PVCs
 * for storage, the named resource for count/<resource>).
 */
import { parseCountName } from '../../../api/quota/usage.ts';

/** A collection, by group and plural. */
export interface Collection { group: string; plural: string }

const LEGACY: Record<string, string> = {
  pods: 'pods', services: 'services', configmaps: 'configmaps', secrets: 'secrets',
  persistentvolumeclaims: 'persistentvolumeclaims', replicationcontrollers: 'replicationcontrollers', resourcequotas: 'resourcequotas',
};

/** The collection that charges resource name `name`, or undefined when nothing does. */
export function collectionOf(name: string): Collection | undefined {
  const count = parseCountName(name);
  if (count) return count;
  if (LEGACY[name]) return { group: '', plural: LEGACY[name] as string };
  if (/^(requests|limits)\./.test(name) && name !== 'requests.storage') return { group: '', plural: 'pods' };
  if (name === 'cpu' || name === 'memory' || name === 'ephemeral-storage') return { group: '', plural: 'pods' };
  if (name.startsWith('services.')) return { group: '', plural: 'services' };
  if (name === 'requests.storage' || name.includes('.storageclass.storage.k8s.io/')) return { group: '', plural: 'persistentvolumeclaims' };
  return undefined;
}

/** The distinct collections a set of resource names needs. */
export function collectionsFor(names: Iterable<string>): Collection[] {
  const seen = new Map<string, Collection>();
  for (const n of names) {
    const c = collectionOf(n);
    if (c) seen.set(`${c.group}/${c.plural}`, c);
  }
  return [...seen.values()];
}

/** Preferred versions of the groups whose objects are commonly counted (others: discovery). */
export const KNOWN_VERSIONS: Record<string, string> = {
  '': 'v1', apps: 'v1', batch: 'v1', policy: 'v1', autoscaling: 'v2', 'networking.k8s.io': 'v1', 'rbac.authorization.k8s.io': 'v1',
  'discovery.k8s.io': 'v1', 'coordination.k8s.io': 'v1', 'storage.k8s.io': 'v1', 'events.k8s.io': 'v1',
};
