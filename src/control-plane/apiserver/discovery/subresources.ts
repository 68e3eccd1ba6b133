/**
 * Facts about subresources that discovery reports: the kind a subresource
 * speaks and its verbs. Upstream publishes these per subresource, and
 * kubectl relies on them (e.g. `kubectl scale` looks for `<r>/scale`).
 */
import type { ResourceInfo } from '../../../api/resources.ts';

/** What discovery says about one subresource. */
export interface SubresourceInfo {
  /** Group of the kind served; undefined = same as the parent resource. */
  group?: string;
  /** Version of the kind served; undefined = same as the parent resource. */
  version?: string;
  /** Kind exchanged on this subresource. */
  kind: string;
  verbs: string[];
}

const GET_PATCH_UPDATE = ['get', 'patch', 'update'];

/** Describes subresource `sub` of `r` as upstream discovery does. */
export function subresourceInfo(r: ResourceInfo, sub: string): SubresourceInfo {
  switch (sub) {
    case 'status':
      return { kind: r.kind, verbs: GET_PATCH_UPDATE };
    case 'scale':
      // Scale is served in autoscaling/v1 whatever the parent's group is.
      return { group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: GET_PATCH_UPDATE };
    case 'binding':
      return { kind: 'Binding', verbs: ['create'] };
    case 'eviction':
      return { group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] };
    case 'token':
      return { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] };
    case 'finalize':
      return { kind: r.kind, verbs: ['update'] };
    case 'approval':
      return { kind: r.kind, verbs: GET_PATCH_UPDATE };
    case 'log':
      return { kind: 'Pod', verbs: ['get'] };
    case 'exec':
    case 'attach':
    case 'portforward':
      return { kind: sub === 'portforward' ? 'PodPortForwardOptions' : sub === 'exec' ? 'PodExecOptions' : 'PodAttachOptions', verbs: ['create', 'get'] };
    case 'proxy':
      return { kind: `${r.kind}ProxyOptions`, verbs: ['create', 'delete', 'get', 'patch', 'update'] };
    default:
      return { kind: r.kind, verbs: GET_PATCH_UPDATE };
  }
}
