/**
 * What a CustomResourceDefinition serves: one resource-table row per served
 * version (preferred = the first served version in upstream's version
 * priority order) and one OpenAPI definition per version, built from the
 * version's structural schema with apiVersion, kind and metadata added.
 */
import type { KObject } from '../../../api/types.ts';
import { STD_VERBS, type ResourceInfo } from '../../../api/resources.ts';
import type { Schema } from '../../../api/schema/index.ts';

/** A served version of a CRD: its resource row and its definition. */
export interface ServedVersion {
  resource: ResourceInfo;
  definitionName: string;
  definition: Schema;
}

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: Schema };
  subresources?: { status?: object; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
  additionalPrinterColumns?: ResourceInfo['custom'] extends infer C ? C extends { printerColumns: infer P } ? P : never : never;
}

/** Upstream's version priority: GA > beta > alpha, higher numbers first, then other names alphabetically. */
export function versionPriority(a: string, b: string): number {
  const parse = (v: string): [number, number, number, string] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0, v];
    const level = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
    return [level, Number(m[1]), Number(m[3] ?? 0), v];
  };
  const [la, ma, na, sa] = parse(a);
  const [lb, mb, nb, sb] = parse(b);
  if (la !== lb) return lb - la;
  if (la === 0) return sa < sb ? -1 : sa > sb ? 1 : 0;
  if (ma !== mb) return mb - ma;
  return nb - na;
}

/** Definition name upstream uses: reversed group, version, kind (com.example.stable.v1.CronTab). */
export function definitionName(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

/** The served versions of a CRD object. */
export function servedVersions(crd: KObject): ServedVersion[] {
  const spec = crd.spec ?? {};
  const group: string = spec.group;
  const names = spec.names ?? {};
  const versions: CrdVersion[] = Array.isArray(spec.versions) ? spec.versions : [];
  const storage = versions.find((v) => v.storage)?.name ?? versions[0]?.name ?? 'v1';
  const served = versions.filter((v) => v.served).sort((a, b) => versionPriority(a.name, b.name));
  return served.map((v, i) => {
    const sub: string[] = [];
    if (v.subresources?.status) sub.push('status');
    if (v.subresources?.scale) sub.push('scale');
    const resource: ResourceInfo = {
      group, version: v.name, kind: names.kind, plural: names.plural,
      singular: names.singular || String(names.kind).toLowerCase(),
      namespaced: spec.scope !== 'Cluster',
      shortNames: names.shortNames ?? [], categories: names.categories ?? [],
      verbs: [...STD_VERBS], subresources: sub,
      storage: { group, resource: names.plural, version: storage },
      preferred: i === 0,
      custom: { crd: crd.metadata.name!, printerColumns: v.additionalPrinterColumns ?? [], scale: v.subresources?.scale },
    };
    const body: Schema = v.schema?.openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    const definition: Schema = {
      ...body,
      type: 'object',
      properties: {
        ...(body.properties ?? {}),
        apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' },
        kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' },
        metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', description: "Standard object's metadata." },
      },
      'x-kubernetes-group-version-kind': [{ group, version: v.name, kind: names.kind }],
    };
    return { resource, definitionName: definitionName(group, v.name, names.kind), definition };
  });
}
