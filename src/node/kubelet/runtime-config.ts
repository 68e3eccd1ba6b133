/**
 * Translation of a pod spec into CRI sandbox and container configs (labels
 * and annotations as upstream's kubelet sets them), and the restart
 * back-off rule of containers (CrashLoopBackOff).
 */
import type { KObject } from '../../api/types.ts';
import {
  ANNOTATION_CONTAINER_TYPE, LABEL_CONTAINER_NAME, LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID,
  type ContainerConfig, type KeyValue, type PodSandboxConfig, type PortMapping,
} from '../runtime/types.ts';
import { containerResources, containerSecurity, qosClass } from './container-linux.ts';

/** Node settings that shape sandboxes and containers on a real runtime (unset for simulated nodes). */
export interface NodeRuntimeOptions {
  /** Parent cgroup of pod cgroups (cgroupfs syntax), e.g. "/kubepods"; pods get <root>/pod<uid>. */
  cgroupRoot?: string;
  /** Directory of pod log directories (upstream: /var/log/pods). */
  podLogsDir?: string;
  /** Cluster DNS servers for dnsPolicy ClusterFirst; without them pods use the node's resolv.conf, as upstream. */
  clusterDNS?: string[];
  /** Default "cluster.local". */
  clusterDomain?: string;
  /** Node memory capacity in bytes (OOM score of Burstable pods). */
  memoryCapacity?: number;
}

function dnsConfig(pod: KObject, opts: NodeRuntimeOptions): PodSandboxConfig['dnsConfig'] {
  const policy = (pod.spec?.dnsPolicy as string | undefined) ?? 'ClusterFirst';
  const custom = (pod.spec?.dnsConfig ?? {}) as { nameservers?: string[]; searches?: string[]; options?: Array<{ name: string; value?: string }> };
  const opt = (custom.options ?? []).map((o) => (o.value !== undefined ? `${o.name}:${o.value}` : o.name));
  const clusterFirst = (policy === 'ClusterFirst' && !pod.spec?.hostNetwork) || policy === 'ClusterFirstWithHostNet';
  if (clusterFirst && opts.clusterDNS?.length) {
    const d = opts.clusterDomain ?? 'cluster.local';
    const ns = pod.metadata.namespace as string;
    return {
      servers: [...opts.clusterDNS, ...(custom.nameservers ?? [])],
      searches: [`${ns}.svc.${d}`, `svc.${d}`, d, ...(custom.searches ?? [])],
      options: ['ndots:5', ...opt],
    };
  }
  if (policy === 'None' || custom.nameservers || custom.searches || opt.length) {
    return { servers: custom.nameservers ?? [], searches: custom.searches ?? [], options: opt };
  }
  return undefined; // the runtime copies the node's resolv.conf (dnsPolicy Default, or no cluster DNS yet)
}

type Obj = Record<string, unknown>;

function podIdLabels(pod: KObject): Record<string, string> {
  return {
    [LABEL_POD_NAME]: pod.metadata.name as string,
    [LABEL_POD_NAMESPACE]: pod.metadata.namespace as string,
    [LABEL_POD_UID]: pod.metadata.uid as string,
  };
}

/** Upstream's per-pod log directory under the pods log root: `<ns>_<name>_<uid>`. */
export function podLogDirectory(podLogsDir: string, pod: KObject): string {
  return `${podLogsDir.replace(/\/+$/, '')}/${pod.metadata.namespace}_${pod.metadata.name}_${pod.metadata.uid}`;
}

/**
 * The pod's cgroup under the node's pod root, in upstream's QoS layout
 * (cgroupfs driver): Guaranteed pods directly under the root, Burstable and
 * BestEffort pods under `burstable/` and `besteffort/`; the runtime puts each
 * container's cgroup below it.
 */
export function podCgroupParent(root: string, pod: KObject): string {
  // status.qosClass is set once at creation; computing it is for pods without one (tests, static pods before their mirror).
  const qos = (pod.status?.qosClass as string | undefined) ?? qosClass(pod);
  const tier = qos === 'Guaranteed' ? '' : `/${qos.toLowerCase()}`;
  return `${root.replace(/\/+$/, '')}${tier}/pod${String(pod.metadata.uid)}`;
}

/** The CRI sandbox config of a pod (`podLogsDir`: the node's pod log root, e.g. /var/log/pods). */
export function sandboxConfig(pod: KObject, attempt = 0, options: NodeRuntimeOptions | string = {}): PodSandboxConfig {
  // A string is the pod log root alone (the streaming side's call sites); the object carries every node setting.
  const opts: NodeRuntimeOptions = typeof options === 'string' ? { podLogsDir: options } : options;
  const podLogsDir = opts.podLogsDir;
  const ports: PortMapping[] = [];
  for (const c of (pod.spec?.containers ?? []) as Obj[]) {
    for (const p of (c.ports ?? []) as Obj[]) {
      if (!p.hostPort) continue;
      ports.push({ protocol: (p.protocol as PortMapping['protocol']) ?? 'TCP', containerPort: p.containerPort as number, hostPort: p.hostPort as number, hostIp: p.hostIP as string | undefined });
    }
  }
  return {
    metadata: { name: pod.metadata.name as string, namespace: pod.metadata.namespace as string, uid: pod.metadata.uid as string, attempt },
    hostname: (pod.spec?.hostname as string | undefined) ?? pod.metadata.name,
    logDirectory: podLogsDir ? podLogDirectory(podLogsDir, pod) : undefined,
    portMappings: ports,
    labels: { ...(pod.metadata.labels ?? {}), ...podIdLabels(pod) },
    annotations: { ...(pod.metadata.annotations ?? {}) },
    linux: {
      hostNetwork: pod.spec?.hostNetwork === true,
      ...(opts.cgroupRoot ? { cgroupParent: podCgroupParent(opts.cgroupRoot, pod) } : {}),
    },
  };
}

/** The CRI container config of one container of the pod. */
export function containerConfig(pod: KObject, spec: Obj, attempt: number, init: boolean, resolved?: { envs: KeyValue[]; opts: NodeRuntimeOptions }): ContainerConfig {
  const envs = resolved?.envs ?? ((spec.env ?? []) as Obj[]).filter((e) => typeof e.value === 'string').map((e) => ({ key: e.name as string, value: e.value as string }));
  const cfg: ContainerConfig = {
    metadata: { name: spec.name as string, attempt },
    image: { image: spec.image as string },
    command: spec.command as string[] | undefined,
    args: spec.args as string[] | undefined,
    workingDir: spec.workingDir as string | undefined,
    envs,
    labels: { ...podIdLabels(pod), [LABEL_CONTAINER_NAME]: spec.name as string },
    annotations: { [ANNOTATION_CONTAINER_TYPE]: init ? 'init' : 'regular', 'io.kubernetes.container.restartCount': String(attempt) },
    logPath: `${spec.name as string}/${attempt}.log`,
    tty: spec.tty === true,
    stdin: spec.stdin === true,
  };
  if (resolved) {
    cfg.linux = {
      resources: containerResources(pod, spec, resolved.opts.memoryCapacity ?? 256 * 2 ** 30),
      securityContext: containerSecurity(pod, spec),
    };
  }
  return cfg;
}

/** Upstream's back-off: 10 s, doubling to 5 min; forgotten after 10 min without a crash. */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;

/** Back-off state of one container. */
export interface BackoffEntry { delayMs: number; lastRestartAt: number }

/** Go's time.Duration String() for whole seconds: "10s", "1m20s", "5m0s". */
export function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60}s`;
  return `${Math.floor(m / 60)}h${m % 60}m${s % 60}s`;
}

/**
 * Decide whether an exited container may restart now. The first restart is
 * immediate; each later one waits `delayMs` after the exit, doubling up to
 * the cap. Returns the remaining wait (0 = restart now) and updates `entries`.
 */
export function restartDecision(entries: Map<string, BackoffEntry>, name: string, finishedAt: number, now: number): number {
  let e = entries.get(name);
  if (e && now - e.lastRestartAt > 2 * BACKOFF_MAX_MS) { entries.delete(name); e = undefined; }
  if (!e) {
    entries.set(name, { delayMs: BACKOFF_INITIAL_MS, lastRestartAt: now });
    return 0;
  }
  const wait = finishedAt + e.delayMs - now;
  if (wait > 0) return wait;
  e.delayMs = Math.min(BACKOFF_MAX_MS, e.delayMs * 2);
  e.lastRestartAt = now;
  return 0;
}

/** The waiting message of a container in CrashLoopBackOff. */
export function backoffMessage(pod: KObject, name: string, delayMs: number): string {
  return `back-off ${goDuration(delayMs)} restarting failed container=${name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
}

/** Whether restartPolicy restarts a container that exited with `exitCode`. */
export function shouldRestart(pod: KObject, exitCode: number): boolean {
  const policy = pod.spec?.restartPolicy ?? 'Always';
  return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
}
