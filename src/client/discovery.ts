/**
 * Discovery of the resources a server serves, from `/api`, `/api/v1`,
 * `/apis` and `/apis/<group>/<version>`, in each group's preferred version.
 * Controllers that must handle "every kind" (namespace deletion, garbage
 * collection) use it so kinds added later (CRDs) are included. A failing
 * group-version does not hide the others: it is reported beside them.
 */
import { K8sError } from '../base/errors.ts';
import type { KubeClient } from './types.ts';

/** One resource (not a subresource) as discovery lists it. */
export interface DiscoveredResource {
  group: string;
  version: string;
  /** URL segment, e.g. 'pods'. */
  plural: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
}

/** Result of {@link discoverPreferredResources}. */
export interface DiscoveryResult {
  resources: DiscoveredResource[];
  /** Group-versions whose resource list could not be read, with the reason. */
  failed: Map<string, K8sError>;
}

interface APIResource { name: string; kind: string; namespaced: boolean; verbs?: string[]; group?: string; version?: string }
interface APIResourceList { groupVersion?: string; resources?: APIResource[] }
interface APIGroupList { groups?: Array<{ name: string; preferredVersion?: { groupVersion: string; version: string };
  versions?: Array<{ groupVersion: string; version: string }> }> }

/** List every resource in its group's preferred version. */
export async function discoverPreferredResources(client: KubeClient): Promise<DiscoveryResult> {
  const [core, groups] = await Promise.all([
    client.getPath<{ versions?: string[] }>('/api'),
    client.getPath<APIGroupList>('/apis'),
  ]);
  const targets: Array<{ group: string; version: string; path: string }> = [];
  // The core group has one version (v1); upstream lists it first.
  const coreVersion = core.versions?.[0];
  if (coreVersion) targets.push({ group: '', version: coreVersion, path: `/api/${coreVersion}` });
  for (const g of groups.groups ?? []) {
    const pv = g.preferredVersion ?? g.versions?.[0];
    if (!pv) continue;
    targets.push({ group: g.name, version: pv.version, path: `/apis/${pv.groupVersion}` });
  }
  const resources: DiscoveredResource[] = [];
  const failed = new Map<string, K8sError>();
  const lists = await Promise.all(targets.map(async (t) => {
    try {
      return { t, list: await client.getPath<APIResourceList>(t.path) };
    } catch (e) {
      const err = e instanceof K8sError ? e : new K8sError('InternalError', String(e));
      failed.set(t.group ? `${t.group}/${t.version}` : t.version, err);
      return undefined;
    }
  }));
  for (const r of lists) {
    if (!r) continue;
    for (const res of r.list.resources ?? []) {
      // Subresources (pods/status) are not collections of their own.
      if (res.name.includes('/')) continue;
      resources.push({
        group: res.group ?? r.t.group,
        version: res.version ?? r.t.version,
        plural: res.name,
        kind: res.kind,
        namespaced: !!res.namespaced,
        verbs: res.verbs ?? [],
      });
    }
  }
  return { resources, failed };
}
