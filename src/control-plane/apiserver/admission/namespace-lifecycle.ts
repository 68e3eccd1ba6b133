/**
 * NamespaceLifecycle admission, as upstream: nothing is created in a
 * namespace that does not exist or is terminating, and the system
 * namespaces cannot be deleted.
 */
import { K8sError } from '../../../base/errors.ts';
import { findByKind } from '../../../api/resources.ts';
import type { AdmissionHook, RegistryContext } from '../registry/types.ts';
import { objectKey } from '../registry/codec.ts';

/** Namespaces upstream refuses to delete. */
export const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

const nsResource = findByKind('', 'Namespace')!;

/** Build the hook; it reads namespaces straight from the store. */
export function namespaceLifecycle(ctx: () => RegistryContext): AdmissionHook {
  return {
    name: 'NamespaceLifecycle',
    async admit(a) {
      if (a.resource.kind === 'Namespace' && a.resource.group === '') {
        if (a.operation === 'DELETE' && IMMORTAL_NAMESPACES.has(a.name)) {
          throw new K8sError('Forbidden', `namespaces "${a.name}" is forbidden: this namespace may not be deleted`, { name: a.name, kind: 'namespaces' });
        }
        return;
      }
      if (a.operation !== 'CREATE' || !a.resource.namespaced) return;
      // Events about a terminating namespace's objects are still recorded, as upstream.
      const kv = await ctx().store.get(objectKey(nsResource, '', a.namespace));
      if (!kv) throw new K8sError('NotFound', `namespaces "${a.namespace}" not found`, { name: a.namespace, kind: 'namespaces' });
      if (a.resource.kind === 'Event') return;
      const ns = JSON.parse(kv.value) as { status?: { phase?: string }; metadata: { deletionTimestamp?: string } };
      if (ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') {
        throw new K8sError('Forbidden', `${a.resource.plural}${a.resource.group ? '.' + a.resource.group : ''} "${a.name}" is forbidden: unable to create new content in namespace ${a.namespace} because it is being terminated`, {
          name: a.name, group: a.resource.group, kind: a.resource.plural,
        });
      }
    },
  };
}
