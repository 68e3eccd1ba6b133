/**
 * Integration tests of the API server on real (in-memory) SQLite over real
 * HTTPS: object semantics, error codes and watch.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { startTestServer, type TestServer } from './testing/harness.ts';

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

const pod = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] }, ...extra,
});

test('system namespaces and the kubernetes service exist', async () => {
  const ns = await s.request('GET', '/api/v1/namespaces');
  assert.equal(ns.status, 200);
  const names = ns.json.items.map((n: { metadata: { name: string } }) => n.metadata.name).sort();
  assert.deepEqual(names, ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  const svc = await s.request('GET', '/api/v1/namespaces/default/services/kubernetes');
  assert.equal(svc.json.spec.clusterIP, '10.43.0.1');
});

test('create, get, update with optimistic concurrency, delete', async () => {
  const c = await s.request('POST', '/api/v1/namespaces/default/pods', pod('p1'));
  assert.equal(c.status, 201, c.text);
  const m = c.json.metadata;
  assert.ok(m.uid && m.resourceVersion && m.creationTimestamp);
  assert.equal(c.json.spec.restartPolicy, 'Always');
  assert.equal(c.json.status.phase, 'Pending');

  const dup = await s.request('POST', '/api/v1/namespaces/default/pods', pod('p1'));
  assert.equal(dup.status, 409);
  assert.equal(dup.json.reason, 'AlreadyExists');

  const upd = { ...c.json, metadata: { ...c.json.metadata, labels: { app: 'web', v: '2' } } };
  const u = await s.request('PUT', '/api/v1/namespaces/default/pods/p1', upd);
  assert.equal(u.status, 200, u.text);
  assert.ok(Number(u.json.metadata.resourceVersion) > Number(m.resourceVersion));
  const stale = await s.request('PUT', '/api/v1/namespaces/default/pods/p1', upd);
  assert.equal(stale.status, 409);
  assert.equal(stale.json.reason, 'Conflict');

  const d = await s.request('DELETE', '/api/v1/namespaces/default/pods/p1');
  assert.equal(d.status, 200);
  const g = await s.request('GET', '/api/v1/namespaces/default/pods/p1');
  assert.equal(g.status, 404);
  assert.equal(g.json.reason, 'NotFound');
  assert.equal(g.json.message, 'pods "p1" not found');
});

test('bad input gets the right Status codes', async () => {
  const bad = await s.request('POST', '/api/v1/namespaces/default/configmaps', undefined, { raw: '{"apiVersion":' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.kind, 'Status');
  const unknown = await s.request('GET', '/api/v1/namespaces/default/widgets');
  assert.equal(unknown.status, 404);
  const invalid = await s.request('POST', '/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name' }, spec: { containers: [{ name: 'c' }] } });
  assert.equal(invalid.status, 422, invalid.text);
  assert.equal(invalid.json.reason, 'Invalid');
  assert.ok(invalid.json.details.causes.length >= 2);
  const big = await s.request('POST', '/api/v1/namespaces/default/configmaps', undefined, { raw: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { x: 'a'.repeat(3 * 1024 * 1024 + 10) } }) });
  assert.equal(big.status, 413);
  const anon = await s.request('GET', '/api/v1/namespaces', undefined, { anonymous: true });
  assert.equal(anon.status, 401);
  const health = await s.request('GET', '/readyz', undefined, { anonymous: true });
  assert.equal(health.status, 200);
  const noNs = await s.request('POST', '/api/v1/namespaces/nope/configmaps', { metadata: { name: 'x' } });
  assert.equal(noNs.status, 404);
});

test('random and truncated bodies never crash the server', async () => {
  const base = JSON.stringify(pod('fuzz'));
  const paths = ['/api/v1/namespaces/default/pods', '/apis/apps/v1/namespaces/default/deployments', '/api/v1/namespaces'];
  for (let i = 0; i < 60; i++) {
    const cut = base.slice(0, Math.floor(Math.random() * base.length));
    const junk = Buffer.from(Array.from({ length: 50 }, () => Math.floor(Math.random() * 256)));
    for (const p of paths) {
      for (const body of [cut, junk]) {
        const r = await s.request(i % 2 ? 'POST' : 'PATCH', i % 2 ? p : `${p}/x`, undefined, { raw: body, contentType: i % 3 ? 'application/json' : 'application/strategic-merge-patch+json' });
        assert.ok(r.status >= 400 && r.status < 500, `${r.status} ${r.text}`);
        assert.equal(r.json?.kind, 'Status');
      }
    }
  }
  assert.equal((await s.request('GET', '/readyz')).status, 200);
});

test('labelSelector, fieldSelector, limit and continue', async () => {
  for (let i = 0; i < 7; i++) {
    const r = await s.request('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: `cm-${i}`, labels: { parity: i % 2 ? 'odd' : 'even' } }, data: { i: String(i) } });
    assert.equal(r.status, 201, r.text);
  }
  const odd = await s.request('GET', '/api/v1/namespaces/default/configmaps?labelSelector=parity%3Dodd');
  assert.equal(odd.json.items.length, 3);
  const byName = await s.request('GET', '/api/v1/configmaps?fieldSelector=metadata.name%3Dcm-4');
  assert.equal(byName.json.items.length, 1);
  const badField = await s.request('GET', '/api/v1/configmaps?fieldSelector=spec.nope%3D1');
  assert.equal(badField.status, 400);
  const p1 = await s.request('GET', '/api/v1/namespaces/default/configmaps?limit=3');
  assert.equal(p1.json.items.length, 3);
  assert.ok(p1.json.metadata.continue);
  assert.equal(p1.json.metadata.remainingItemCount, 4);
  await s.request('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'cm-zz' } });
  const p2 = await s.request('GET', `/api/v1/namespaces/default/configmaps?limit=10&continue=${p1.json.metadata.continue}`);
  assert.equal(p2.json.items.length, 4, 'continue reads at the first page revision');
  assert.equal(p2.json.metadata.resourceVersion, p1.json.metadata.resourceVersion);
});

test('patch types, status subresource and scale', async () => {
  const d = await s.request('POST', '/apis/apps/v1/namespaces/default/deployments', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1', env: [{ name: 'A', value: '1' }] }] } } },
  });
  assert.equal(d.status, 201, d.text);
  assert.equal(d.json.metadata.generation, 1);
  const smp = await s.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/web',
    { spec: { template: { spec: { containers: [{ name: 'c', env: [{ name: 'B', value: '2' }] }] } } } }, { contentType: 'application/strategic-merge-patch+json' });
  assert.equal(smp.status, 200, smp.text);
  assert.deepEqual(smp.json.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name).sort(), ['A', 'B']);
  assert.equal(smp.json.metadata.generation, 2);
  const merge = await s.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', { metadata: { labels: { x: 'y' } } }, { contentType: 'application/merge-patch+json' });
  assert.equal(merge.json.metadata.labels.x, 'y');
  assert.equal(merge.json.metadata.generation, 2, 'metadata changes do not bump generation');
  const jp = await s.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', [{ op: 'replace', path: '/spec/replicas', value: 3 }], { contentType: 'application/json-patch+json' });
  assert.equal(jp.json.spec.replicas, 3);
  const st = await s.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/web/status', { status: { replicas: 3 }, spec: { replicas: 9 } }, { contentType: 'application/merge-patch+json' });
  assert.equal(st.json.status.replicas, 3);
  assert.equal(st.json.spec.replicas, 3, 'status writes leave spec alone');
  const main = await s.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', { status: { replicas: 7 } }, { contentType: 'application/merge-patch+json' });
  assert.equal(main.json.status.replicas, 3, 'main writes leave status alone');
  const sc = await s.request('GET', '/apis/apps/v1/namespaces/default/deployments/web/scale');
  assert.equal(sc.json.kind, 'Scale');
  assert.equal(sc.json.status.selector, 'app=web');
  const sp = await s.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale', { spec: { replicas: 5 } }, { contentType: 'application/merge-patch+json' });
  assert.equal(sp.json.spec.replicas, 5);
  const after = await s.request('GET', '/apis/apps/v1/namespaces/default/deployments/web');
  assert.equal(after.json.spec.replicas, 5);
});

test('finalizers hold deletion until cleared; dryRun writes nothing', async () => {
  const c = await s.request('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'fin', finalizers: ['example.com/x'] } });
  assert.equal(c.status, 201);
  const d = await s.request('DELETE', '/api/v1/namespaces/default/configmaps/fin');
  assert.equal(d.status, 200);
  const g = await s.request('GET', '/api/v1/namespaces/default/configmaps/fin');
  assert.ok(g.json.metadata.deletionTimestamp);
  const clear = await s.request('PATCH', '/api/v1/namespaces/default/configmaps/fin', { metadata: { finalizers: null } }, { contentType: 'application/merge-patch+json' });
  assert.equal(clear.status, 200, clear.text);
  assert.equal((await s.request('GET', '/api/v1/namespaces/default/configmaps/fin')).status, 404);
  const dry = await s.request('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', { metadata: { name: 'dry' } });
  assert.equal(dry.status, 201);
  assert.equal((await s.request('GET', '/api/v1/namespaces/default/configmaps/dry')).status, 404);
});

test('services get unique cluster IPs and node ports', async () => {
  const ips = new Set<string>();
  for (let i = 0; i < 5; i++) {
    const r = await s.request('POST', '/api/v1/namespaces/default/services', { metadata: { name: `svc-${i}` }, spec: { type: 'NodePort', selector: { app: 'x' }, ports: [{ port: 80 }] } });
    assert.equal(r.status, 201, r.text);
    ips.add(r.json.spec.clusterIP);
    const np = r.json.spec.ports[0].nodePort;
    assert.ok(np >= 30000 && np <= 32767);
  }
  assert.equal(ips.size, 5);
  const taken = await s.request('POST', '/api/v1/namespaces/default/services', { metadata: { name: 'dup-ip' }, spec: { clusterIP: '10.43.0.1', ports: [{ port: 80 }] } });
  assert.equal(taken.status, 422);
});

test('watch streams changes after a resourceVersion', async () => {
  const c = await s.request('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'w0' } });
  const rv = c.json.metadata.resourceVersion;
  const events: { type: string; object: { metadata: { name: string } } }[] = [];
  const done = new Promise<void>((resolve, reject) => {
    const req = https.request({
      host: '127.0.0.1', port: s.port, path: `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}&timeoutSeconds=5`,
      ca: s.pki.ca.certPem, cert: s.pki.admin.certPem, key: s.pki.admin.keyPem,
    }, (res) => {
      let buf = '';
      res.on('data', (d: Buffer) => {
        buf += d.toString();
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          events.push(JSON.parse(buf.slice(0, i)));
          buf = buf.slice(i + 1);
          if (events.length === 3) { req.destroy(); resolve(); }
        }
      });
    });
    req.on('error', (e) => { if (events.length < 3) reject(e); });
    req.end();
  });
  await s.request('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'w1' } });
  await s.request('PATCH', '/api/v1/namespaces/default/configmaps/w1', { data: { a: 'b' } }, { contentType: 'application/merge-patch+json' });
  await s.request('DELETE', '/api/v1/namespaces/default/configmaps/w1');
  await done;
  assert.deepEqual(events.map((e) => `${e.type}:${e.object.metadata.name}`), ['ADDED:w1', 'MODIFIED:w1', 'DELETED:w1']);
});

test('tables for kubectl get', async () => {
  const r = await s.request('GET', '/api/v1/namespaces', undefined, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
  assert.equal(r.json.kind, 'Table');
  assert.equal(r.json.columnDefinitions[0].name, 'Name');
  assert.equal(r.json.rows.length >= 4, true);
});

test('secret stringData is merged into data and not stored', async () => {
  const r = await s.request('POST', '/api/v1/namespaces/default/secrets', { metadata: { name: 'sd' }, data: { a: 'eA==' }, stringData: { pw: 'hunter2' } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.stringData, undefined);
  assert.deepEqual(r.json.data, { a: 'eA==', pw: Buffer.from('hunter2').toString('base64') });
  assert.equal(r.json.type, 'Opaque');
});

test('a second API server on the same store starts cleanly (restart path)', async () => {
  const { startApiServer } = await import('./server.ts');
  const again = await startApiServer({
    store: s.store, bindAddress: '127.0.0.1', port: 0, advertiseAddress: '127.0.0.1',
    tls: { cert: s.pki.apiserver.certPem, key: s.pki.apiserver.keyPem, clientCA: s.pki.ca.certPem },
    serviceCIDR: '10.43.0.0/16', logger: (await import('../../base/logger.ts')).nullLogger,
  });
  await again.close();
});

test('pods/binding sets nodeName and PodScheduled, once', async () => {
  const c = await s.request('POST', '/api/v1/namespaces/default/pods', pod('bind-me'));
  assert.equal(c.status, 201, c.text);
  const b = await s.request('POST', '/api/v1/namespaces/default/pods/bind-me/binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bind-me' }, target: { kind: 'Node', name: 'n1' } });
  assert.equal(b.status, 201, b.text);
  const g = await s.request('GET', '/api/v1/namespaces/default/pods/bind-me');
  assert.equal(g.json.spec.nodeName, 'n1');
  assert.equal(g.json.status.conditions.find((x: { type: string }) => x.type === 'PodScheduled').status, 'True');
  const again = await s.request('POST', '/api/v1/namespaces/default/pods/bind-me/binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bind-me' }, target: { kind: 'Node', name: 'n2' } });
  assert.equal(again.status, 409);
});

test('status writes may change annotations but not spec or workload labels', async () => {
  await s.request('POST', '/apis/apps/v1/namespaces/default/deployments', {
    metadata: { name: 'st', labels: { a: '1' } },
    spec: { selector: { matchLabels: { app: 'st' } }, template: { metadata: { labels: { app: 'st' } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } } },
  });
  const r = await s.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/st/status',
    { metadata: { annotations: { 'deployment.kubernetes.io/revision': '1' }, labels: { a: '2' } }, spec: { replicas: 5 }, status: { replicas: 1 } },
    { contentType: 'application/merge-patch+json' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.metadata.annotations['deployment.kubernetes.io/revision'], '1');
  assert.equal(r.json.metadata.labels.a, '1');
  assert.equal(r.json.spec.replicas, 1);
  assert.equal(r.json.status.replicas, 1);
});
