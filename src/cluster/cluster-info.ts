/**
 * The kube-public/cluster-info ConfigMap, as kubeadm's bootstrap-token
 * phase writes it: a kubeconfig with only the cluster (server URL and CA),
 * readable anonymously, which the bootstrap signer then signs with each
 * token so `k8ts join` can trust it.
 */
import { stringify, parse } from 'yaml';
import { isK8sError } from '../base/errors.ts';
import { apiRequest } from './api-request.ts';
import type { ClientConnection } from './kubeconfig.ts';

/** Where it lives. */
export const CLUSTER_INFO_PATH = '/api/v1/namespaces/kube-public/configmaps/cluster-info';

/** The kubeconfig text stored under data.kubeconfig (cluster only, no users). */
export function clusterInfoKubeconfig(server: string, caPem: string): string {
  return stringify({
    apiVersion: 'v1',
    clusters: [{ cluster: { 'certificate-authority-data': Buffer.from(caPem).toString('base64'), server }, name: '' }],
    contexts: null,
    'current-context': '',
    kind: 'Config',
    preferences: {},
    users: null,
  });
}

/** Server and CA PEM from a cluster-info kubeconfig; undefined when it has neither. */
export function parseClusterInfoKubeconfig(text: string): { server: string; caPem: string } | undefined {
  try {
    const cfg = parse(text) as { clusters?: { cluster?: { server?: string; 'certificate-authority-data'?: string } }[] } | null;
    const c = cfg?.clusters?.[0]?.cluster;
    if (!c?.server || !c['certificate-authority-data']) return undefined;
    return { server: c.server, caPem: Buffer.from(c['certificate-authority-data'], 'base64').toString('utf8') };
  } catch {
    return undefined;
  }
}

/**
 * Create cluster-info, or update its kubeconfig when the server or CA
 * changed (keeping the signer's jws-kubeconfig-* entries otherwise).
 */
export async function ensureClusterInfo(conn: ClientConnection, server: string, caPem: string): Promise<void> {
  const kubeconfig = clusterInfoKubeconfig(server, caPem);
  const cur = await apiRequest<{ data?: Record<string, string>; metadata: Record<string, unknown> }>(conn, CLUSTER_INFO_PATH, { allowErrors: true });
  if (cur.status === 404) {
    try {
      await apiRequest(conn, '/api/v1/namespaces/kube-public/configmaps', {
        method: 'POST',
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cluster-info', namespace: 'kube-public' }, data: { kubeconfig } },
      });
      return;
    } catch (e) {
      if (!isK8sError(e, 'AlreadyExists')) throw e;
      return ensureClusterInfo(conn, server, caPem);
    }
  }
  if (cur.status >= 300) {
    await apiRequest(conn, CLUSTER_INFO_PATH); // rethrows the error with its reason
    return;
  }
  if (cur.body.data?.kubeconfig === kubeconfig) return;
  // A new kubeconfig invalidates every signature; the signer adds fresh ones.
  const data: Record<string, string> = { kubeconfig };
  await apiRequest(conn, CLUSTER_INFO_PATH, { method: 'PUT', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: cur.body.metadata, data } });
}
