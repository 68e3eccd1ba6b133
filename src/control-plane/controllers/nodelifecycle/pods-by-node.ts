/**
 * An index of cached pods by spec.nodeName, kept from pod events, so a
 * node's sync reads its pods without scanning every pod of the cluster.
 */
import type { KObject } from '../../../api/types.ts';
import type { CacheView } from '../workload-common/cache-view.ts';

/** Pod keys per node. */
export class PodsByNode {
  private readonly byNode = new Map<string, Set<string>>();

  constructor(private readonly pods: CacheView) {}

  /** Apply a pod event (old and/or new state). */
  apply(old: KObject | undefined, cur: KObject | undefined): void {
    const o = old?.spec?.nodeName as string | undefined;
    const n = cur?.spec?.nodeName as string | undefined;
    const key = (p: KObject): string => `${p.metadata.namespace}/${p.metadata.name}`;
    if (old && o && o !== n) this.byNode.get(o)?.delete(key(old));
    if (cur && n) {
      let s = this.byNode.get(n);
      if (!s) this.byNode.set(n, (s = new Set()));
      s.add(key(cur));
    }
    if (o && this.byNode.get(o)?.size === 0) this.byNode.delete(o);
  }

  /** The cached pods bound to `node`. */
  list(node: string): KObject[] {
    const out: KObject[] = [];
    for (const k of this.byNode.get(node) ?? []) {
      const i = k.indexOf('/');
      const p = this.pods.get(k.slice(i + 1), k.slice(0, i));
      if (p && p.spec?.nodeName === node) out.push(p);
    }
    return out;
  }
}
