/**
 * Issue 3: Debian's python3-kubernetes (a second client library, installed
 * by scripts/setup.sh) creates, lists, watches, patches and deletes a
 * Deployment and a ConfigMap. The Python side is python/client_roundtrip.py;
 * it prints one JSON report that this test checks.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, REPO, type Cluster } from './helpers/cluster.ts';
import { exec } from './helpers/exec.ts';

/** Debian's interpreter, which has python3-kubernetes (a pyenv python3 on PATH would not). */
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(REPO, 'test/e2e/python/client_roundtrip.py');

let c: Cluster;
before(async () => { c = await startCluster(); });
after(async () => { await c?.dispose(); });

test('python3-kubernetes: create, list, watch, patch and delete a Deployment and a ConfigMap', { timeout: 120_000 }, async (t) => {
  const probe = existsSync(PYTHON) ? await exec(PYTHON, ['-c', 'import kubernetes']) : { code: 1 };
  if (probe.code !== 0) {
    t.skip('python3-kubernetes is not installed (scripts/setup.sh installs it)');
    return;
  }
  const r = await exec(PYTHON, [SCRIPT, c.kubeconfig, 'py'], { timeoutMs: 100_000 });
  assert.equal(r.code, 0, `python exited ${r.code}\n${r.stderr}\n${r.stdout}`);
  const rep = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.deepEqual(rep.dep_created, { name: 'py-dep', uid: true, strategy: 'RollingUpdate', revisionHistoryLimit: 10 });
  assert.deepEqual(rep.cm_list, ['py-cm']);
  assert.deepEqual(rep.dep_list, ['py-dep']);
  assert.equal(rep.dep_list_all_ns, true);
  // Strategic merge patch: the container list merges by name.
  assert.deepEqual(rep.dep_patched, { replicas: 3, images: ['nginx:1.26'], generation: 2 });
  assert.deepEqual(rep.cm_patched, { a: '1', b: '2' });
  assert.equal(rep.scale, 3);
  assert.equal(rep.cm_delete, 'Success');
  assert.equal(rep.cm_gone, true);
  // Watches started at a list's resourceVersion see exactly the changes, as deserialized models.
  const cmEvents = (rep.cm_events as [string, string, unknown][]).filter((e) => e[1] === 'py-cm');
  assert.deepEqual(cmEvents, [['ADDED', 'py-cm', { a: '1' }], ['MODIFIED', 'py-cm', { a: '1', b: '2' }], ['DELETED', 'py-cm', { a: '1', b: '2' }]]);
  const depEvents = rep.dep_events as [string, string][];
  assert.deepEqual(depEvents[0], ['ADDED', 'py-dep']);
  assert.deepEqual(depEvents[depEvents.length - 1], ['DELETED', 'py-dep']);
  assert.ok(depEvents.slice(1, -1).every((e) => e[0] === 'MODIFIED' && e[1] === 'py-dep'), JSON.stringify(depEvents));
});
