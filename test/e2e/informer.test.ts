/**
 * Issue 3, "informers": an informer from @kubernetes/client-node 1.3 over
 * pods, while 1,000 pods are created, updated and deleted concurrently, ends
 * with a cache equal to a fresh list; and the same when a server restart
 * cuts the watch mid-stream and the informer resumes from its last
 * resourceVersion (no re-list).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:https';
import * as k8s from '@kubernetes/client-node';
import { startCluster, type Cluster } from './helpers/cluster.ts';
import type { AdminConnection } from './helpers/admin-conf.ts';

const PODS = Number(process.env.K8TS_INFORMER_PODS ?? 1000);
const CONCURRENCY = 24;

const clusters: Cluster[] = [];
after(async () => { for (const c of clusters) await c.dispose(); });

/** Keep-alive HTTPS writes with the admin certificate; retried across a restart. */
function writer(conn: () => AdminConnection) {
  let agent: Agent | undefined;
  let agentFor = '';
  const call = (method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<number> => {
    const c = conn();
    if (agentFor !== c.server) {
      agent?.destroy();
      agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY, ca: c.ca, cert: c.cert, key: c.key });
      agentFor = c.server;
    }
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, c.server), { method, agent, headers: { 'content-type': contentType, accept: 'application/json' }, timeout: 30_000 }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  };
  /** Retry until the server answers with one of `ok` (connection errors and 5xx during a restart are retried). */
  const until = async (ok: number[], method: string, path: string, body?: unknown, contentType?: string): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      const status = await call(method, path, body, contentType).catch(() => 0);
      if (ok.includes(status)) return;
      if (status >= 400 && status < 500 && status !== 429) throw new Error(`${method} ${path}: ${status}`);
      if (attempt > 600) throw new Error(`${method} ${path}: gave up (${status})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { until, close: () => agent?.destroy() };
}

/** Create, update and (every third) delete `PODS` pods, CONCURRENCY at a time; `midway` runs once a third are done. */
async function churn(w: ReturnType<typeof writer>, ns: string, midway?: () => Promise<void>): Promise<void> {
  const base = `/api/v1/namespaces/${ns}/pods`;
  let next = 0;
  let done = 0;
  let mid: Promise<void> | undefined;
  const one = async (i: number): Promise<void> => {
    const name = `p-${i}`;
    await w.until([201, 409], 'POST', base, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'churn' } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } });
    await w.until([200], 'PATCH', `${base}/${name}`, { metadata: { labels: { step: 'updated' }, annotations: { n: String(i) } } }, 'application/merge-patch+json');
    if (i % 3 === 0) await w.until([200, 202, 404], 'DELETE', `${base}/${name}`);
  };
  const worker = async (): Promise<void> => {
    while (next < PODS) {
      await one(next++);
      if (++done === Math.floor(PODS / 3) && midway) mid = midway();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await mid;
}

/** name -> resourceVersion of the informer's cache and of a fresh list, once they agree (or the last try). */
async function settle(informer: k8s.Informer<k8s.V1Pod> & k8s.ObjectCache<k8s.V1Pod>, core: k8s.CoreV1Api, ns: string) {
  const view = (pods: readonly k8s.V1Pod[]) => Object.fromEntries(pods.map((p) => [p.metadata!.name!, p.metadata!.resourceVersion!]).sort());
  let cache: Record<string, string> = {};
  let fresh: Record<string, string> = {};
  for (let i = 0; i < 150; i++) {
    fresh = view((await core.listNamespacedPod({ namespace: ns })).items);
    cache = view(informer.list(ns));
    if (JSON.stringify(cache) === JSON.stringify(fresh)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return { cache, fresh };
}

async function run(restart: boolean): Promise<void> {
  const c = await startCluster();
  clusters.push(c);
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(c.kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const ns = restart ? 'informer-restart' : 'informer';
  await core.createNamespace({ body: { metadata: { name: ns } } });
  let lists = 0;
  const informer = k8s.makeInformer(kc, `/api/v1/namespaces/${ns}/pods`, () => { lists++; return core.listNamespacedPod({ namespace: ns }); });
  const counts = { add: 0, update: 0, delete: 0, error: 0 };
  informer.on('add', () => counts.add++);
  informer.on('update', () => counts.update++);
  informer.on('delete', () => counts.delete++);
  // client-node stops on a connection error; the documented remedy is to start again (it keeps its resourceVersion).
  let stopped = false;
  informer.on('error', () => { counts.error++; if (!stopped) setTimeout(() => { if (!stopped) void informer.start(); }, 200); });
  await informer.start();
  const w = writer(() => c.conn);
  let rvBefore = '';
  try {
    await churn(w, ns, restart ? async () => { rvBefore = (informer as unknown as k8s.ListWatch<k8s.V1Pod>).latestResourceVersion(); await c.restart(); } : undefined);
  } finally {
    w.close();
  }
  const { cache, fresh } = await settle(informer as k8s.Informer<k8s.V1Pod> & k8s.ObjectCache<k8s.V1Pod>, core, ns);
  stopped = true;
  await informer.stop();
  const expected = PODS - Math.ceil(PODS / 3);
  assert.equal(Object.keys(fresh).length, expected);
  assert.deepEqual(cache, fresh, 'informer cache equals a fresh list (names and resourceVersions)');
  assert.ok(counts.add >= PODS && counts.delete >= Math.ceil(PODS / 3), JSON.stringify(counts));
  if (restart) {
    assert.ok(rvBefore !== '', 'the informer had a resourceVersion before the restart');
    assert.ok(counts.error >= 1, 'the restart cut the watch');
    assert.equal(lists, 1, 'the informer resumed its watch from its resourceVersion instead of re-listing');
  }
}

test('client-node informer over 1,000 churning pods ends equal to a fresh list', { timeout: 240_000 }, async () => {
  await run(false);
});

test('client-node informer resumes across a server restart mid-churn and ends equal to a fresh list', { timeout: 300_000 }, async () => {
  await run(true);
});
