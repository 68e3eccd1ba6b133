/**
 * Issue 2 "Done when", bad input over raw HTTPS: malformed JSON or YAML ->
 * 400; unknown resource -> 404; invalid object -> 422 with field causes;
 * stale resourceVersion -> 409; a body over 3 MiB -> 413; no or wrong client
 * certificate -> 401. Every answer is a metav1.Status with the right code and
 * reason, and random or truncated bodies never crash the server.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type Cluster } from './helpers/cluster.ts';
import type { HttpsCallOptions, HttpsCallResult } from './helpers/https-request.ts';

let cluster: Cluster;
before(async () => {
  cluster = await startCluster();
  const r = await cluster.request('/api/v1/namespaces', { method: 'POST', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } });
  assert.equal(r.status, 201, r.text);
});
after(async () => { await cluster?.dispose(); });

const NS = 'bad-input';
const CM = `/api/v1/namespaces/${NS}/configmaps`;

interface Status {
  kind: string; apiVersion: string; status: string; reason: string; code: number; message: string;
  details?: { name?: string; group?: string; kind?: string; causes?: { reason: string; message: string; field: string }[] };
}

/** Assert a response is a Failure metav1.Status with this code and reason; returns it. */
function assertStatus(r: HttpsCallResult, code: number, reason: string): Status {
  assert.equal(r.status, code, `expected ${code} ${reason}, got ${r.status}: ${r.text.slice(0, 500)}`);
  assert.match(String(r.headers['content-type'] ?? ''), /^application\/json/);
  const s = r.json as Status;
  assert.ok(s, `not JSON: ${r.text.slice(0, 200)}`);
  assert.equal(s.kind, 'Status');
  assert.equal(s.apiVersion, 'v1');
  assert.equal(s.status, 'Failure');
  assert.equal(s.code, code);
  assert.equal(s.reason, reason);
  assert.equal(typeof s.message, 'string');
  assert.ok(s.message.length > 0);
  return s;
}

const post = (path: string, body: unknown, contentType = 'application/json') =>
  cluster.request(path, { method: 'POST', body, headers: { 'content-type': contentType } });

test('malformed JSON bodies are 400 BadRequest for create, update and patch', async () => {
  assertStatus(await post(CM, '{"apiVersion":"v1","kind":"ConfigMap",'), 400, 'BadRequest');
  assertStatus(await post(CM, 'not json at all'), 400, 'BadRequest');
  assertStatus(await post(CM, '[1,2,3]'), 400, 'BadRequest');
  const ok = await post(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'target' } });
  assert.equal(ok.status, 201, ok.text);
  assertStatus(await cluster.request(`${CM}/target`, { method: 'PUT', body: '{"metadata":', headers: { 'content-type': 'application/json' } }), 400, 'BadRequest');
  for (const type of ['application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json']) {
    const r = await cluster.request(`${CM}/target`, { method: 'PATCH', body: '{"data": {', headers: { 'content-type': type } });
    assertStatus(r, 400, 'BadRequest');
  }
});

test('fields of the wrong JSON type are 400 BadRequest, as a typed decode fails upstream', async () => {
  // Upstream: ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ...
  const cm = assertStatus(await post(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'typed-1' }, data: { a: 1 } }), 400, 'BadRequest');
  assert.match(cm.message, /cannot unmarshal number/);
  assert.equal((await cluster.request(`${CM}/typed-1`)).status, 404, 'nothing stored');
  assertStatus(await post(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'typed-2', labels: ['x'] } }), 400, 'BadRequest');
  assertStatus(await post(`/apis/apps/v1/namespaces/${NS}/deployments`, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'typed-3' },
    spec: { replicas: 'two', selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } }), 400, 'BadRequest');
});

test('malformed YAML bodies are 400 BadRequest', async () => {
  assertStatus(await post(CM, 'apiVersion: v1\nkind: ConfigMap\nmetadata: [name: x\n', 'application/yaml'), 400, 'BadRequest');
  assertStatus(await post(CM, 'a: b: c: :\n\t- ]', 'application/yaml'), 400, 'BadRequest');
  // Well-formed YAML still works.
  const ok = await post(CM, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  k: v\n', 'application/yaml');
  assert.equal(ok.status, 201, ok.text);
});

test('unknown resources, groups, versions and objects are 404 NotFound', async () => {
  for (const path of [`/api/v1/namespaces/${NS}/widgets`, '/apis/nope.example.com/v1/things', '/apis/apps/v9/deployments',
    '/api/v2/pods', `/apis/apps/v1/namespaces/${NS}/gadgets/x`]) {
    assertStatus(await cluster.request(path), 404, 'NotFound');
  }
  assertStatus(await post(`/api/v1/namespaces/${NS}/widgets`, { apiVersion: 'v1', kind: 'Widget', metadata: { name: 'w' } }), 404, 'NotFound');
  const missing = assertStatus(await cluster.request(`${CM}/does-not-exist`), 404, 'NotFound');
  assert.equal(missing.message, 'configmaps "does-not-exist" not found');
  assert.equal(missing.details?.name, 'does-not-exist');
  assert.equal(missing.details?.kind, 'configmaps');
  const missingDep = assertStatus(await cluster.request(`/apis/apps/v1/namespaces/${NS}/deployments/nope`), 404, 'NotFound');
  assert.equal(missingDep.message, 'deployments.apps "nope" not found');
  assert.equal(missingDep.details?.group, 'apps');
});

test('invalid objects are 422 Invalid with field causes', async () => {
  const badName = assertStatus(await post(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name' } }), 422, 'Invalid');
  assert.equal(badName.details?.name, 'Bad_Name');
  assert.equal(badName.details?.kind, 'ConfigMap');
  assert.deepEqual(badName.details?.causes?.map((c) => [c.reason, c.field]), [['FieldValueInvalid', 'metadata.name']]);
  assert.match(badName.message, /^ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name"/);

  const dep = assertStatus(await post(`/apis/apps/v1/namespaces/${NS}/deployments`,
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: {} }), 422, 'Invalid');
  assert.equal(dep.details?.group, 'apps');
  assert.equal(dep.details?.kind, 'Deployment');
  const fields = dep.details?.causes?.map((c) => c.field) ?? [];
  assert.ok(fields.includes('spec.selector'), fields.join(','));
  assert.ok(fields.includes('spec.template'), fields.join(','));
  for (const c of dep.details?.causes ?? []) assert.match(c.reason, /^Field(ValueRequired|ValueInvalid)$/);

  const pod = assertStatus(await post(`/api/v1/namespaces/${NS}/pods`,
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }], restartPolicy: 'Sometimes' } }), 422, 'Invalid');
  const podFields = pod.details?.causes?.map((c) => `${c.reason}:${c.field}`) ?? [];
  assert.ok(podFields.includes('FieldValueRequired:spec.containers[0].image'), podFields.join(','));
  assert.ok(podFields.includes('FieldValueNotSupported:spec.restartPolicy'), podFields.join(','));

  const noName = assertStatus(await post(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }), 422, 'Invalid');
  assert.ok(noName.details?.causes?.some((c) => c.field === 'metadata.name' && c.reason === 'FieldValueRequired'), JSON.stringify(noName));
});

test('a stale resourceVersion on update is 409 Conflict; a duplicate create is 409 AlreadyExists', async () => {
  const created = await post(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cas' }, data: { v: '1' } });
  assert.equal(created.status, 201, created.text);
  const obj = created.json as { metadata: { resourceVersion: string }; data: Record<string, string> };
  const first = await cluster.request(`${CM}/cas`, { method: 'PUT', body: { ...obj, data: { v: '2' } } });
  assert.equal(first.status, 200, first.text);
  const stale = assertStatus(await cluster.request(`${CM}/cas`, { method: 'PUT', body: { ...obj, data: { v: '3' } } }), 409, 'Conflict');
  assert.equal(stale.message, 'Operation cannot be fulfilled on configmaps "cas": the object has been modified; please apply your changes to the latest version and try again');
  assert.equal(stale.details?.name, 'cas');
  const now = await cluster.request(`${CM}/cas`);
  assert.equal((now.json as { data: Record<string, string> }).data.v, '2');
  // A stale precondition on delete conflicts too.
  const opts = JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { resourceVersion: obj.metadata.resourceVersion } });
  // Node sends a DELETE body only with an explicit content-length (kubectl always sets one).
  const del = await cluster.request(`${CM}/cas`, { method: 'DELETE', body: opts, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(opts)) } });
  assertStatus(del, 409, 'Conflict');

  const dup = assertStatus(await post(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cas' } }), 409, 'AlreadyExists');
  assert.equal(dup.message, 'configmaps "cas" already exists');
});

test('a body over 3 MiB is 413 RequestEntityTooLarge and the server keeps serving', async () => {
  const big = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'huge' }, data: { blob: 'x'.repeat(3 * 1024 * 1024 + 10) } });
  assertStatus(await post(CM, big), 413, 'RequestEntityTooLarge');
  assertStatus(await cluster.request(`${CM}/target`, { method: 'PUT', body: big }), 413, 'RequestEntityTooLarge');
  assert.equal((await cluster.request(`${CM}/huge`)).status, 404);
  assert.equal((await cluster.request('/readyz')).status, 200);
});

/** One request with an arbitrary client certificate (or none). */
function requestWithCert(path: string, cert?: { cert: string; key: string }, opts: HttpsCallOptions = {}): Promise<HttpsCallResult> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(new URL(path, cluster.conn.server), {
      method: opts.method ?? 'GET', ca: cluster.conn.ca, agent: false, headers: { accept: 'application/json' }, ...(cert ?? {}),
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

test('no client certificate, or one from another CA, is 401 Unauthorized', async () => {
  const paths = ['/api/v1/namespaces', '/api', '/apis', `${CM}/target`, '/openapi/v2'];
  for (const path of paths) assertStatus(await cluster.request(path, { clientCert: false }), 401, 'Unauthorized');
  assertStatus(await cluster.request(CM, { clientCert: false, method: 'POST', body: { metadata: { name: 'anon' } } }), 401, 'Unauthorized');

  const dir = mkdtempSync(join(tmpdir(), 'k8ts-e2e-evil-ca-'));
  try {
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=kubernetes');
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'admin.key', '-out', 'admin.csr', '-subj', '/O=system:masters/CN=kubernetes-admin');
    ssl('x509', '-req', '-in', 'admin.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'admin.crt', '-days', '1');
    const evil = { cert: readFileSync(join(dir, 'admin.crt'), 'utf8'), key: readFileSync(join(dir, 'admin.key'), 'utf8') };
    const selfSigned = { cert: readFileSync(join(dir, 'ca.crt'), 'utf8'), key: readFileSync(join(dir, 'ca.key'), 'utf8') };
    for (const path of paths) {
      assertStatus(await requestWithCert(path, evil), 401, 'Unauthorized');
      assertStatus(await requestWithCert(path, selfSigned), 401, 'Unauthorized');
    }
    // Health and version stay open to anyone.
    for (const path of ['/healthz', '/livez', '/readyz', '/version']) {
      assert.equal((await requestWithCert(path, evil)).status, 200, path);
      assert.equal((await requestWithCert(path)).status, 200, path);
    }
    // The real admin certificate still works.
    assert.equal((await requestWithCert(CM, { cert: cluster.conn.cert, key: cluster.conn.key })).status, 200);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

test('random and truncated bodies at every write handler never crash the server', async () => {
  const valid = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'fuzz', labels: { a: 'b' } },
    spec: { containers: [{ name: 'c', image: 'busybox', ports: [{ containerPort: 80 }] }] } });
  const deployment = JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'fuzz' },
    spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } });
  assert.equal((await post(`/apis/apps/v1/namespaces/${NS}/deployments`, deployment)).status, 201);
  assert.equal((await post(`/api/v1/namespaces/${NS}/pods`, valid)).status, 201);

  const targets: [string, string, string][] = [
    ['POST', `/api/v1/namespaces/${NS}/pods`, 'application/json'],
    ['POST', `/api/v1/namespaces/${NS}/pods`, 'application/yaml'],
    ['PUT', `/api/v1/namespaces/${NS}/pods/fuzz`, 'application/json'],
    ['PUT', `/api/v1/namespaces/${NS}/pods/fuzz/status`, 'application/json'],
    ['PATCH', `/api/v1/namespaces/${NS}/pods/fuzz`, 'application/merge-patch+json'],
    ['PATCH', `/api/v1/namespaces/${NS}/pods/fuzz`, 'application/strategic-merge-patch+json'],
    ['PATCH', `/api/v1/namespaces/${NS}/pods/fuzz`, 'application/json-patch+json'],
    ['PATCH', `/api/v1/namespaces/${NS}/pods/fuzz`, 'application/apply-patch+yaml'],
    ['POST', `/api/v1/namespaces/${NS}/pods/fuzz/binding`, 'application/json'],
    ['POST', `/api/v1/namespaces/${NS}/pods/fuzz/eviction`, 'application/json'],
    ['PUT', `/apis/apps/v1/namespaces/${NS}/deployments/fuzz/scale`, 'application/json'],
    ['PATCH', `/apis/apps/v1/namespaces/${NS}/deployments/fuzz/scale`, 'application/merge-patch+json'],
    ['DELETE', `/api/v1/namespaces/${NS}/configmaps/target`, 'application/json'],
    ['DELETE', `/api/v1/namespaces/${NS}/secrets`, 'application/json'],
    ['POST', '/api/v1/namespaces', 'application/json'],
  ];
  const next = rng(20240601);
  const bodies: string[] = [];
  for (let i = 0; i < 4; i++) bodies.push(valid.slice(0, Math.floor(next() * valid.length)));
  for (let i = 0; i < 2; i++) bodies.push(Array.from({ length: 1 + Math.floor(next() * 200) }, () => String.fromCharCode(Math.floor(next() * 256))).join(''));
  bodies.push('', 'null', '0', '"s"', '[]', '{}', '{"metadata":null}', '{"metadata":{"name":7}}', '{"spec":[]}',
    '[{"op":"move","from":"/a","path":"/b"}]', '{"__proto__":{"x":1}}', '{"metadata":{"labels":{"a":{"b":1}}}}');

  const problems: string[] = [];
  const all = targets.flatMap(([method, path, type]) => bodies.map((body) => ({ method, path, type, body })));
  // A few at a time: enough overlap to shake out races without starving the server.
  for (let i = 0; i < all.length; i += 8) {
    await Promise.all(all.slice(i, i + 8).map(async ({ method, path, type, body }) => {
      // Node sends a DELETE body only with an explicit content-length (kubectl always sets one).
      const r = await cluster.request(path, { method, body, headers: { 'content-type': type, 'content-length': String(Buffer.byteLength(body)) } });
      if (r.status >= 500 || r.status === 0) problems.push(`${method} ${path} (${type}) ${JSON.stringify(body).slice(0, 80)} -> ${r.status} ${r.text.slice(0, 200)}`);
      else if (r.status >= 400 && (r.json as Status | undefined)?.kind !== 'Status') {
        problems.push(`${method} ${path} (${type}) ${JSON.stringify(body).slice(0, 80)} -> ${r.status} without a Status: ${r.text.slice(0, 200)}`);
      }
    }));
  }
  assert.deepEqual(problems, []);
  assert.equal((await cluster.request('/readyz')).status, 200);
  assert.doesNotMatch(cluster.logs(), /uncaught|unhandled/i);
});
