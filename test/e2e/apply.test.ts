/**
 * Issue 3 "Done when", apply: for every kind in apply-cases.ts and
 * apply-cases-more.ts (every served built-in kind, plus $setElementOrder
 * and $retainKeys cases), client-side
 * `kubectl apply` and `kubectl apply --server-side` of a manifest, a label
 * set by another writer, then an edited manifest: the object must have the
 * edited values, lose what the manifest dropped, keep the other writer's
 * label, and the re-apply of an unchanged file must be a no-op. Then two
 * field managers conflict over a Deployment (409, one cause per field,
 * kubectl's message) and --force-conflicts takes ownership.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster, type ExecResult } from './helpers/cluster.ts';
import { APPLY_CASES, caseYaml, getPath, type ApplyCase } from './apply-cases.ts';
import { MORE_APPLY_CASES } from './apply-cases-more.ts';

let cluster: Cluster;
before(async () => { cluster = await startCluster(); });
after(async () => { await cluster?.dispose(); });

const ok = (r: ExecResult, what: string): string => {
  assert.equal(r.code, 0, `${what} exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r.stdout;
};

async function roundtrip(c: ApplyCase, mode: 'csa' | 'ssa', ns: string): Promise<void> {
  const name = `${(c.id ?? c.kind).toLowerCase()}-${mode}`;
  const flags = mode === 'ssa' ? ['--server-side'] : [];
  const nsArgs = c.namespaced ? ['-n', ns] : [];
  const what = `${mode} ${c.kind}`;
  const first = ok(await cluster.kubectl(['apply', ...flags, '-f', '-'], { input: caseYaml(c, name, ns, 1) }), `${what} v1`);
  assert.match(first, mode === 'ssa' ? /serverside-applied/ : /created/);
  ok(await cluster.kubectl(['label', c.resource, name, ...nsArgs, 'other=kept']), `${what} label`);
  ok(await cluster.kubectl(['apply', ...flags, '-f', '-'], { input: caseYaml(c, name, ns, 2) }), `${what} v2`);
  const again = ok(await cluster.kubectl(['apply', ...flags, '-f', '-'], { input: caseYaml(c, name, ns, 2) }), `${what} v2 again`);
  if (mode === 'csa') assert.match(again, /unchanged/, `${what}: re-apply must be unchanged`);
  const obj = JSON.parse(ok(await cluster.kubectl(['get', c.resource, name, ...nsArgs, '-o', 'json']), `${what} get`));
  assert.deepEqual(obj.metadata.labels, { app: 'x', other: 'kept', ...c.serverLabels?.(name) }, `${what}: labels`);
  for (const [path, want] of [...c.checks, ...(mode === 'csa' ? c.csaChecks ?? [] : [])]) {
    assert.deepEqual(getPath(obj, path), want, `${what}: ${path}`);
  }
  if (mode === 'ssa') {
    const withMF = JSON.parse(ok(await cluster.kubectl(['get', c.resource, name, ...nsArgs, '-o', 'json', '--show-managed-fields']), `${what} get mf`));
    const mf = withMF.metadata.managedFields as { manager: string; operation: string }[];
    assert.ok(mf.some((e) => e.manager === 'kubectl' && e.operation === 'Apply'), `${what}: Apply entry`);
    assert.ok(mf.some((e) => e.manager === 'kubectl-label' && e.operation === 'Update'), `${what}: label entry`);
  }
}

test('client-side and server-side apply, edit and re-apply every kind', async () => {
  ok(await cluster.kubectl(['create', 'namespace', 'apply-kinds']), 'namespace');
  for (const c of [...APPLY_CASES, ...MORE_APPLY_CASES]) {
    for (const mode of c.modes ?? ['csa', 'ssa'] as const) await roundtrip(c, mode, 'apply-kinds');
  }
});

const deployment = (manager: string, replicas: number, image: string, extraEnv = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
  labels: {from: ${manager}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: ${image}
        env: [{name: A, value: a}${extraEnv}]
`;

test('server-side apply: conflict between two managers, then forced', async () => {
  ok(await cluster.kubectl(['apply', '--server-side', '--field-manager=alice', '-f', '-'], { input: deployment('alice', 2, 'nginx:1') }), 'alice');
  const r = await cluster.kubectl(['apply', '--server-side', '--field-manager=bob', '-f', '-'], { input: deployment('bob', 3, 'nginx:2') });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /Apply failed with 3 conflicts: conflicts with "alice":/);
  assert.match(r.stderr, /- \.metadata\.labels\.from/);
  assert.match(r.stderr, /- \.spec\.replicas/);
  assert.match(r.stderr, /- \.spec\.template\.spec\.containers\[name="nginx"\]\.image/);
  // The raw Status: 409 with one cause per field.
  const raw = await cluster.request('/apis/apps/v1/namespaces/default/deployments/web?fieldManager=bob', {
    method: 'PATCH', headers: { 'content-type': 'application/apply-patch+yaml' }, body: deployment('bob', 3, 'nginx:2'),
  });
  assert.equal(raw.status, 409);
  const status = raw.json as any;
  assert.equal(status.reason, 'Conflict');
  assert.deepEqual(status.details.causes.map((c: { field: string }) => c.field).sort(),
    ['.metadata.labels.from', '.spec.replicas', '.spec.template.spec.containers[name="nginx"].image']);
  assert.ok(status.details.causes.every((c: { reason: string; message: string }) => c.reason === 'FieldManagerConflict' && c.message === 'conflict with "alice"'));
  // Bob co-owns what he sets to the same value and adds his own env var without conflict.
  ok(await cluster.kubectl(['apply', '--server-side', '--field-manager=bob', '-f', '-'], { input: deployment('alice', 2, 'nginx:1', ', {name: B, value: b}') }), 'bob shares');
  ok(await cluster.kubectl(['apply', '--server-side', '--field-manager=bob', '--force-conflicts', '-f', '-'], { input: deployment('bob', 3, 'nginx:2', ', {name: B, value: b}') }), 'bob forces');
  const obj = JSON.parse(ok(await cluster.kubectl(['get', 'deploy', 'web', '-o', 'json', '--show-managed-fields']), 'get'));
  assert.equal(obj.spec.replicas, 3);
  assert.equal(obj.spec.template.spec.containers[0].image, 'nginx:2');
  const alice = obj.metadata.managedFields.find((e: { manager: string }) => e.manager === 'alice');
  assert.equal(alice.fieldsV1['f:spec']['f:replicas'], undefined, 'alice lost .spec.replicas');
  // Alice stops applying her env var A; bob still owns it (he applied it too), so it stays.
  ok(await cluster.kubectl(['apply', '--server-side', '--field-manager=alice', '-f', '-'], {
    input: deployment('bob', 3, 'nginx:2').replace('env: [{name: A, value: a}]', 'env: []'),
  }), 'alice drops env');
  const after1 = JSON.parse(ok(await cluster.kubectl(['get', 'deploy', 'web', '-o', 'json']), 'get'));
  assert.deepEqual(after1.spec.template.spec.containers[0].env, [{ name: 'A', value: 'a' }, { name: 'B', value: 'b' }]);
  // Bob drops B: no one else owns it, so it is removed.
  ok(await cluster.kubectl(['apply', '--server-side', '--field-manager=bob', '-f', '-'], { input: deployment('bob', 3, 'nginx:2') }), 'bob drops B');
  const after2 = JSON.parse(ok(await cluster.kubectl(['get', 'deploy', 'web', '-o', 'json']), 'get'));
  assert.deepEqual(after2.spec.template.spec.containers[0].env, [{ name: 'A', value: 'a' }]);
});

test('server-side apply: dry run, status subresource, no fieldManager', async () => {
  const dry = ok(await cluster.kubectl(['apply', '--server-side', '--dry-run=server', '-f', '-'], { input: deployment('dry', 1, 'nginx:9').replace('name: web', 'name: dry') }), 'dry run');
  assert.match(dry, /serverside-applied \(server dry run\)/);
  assert.notEqual((await cluster.kubectl(['get', 'deploy', 'dry'])).code, 0);
  const noMgr = await cluster.request('/api/v1/namespaces/default/configmaps/x', {
    method: 'PATCH', headers: { 'content-type': 'application/apply-patch+yaml' }, body: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n',
  });
  assert.equal(noMgr.status, 400);
  const created = await cluster.request('/api/v1/namespaces/default/configmaps/x?fieldManager=t', {
    method: 'PATCH', headers: { 'content-type': 'application/apply-patch+yaml' }, body: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: b}\n',
  });
  assert.equal(created.status, 201);
  const mf = (created.json as any).metadata.managedFields;
  assert.deepEqual(mf[0].fieldsV1, { 'f:data': { 'f:a': {} } });
});
