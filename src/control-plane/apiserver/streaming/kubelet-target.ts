/**
 * Where a pod subresource request goes: the kubelet of the pod's node, at
 * the Node's InternalIP (else its first address) and
 * status.daemonEndpoints.kubeletEndpoint.Port, over TLS verified against
 * the cluster CA with the API server's kubelet client certificate (as
 * kubeadm's apiserver-kubelet-client). Also checks the container name as
 * upstream's pod REST storage does before proxying.
 */
import { K8sError } from '../../../base/errors.ts';
import { findResource } from '../../../api/resources.ts';
import type { KObject } from '../../../api/types.ts';
import { getObject } from '../registry/read.ts';
import type { RegistryContext } from '../registry/types.ts';

/** The API server's client identity towards kubelets, PEM encoded. */
export interface KubeletClientTLS {
  certPem: string;
  keyPem: string;
  /** CA that signs kubelet serving certificates. */
  caPem: string;
}

/** A resolved kubelet endpoint. */
export interface KubeletTarget {
  host: string;
  port: number;
  pod: KObject;
  /** The container the request is about ('' for port-forward). */
  container: string;
}

type Obj = Record<string, unknown>;

function containerNames(pod: KObject, withInit: boolean): string[] {
  const spec = (pod.spec ?? {}) as Obj;
  const list = [...((spec.containers ?? []) as Obj[]), ...(withInit ? [...((spec.initContainers ?? []) as Obj[]), ...((spec.ephemeralContainers ?? []) as Obj[])] : [])];
  return list.map((c) => c.name as string);
}

/** Pick and check the container as upstream does (the only one when unnamed). */
export function resolveContainer(pod: KObject, container: string | null): string {
  const name = pod.metadata.name as string;
  const regular = containerNames(pod, false);
  if (!container) {
    if (regular.length === 1) return regular[0]!;
    const init = containerNames(pod, true).slice(regular.length);
    const more = init.length ? ` or one of the init containers: [${init.join(' ')}]` : '';
    throw new K8sError('BadRequest', `a container name must be specified for pod ${name}, choose one of: [${regular.join(' ')}]${more}`);
  }
  if (!containerNames(pod, true).includes(container)) throw new K8sError('BadRequest', `container ${container} is not valid for pod ${name}`);
  return container;
}

/** Resolve the node endpoint of a pod. */
export async function kubeletTarget(reg: RegistryContext, namespace: string, podName: string, container: string | null, needContainer: boolean): Promise<KubeletTarget> {
  const pods = findResource('', 'v1', 'pods')!;
  const pod = await getObject(reg, pods, namespace, podName);
  const c = needContainer ? resolveContainer(pod, container) : '';
  const nodeName = pod.spec?.nodeName as string | undefined;
  if (!nodeName) throw new K8sError('BadRequest', `pod ${podName} does not have a host assigned`);
  const nodes = findResource('', 'v1', 'nodes')!;
  let node: KObject;
  try {
    node = await getObject(reg, nodes, '', nodeName);
  } catch {
    throw new K8sError('NotFound', `nodes "${nodeName}" not found`);
  }
  const status = (node.status ?? {}) as { addresses?: Array<{ type: string; address: string }>; daemonEndpoints?: { kubeletEndpoint?: { Port?: number } } };
  const addrs = status.addresses ?? [];
  const host = (addrs.find((a) => a.type === 'InternalIP') ?? addrs.find((a) => a.type === 'ExternalIP') ?? addrs[0])?.address;
  const port = status.daemonEndpoints?.kubeletEndpoint?.Port;
  if (!host || !port) throw new K8sError('ServiceUnavailable', `no kubelet endpoint known for node "${nodeName}"`);
  return { host, port, pod, container: c };
}
