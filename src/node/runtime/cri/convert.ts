/**
 * Conversion between the runtime contract (src/node/runtime/types.ts:
 * camelCase, milliseconds) and CRI v1 wire messages as proto-loader decodes
 * them (camelCase, nanoseconds, enums by name, wrappers for optional ints).
 */
import type {
  ContainerConfig, ContainerFilter, ContainerStatus, Image, LinuxContainerSecurityContext, PodSandboxConfig,
  PodSandboxFilter, PodSandboxMetadata, PodSandboxStatus,
} from '../types.ts';
import type { Msg } from './grpc.ts';

const NS_PER_MS = 1_000_000;
const ms = (ns: unknown): number => Math.floor(Number(ns ?? 0) / NS_PER_MS);
const i64 = (v: number | undefined) => (v === undefined ? undefined : { value: v });
const strMap = (m: unknown): Record<string, string> => ({ ...((m ?? {}) as Record<string, string>) });

/** PodSandboxConfig to the wire. */
export function sandboxConfigToWire(c: PodSandboxConfig): Msg {
  const sc = c.linux?.securityContext;
  return {
    metadata: { ...c.metadata },
    hostname: c.hostname ?? '',
    logDirectory: c.logDirectory ?? '',
    dnsConfig: c.dnsConfig,
    portMappings: (c.portMappings ?? []).map((p) => ({ protocol: p.protocol, containerPort: p.containerPort, hostPort: p.hostPort ?? 0, hostIp: p.hostIp ?? '' })),
    labels: c.labels,
    annotations: c.annotations,
    linux: {
      cgroupParent: c.linux?.cgroupParent ?? '',
      securityContext: {
        namespaceOptions: { network: c.linux?.hostNetwork ? 'NODE' : 'POD', pid: 'CONTAINER', ipc: 'POD' },
        runAsUser: i64(sc?.runAsUser),
        runAsGroup: i64(sc?.runAsGroup),
        supplementalGroups: sc?.supplementalGroups ?? [],
        privileged: sc?.privileged ?? false,
      },
    },
  };
}

function securityToWire(s: LinuxContainerSecurityContext | undefined): Msg | undefined {
  if (!s) return undefined;
  return {
    privileged: s.privileged ?? false,
    runAsUser: i64(s.runAsUser),
    runAsGroup: i64(s.runAsGroup),
    supplementalGroups: s.supplementalGroups ?? [],
    readonlyRootfs: s.readonlyRootfs ?? false,
    noNewPrivs: s.noNewPrivs ?? false,
    capabilities: s.capabilities,
    namespaceOptions: { network: s.namespaceOptions?.network ?? 'POD', pid: s.namespaceOptions?.pid ?? 'CONTAINER', ipc: s.namespaceOptions?.ipc ?? 'POD' },
  };
}

/** ContainerConfig to the wire. */
export function containerConfigToWire(c: ContainerConfig): Msg {
  return {
    metadata: { ...c.metadata },
    image: { image: c.image.image },
    command: c.command ?? [],
    args: c.args ?? [],
    workingDir: c.workingDir ?? '',
    envs: c.envs ?? [],
    mounts: c.mounts ?? [],
    labels: c.labels,
    annotations: c.annotations,
    logPath: c.logPath ?? '',
    stdin: c.stdin ?? false,
    tty: c.tty ?? false,
    linux: { resources: c.linux?.resources ?? {}, securityContext: securityToWire(c.linux?.securityContext) },
  };
}

function metadataFromWire(m: unknown): PodSandboxMetadata {
  const x = (m ?? {}) as Msg;
  return { name: String(x.name ?? ''), namespace: String(x.namespace ?? ''), uid: String(x.uid ?? ''), attempt: Number(x.attempt ?? 0) };
}

/** PodSandboxStatus (or a ListPodSandbox item, which has no network) from the wire. */
export function sandboxFromWire(s: Msg): PodSandboxStatus {
  const net = s.network as Msg | undefined;
  const ips: string[] = [];
  if (net?.ip) ips.push(String(net.ip));
  for (const a of (net?.additionalIps ?? []) as Msg[]) if (a.ip) ips.push(String(a.ip));
  return {
    id: String(s.id),
    metadata: metadataFromWire(s.metadata),
    state: s.state === 'SANDBOX_READY' ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY',
    createdAt: ms(s.createdAt),
    ips,
    labels: strMap(s.labels),
    annotations: strMap(s.annotations),
  };
}

/** ContainerStatus from the wire; `podSandboxId` comes from the list entry (the status lacks it). */
export function containerFromWire(s: Msg, podSandboxId: string): ContainerStatus {
  const md = (s.metadata ?? {}) as Msg;
  const out: ContainerStatus = {
    id: String(s.id),
    podSandboxId,
    metadata: { name: String(md.name ?? ''), attempt: Number(md.attempt ?? 0) },
    state: (s.state as ContainerStatus['state']) ?? 'CONTAINER_UNKNOWN',
    createdAt: ms(s.createdAt),
    startedAt: ms(s.startedAt),
    finishedAt: ms(s.finishedAt),
    exitCode: Number(s.exitCode ?? 0),
    image: { image: String((s.image as Msg | undefined)?.image ?? '') },
    imageRef: String(s.imageRef ?? ''),
    reason: String(s.reason ?? ''),
    message: String(s.message ?? ''),
    labels: strMap(s.labels),
    annotations: strMap(s.annotations),
  };
  if (s.logPath) out.logPath = String(s.logPath);
  return out;
}

/** Image from the wire. */
export function imageFromWire(i: Msg): Image {
  return { id: String(i.id), repoTags: [...((i.repoTags ?? []) as string[])], repoDigests: [...((i.repoDigests ?? []) as string[])], size: Number(i.size ?? 0) };
}

/** PodSandboxFilter to the wire. */
export function sandboxFilterToWire(f: PodSandboxFilter = {}): Msg {
  return { id: f.id ?? '', state: f.state ? { state: f.state } : undefined, labelSelector: f.labelSelector ?? {} };
}

/** ContainerFilter to the wire. */
export function containerFilterToWire(f: ContainerFilter = {}): Msg {
  return { id: f.id ?? '', state: f.state ? { state: f.state } : undefined, podSandboxId: f.podSandboxId ?? '', labelSelector: f.labelSelector ?? {} };
}
