/**
 * The `k8ts join ...` line printed by init and `token create --print-join-command`,
 * and how to find the endpoint joiners should use.
 */
import { apiRequest } from './api-request.ts';
import type { ClientConnection } from './kubeconfig.ts';

/** `k8ts join <host>:<port> --token ... --discovery-token-ca-cert-hash sha256:...` */
export function joinCommandLine(host: string, port: number, token: string, caHash: string): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return `k8ts join ${h}:${port} --token ${token} --discovery-token-ca-cert-hash ${caHash}`;
}

interface EndpointsObject {
  subsets?: { addresses?: { ip: string }[]; ports?: { name?: string; port: number }[] }[];
}

/**
 * The API server endpoint other machines should use: the advertise address
 * published in default/kubernetes Endpoints when available, else the host of
 * the kubeconfig's server URL.
 */
export async function apiServerEndpoint(conn: ClientConnection): Promise<{ host: string; port: number }> {
  const url = new URL(conn.server);
  const fallback = { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 443) };
  try {
    const res = await apiRequest<EndpointsObject>(conn, '/api/v1/namespaces/default/endpoints/kubernetes', { timeoutMs: 5000 });
    const subset = res.body.subsets?.[0];
    const ip = subset?.addresses?.[0]?.ip;
    const port = subset?.ports?.find((p) => p.name === 'https')?.port ?? subset?.ports?.[0]?.port;
    return ip && port ? { host: ip, port } : fallback;
  } catch {
    return fallback; // an older or partial API server: the kubeconfig's server is still a usable answer
  }
}
