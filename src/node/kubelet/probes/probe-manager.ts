/**
 * The prober: one loop per probe of each container of the node's pods
 * (upstream's prober workers). Each period it finds the container's current
 * instance, waits out initialDelaySeconds from its start, runs the handler
 * against the pod IP (or ExecSync) and records the result. The startup
 * probe gates the other two; readiness answers the kubelet's `ready` hook;
 * a liveness or startup failure kills the container as every kubelet kill
 * does (Killing event, preStop hook, SIGTERM, SIGKILL after the grace
 * period: container-kill.ts), and the pod worker then restarts it per
 * restartPolicy with back-off. Result changes resync the pod so its status
 * follows.
 */
import type { Logger } from '../../../base/logger.ts';
import type { Clock } from '../../../base/clock.ts';
import type { KObject } from '../../../api/types.ts';
import type { ContainerRuntime } from '../../runtime/types.ts';
import { LABEL_CONTAINER_NAME, LABEL_POD_UID } from '../../runtime/types.ts';
import { killContainer } from '../container-kill.ts';
import { runProbe } from './run-probe.ts';
import { ProbeState, probeTiming, type ProbeType } from './probe-state.ts';

type Obj = Record<string, unknown>;

/** Configuration of {@link ProbeManager}. */
export interface ProbeManagerConfig {
  runtime: ContainerRuntime;
  clock: Clock;
  logger: Logger;
  /** A probe result changed: resync the pod ("namespace/name"). */
  onChange: (podKey: string) => void;
  /** Record an event on the pod (Unhealthy, Killing, FailedPreStopHook). */
  event?: (pod: KObject, container: string, type: 'Normal' | 'Warning', reason: string, message: string) => void;
}

interface Worker { pod: KObject; container: string; state: ProbeState; spec: Obj; timer?: NodeJS.Timeout; running: boolean }

const TYPES: Array<[ProbeType, string]> = [['startup', 'startupProbe'], ['readiness', 'readinessProbe'], ['liveness', 'livenessProbe']];
const keyOf = (pod: KObject) => `${pod.metadata.namespace}/${pod.metadata.name}`;

/** Runs the probes of a node's pods. */
export class ProbeManager {
  /** uid -> "container/type" -> worker */
  private readonly pods = new Map<string, Map<string, Worker>>();
  /** "namespace/name" -> uid with workers */
  private readonly uids = new Map<string, string>();

  constructor(private readonly cfg: ProbeManagerConfig) {}

  /** Start workers for a pod's probes (idempotent); keeps the newest pod object. */
  addPod(pod: KObject): void {
    const uid = pod.metadata.uid as string;
    const old = this.uids.get(keyOf(pod));
    if (old && old !== uid) this.removePod(old);
    this.uids.set(keyOf(pod), uid);
    let ws = this.pods.get(uid);
    if (!ws) { ws = new Map(); this.pods.set(uid, ws); }
    for (const c of (pod.spec?.containers ?? []) as Obj[]) {
      for (const [type, field] of TYPES) {
        const spec = c[field] as Obj | undefined;
        if (!spec) continue;
        const id = `${c.name as string}/${type}`;
        const w = ws.get(id);
        if (w) { w.pod = pod; continue; }
        const nw: Worker = { pod, container: c.name as string, state: new ProbeState(type, probeTiming(spec)), spec, running: true };
        ws.set(id, nw);
        // Upstream starts each worker at a random point of its first period so probes do not fire in step.
        this.schedule(nw, Math.floor(Math.random() * Math.min(1000, nw.state.timing.periodMs)));
      }
    }
  }

  /** Stop the workers of the pod named "namespace/name". */
  removeByKey(key: string): void {
    const uid = this.uids.get(key);
    if (uid) this.removePod(uid);
    this.uids.delete(key);
  }

  /** Stop the workers of a pod uid. */
  removePod(uid: string): void {
    for (const w of this.pods.get(uid)?.values() ?? []) { w.running = false; clearTimeout(w.timer); }
    this.pods.delete(uid);
  }

  /** Stop everything. */
  stop(): void { for (const uid of [...this.pods.keys()]) this.removePod(uid); }

  private result(pod: KObject, container: string, type: ProbeType): ProbeState | undefined {
    return this.pods.get(pod.metadata.uid as string)?.get(`${container}/${type}`)?.state;
  }

  /** Whether the startup probe (if any) has succeeded for the current instance. */
  started(pod: KObject, container: string): boolean {
    const s = this.result(pod, container, 'startup');
    return !s || s.result === 'success';
  }

  /** Readiness of a running container: started and its readiness probe (if any) succeeded. */
  ready(pod: KObject, container: string): boolean {
    if (!this.started(pod, container)) return false;
    const r = this.result(pod, container, 'readiness');
    return !r || r.result === 'success';
  }

  private schedule(w: Worker, delay: number): void {
    if (!w.running) return;
    w.timer = setTimeout(() => { void this.tick(w).finally(() => this.schedule(w, w.state.timing.periodMs)); }, delay);
    w.timer.unref();
  }

  private async tick(w: Worker): Promise<void> {
    const { pod, state } = w;
    const uid = pod.metadata.uid as string;
    let changed = false;
    try {
      const list = await this.cfg.runtime.listContainers({ labelSelector: { [LABEL_POD_UID]: uid, [LABEL_CONTAINER_NAME]: w.container } });
      const latest = list.sort((a, b) => b.metadata.attempt - a.metadata.attempt)[0];
      const running = latest?.state === 'CONTAINER_RUNNING' ? latest : undefined;
      if (running?.id !== state.containerId) {
        const before = state.result;
        state.reset(running?.id);
        changed = before !== state.result;
      }
      if (!running) return;
      // Only the startup probe runs until it succeeds; after that, it stops.
      if (state.type !== 'startup' && !this.started(pod, w.container)) return;
      if (state.type === 'startup' && state.result === 'success') return;
      if (state.type !== 'readiness' && state.result === 'failure') return; // killed already; waits for the next instance
      if (this.cfg.clock.now() - running.startedAt < state.timing.initialDelayMs) return;
      const spec = ((pod.spec?.containers ?? []) as Obj[]).find((c) => c.name === w.container) ?? {};
      const out = await runProbe(this.cfg.runtime, running.id, pod, spec, w.spec, state.timing.timeoutSeconds);
      if (!w.running || state.containerId !== running.id) return;
      if (!out.ok) this.cfg.event?.(pod, w.container, 'Warning', 'Unhealthy', `${cap(state.type)} probe failed: ${out.message ?? ''}`.trim());
      changed = state.record(out.ok) || changed;
      if (state.result === 'failure' && state.type !== 'readiness') {
        // Upstream's computePodActions message; "will be restarted" only when the restart policy restarts it.
        const restarts = (pod.spec?.restartPolicy ?? 'Always') !== 'Never';
        this.cfg.logger.info('container failed its probe, killing', { pod: keyOf(pod), container: w.container, probe: state.type });
        await killContainer({
          runtime: this.cfg.runtime, pod, containerId: running.id, name: w.container, sandboxId: running.podSandboxId,
          reason: state.type === 'liveness' ? 'livenessProbe' : 'startupProbe',
          message: `Container ${w.container} failed ${state.type} probe${restarts ? ', will be restarted' : ''}`,
          event: (type, reason, message) => this.cfg.event?.(pod, w.container, type, reason, message),
          logger: this.cfg.logger,
        });
      }
    } catch (e) {
      this.cfg.logger.warn('probe failed to run', { pod: keyOf(pod), container: w.container, probe: state.type, err: (e as Error).message });
    } finally {
      if (changed && w.running) this.cfg.onChange(keyOf(pod));
    }
  }
}

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
