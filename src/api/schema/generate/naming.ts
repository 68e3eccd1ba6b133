/**
 * How client-node's model class names map to upstream's OpenAPI
 * definition names (`V1Pod` -> `io.k8s.api.core.v1.Pod`). client-node
 * drops the package from names unless two packages collide, so the
 * generator supplies the package of the kind that first references a type.
 */
import { K8sError } from '../../../base/errors.ts';

/** Types of `k8s.io/apimachinery/pkg/apis/meta/v1`, which keep that package whoever uses them. */
const META = new Set([
  'ObjectMeta', 'ListMeta', 'LabelSelector', 'LabelSelectorRequirement', 'ManagedFieldsEntry', 'OwnerReference',
  'Condition', 'Status', 'StatusDetails', 'StatusCause', 'DeleteOptions', 'Preconditions', 'Time', 'MicroTime',
]);

/** Kinds spoken on subresources or in responses, beyond the served kinds. */
export const EXTRA_KINDS = [
  { group: 'autoscaling', version: 'v1', kind: 'Scale' },
  { group: '', version: 'v1', kind: 'Binding' },
  { group: 'policy', version: 'v1', kind: 'Eviction' },
  { group: '', version: 'v1', kind: 'Status' },
  { group: '', version: 'v1', kind: 'DeleteOptions' },
];

/** Upstream Go package (last path element before the version) of an API group. */
export function packageOf(group: string): string {
  return group === '' ? 'core' : group.split('.')[0]!;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The client-node class of a kind: the package-prefixed name when it exists (collisions), else the plain one. */
export function classFor(group: string, version: string, kind: string, exists: (cls: string) => boolean): string {
  const plain = `${cap(version)}${kind}`;
  const prefixed = `${cap(packageOf(group))}${plain}`;
  if (exists(prefixed)) return prefixed;
  if (exists(plain)) return plain;
  throw new K8sError('NotFound', `no client-node model for ${group}/${version} ${kind}`);
}

/** Upstream definition name of a client-node class used from `group`. */
export function definitionName(cls: string, group: string): string {
  const m = /^([A-Z][a-z]*)?V(\d+(?:alpha\d+|beta\d+)?)([A-Z]\w*)$/.exec(cls);
  if (!m) throw new K8sError('InternalError', `unexpected model class name ${cls}`);
  const [, prefix, ver, kind] = m;
  const version = `v${ver}`;
  if (META.has(kind!) && version === 'v1' && !prefix) return `io.k8s.apimachinery.pkg.apis.meta.v1.${kind}`;
  const pkg = prefix ? prefix.toLowerCase() : packageOf(group);
  return `io.k8s.api.${pkg}.${version}.${kind}`;
}
