/**
 * The node agent core: registers the Node, renews its Lease, keeps the node
 * status current, and runs one worker per pod bound to it against a
 * container runtime. Runtime-independent: the simulated runtime and the
 * containerd CRI client plug in through {@link ContainerRuntime}.
 */
import { networkInterfaces } from 'node:os';
import { realClock, type Clock } from '../../base/clock.ts';
import { nullLogger, type Logger } from '../../base/logger.ts';
import { realTimers, type TimerScheduler } from '../../base/workqueue.ts';
import type { KObject } from '../../api/types.ts';
import type { KubeClient } from '../../client/types.ts';
import type { ContainerRuntime } from '../runtime/types.ts';
import { NodeLease, LEASE_RENEW_INTERVAL_MS } from './lease.ts';
import { DEFAULT_CAPACITY } from './node-object.ts';
import { NodeStatusReporter } from './node-status.ts';
import { machineProbe } from './node-machine-probe.ts';
import { InformerPodSource, type PodSource } from './pod-source.ts';
import { PodSyncer } from './pod-sync.ts';
import { ConcurrencyLimit, PodWorkers } from './pod-workers.ts';
import { startKubeletServer } from './server/server.ts';
import type { KubeletServer, KubeletServerTLS } from './server/types.ts';
import type { NodeRuntimeOptions } from './runtime-config.ts';
import { ProbeManager } from './probes/probe-manager.ts';
import { EventRecorder } from '../../client/event-recorder.ts';
import { VolumeManager } from './volumes/volume-manager.ts';
import { StaticPodSource } from './static-pods/static-pod-source.ts';
import { EvictionManager, monitoringPeriodFromEnv } from './eviction/eviction-manager.ts';
import { PodEvictor } from './eviction/pod-evictor.ts';

/** Configuration of {@link startKubelet}. */
export interface KubeletConfig {
  client: KubeClient;
  nodeName: string;
  runtime: ContainerRuntime;
  logger?: Logger;
  clock?: Clock;
  timers?: TimerScheduler;
  /** InternalIP; default: the first non-loopback IPv4 address of this machine. */
  nodeIP?: string;
  /** Extra node labels. */
  labels?: Record<string, string>;
  /** Default: 32 cpu, 256Gi memory, 110 pods, 100Gi ephemeral-storage. */
  capacity?: Record<string, string>;
  allocatable?: Record<string, string>;
  /** Label the node node-role.kubernetes.io/control-plane. */
  controlPlane?: boolean;
  osImage?: string;
  /** A pod source shared by several kubelets of one process (k8ts sim); default: its own watch. */
  pods?: PodSource;
  /** Caps concurrent pod syncs; shareable. Default 16. */
  syncLimit?: ConcurrencyLimit;
  /** Readiness of running containers (probes); default: running means ready. */
  ready?: (pod: KObject, containerName: string) => boolean;
  /** Lease renewal interval; default 10 s. */
  leaseRenewMs?: number;
  /** nodeStatusUpdateFrequency; default 10 s. */
  statusUpdateMs?: number;
  /** nodeStatusReportFrequency; default 5 min. */
  statusReportMs?: number;
  /** Start periodic work at a random point of its period, so many nodes do not tick in step. Default true. */
  spreadTicks?: boolean;
  /** Serve the kubelet API (logs, exec, attach, port-forward) over TLS; port 0 = any free port. Absent: no server. */
  server?: { port: number; bindAddress?: string; tls: KubeletServerTLS };
  /** Root of container log files for a runtime without nodeRuntime (the simulated one); absent = no logs. */
  podLogsDir?: string;
  /** Real-node settings (cgroups, DNS, env from the API, limits); absent for simulated nodes. */
  nodeRuntime?: NodeRuntimeOptions;
  /** Real nodes: the data directory; capacity, pressure, OS image and images are measured from the machine. */
  machineDir?: string;
  /** The kubelet's root directory (upstream /var/lib/kubelet) holding pod volumes; real nodes only. */
  rootDir?: string;
  /** Directory of static pod manifests (upstream --pod-manifest-path), watched; mirror pods show them in the API. */
  staticPodPath?: string;
  /** How often emptyDir sizeLimits are enforced (real nodes); default $K8TS_EVICTION_MONITORING_PERIOD_MS, else 10 s. */
  evictionMonitoringMs?: number;
}

/** A running kubelet. */
export interface Kubelet {
  nodeName: string;
  /** Pods with a worker. */
  podCount(): number;
  /** Stop the loops (pods keep running in the runtime, as when a kubelet restarts). */
  stop(): Promise<void>;
}

/** First non-internal IPv4 address, else 127.0.0.1. */
export function defaultNodeIP(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

/** Register the node and start its loops; resolves once the Node exists. */
export async function startKubelet(cfg: KubeletConfig): Promise<Kubelet> {
  const clock = cfg.clock ?? realClock;
  const timers = cfg.timers ?? realTimers;
  const logger = (cfg.logger ?? nullLogger).child({ component: 'kubelet', node: cfg.nodeName });
  const nodeIP = cfg.nodeIP ?? defaultNodeIP();
  const version = await cfg.runtime.version();
  // The API server reaches logs/exec/port-forward here; the port is reported in daemonEndpoints.
  let podSource: PodSource | undefined;
  const server: KubeletServer | undefined = cfg.server ? await startKubeletServer({
    port: cfg.server.port, bindAddress: cfg.server.bindAddress, tls: cfg.server.tls, runtime: cfg.runtime, logger,
    getPod: (key) => podSource?.get(key),
    listPods: () => (podSource?.keysFor(cfg.nodeName) ?? []).map((k) => podSource!.get(k)).filter((p): p is KObject => p !== undefined),
  }) : undefined;
  let podCIDR: string | undefined;
  const machine = cfg.machineDir ? await machineProbe(cfg.machineDir, cfg.runtime) : undefined;
  const reporter = new NodeStatusReporter({
    client: cfg.client, clock, logger, reportIntervalMs: cfg.statusReportMs, measure: machine?.measure,
    node: {
      nodeName: cfg.nodeName, nodeIP, capacity: cfg.capacity ?? machine?.capacity ?? DEFAULT_CAPACITY, allocatable: cfg.allocatable ?? machine?.allocatable,
      labels: cfg.labels, controlPlane: cfg.controlPlane, osImage: cfg.osImage ?? machine?.osImage, kernelVersion: machine?.kernelVersion,
      containerRuntimeVersion: `${version.runtimeName}://${version.runtimeVersion}`,
      kubeletPort: server?.port,
    },
    onNode: (node) => {
      const cidr = node.spec?.podCIDR as string | undefined;
      if (cidr && cidr !== podCIDR) {
        podCIDR = cidr;
        cfg.runtime.updateRuntimeConfig({ podCIDR: cidr }).catch((e: unknown) => logger.warn('runtime config update failed', { err: e }));
      }
    },
  });
  const lease = new NodeLease({ client: cfg.client, nodeName: cfg.nodeName, clock });

  let stopped = false;
  const handles = new Set<unknown>();
  const after = (ms: number, fn: () => void) => {
    const h = timers.set(() => { handles.delete(h); fn(); }, ms);
    handles.add(h);
  };
  // Registration retries until it works, as upstream's kubelet does (the API server may start later).
  for (let delay = 200; ; delay = Math.min(delay * 2, 7000)) {
    try {
      const node = await reporter.register();
      lease.setNodeUid(node.metadata.uid);
      break;
    } catch (e) {
      logger.warn('node registration failed', { err: (e as Error).message, retryMs: delay });
      await new Promise<void>((r) => after(delay, r));
    }
  }
  logger.info('node registered');

  /** Run `fn` every `period`, retrying sooner after failures (200 ms doubling to the period). */
  const loop = (name: string, period: number, fn: () => Promise<void>) => {
    let retry = 200;
    const tick = () => {
      if (stopped) return;
      fn().then(() => { retry = 200; after(period, tick); }, (e: unknown) => {
        logger.warn(`${name} failed`, { err: (e as Error).message });
        after(Math.min(retry, period), tick);
        retry = Math.min(retry * 2, period);
      });
    };
    const spread = cfg.spreadTicks ?? true;
    if (name === 'lease renewal') tick(); else after(spread ? Math.floor(Math.random() * period) : period, tick);
  };
  loop('lease renewal', cfg.leaseRenewMs ?? LEASE_RENEW_INTERVAL_MS, () => lease.renew());
  loop('node status update', cfg.statusUpdateMs ?? 10_000, () => reporter.tick());
  if (cfg.nodeRuntime) {
    // A real node needs spec.podCIDR (node IPAM) for its pod network before pods can start; status writes
    // are skipped while nothing changes, so read the Node until it has one, as upstream's kubelet does.
    loop('pod CIDR lookup', 2000, async () => {
      if (podCIDR) return;
      const node = await cfg.client.get({ group: '', version: 'v1', plural: 'nodes', name: cfg.nodeName });
      const cidr = node.spec?.podCIDR as string | undefined;
      if (cidr && cidr !== podCIDR) { podCIDR = cidr; await cfg.runtime.updateRuntimeConfig({ podCIDR: cidr }); }
    });
  }

  const ownSource = !cfg.pods;
  const apiSource = cfg.pods ?? new InformerPodSource({ client: cfg.client, nodeName: cfg.nodeName, logger });
  const staticSource = cfg.staticPodPath
    ? new StaticPodSource({ inner: apiSource, client: cfg.client, nodeName: cfg.nodeName, dir: cfg.staticPodPath, logger }) : undefined;
  const source: PodSource = staticSource ?? apiSource;
  podSource = source;
  let workers!: PodWorkers;
  // Probes and volumes exist on real nodes; simulated ones answer readiness from annotations.
  const probeEvents = cfg.nodeRuntime ? new EventRecorder({ client: cfg.client, logger, clock, component: 'kubelet', host: cfg.nodeName }) : undefined;
  const prober = cfg.nodeRuntime ? new ProbeManager({
    runtime: cfg.runtime, clock, logger, onChange: (key) => workers.update(key),
    event: (pod, container, type, reason, message) => probeEvents?.event(pod, type, reason, message, { apiVersion: 'v1', kind: 'Pod', fieldPath: `spec.containers{${container}}` }),
  }) : undefined;
  const volumes = cfg.nodeRuntime && cfg.rootDir ? new VolumeManager({
    client: cfg.client, clock, logger, rootDir: cfg.rootDir, hostIP: () => nodeIP, allocatable: cfg.allocatable ?? cfg.capacity ?? DEFAULT_CAPACITY,
  }) : undefined;
  const syncer = new PodSyncer({
    client: cfg.client, runtime: cfg.runtime, clock, logger,
    getPod: (key) => source.get(key),
    hostIP: () => nodeIP,
    ready: prober ? (pod, name) => prober.ready(pod, name) : cfg.ready,
    started: prober ? (pod, name) => prober.started(pod, name) : undefined,
    volumes,
    statusUid: staticSource ? (pod) => staticSource.statusUid(pod) : undefined,
    containerIdPrefix: `${version.runtimeName}://`,
    onGone: (key) => workers.forget(key),
    podLogsDir: cfg.podLogsDir,
    node: cfg.nodeRuntime ? { ...cfg.nodeRuntime, allocatable: cfg.allocatable ?? machine?.allocatable ?? cfg.capacity ?? DEFAULT_CAPACITY } : undefined,
  });
  // A real node runs at most its 110 pods and upstream's kubelet syncs them all at once: a cap of 16 held
  // through sandbox and container start queued a burst of 30 pods for seconds (bench/pod-startup).
  const limit = cfg.syncLimit ?? (cfg.nodeRuntime ? new ConcurrencyLimit(128) : undefined);
  // Evictions run in the pod's worker, in place of its ordinary sync, so a container exit cannot restart an evicted pod.
  const evictor = volumes ? new PodEvictor({
    client: cfg.client, runtime: cfg.runtime, clock, logger, recorder: probeEvents, getPod: (key) => source.get(key),
    next: (key) => syncer.sync(key), hostIP: () => nodeIP, containerIdPrefix: `${version.runtimeName}://`, volumes,
  }) : undefined;
  workers = new PodWorkers({ sync: (key) => (evictor ? evictor.sync(key) : syncer.sync(key)), timers, logger, limit });
  const eviction = evictor && cfg.rootDir ? new EvictionManager({
    rootDir: cfg.rootDir, timers, clock, logger, periodMs: cfg.evictionMonitoringMs ?? monitoringPeriodFromEnv(),
    pods: () => source.keysFor(cfg.nodeName).map((k) => source.get(k)).filter((p): p is KObject => p !== undefined),
    evict: (pod, message) => { const key = evictor.request(pod, message); if (key) workers.update(key); },
  }) : undefined;
  eviction?.start();
  // Container exits are the only runtime changes the kubelet did not cause itself.
  const unsubscribeRuntime = cfg.runtime.onContainerEvent((ev) => {
    if (ev.type === 'CONTAINER_STOPPED_EVENT') workers.update(`${ev.podSandboxMetadata.namespace}/${ev.podSandboxMetadata.name}`);
  });
  const unsubscribePods = source.subscribe(cfg.nodeName, (key) => {
    const pod = source.get(key);
    if (prober) {
      if (pod && !pod.metadata.deletionTimestamp) prober.addPod(pod); else prober.removeByKey(key);
    }
    if (pod) volumes?.updatePod(pod);
    workers.update(key);
  });
  if (ownSource) source.start();

  return {
    nodeName: cfg.nodeName,
    podCount: () => workers.size,
    async stop() {
      stopped = true;
      for (const h of handles) timers.clear(h);
      handles.clear();
      unsubscribePods();
      unsubscribeRuntime();
      prober?.stop();
      volumes?.stop();
      eviction?.stop();
      await workers.stop();
      if (ownSource) await source.stop();
      await server?.close();
    },
  };
}
