/**
 * The pod status a kubelet reports, computed from the pod and what the
 * runtime says about its sandbox and containers: a pure function, so every
 * phase/condition rule is tested without a server. The rules follow
 * upstream's kubelet (getPhase, the condition generators and the container
 * status conversion); reasons and messages are upstream's because kubectl
 * shows them.
 */
import type { KObject } from '../../api/types.ts';
import type { ContainerStatus as RuntimeContainer, PodSandboxStatus } from '../runtime/types.ts';

/** Everything the status depends on. */
export interface PodStatusInput {
  pod: KObject;
  /** The pod's current sandbox, if any. */
  sandbox?: PodSandboxStatus;
  /** Runtime containers of the pod (all attempts still kept). */
  containers: RuntimeContainer[];
  /** Containers waiting out a restart back-off: name -> message. */
  backoff: Map<string, string>;
  /** Containers that could not start (ErrImagePull, ImagePullBackOff, CreateContainerConfigError...). */
  waiting?: Map<string, { reason: string; message: string }>;
  /** Whether a running container counts as ready (readiness probes). */
  ready: (containerName: string) => boolean;
  /** Whether a running container has started (its startup probe succeeded); default true. */
  started?: (containerName: string) => boolean;
  hostIP: string;
  /** e.g. "fake://", "containerd://". */
  containerIdPrefix: string;
  now: number;
  /** Set when the pod is being deleted and everything is stopped: report a terminal phase. */
  terminated?: boolean;
}

type Obj = Record<string, unknown>;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Latest and previous runtime instance of a container by attempt. */
export function instancesOf(containers: RuntimeContainer[], name: string): [RuntimeContainer | undefined, RuntimeContainer | undefined] {
  const mine = containers.filter((c) => c.metadata.name === name).sort((a, b) => b.metadata.attempt - a.metadata.attempt);
  return [mine[0], mine[1]];
}

function terminatedState(c: RuntimeContainer, prefix: string): Obj {
  const t: Obj = { exitCode: c.exitCode, reason: c.reason || (c.exitCode === 0 ? 'Completed' : 'Error') };
  if (c.message) t.message = c.message;
  if (c.startedAt) t.startedAt = iso(c.startedAt);
  t.finishedAt = iso(c.finishedAt || c.createdAt);
  t.containerID = prefix + c.id;
  return { terminated: t };
}

/** One entry of containerStatuses / initContainerStatuses. */
function containerStatus(spec: Obj, inp: PodStatusInput, waitingReason: string): Obj {
  const name = spec.name as string;
  const [latest, previous] = instancesOf(inp.containers, name);
  const out: Obj = { name, state: {}, lastState: {}, ready: false, restartCount: 0, image: spec.image, imageID: '', started: false };
  const blocked = inp.waiting?.get(name);
  if (!latest) {
    out.state = { waiting: blocked ? { reason: blocked.reason, message: blocked.message } : { reason: waitingReason } };
    return out;
  }
  out.restartCount = latest.metadata.attempt;
  // What the runtime resolved, as upstream's convertToAPIContainerStatuses: containerd answers the image's
  // first repo tag (docker.io/library/busybox:latest for `busybox`) and its repo digest (else its id).
  out.image = latest.image.image || spec.image;
  out.imageID = latest.imageRef;
  out.containerID = inp.containerIdPrefix + latest.id;
  if (previous && previous.state === 'CONTAINER_EXITED') out.lastState = terminatedState(previous, inp.containerIdPrefix);
  switch (latest.state) {
    case 'CONTAINER_RUNNING':
      out.state = { running: { startedAt: iso(latest.startedAt) } };
      out.started = inp.started?.(name) ?? true;
      out.ready = inp.ready(name);
      break;
    case 'CONTAINER_EXITED': {
      const msg = inp.backoff.get(name);
      if (blocked) {
        out.state = { waiting: { reason: blocked.reason, message: blocked.message } };
        out.lastState = terminatedState(latest, inp.containerIdPrefix);
      } else if (msg !== undefined) {
        out.state = { waiting: { reason: 'CrashLoopBackOff', message: msg } };
        out.lastState = terminatedState(latest, inp.containerIdPrefix);
      } else {
        out.state = terminatedState(latest, inp.containerIdPrefix);
      }
      break;
    }
    default:
      out.state = { waiting: { reason: 'ContainerCreating' } };
  }
  return out;
}

const isTerminated = (s: Obj) => (s.state as Obj).terminated as Obj | undefined;
const lastTerminated = (s: Obj) => (s.lastState as Obj).terminated as Obj | undefined;

/** Upstream's getPhase over the computed container statuses. */
export function podPhase(pod: KObject, init: Obj[], regular: Obj[], terminated: boolean): string {
  const policy = pod.spec?.restartPolicy ?? 'Always';
  let initPending = false;
  for (const s of init) {
    const t = isTerminated(s);
    if (t && t.exitCode === 0) continue;
    if (t && policy === 'Never') return 'Failed';
    initPending = true;
  }
  let running = 0; let waiting = 0; let stopped = 0; let succeeded = 0;
  for (const s of regular) {
    const st = s.state as Obj;
    const t = isTerminated(s);
    if (st.running) running++;
    else if (t) { stopped++; if (t.exitCode === 0) succeeded++; }
    else if (st.waiting) {
      if (lastTerminated(s)) stopped++;
      else waiting++;
    }
  }
  if (terminated) return stopped === succeeded && stopped === regular.length ? 'Succeeded' : 'Failed';
  if (initPending) return 'Pending';
  if (waiting === regular.length) return 'Pending';
  if (running > 0) return 'Running';
  if (waiting > 0) return 'Pending';
  if (policy === 'Always') return 'Running';
  if (stopped === succeeded) return 'Succeeded';
  return policy === 'OnFailure' ? 'Running' : 'Failed';
}

function condition(prev: Obj[], type: string, ok: boolean, now: number, reason?: string, message?: string): Obj {
  const status = ok ? 'True' : 'False';
  const old = prev.find((c) => c.type === type);
  const c: Obj = { type, status, lastProbeTime: null, lastTransitionTime: old && old.status === status && old.lastTransitionTime ? old.lastTransitionTime : iso(now) };
  if (!ok && reason) { c.reason = reason; c.message = message; }
  return c;
}

const KUBELET_CONDITIONS = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);

/** The status to report for a pod. */
export function computePodStatus(inp: PodStatusInput): Obj {
  const { pod, now } = inp;
  const prev = (pod.status ?? {}) as Obj;
  const prevConds = (prev.conditions ?? []) as Obj[];
  const initSpecs = (pod.spec?.initContainers ?? []) as Obj[];
  const specs = (pod.spec?.containers ?? []) as Obj[];
  const initStatuses = initSpecs.map((c) => containerStatus(c, inp, 'PodInitializing'));
  const pendingInit = initStatuses.filter((s) => isTerminated(s)?.exitCode !== 0).map((s) => s.name as string);
  const initDone = pendingInit.length === 0;
  const statuses = specs.map((c) => containerStatus(c, inp, initDone ? 'ContainerCreating' : 'PodInitializing'));
  const phase = podPhase(pod, initStatuses, statuses, inp.terminated === true);
  const unready = statuses.filter((s) => !s.ready).map((s) => s.name as string);
  const finished = phase === 'Succeeded' || phase === 'Failed';
  const sandboxReady = inp.sandbox?.state === 'SANDBOX_READY';
  const readyReason = phase === 'Succeeded' ? 'PodCompleted' : 'ContainersNotReady';
  const readyMsg = phase === 'Succeeded' ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const conditions: Obj[] = [
    condition(prevConds, 'PodReadyToStartContainers', sandboxReady && !finished, now),
    condition(prevConds, 'Initialized', initDone, now, 'ContainersNotInitialized', `containers with incomplete status: [${pendingInit.join(' ')}]`),
    condition(prevConds, 'Ready', unready.length === 0 && !finished, now, readyReason, readyMsg),
    condition(prevConds, 'ContainersReady', unready.length === 0 && !finished, now, readyReason, readyMsg),
    prevConds.find((c) => c.type === 'PodScheduled') ?? condition(prevConds, 'PodScheduled', true, now),
    ...prevConds.filter((c) => !KUBELET_CONDITIONS.has(c.type as string)),
  ];
  const ips = inp.sandbox?.state === 'SANDBOX_READY' && inp.sandbox.ips.length > 0 ? inp.sandbox.ips
    : ((prev.podIPs ?? []) as Array<{ ip: string }>).map((p) => p.ip);
  const status: Obj = {
    phase,
    conditions,
    hostIP: inp.hostIP,
    hostIPs: [{ ip: inp.hostIP }],
  };
  if (pod.spec?.hostNetwork) { status.podIP = inp.hostIP; status.podIPs = [{ ip: inp.hostIP }]; }
  else if (ips.length > 0) { status.podIP = ips[0]; status.podIPs = ips.map((ip) => ({ ip })); }
  status.startTime = prev.startTime ?? iso(now);
  if (initStatuses.length > 0) status.initContainerStatuses = initStatuses;
  status.containerStatuses = statuses;
  status.qosClass = prev.qosClass ?? 'BestEffort';
  return status;
}
