/** Closed-loop load generator: N workers issue ops back to back for a fixed time. */

/** Throughput and latency of one run. */
export interface RunResult {
  ops: number;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

/** Percentile (0..1) of sorted numbers. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/**
 * Run `op` from `concurrency` workers for `durationMs`; `op(worker, seq)`
 * gets a worker id and a per-run sequence number so keys never collide.
 */
export async function runClosedLoop(
  concurrency: number,
  durationMs: number,
  op: (worker: number, seq: number) => Promise<unknown>,
): Promise<RunResult> {
  const lat: number[] = [];
  let seq = 0;
  const start = performance.now();
  const end = start + durationMs;
  const worker = async (w: number): Promise<void> => {
    while (performance.now() < end) {
      const t = performance.now();
      await op(w, seq++);
      lat.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const secs = (performance.now() - start) / 1000;
  lat.sort((a, b) => a - b);
  return { ops: lat.length, opsPerSec: lat.length / secs, p50Ms: percentile(lat, 0.5), p99Ms: percentile(lat, 0.99) };
}

/** Time `n` sequential calls of `fn`; returns sorted latencies in ms. */
export async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const lat: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    lat.push(performance.now() - t);
  }
  return lat.sort((a, b) => a - b);
}

/** A pod-sized (~1.5 KB) JSON value that does not compress to nothing. */
export function podLikeValue(seed: number): string {
  const labels: Record<string, string> = {};
  for (let i = 0; i < 8; i++) labels[`label-${i}`] = `${seed.toString(36)}-${(seed * 7919 + i * 104729).toString(36)}`;
  const obj = {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name: `pod-${seed}`, namespace: 'bench', uid: `00000000-0000-4000-8000-${String(seed).padStart(12, '0')}`, labels },
    spec: {
      containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.9', resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
    },
    status: { phase: 'Pending', qosClass: 'Burstable' },
  };
  const s = JSON.stringify(obj);
  // Pad with an annotation to reach ~1.5 KB.
  return JSON.stringify({ ...obj, metadata: { ...obj.metadata, annotations: { pad: 'p'.repeat(Math.max(0, 1500 - s.length - 30)) } } });
}
