/**
 * Which namespaces hold at least one object of a resource, kept in memory
 * from a store watch. Admission plugins that apply to few namespaces
 * (ResourceQuota, LimitRange) ask it first, so the common case, a namespace
 * without quotas, costs no store read per write.
 *
 * The store hands watch events to watchers in a microtask queued before the
 * writer's acknowledgement, so an object is counted here before its own
 * create returns to the client.
 */
import type { ResourceInfo } from '../../../api/resources.ts';
import { resourcePrefix } from './codec.ts';
import type { RegistryContext } from './types.ts';

/** A live count of objects per namespace for one namespaced resource. */
export interface NamespacePresence {
  /** True if `namespace` may hold objects of the resource (it does, or the cache is not usable). */
  has(namespace: string): boolean;
}

/** Start counting; resolves once the initial list is loaded and the watch runs. */
export async function watchNamespacePresence(ctx: RegistryContext, r: ResourceInfo): Promise<NamespacePresence> {
  const prefix = resourcePrefix(r);
  const counts = new Map<string, number>();
  let broken = false;
  const nsOf = (key: string): string => key.slice(prefix.length, key.indexOf('/', prefix.length));
  const bump = (ns: string, d: number): void => {
    const n = (counts.get(ns) ?? 0) + d;
    if (n <= 0) counts.delete(ns);
    else counts.set(ns, n);
  };
  const page = await ctx.store.list(prefix);
  for (const kv of page.items) bump(nsOf(kv.key), 1);
  await ctx.store.watch(prefix, page.revision, {
    onEvent: (ev) => {
      if (ev.type === 'DELETE') bump(nsOf(ev.kv.key), -1);
      else if (!ev.prevKv) bump(nsOf(ev.kv.key), 1);
    },
    onClose: () => { broken = true; },
  });
  return { has: (ns) => broken || counts.has(ns) };
}
