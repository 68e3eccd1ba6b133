/**
 * Unaggregated discovery documents (`/api`, `/apis`, `/apis/<g>`,
 * `/api/v1`, `/apis/<g>/<v>`), the ones kubectl 1.20 and any client that
 * does not ask for aggregated discovery read.
 */
import { createHash } from 'node:crypto';
import type { ResourceInfo } from '../../../api/resources.ts';
import type { ServedGroup } from './group-versions.ts';
import { subresourceInfo } from './subresources.ts';

/** `metav1.APIResource`. */
export interface APIResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
}

/**
 * Upstream's storage version hash: the first 8 bytes of sha256 over
 * "group/version/kind" of the stored form, base64. Clients only compare it
 * for equality, so any stable value would do; matching upstream is cheap.
 */
export function storageVersionHash(r: ResourceInfo): string {
  const gvk = `${r.storage.group}/${r.storage.version}/${r.kind}`;
  return createHash('sha256').update(gvk).digest().subarray(0, 8).toString('base64');
}

/** `/api`: `metav1.APIVersions`. */
export function apiVersions(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** One `metav1.APIGroup` (without kind/apiVersion, as inside a list). */
function apiGroupBody(g: ServedGroup): object {
  const gv = (v: string) => ({ groupVersion: `${g.name}/${v}`, version: v });
  return { name: g.name, versions: g.versions.map(gv), preferredVersion: gv(g.preferred) };
}

/** `/apis`: `metav1.APIGroupList` of every named group. */
export function apiGroupList(groups: ServedGroup[]): object {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.filter((g) => g.name !== '').map(apiGroupBody) };
}

/** `/apis/<g>`: `metav1.APIGroup`. */
export function apiGroup(g: ServedGroup): object {
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroupBody(g) };
}

/** The `metav1.APIResource` rows of one resource: itself, then its subresources. */
export function apiResources(r: ResourceInfo): APIResource[] {
  const main: APIResource = {
    name: r.plural,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: r.verbs,
  };
  if (r.shortNames.length) main.shortNames = r.shortNames;
  if (r.categories.length) main.categories = r.categories;
  main.storageVersionHash = storageVersionHash(r);
  const rows = [main];
  for (const sub of r.subresources) {
    const s = subresourceInfo(r, sub);
    const row: APIResource = { name: `${r.plural}/${sub}`, singularName: '', namespaced: r.namespaced, kind: s.kind, verbs: s.verbs };
    if (s.group !== undefined) row.group = s.group;
    if (s.version !== undefined) row.version = s.version;
    rows.push(row);
  }
  return rows;
}

/** `/api/v1`, `/apis/<g>/<v>`: `metav1.APIResourceList`. */
export function apiResourceList(group: string, version: string, resources: ResourceInfo[]): object {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: resources.flatMap(apiResources),
  };
}
