/**
 * Issue 2 "Done when": restarting `k8ts init` on the same data dir keeps
 * every object and resourceVersions keep increasing; `kill -9` in the middle
 * of a burst of writes loses no acknowledged write.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster } from './helpers/cluster.ts';
import { multiDocYaml } from './helpers/yaml-fixtures.ts';

let cluster: Cluster;
before(async () => { cluster = await startCluster(); });
after(async () => { await cluster?.dispose(); });

interface Meta { name: string; namespace?: string; uid: string; resourceVersion: string; creationTimestamp: string }
interface Obj { kind?: string; metadata: Meta; data?: Record<string, string>; spec?: unknown }
interface List { metadata: { resourceVersion: string }; items: Obj[] }

const COLLECTIONS = (ns: string) => [
  `/api/v1/namespaces/${ns}/configmaps`, `/api/v1/namespaces/${ns}/secrets`, `/api/v1/namespaces/${ns}/services`,
  `/apis/apps/v1/namespaces/${ns}/deployments`, `/apis/batch/v1/namespaces/${ns}/jobs`,
];

async function list(path: string): Promise<List> {
  const r = await cluster.request(path);
  assert.equal(r.status, 200, `GET ${path}: ${r.status} ${r.text}`);
  return r.json as List;
}

async function createNamespace(ns: string): Promise<void> {
  const r = await cluster.request('/api/v1/namespaces', { method: 'POST', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
  assert.equal(r.status, 201, r.text);
}

async function until(fn: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    assert.ok(Date.now() < end, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Everything stored under the namespace, keyed by collection and name, without volatile fields. */
async function snapshot(ns: string): Promise<Map<string, Obj>> {
  const out = new Map<string, Obj>();
  for (const path of COLLECTIONS(ns)) {
    for (const item of (await list(path)).items) out.set(`${path}/${item.metadata.name}`, item);
  }
  const nsObj = await cluster.request(`/api/v1/namespaces/${ns}`);
  assert.equal(nsObj.status, 200, nsObj.text);
  out.set(`namespace/${ns}`, nsObj.json as Obj);
  return out;
}

test('a restart on the same data dir keeps every object, and resourceVersions keep increasing', async () => {
  const ns = 'durable-restart';
  const apply = await cluster.kubectl(['apply', '-f', '-'], { input: multiDocYaml(ns) });
  assert.equal(apply.code, 0, apply.stderr);
  // Some history: updates and a delete before the restart.
  for (let i = 0; i < 5; i++) {
    const r = await cluster.request(`/api/v1/namespaces/${ns}/configmaps/settings`, {
      method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: { data: { round: String(i) } },
    });
    assert.equal(r.status, 200, r.text);
  }
  const tmp = await cluster.request(`/api/v1/namespaces/${ns}/configmaps`, { method: 'POST', body: { metadata: { name: 'temp' } } });
  assert.equal(tmp.status, 201, tmp.text);
  assert.equal((await cluster.request(`/api/v1/namespaces/${ns}/configmaps/temp`, { method: 'DELETE' })).status, 200);

  // The root CA publisher adds kube-root-ca.crt to every namespace, as upstream; wait for it so it is in
  // both snapshots (it must survive the restart unchanged like everything else).
  await until(async () => (await cluster.request(`/api/v1/namespaces/${ns}/configmaps/kube-root-ca.crt`)).status === 200, `kube-root-ca.crt in ${ns}`);
  const beforeSnap = await snapshot(ns);
  const listRvBefore = BigInt((await list(`/api/v1/namespaces/${ns}/configmaps`)).metadata.resourceVersion);
  const maxRvBefore = [...beforeSnap.values()].reduce((m, o) => (BigInt(o.metadata.resourceVersion) > m ? BigInt(o.metadata.resourceVersion) : m), 0n);
  assert.ok(listRvBefore >= maxRvBefore);

  await cluster.restart();

  const afterSnap = await snapshot(ns);
  assert.deepEqual([...afterSnap.keys()].sort(), [...beforeSnap.keys()].sort());
  for (const [key, was] of beforeSnap) {
    const now = afterSnap.get(key)!;
    assert.equal(now.metadata.uid, was.metadata.uid, `${key} uid`);
    assert.equal(now.metadata.resourceVersion, was.metadata.resourceVersion, `${key} resourceVersion`);
    assert.equal(now.metadata.creationTimestamp, was.metadata.creationTimestamp, `${key} creationTimestamp`);
    assert.deepEqual(now, was, `${key} is stored unchanged`);
  }
  assert.equal((await cluster.request(`/api/v1/namespaces/${ns}/configmaps/temp`)).status, 404, 'a delete survives the restart');
  const listRvAfter = BigInt((await list(`/api/v1/namespaces/${ns}/configmaps`)).metadata.resourceVersion);
  assert.ok(listRvAfter >= listRvBefore, `list resourceVersion went back: ${listRvAfter} < ${listRvBefore}`);

  // New writes get resourceVersions after everything written before the restart.
  const created = await cluster.request(`/api/v1/namespaces/${ns}/configmaps`, { method: 'POST', body: { metadata: { name: 'after-restart' } } });
  assert.equal(created.status, 201, created.text);
  const rvCreated = BigInt((created.json as Obj).metadata.resourceVersion);
  assert.ok(rvCreated > listRvBefore, `new resourceVersion ${rvCreated} is not after ${listRvBefore}`);
  const updated = await cluster.request(`/api/v1/namespaces/${ns}/configmaps/settings`, {
    method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: { data: { round: 'after' } },
  });
  assert.equal(updated.status, 200, updated.text);
  assert.ok(BigInt((updated.json as Obj).metadata.resourceVersion) > rvCreated);

  // kubectl sees the same objects through the restarted server.
  const names = await cluster.kubectl(['get', 'deploy,svc,job', '-n', ns, '-o', 'name']);
  assert.equal(names.stdout.trim(), 'deployment.apps/web\nservice/web\njob.batch/once');

  // Also after a crash, resourceVersions never go back.
  await cluster.kill9();
  await cluster.restart();
  const again = await cluster.request(`/api/v1/namespaces/${ns}/configmaps`, { method: 'POST', body: { metadata: { name: 'after-crash' } } });
  assert.equal(again.status, 201, again.text);
  assert.ok(BigInt((again.json as Obj).metadata.resourceVersion) > BigInt((updated.json as Obj).metadata.resourceVersion));
});

test('kill -9 in the middle of a burst of concurrent creates loses no acknowledged write', async (t) => {
  const ns = 'durable-crash';
  await createNamespace(ns);
  const acked = new Map<string, Obj>();
  let attempted = 0;
  let failed = 0;
  let stop = false;
  const KILL_AFTER = 120;
  const CONCURRENCY = 32;
  const MAX = 3000;
  let killing: Promise<void> | undefined;

  const worker = async (): Promise<void> => {
    while (!stop && attempted < MAX) {
      const name = `burst-${attempted++}`;
      try {
        const r = await cluster.request(`/api/v1/namespaces/${ns}/configmaps`, {
          method: 'POST', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { n: name, pad: 'x'.repeat(512) } }, timeoutMs: 10_000,
        });
        if (r.status === 201) acked.set(name, r.json as Obj);
        else failed++;
      } catch {
        failed++; // connection reset or refused: the server is gone
      }
      if (acked.size >= KILL_AFTER && !killing) killing = cluster.kill9();
      if (killing && failed > 0) stop = true;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await killing;
  assert.ok(killing, `the burst finished before ${KILL_AFTER} writes were acknowledged`);
  assert.ok(failed > 0, 'the kill happened while writes were in flight');

  t.diagnostic(`attempted ${attempted}, acknowledged ${acked.size}, failed ${failed}`);
  await cluster.restart();
  // The root CA publisher (controller manager) puts kube-root-ca.crt in every namespace, as upstream; it is not ours.
  const stored = new Map((await list(`/api/v1/namespaces/${ns}/configmaps`)).items
    .filter((i) => i.metadata.name !== 'kube-root-ca.crt')
    .map((i) => [i.metadata.name, i]));
  const lost = [...acked.keys()].filter((n) => !stored.has(n));
  assert.deepEqual(lost, [], `${lost.length} of ${acked.size} acknowledged creates were lost (attempted ${attempted}, failed ${failed})`);
  for (const [name, obj] of acked) {
    const s = stored.get(name)!;
    assert.equal(s.metadata.uid, obj.metadata.uid, `${name} uid`);
    assert.equal(s.metadata.resourceVersion, obj.metadata.resourceVersion, `${name} resourceVersion`);
    assert.deepEqual(s.data, obj.data, `${name} data`);
  }
  // Nothing that was never attempted appears, and every stored name is one we sent.
  for (const name of stored.keys()) assert.match(name, /^burst-\d+$/);
  assert.ok(stored.size <= attempted);

  // The store is usable after the crash and its revisions move forward.
  const maxAcked = [...acked.values()].reduce((m, o) => (BigInt(o.metadata.resourceVersion) > m ? BigInt(o.metadata.resourceVersion) : m), 0n);
  const next = await cluster.request(`/api/v1/namespaces/${ns}/configmaps`, { method: 'POST', body: { metadata: { name: 'after' } } });
  assert.equal(next.status, 201, next.text);
  assert.ok(BigInt((next.json as Obj).metadata.resourceVersion) > maxAcked);
});
