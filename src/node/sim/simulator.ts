/**
 * Many simulated nodes in one process (`k8ts sim`): each has its own
 * kubelet core (Node, Lease, status loop, pod workers) and its own
 * simulated runtime, while they share what no observer of the API can tell
 * apart: one client connection pool (keep-alive), one pod watch for all
 * bound pods, and one cap on concurrent pod syncs. See docs/design/kubelet.md.
 */
import { nullLogger, type Logger } from '../../base/logger.ts';
import type { KObject } from '../../api/types.ts';
import type { KubeClient } from '../../client/types.ts';
import { FakeRuntime } from '../runtime/fake/fake-runtime.ts';
import { derivedPodCIDR } from '../runtime/fake/ip-pool.ts';
import { startKubelet, type Kubelet } from '../kubelet/kubelet.ts';
import { InformerPodSource } from '../kubelet/pod-source.ts';
import { ConcurrencyLimit } from '../kubelet/pod-workers.ts';

/** Configuration of {@link startSimulation}. */
export interface SimulationConfig {
  client: KubeClient;
  /** Number of nodes. */
  nodes: number;
  /** Node names are prefix + index; default "sim-". */
  namePrefix?: string;
  /** Node capacity; default 32 cpu, 256Gi, 110 pods. */
  capacity?: Record<string, string>;
  /** Extra labels of every node. */
  labels?: Record<string, string>;
  /** Default container start delay. */
  startDelayMs?: number;
  /** Concurrent pod syncs over all nodes; default 64. */
  syncConcurrency?: number;
  /** Concurrent node registrations while starting; default 50. */
  registerConcurrency?: number;
  logger?: Logger;
  /** Progress callback while nodes register. */
  onProgress?: (registered: number, total: number) => void;
}

/** A running simulation. */
export interface Simulation {
  nodeNames: string[];
  /** Pods with a worker, over all nodes. */
  podCount(): number;
  stop(): Promise<void>;
}

/** InternalIP of simulated node `i`: 172.16.0.1, 172.16.0.2, ... (never routed anywhere). */
export function simNodeIP(i: number): string {
  const n = i + 1;
  return `172.${16 + Math.floor(n / 65536)}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

/** Start N simulated nodes; resolves once every Node is registered. */
export async function startSimulation(cfg: SimulationConfig): Promise<Simulation> {
  const logger = cfg.logger ?? nullLogger;
  const prefix = cfg.namePrefix ?? 'sim-';
  const source = new InformerPodSource({ client: cfg.client, logger });
  const limit = new ConcurrencyLimit(cfg.syncConcurrency ?? 64);
  const kubelets: Kubelet[] = [];
  const runtimes: FakeRuntime[] = [];
  const names = Array.from({ length: cfg.nodes }, (_, i) => `${prefix}${i}`);
  const ready = (pod: KObject) => !FakeRuntime.neverReady(pod.metadata.annotations);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < names.length; i = next++) {
      const nodeName = names[i] as string;
      const runtime = new FakeRuntime({ podCIDR: derivedPodCIDR(nodeName, i), startDelayMs: cfg.startDelayMs, logger });
      runtimes.push(runtime);
      kubelets.push(await startKubelet({
        client: cfg.client, nodeName, runtime, logger, nodeIP: simNodeIP(i), capacity: cfg.capacity,
        labels: { 'type': 'k8ts-sim', ...cfg.labels }, pods: source, syncLimit: limit, ready,
        osImage: 'k8ts simulated node',
      }));
      cfg.onProgress?.(kubelets.length, names.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(cfg.registerConcurrency ?? 50, names.length) }, worker));
  // Watch pods only once every node is subscribed, so no bound pod is missed.
  source.start();
  await source.waitForSync(120_000);
  return {
    nodeNames: names,
    podCount: () => kubelets.reduce((n, k) => n + k.podCount(), 0),
    async stop() {
      await Promise.all(kubelets.map((k) => k.stop()));
      await source.stop();
      await Promise.all(runtimes.map((r) => r.close()));
    },
  };
}
