/**
 * Objects every cluster has from the start, created (idempotently) when the
 * API server starts: the system namespaces and the `kubernetes` Service
 * with its Endpoints and EndpointSlice pointing at this API server.
 */
import { isK8sError } from '../../base/errors.ts';
import type { KObject } from '../../api/types.ts';
import { findByKind } from '../../api/resources.ts';
import { createObject } from './registry/create.ts';
import { objectKey } from './registry/codec.ts';
import { updateObject } from './registry/update.ts';
import type { RegistryContext } from './registry/types.ts';
import { nthIp, parseCidr } from './admission/cidr.ts';

/** Namespaces upstream creates at start. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

async function ensure(ctx: RegistryContext, group: string, kind: string, obj: KObject): Promise<void> {
  const r = findByKind(group, kind)!;
  // Look first: creating again would run admission (e.g. reserve the Service IP) before noticing the object exists.
  if (await ctx.store.get(objectKey(r, obj.metadata.namespace ?? '', obj.metadata.name!))) return;
  try {
    await createObject(ctx, r, obj);
  } catch (e) {
    if (!isK8sError(e, 'AlreadyExists')) throw e;
  }
}

/** Upsert: create, or replace the spec-like fields of an existing object. */
async function upsert(ctx: RegistryContext, group: string, kind: string, obj: KObject, fields: string[]): Promise<void> {
  const r = findByKind(group, kind)!;
  await updateObject(ctx, r, obj.metadata.namespace ?? '', obj.metadata.name!, (cur) => {
    if (!cur) return obj;
    for (const f of fields) cur[f] = obj[f];
    return cur;
  }, { allowCreate: true });
}

/** Create the system namespaces and the kubernetes Service/Endpoints. */
export async function bootstrapCluster(ctx: RegistryContext, cfg: { serviceCIDR: string; advertiseAddress: string; port: number }): Promise<void> {
  for (const name of SYSTEM_NAMESPACES) {
    await ensure(ctx, '', 'Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  const labels = { component: 'apiserver', provider: 'kubernetes' };
  await ensure(ctx, '', 'Service', {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels },
    spec: {
      type: 'ClusterIP', clusterIP: nthIp(parseCidr(cfg.serviceCIDR), 1),
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: cfg.port }], sessionAffinity: 'None',
    },
  });
  await upsert(ctx, '', 'Endpoints', {
    apiVersion: 'v1', kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: cfg.advertiseAddress }], ports: [{ name: 'https', port: cfg.port, protocol: 'TCP' }] }],
  }, ['subsets']);
  await upsert(ctx, 'discovery.k8s.io', 'EndpointSlice', {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [cfg.advertiseAddress], conditions: { ready: true } }],
    ports: [{ name: 'https', port: cfg.port, protocol: 'TCP' }],
  }, ['endpoints', 'ports', 'addressType']);
}
