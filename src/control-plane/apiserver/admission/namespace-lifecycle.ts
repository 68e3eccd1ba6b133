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

interface NamespaceState { terminating: boolean }

function stateOf(value: string): NamespaceState {
  const ns = JSON.parse(value) as { status?: { phase?: string }; metadata: { deletionTimestamp?: string } };
  return { terminating: !!ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating' };
}

/**
 * Namespaces by name, kept from a store watch so that every namespaced
 * create does not read and parse its namespace. The store delivers watch
 * events before the writer's acknowledgement, so a namespace is known here
 * before its own create returns. If the watch ends, reads go to the store.
 */
async function watchNamespaces(reg: RegistryContext): Promise<(name: string) => Promise<NamespaceState | undefined>> {
  const prefix = objectKey(nsResource, '', '');
  const known = new Map<string, NamespaceState>();
  let live = true;
  const page = await reg.store.list(prefix);
  for (const kv of page.items) known.set(kv.key.slice(prefix.length), stateOf(kv.value));
  await reg.store.watch(prefix, page.revision, {
    onEvent: (ev) => {
      const name = ev.kv.key.slice(prefix.length);
      if (ev.type === 'DELETE') known.delete(name);
      else known.set(name, stateOf(ev.kv.value));
    },
    onClose: () => { live = false; },
  });
  return async (name) => {
    if (live) return known.get(name);
    const kv = await reg.store.get(objectKey(nsResource, '', name));
    return kv ? stateOf(kv.value) : undefined;
  };
}

/** Build the hook; namespaces come from an in-memory view kept by a store watch. */
export function namespaceLifecycle(ctx: () => RegistryContext): AdmissionHook {
  let lookup: Promise<(name: string) => Promise<NamespaceState | undefined>> | undefined;
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
      lookup ??= watchNamespaces(ctx());
      const ns = await (await lookup)(a.namespace);
      if (!ns) throw new K8sError('NotFound', `namespaces "${a.namespace}" not found`, { name: a.namespace, kind: 'namespaces' });
      if (a.resource.kind === 'Event') return;
      if (ns.terminating) {
        throw new K8sError('Forbidden', `${a.resource.plural}${a.resource.group ? '.' + a.resource.group : ''} "${a.name}" is forbidden: unable to create new content in namespace ${a.namespace} because it is being terminated`, {
          name: a.name, group: a.resource.group, kind: a.resource.plural,
        });
      }
    },
  };
}
