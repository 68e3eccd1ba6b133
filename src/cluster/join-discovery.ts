/**
 * Token-based discovery, as kubeadm's: fetch kube-public/cluster-info
 * without trusting the server yet, check the JWS signature made with our
 * bootstrap token (so the server knows the token) and the CA public-key
 * pin (so the CA is the one the admin meant), then fetch it again over TLS
 * verified with that CA and require the same content.
 */
import { K8sError } from '../base/errors.ts';
import { apiRequest } from './api-request.ts';
import { caCertHash } from './pki.ts';
import { verifyDetachedSignature } from './jws.ts';
import { CLUSTER_INFO_PATH, parseClusterInfoKubeconfig } from './cluster-info.ts';
import { parseToken } from './bootstrap-token.ts';
import { serverUrl } from './kubeconfig.ts';

/** What discovery yields: a server URL and a CA we now trust. */
export interface DiscoveredCluster {
  server: string;
  caPem: string;
}

interface ConfigMapBody { data?: Record<string, string> }

/** Normalise a hash flag value to `sha256:<lower hex>`. */
export function normalizeCaHash(h: string): string {
  const m = /^(?:sha256:)?([0-9a-fA-F]{64})$/.exec(h.trim());
  if (!m) throw new K8sError('BadRequest', `invalid --discovery-token-ca-cert-hash "${h}": expected sha256:<64 hex digits>`);
  return `sha256:${m[1]!.toLowerCase()}`;
}

/** Run discovery against `host:port`. */
export async function discoverCluster(host: string, port: number, token: string, caHashes: string[]): Promise<DiscoveredCluster> {
  const { id, secret } = parseToken(token);
  const pins = caHashes.map(normalizeCaHash);
  const endpoint = serverUrl(host, port);
  // Insecure on purpose: nothing is trusted until the signature and the pin check out.
  const first = await apiRequest<ConfigMapBody>({ server: endpoint, insecureSkipTLSVerify: true }, CLUSTER_INFO_PATH);
  const kubeconfig = first.body?.data?.kubeconfig;
  if (!kubeconfig) throw new K8sError('NotFound', 'the cluster-info ConfigMap has no kubeconfig');
  const sig = first.body.data?.[`jws-kubeconfig-${id}`];
  if (!sig) throw new K8sError('Unauthorized', `there is no JWS signed token in the cluster-info ConfigMap. This token id "${id}" is invalid for this cluster, or it has expired. Use "k8ts token create" on the control-plane node to create a new valid token`);
  if (!verifyDetachedSignature(sig, kubeconfig, id, secret)) {
    throw new K8sError('Unauthorized', `failed to verify JWS signature of received cluster info object, can't trust this API Server`);
  }
  const info = parseClusterInfoKubeconfig(kubeconfig);
  if (!info) throw new K8sError('BadRequest', 'the cluster-info kubeconfig has no cluster server and CA');
  const hash = caCertHash(info.caPem);
  if (pins.length > 0 && !pins.includes(hash)) {
    throw new K8sError('Unauthorized', `cluster CA found in cluster-info ConfigMap is not pinned: the public key hash ${hash} does not match --discovery-token-ca-cert-hash`);
  }
  // Now over verified TLS: the answer must be the very kubeconfig we checked.
  const second = await apiRequest<ConfigMapBody>({ server: endpoint, caPem: info.caPem }, CLUSTER_INFO_PATH);
  if (second.body?.data?.kubeconfig !== kubeconfig) {
    throw new K8sError('Conflict', 'cluster info changed between the insecure and the verified fetch; try again');
  }
  return { server: info.server, caPem: info.caPem };
}
