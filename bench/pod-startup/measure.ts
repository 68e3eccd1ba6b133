/**
 * Runs inside the benchmark's network namespace (the API server listens on
 * its loopback): for each batch size, creates that many busybox pods at
 * once and records, per pod, the time from its create request to the watch
 * event that shows it Running; then deletes them and waits until they are
 * gone. Prints one JSON line of results.
 * Usage: tsx bench/pod-startup/measure.ts ADMIN_CONF NODE_NAME BATCH... (wN: warm-up, not
 * recorded; N+keep: leave the pods running)
 */
import { createClient } from '../../src/client/rest-client.ts';
import { loadConnection } from '../../src/cluster/kubeconfig.ts';
import type { KObject } from '../../src/api/types.ts';

const [conf, , ...batches] = process.argv.slice(2) as [string, string, ...string[]];
const c = loadConnection(conf);
const client = createClient({ server: c.server, ca: c.caPem, cert: c.certPem, key: c.keyPem, userAgent: 'bench-pod-startup' });
const PODS = { group: '', version: 'v1', plural: 'pods', namespace: 'default' } as const;

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number; };

async function batch(n: number, round: number): Promise<number[]> {
  const names = Array.from({ length: n }, (_, i) => `bench-${round}-${i}`);
  const list = await client.list(PODS);
  const watch = await client.watch(PODS, { resourceVersion: list.metadata?.resourceVersion as string | undefined });
  const created = new Map<string, number>();
  const running = new Map<string, number>();
  /** First watch event with spec.nodeName (scheduled) and with a kubelet status (picked up by the node). */
  const scheduled = new Map<string, number>();
  const seen = new Map<string, number>();
  const done = (async () => {
    for await (const ev of watch) {
      const p = ev.object as KObject;
      const name = p.metadata?.name as string;
      const now = performance.now();
      if (p.spec?.nodeName && !scheduled.has(name)) scheduled.set(name, now);
      if (p.status?.containerStatuses && !seen.has(name)) seen.set(name, now);
      if (ev.type !== 'DELETED' && p.status?.phase === 'Running' && created.has(name) && !running.has(name)) running.set(name, performance.now());
      if (running.size === n) break;
    }
  })();
  await Promise.all(names.map(async (name) => {
    created.set(name, performance.now());
    await client.create(PODS, {
      apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { bench: 'pod-startup' } },
      spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'k8ts.local/busybox:1.35', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] },
    } as KObject);
  }));
  const timeout = setTimeout(() => watch.stop(), 120_000);
  await done;
  clearTimeout(timeout);
  watch.stop();
  const since = (m: Map<string, number>) => names.map((nm) => (m.get(nm) ?? Number.NaN) - (created.get(nm) as number));
  phases.push({ n, scheduledP99: pct(since(scheduled), 99), nodeStatusP99: pct(since(seen), 99) });
  return since(running);
}
const phases: Array<{ n: number; scheduledP99: number; nodeStatusP99: number }> = [];

async function cleanup(): Promise<void> {
  await client.deleteCollection(PODS, { labelSelector: 'bench=pod-startup' }).catch(() => undefined);
  for (let i = 0; i < 240; i++) {
    const l = await client.list(PODS, { labelSelector: 'bench=pod-startup' });
    if (l.items.length === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

const out: Record<string, { n: number; p50: number; p99: number; max: number }> = {};
let round = 0;
for (const b of batches) {
  const keep = b.endsWith('+keep');
  const warm = b.startsWith('w');
  const n = Number(b.replace('+keep', '').replace('w', ''));
  const lat = await batch(n, round++);
  if (!warm) out[String(n)] = { n, p50: pct(lat, 50), p99: pct(lat, 99), max: Math.max(...lat) };
  if (!keep) await cleanup();
}
process.stderr.write(`${JSON.stringify(phases)}\n`);
process.stdout.write(`${JSON.stringify(out)}\n`);
client.close();
