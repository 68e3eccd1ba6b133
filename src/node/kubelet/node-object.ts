/**
 * The Node object a kubelet registers and the status it reports, as pure
 * functions of the node's description and the time, so the shape can be
 * checked without a server. Condition reasons and messages are upstream's,
 * since `kubectl describe node` shows them.
 */
import { arch, release } from 'node:os';
import { createHash } from 'node:crypto';
import type { KObject } from '../../api/types.ts';

/** Reported as status.nodeInfo.kubeletVersion (and kubeProxyVersion). */
export const KUBELET_VERSION = 'v1.32.0-k8ts';

/** What a node says about itself. */
export interface NodeDescription {
  nodeName: string;
  /** InternalIP address. */
  nodeIP: string;
  /** cpu, memory, pods, ephemeral-storage (and extended resources). */
  capacity: Record<string, string>;
  /** Defaults to capacity. */
  allocatable?: Record<string, string>;
  /** Extra labels, merged over the well-known ones. */
  labels?: Record<string, string>;
  /** Adds node-role.kubernetes.io/control-plane. */
  controlPlane?: boolean;
  /** e.g. "fake://0.1.0", "containerd://1.7.24". */
  containerRuntimeVersion: string;
  osImage?: string;
  kernelVersion?: string;
  /** The kubelet's API port reported in daemonEndpoints. */
  kubeletPort?: number;
}

/** Upstream's default capacity of a simulated node (kwok-like, sized for scheduling tests). */
export const DEFAULT_CAPACITY: Record<string, string> = { cpu: '32', memory: '256Gi', pods: '110', 'ephemeral-storage': '100Gi' };

/** Go's GOARCH name for Node's process.arch. */
export function goArch(a: string = arch()): string {
  return ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[a] ?? a;
}

/** Labels the kubelet sets on its Node. */
export function nodeLabels(d: NodeDescription): Record<string, string> {
  const a = goArch();
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': a,
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': a,
    'kubernetes.io/hostname': d.nodeName,
    'kubernetes.io/os': 'linux',
  };
  if (d.controlPlane) labels['node-role.kubernetes.io/control-plane'] = '';
  return { ...labels, ...d.labels };
}

/** A stable 32-hex-digit id per node name, standing in for /etc/machine-id. */
function machineId(name: string, salt: string): string {
  return createHash('sha256').update(salt + name).digest('hex').slice(0, 32);
}

/** The conditions of a healthy node; heartbeat = now, transitions kept from `prev` when unchanged. */
export function nodeConditions(nowIso: string, prev: KObject['status'] | undefined, pressure?: { memory: boolean; disk: boolean; pid: boolean }): Array<Record<string, string>> {
  const want: Array<[string, string, string, string]> = [
    pressure?.memory
      ? ['MemoryPressure', 'True', 'KubeletHasInsufficientMemory', 'kubelet has insufficient memory available']
      : ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
    pressure?.disk
      ? ['DiskPressure', 'True', 'KubeletHasDiskPressure', 'kubelet has disk pressure']
      : ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
    pressure?.pid
      ? ['PIDPressure', 'True', 'KubeletHasInsufficientPID', 'kubelet has insufficient PID available']
      : ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
    ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
  ];
  const old = new Map<string, Record<string, string>>(
    ((prev?.conditions ?? []) as Array<Record<string, string>>).map((c) => [c.type as string, c]));
  return want.map(([type, status, reason, message]) => {
    const o = old.get(type);
    const lastTransitionTime = o && o.status === status && o.lastTransitionTime ? o.lastTransitionTime : nowIso;
    return { type, status, lastHeartbeatTime: nowIso, lastTransitionTime, reason, message };
  });
}

/** status of the Node, excluding conditions. */
export function nodeStatusBody(d: NodeDescription): Record<string, unknown> {
  return {
    capacity: { ...d.capacity },
    allocatable: { ...(d.allocatable ?? d.capacity) },
    addresses: [{ type: 'InternalIP', address: d.nodeIP }, { type: 'Hostname', address: d.nodeName }],
    daemonEndpoints: { kubeletEndpoint: { Port: d.kubeletPort ?? 10250 } },
    nodeInfo: {
      machineID: machineId(d.nodeName, 'machine'),
      systemUUID: machineId(d.nodeName, 'system').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
      bootID: machineId(d.nodeName, `boot-${process.pid}`).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
      kernelVersion: d.kernelVersion ?? release(),
      osImage: d.osImage ?? 'k8ts simulated node',
      containerRuntimeVersion: d.containerRuntimeVersion,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: goArch(),
    },
  };
}

/** The Node the kubelet creates on registration. */
export function buildNode(d: NodeDescription, nowIso: string): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: d.nodeName,
      labels: nodeLabels(d),
      annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {},
    status: { ...nodeStatusBody(d), conditions: nodeConditions(nowIso, undefined) },
  };
}
