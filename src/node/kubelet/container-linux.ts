/**
 * The Linux part of CRI sandbox and container configs, as upstream's
 * kubelet computes it: cgroup limits from resources (cpu shares from the
 * request, CFS quota from the limit, memory limit, an OOM score by QoS
 * class) and the security context (pod-level values overridden by the
 * container's), plus namespace modes from hostNetwork/hostPID/hostIPC.
 */
import { parseQuantity, quantityMilli, quantityValue } from '../../api/quantity.ts';
import type { KObject } from '../../api/types.ts';
import type { LinuxContainerResources, LinuxContainerSecurityContext } from '../runtime/types.ts';

type Obj = Record<string, unknown>;

const CPU_PERIOD = 100_000;
const MIN_SHARES = 2;
const MAX_SHARES = 262_144;
const MIN_QUOTA = 1000;

const milli = (v: unknown) => (v === undefined ? undefined : quantityMilli(parseQuantity(String(v))));
const bytes = (v: unknown) => (v === undefined ? undefined : quantityValue(parseQuantity(String(v))));

/** The pod's QoS class (upstream's GetPodQOS), for pods whose status does not say it yet. */
export function qosClass(pod: KObject): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const all = [...((pod.spec?.initContainers ?? []) as Obj[]), ...((pod.spec?.containers ?? []) as Obj[])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const r = (c.resources ?? {}) as { requests?: Record<string, string>; limits?: Record<string, string> };
    const req = r.requests ?? {};
    const lim = r.limits ?? {};
    for (const n of ['cpu', 'memory']) {
      if (req[n] !== undefined || lim[n] !== undefined) any = true;
      if (lim[n] === undefined || (req[n] !== undefined && String(req[n]) !== String(lim[n]) && milli(req[n]) !== milli(lim[n]))) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** CRI resources of one container; `memoryCapacity` (bytes) scales the Burstable OOM score. */
export function containerResources(pod: KObject, container: Obj, memoryCapacity: number): LinuxContainerResources {
  const r = (container.resources ?? {}) as { requests?: Record<string, string>; limits?: Record<string, string> };
  const cpuReq = milli(r.requests?.cpu ?? r.limits?.cpu);
  const cpuLim = milli(r.limits?.cpu);
  const memLim = bytes(r.limits?.memory);
  const memReq = bytes(r.requests?.memory ?? r.limits?.memory);
  const out: LinuxContainerResources = {
    cpuShares: cpuReq === undefined ? MIN_SHARES : Math.min(MAX_SHARES, Math.max(MIN_SHARES, Math.floor((cpuReq * 1024) / 1000))),
  };
  if (cpuLim !== undefined) {
    out.cpuPeriod = CPU_PERIOD;
    out.cpuQuota = Math.max(MIN_QUOTA, Math.floor((cpuLim * CPU_PERIOD) / 1000));
  }
  if (memLim !== undefined) out.memoryLimitInBytes = memLim;
  const qos = (pod.status?.qosClass as string | undefined) ?? qosClass(pod);
  if (qos === 'Guaranteed') out.oomScoreAdj = -997;
  else if (qos === 'BestEffort') out.oomScoreAdj = 1000;
  else {
    const adj = 1000 - Math.floor((1000 * (memReq ?? 0)) / Math.max(1, memoryCapacity));
    out.oomScoreAdj = Math.min(999, Math.max(2, adj));
  }
  return out;
}

/** CRI security context of one container: the container's securityContext over the pod's. */
export function containerSecurity(pod: KObject, container: Obj): LinuxContainerSecurityContext {
  const psc = (pod.spec?.securityContext ?? {}) as Obj;
  const csc = (container.securityContext ?? {}) as Obj;
  const pick = (k: string) => (csc[k] ?? psc[k]) as number | undefined;
  const caps = (csc.capabilities ?? {}) as { add?: string[]; drop?: string[] };
  const out: LinuxContainerSecurityContext = {
    privileged: csc.privileged === true,
    readonlyRootfs: csc.readOnlyRootFilesystem === true,
    noNewPrivs: csc.allowPrivilegeEscalation === false,
    supplementalGroups: [...((psc.supplementalGroups ?? []) as number[]), ...(psc.fsGroup !== undefined ? [psc.fsGroup as number] : [])],
    namespaceOptions: {
      network: pod.spec?.hostNetwork ? 'NODE' : 'POD',
      pid: pod.spec?.hostPID ? 'NODE' : pod.spec?.shareProcessNamespace ? 'POD' : 'CONTAINER',
      ipc: pod.spec?.hostIPC ? 'NODE' : 'POD',
    },
  };
  if (pick('runAsUser') !== undefined) out.runAsUser = pick('runAsUser');
  if (pick('runAsGroup') !== undefined) out.runAsGroup = pick('runAsGroup');
  if (caps.add?.length || caps.drop?.length) out.capabilities = { addCapabilities: caps.add ?? [], dropCapabilities: caps.drop ?? [] };
  return out;
}
