/**
 * One Service's EndpointSlices brought in line with its pods. A tracker
 * remembers the slices this controller just wrote, so a sync running on a
 * cache that has not seen them yet waits instead of creating duplicates
 * (upstream's endpointSliceTracker).
 */
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import type { KubeClient } from '../../../client/types.ts';
import type { SyncResult } from '../types.ts';
import type { CacheView } from '../workload-common/cache-view.ts';
import { endpointLabels, isApiServerService, managesEndpoints } from '../common/service-endpoints.ts';
import { splitKey } from '../keyed-controller.ts';
import { desiredSlices } from './desired.ts';
import { metadataDiffers, planSlices, type SliceContent } from './plan.ts';

export const ENDPOINTSLICES = { group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices' };
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';

/** What the sync reads and writes through. */
export interface SliceDeps {
  client: KubeClient;
  services: CacheView;
  pods: CacheView;
  slices: CacheView;
  nodes: CacheView;
  tracker: SliceTracker;
  maxEndpointsPerSlice?: number;
}

/** Slices written per Service, until the cache shows them. */
export class SliceTracker {
  private readonly written = new Map<string, Map<string, number>>();

  /** Record a write (resourceVersion) or a delete (-1). */
  record(svcKey: string, slice: string, rv: number): void {
    let m = this.written.get(svcKey);
    if (!m) this.written.set(svcKey, (m = new Map()));
    m.set(slice, rv);
  }

  /** True when the cache has caught up with every recorded write of the Service. */
  fresh(svcKey: string, cache: (name: string) => KObject | undefined): boolean {
    const m = this.written.get(svcKey);
    if (!m) return true;
    for (const [name, rv] of m) {
      const cur = cache(name);
      const seen = rv < 0 ? !cur : !!cur && Number(cur.metadata.resourceVersion) >= rv;
      if (!seen) return false;
      m.delete(name);
    }
    this.written.delete(svcKey);
    return true;
  }

  forget(svcKey: string): void { this.written.delete(svcKey); }
}

/** The Service's slices managed by this controller. */
export function ownedSlices(slices: CacheView, svc: { namespace: string; name: string }): KObject[] {
  return slices.list(svc.namespace).filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === svc.name
    && s.metadata.labels?.[MANAGED_BY_LABEL] === CONTROLLER_NAME);
}

/** Reconcile the EndpointSlices of Service `key`. */
export async function syncEndpointSlices(d: SliceDeps, key: string): Promise<SyncResult | void> {
  const { namespace, name } = splitKey(key);
  const svc = d.services.get(name, namespace);
  if (!d.tracker.fresh(key, (n) => d.slices.get(n, namespace))) return { requeueAfterMs: 100 };
  // A deleted Service's slices go with it through their ownerReference (garbage collector).
  if (!svc) { d.tracker.forget(key); return; }
  if (isApiServerService(svc) || !managesEndpoints(svc)) return;
  const existing = ownedSlices(d.slices, { namespace, name });
  const labels: Record<string, string> = { ...endpointLabels(svc), [SERVICE_NAME_LABEL]: name, [MANAGED_BY_LABEL]: CONTROLLER_NAME };
  const owner = { apiVersion: 'v1', kind: 'Service', name, uid: svc.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
  const zoneOf = (node: string): string | undefined => d.nodes.get(node)?.metadata.labels?.['topology.kubernetes.io/zone'];
  const ref = { ...ENDPOINTSLICES, namespace };
  const body = (content: SliceContent, meta: KObject['metadata']): KObject => ({
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { ...meta, labels, ownerReferences: [owner] },
    addressType: content.addressType, endpoints: content.endpoints, ports: content.ports,
  });
  for (const want of desiredSlices(svc, d.pods.list(namespace), zoneOf)) {
    const mine = existing.filter((s) => s.addressType === want.addressType);
    const plan = planSlices(mine, want, d.maxEndpointsPerSlice);
    const updating = new Set(plan.update.map((u) => u.slice));
    for (const s of mine) {
      if (!updating.has(s) && !plan.delete.includes(s) && metadataDiffers(s, labels, owner)) {
        plan.update.push({ slice: s, content: { addressType: s.addressType, ports: s.ports ?? null, endpoints: s.endpoints ?? [] } });
      }
    }
    for (const c of plan.create) {
      const out = await d.client.create(ref, body(c, { generateName: `${name}-`, namespace }));
      d.tracker.record(key, out.metadata.name ?? '', Number(out.metadata.resourceVersion));
    }
    for (const u of plan.update) {
      const out = await d.client.update({ ...ref, name: u.slice.metadata.name }, body(u.content, u.slice.metadata));
      d.tracker.record(key, out.metadata.name ?? '', Number(out.metadata.resourceVersion));
    }
    for (const s of plan.delete) {
      try {
        await d.client.delete({ ...ref, name: s.metadata.name }, { preconditions: { uid: s.metadata.uid } });
      } catch (e) { if (!isK8sError(e, 'NotFound')) throw e; }
      d.tracker.record(key, s.metadata.name ?? '', -1);
    }
  }
  // Slices of an address type the Service no longer has.
  const types = new Set(desiredSlices(svc, [], zoneOf).map((w) => w.addressType));
  for (const s of existing.filter((x) => !types.has(x.addressType))) {
    try { await d.client.delete({ ...ref, name: s.metadata.name }); } catch (e) { if (!isK8sError(e, 'NotFound')) throw e; }
    d.tracker.record(key, s.metadata.name ?? '', -1);
  }
}
