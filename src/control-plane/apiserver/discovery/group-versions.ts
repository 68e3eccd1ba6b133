/**
 * The served groups and versions, derived once from the resource table in
 * the order upstream lists them (GROUP_ORDER, preferred version first).
 */
import { RESOURCES, GROUP_ORDER, type ResourceInfo } from '../../../api/resources.ts';

/** One served group with its versions, preferred first. */
export interface ServedGroup {
  /** '' for the core group. */
  name: string;
  versions: string[];
  preferred: string;
  /** Resources per version, in table order. */
  resources: Map<string, ResourceInfo[]>;
}

/** Orders versions as upstream: the preferred one first, then the rest by table order. */
function orderVersions(rs: ResourceInfo[]): { versions: string[]; preferred: string } {
  const versions: string[] = [];
  for (const r of rs) if (!versions.includes(r.version)) versions.push(r.version);
  const preferred = rs.find((r) => r.preferred)?.version ?? versions[0]!;
  return { versions: [preferred, ...versions.filter((v) => v !== preferred)], preferred };
}

/** All served groups in discovery order (core first). */
export function servedGroups(resources: readonly ResourceInfo[] = RESOURCES): ServedGroup[] {
  const names: string[] = [...GROUP_ORDER.filter((g) => resources.some((r) => r.group === g))];
  for (const r of resources) if (!names.includes(r.group)) names.push(r.group);
  return names.map((name) => {
    const rs = resources.filter((r) => r.group === name);
    const { versions, preferred } = orderVersions(rs);
    const byVersion = new Map<string, ResourceInfo[]>();
    for (const v of versions) byVersion.set(v, rs.filter((r) => r.version === v));
    return { name, versions, preferred, resources: byVersion };
  });
}
