/**
 * One Service's Endpoints brought in line with its pods: created, updated
 * only when subsets or labels changed, deleted with the Service.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import type { KubeClient } from '../../../client/types.ts';
import type { CacheView } from '../workload-common/cache-view.ts';
import { isApiServerService, managesEndpoints, endpointLabels } from '../common/service-endpoints.ts';
import { splitKey } from '../keyed-controller.ts';
import { computeSubsets } from './subsets.ts';

/** Endpoints are addressed as core/v1 endpoints. */
export const ENDPOINTS = { group: '', version: 'v1', plural: 'endpoints' };
const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';

/** What the sync reads and writes through. */
export interface EndpointsDeps {
  client: KubeClient;
  services: CacheView;
  pods: CacheView;
  endpoints: CacheView;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Reconcile the Endpoints of Service `key` (namespace/name). */
export async function syncEndpoints(d: EndpointsDeps, key: string): Promise<void> {
  const { namespace, name } = splitKey(key);
  const svc = d.services.get(name, namespace);
  const cur = d.endpoints.get(name, namespace);
  const ref = { ...ENDPOINTS, namespace, name };
  if (!svc) {
    if (!cur || (namespace === 'default' && name === 'kubernetes')) return;
    try { await d.client.delete(ref); } catch (e) { if (!isK8sError(e, 'NotFound')) throw e; }
    return;
  }
  if (isApiServerService(svc) || !managesEndpoints(svc)) return;
  const { subsets, truncated } = computeSubsets(svc, d.pods.list(namespace));
  const labels = endpointLabels(svc);
  const annotations: Record<string, string> = { ...(cur?.metadata.annotations ?? {}) };
  if (truncated) annotations[OVER_CAPACITY] = 'truncated';
  else delete annotations[OVER_CAPACITY];
  if (cur && same(cur.subsets ?? [], subsets) && same(cur.metadata.labels ?? {}, labels)
    && same(cur.metadata.annotations ?? {}, annotations)) return;
  const body: KObject = {
    apiVersion: 'v1', kind: 'Endpoints',
    metadata: { ...(cur?.metadata ?? {}), name, namespace, labels, annotations },
  };
  if (Object.keys(annotations).length === 0) delete body.metadata.annotations;
  if (subsets.length) body.subsets = subsets;
  try {
    if (cur) await d.client.update(ref, body);
    else await d.client.create({ ...ENDPOINTS, namespace }, body);
  } catch (e) {
    // A terminating namespace refuses creates; the namespace controller removes the rest.
    if (isK8sError(e, 'Forbidden') && !cur) return;
    throw e;
  }
}
