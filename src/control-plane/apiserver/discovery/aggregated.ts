/**
 * Aggregated discovery (`apidiscovery.k8s.io` v2 and v2beta1): one document
 * per root (`/api`, `/apis`) with every group, version and resource, so
 * client-go needs two requests instead of one per group-version.
 */
import type { ResourceInfo } from '../../../api/resources.ts';
import type { ServedGroup } from './group-versions.ts';
import { subresourceInfo } from './subresources.ts';

/** `apidiscovery.APIResourceDiscovery` for one resource. */
function resourceDiscovery(r: ResourceInfo): object {
  const out: Record<string, unknown> = {
    resource: r.plural,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
  };
  if (r.shortNames.length) out.shortNames = r.shortNames;
  if (r.categories.length) out.categories = r.categories;
  if (r.subresources.length) {
    out.subresources = r.subresources.map((sub) => {
      const s = subresourceInfo(r, sub);
      return {
        subresource: sub,
        responseKind: { group: s.group ?? r.group, version: s.version ?? r.version, kind: s.kind },
        verbs: s.verbs,
      };
    });
  }
  return out;
}

/** `apidiscovery.APIGroupDiscovery`; versions in preference order (clients take the first). */
function groupDiscovery(g: ServedGroup): object {
  const metadata: Record<string, unknown> = { creationTimestamp: null };
  if (g.name) metadata.name = g.name;
  return {
    metadata,
    versions: g.versions.map((v) => ({
      version: v,
      resources: (g.resources.get(v) ?? []).map(resourceDiscovery),
      freshness: 'Current',
    })),
  };
}

/**
 * The APIGroupDiscoveryList of `groups` in `apiVersion`
 * (`apidiscovery.k8s.io/v2` or `apidiscovery.k8s.io/v2beta1`; same shape).
 */
export function groupDiscoveryList(groups: ServedGroup[], apiVersion: string): object {
  return { kind: 'APIGroupDiscoveryList', apiVersion, metadata: {}, items: groups.map(groupDiscovery) };
}
