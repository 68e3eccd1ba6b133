/**
 * Issue 2 "Done when", mutating half: label, annotate, patch (json, merge,
 * strategic), edit with KUBE_EDITOR, scale, replace, delete (by name, -f,
 * -l, --all) and `get -w` printing changes as they happen, with the real
 * kubectl 1.32 and Debian's 1.20 against a real k8ts control plane.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type Cluster, type ExecResult } from './helpers/cluster.ts';
import { KUBECTLS, configMapYaml, multiDocYaml, namespaceYaml, tableRows } from './helpers/yaml-fixtures.ts';

let cluster: Cluster;
let scratch: string;
before(async () => {
  cluster = await startCluster();
  scratch = mkdtempSync(join(tmpdir(), 'k8ts-e2e-mutate-'));
});
after(async () => {
  await cluster?.dispose();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const ok = (r: ExecResult, what: string): string => {
  assert.equal(r.code, 0, `${what} exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r.stdout;
};

/** The ConfigMap the root CA publisher puts in every namespace (as upstream's controller manager does). */
const ROOT_CA = 'kube-root-ca.crt';

async function until(fn: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    assert.ok(Date.now() < end, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A running `kubectl get -w` whose output lines tests can wait for. */
interface Watcher {
  lines(): string[];
  waitFor(pred: (lines: string[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function startWatch(kubectlPath: string, args: string[]): Watcher {
  const child = spawn(kubectlPath, ['--kubeconfig', cluster.kubeconfig, ...args], {
    env: { ...process.env, HOME: join(cluster.dir, 'kubectl-home') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
  const exited = new Promise<void>((r) => child.on('close', () => r()));
  const lines = () => out.split('\n').filter((l) => l.trim() !== '');
  return {
    lines,
    async waitFor(pred, what, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pred(lines())) {
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`kubectl ${args.join(' ')}: no ${what}\nstdout:\n${out}\nstderr:\n${err}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Write an executable editor script for KUBE_EDITOR; kubectl passes it the file to edit. */
function editorScript(name: string, body: string): string {
  const path = join(scratch, name);
  writeFileSync(path, `#!/bin/sh\nset -e\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

for (const [v, kubectlPath] of KUBECTLS) {
  const kubectl = (args: string[], input?: string, env?: NodeJS.ProcessEnv) => cluster.kubectl(args, { kubectlPath, input, env });
  const tag = v.replace('.', '');
  const jsonpath = async (args: string[], path: string) => ok(await kubectl([...args, '-o', `jsonpath=${path}`]), `jsonpath ${path}`);
  const setup = async (ns: string, docs = '') => ok(await kubectl(['apply', '-f', '-'], `${namespaceYaml(ns)}---\n${docs}`), `set up ${ns}`);

  test(`kubectl ${v}: label and annotate add, refuse to overwrite, overwrite and remove`, async () => {
    const ns = `label-${tag}`;
    await setup(ns, `${configMapYaml(ns, 'one', { app: 'a' })}---\n${configMapYaml(ns, 'two', { app: 'a' })}`);
    assert.equal(ok(await kubectl(['label', 'cm', 'one', '-n', ns, 'tier=web']), 'label').trim(), 'configmap/one labeled');
    const clash = await kubectl(['label', 'cm', 'one', '-n', ns, 'tier=db']);
    assert.notEqual(clash.code, 0);
    assert.match(clash.stderr, /'tier' already has a value \(web\), and --overwrite is false/);
    ok(await kubectl(['label', 'cm', 'one', '-n', ns, 'tier=db', '--overwrite']), 'label --overwrite');
    assert.equal(await jsonpath(['get', 'cm', 'one', '-n', ns], '{.metadata.labels.tier}'), 'db');
    ok(await kubectl(['label', 'cm', 'one', '-n', ns, 'tier-']), 'label remove');
    assert.equal(await jsonpath(['get', 'cm', 'one', '-n', ns], '{.metadata.labels}'), '{"app":"a"}');
    // By selector, several objects at once.
    const many = ok(await kubectl(['label', 'cm', '-n', ns, '-l', 'app=a', 'batch=x']), 'label -l');
    assert.deepEqual(many.trim().split('\n').sort(), ['configmap/one labeled', 'configmap/two labeled']);
    assert.equal(ok(await kubectl(['get', 'cm', '-n', ns, '-l', 'batch=x', '-o', 'name']), 'get -l').trim(), 'configmap/one\nconfigmap/two');

    assert.equal(ok(await kubectl(['annotate', 'cm', 'one', '-n', ns, 'owner=team-a', 'note=hello world']), 'annotate').trim(), 'configmap/one annotated');
    assert.equal(await jsonpath(['get', 'cm', 'one', '-n', ns], '{.metadata.annotations.owner}/{.metadata.annotations.note}'), 'team-a/hello world');
    const clashA = await kubectl(['annotate', 'cm', 'one', '-n', ns, 'owner=team-b']);
    assert.notEqual(clashA.code, 0);
    ok(await kubectl(['annotate', 'cm', 'one', '-n', ns, 'owner=team-b', '--overwrite']), 'annotate --overwrite');
    ok(await kubectl(['annotate', 'cm', 'one', '-n', ns, 'note-']), 'annotate remove');
    const annotations = JSON.parse(await jsonpath(['get', 'cm', 'one', '-n', ns], '{.metadata.annotations}')) as Record<string, string>;
    assert.equal(annotations.owner, 'team-b');
    assert.equal('note' in annotations, false, 'note was removed');
  });

  test(`kubectl ${v}: patch --type json, merge and strategic`, async () => {
    const ns = `patch-${tag}`;
    await setup(ns, multiDocYaml(ns).split('---\n').slice(1).join('---\n'));
    const cm = ['cm', 'settings', '-n', ns];

    assert.equal(ok(await kubectl(['patch', ...cm, '--type', 'json', '-p',
      '[{"op":"add","path":"/data/extra","value":"1"},{"op":"remove","path":"/data/level"},{"op":"replace","path":"/data/mode","value":"slow"}]']),
    'json patch').trim(), 'configmap/settings patched');
    assert.equal(await jsonpath(['get', ...cm], '{.data}'), '{"extra":"1","mode":"slow"}');
    const failedTest = await kubectl(['patch', ...cm, '--type', 'json', '-p', '[{"op":"test","path":"/data/mode","value":"fast"}]']);
    assert.notEqual(failedTest.code, 0, 'a failing json patch "test" op must fail');

    ok(await kubectl(['patch', ...cm, '--type', 'merge', '-p', '{"data":{"extra":null,"merged":"yes"},"metadata":{"labels":{"patched":"merge"}}}']), 'merge patch');
    assert.equal(await jsonpath(['get', ...cm], '{.data}'), '{"merged":"yes","mode":"slow"}');
    assert.equal(await jsonpath(['get', ...cm], '{.metadata.labels.patched}'), 'merge');

    // Strategic merge (the default type): containers merge by name, so adding one keeps the other.
    const dep = ['deploy', 'web', '-n', ns];
    const gen1 = Number(await jsonpath(['get', ...dep], '{.metadata.generation}'));
    assert.equal(ok(await kubectl(['patch', ...dep, '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox:1.36"},{"name":"nginx","image":"nginx:1.26"}]}}}}']),
    'strategic patch').trim(), 'deployment.apps/web patched');
    assert.equal(await jsonpath(['get', ...dep], '{range .spec.template.spec.containers[*]}{.name}={.image};{end}'),
      'sidecar=busybox:1.36;nginx=nginx:1.26;');
    // The nginx container's ports survived the merge.
    assert.equal(await jsonpath(['get', ...dep], '{.spec.template.spec.containers[?(@.name=="nginx")].ports[0].containerPort}'), '80');
    assert.equal(Number(await jsonpath(['get', ...dep], '{.metadata.generation}')), gen1 + 1, 'a spec change bumps generation');
    // $patch: delete removes one list element by its merge key.
    ok(await kubectl(['patch', ...dep, '--type', 'strategic', '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}']), 'strategic $patch delete');
    assert.equal(await jsonpath(['get', ...dep], '{.spec.template.spec.containers[*].name}'), 'nginx');
    // A merge patch replaces lists wholesale.
    ok(await kubectl(['patch', ...dep, '--type', 'merge', '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"redis:7"}]}}}}']), 'merge patch list');
    assert.equal(await jsonpath(['get', ...dep], '{range .spec.template.spec.containers[*]}{.name}={.image}={.ports};{end}'), 'only=redis:7=;');

    const invalid = await kubectl(['patch', ...dep, '--type', 'merge', '-p', '{"spec":{"replicas":-1}}']);
    assert.notEqual(invalid.code, 0);
    assert.match(invalid.stderr, /is invalid: spec\.replicas: Invalid value: -1/);
  });

  test(`kubectl ${v}: edit with KUBE_EDITOR`, async () => {
    const ns = `edit-${tag}`;
    await setup(ns, configMapYaml(ns, 'ed', {}, { greeting: 'hello' }));
    const editor = editorScript(`edit-${tag}.sh`, 'sed -i -e "s/greeting: hello/greeting: bonjour/" -e "s/^  name: ed$/  name: ed\\n  labels:\\n    edited: \\"yes\\"/" "$1"');
    const out = ok(await kubectl(['edit', 'cm', 'ed', '-n', ns], undefined, { KUBE_EDITOR: editor, EDITOR: editor }), 'edit');
    assert.equal(out.trim(), 'configmap/ed edited');
    assert.equal(await jsonpath(['get', 'cm', 'ed', '-n', ns], '{.data.greeting} {.metadata.labels.edited}'), 'bonjour yes');

    const noop = editorScript(`noop-${tag}.sh`, 'true');
    const cancelled = await kubectl(['edit', 'cm', 'ed', '-n', ns], undefined, { KUBE_EDITOR: noop, EDITOR: noop });
    assert.equal(cancelled.code, 0, cancelled.stderr);
    assert.match(cancelled.stdout + cancelled.stderr, /Edit cancelled, no changes made\./);

    // An invalid edit is refused by the server and nothing changes.
    const bad = editorScript(`bad-${tag}.sh`, 'sed -i "s/^  name: web$/  name: web\\n  labels:\\n    \\"bad label!\\": x/" "$1"');
    await setup(ns, configMapYaml(ns, 'web'));
    const refused = await kubectl(['edit', 'cm', 'web', '-n', ns], undefined, { KUBE_EDITOR: bad, EDITOR: bad });
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /is invalid/);
    assert.equal(await jsonpath(['get', 'cm', 'web', '-n', ns], '{.metadata.labels}'), '');
  });

  test(`kubectl ${v}: scale a deployment, with and without --current-replicas`, async () => {
    const ns = `scale-${tag}`;
    await setup(ns, multiDocYaml(ns).split('---\n').slice(1).join('---\n'));
    assert.equal(ok(await kubectl(['scale', 'deploy', 'web', '-n', ns, '--replicas=5']), 'scale').trim(), 'deployment.apps/web scaled');
    assert.equal(await jsonpath(['get', 'deploy', 'web', '-n', ns], '{.spec.replicas}'), '5');
    const wrong = await kubectl(['scale', 'deploy', 'web', '-n', ns, '--replicas=1', '--current-replicas=3']);
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /Expected replicas to be 3, was 5/);
    ok(await kubectl(['scale', 'deploy/web', '-n', ns, '--replicas=0', '--current-replicas=5']), 'scale with precondition');
    assert.equal(await jsonpath(['get', 'deploy', 'web', '-n', ns], '{.spec.replicas}'), '0');
    const scale = JSON.parse(ok(await kubectl(['get', '--raw', `/apis/apps/v1/namespaces/${ns}/deployments/web/scale`]), 'get scale')) as {
      kind: string; apiVersion: string; spec: { replicas: number };
    };
    assert.deepEqual([scale.kind, scale.apiVersion, scale.spec.replicas], ['Scale', 'autoscaling/v1', 0]);
  });

  test(`kubectl ${v}: replace -f, and a stale replace conflicts`, async () => {
    const ns = `replace-${tag}`;
    await setup(ns, configMapYaml(ns, 'r', {}, { a: '1' }));
    const yaml = ok(await kubectl(['get', 'cm', 'r', '-n', ns, '-o', 'yaml']), 'get -o yaml');
    const rv1 = await jsonpath(['get', 'cm', 'r', '-n', ns], '{.metadata.resourceVersion}');
    assert.equal(ok(await kubectl(['replace', '-f', '-'], yaml.replace('a: "1"', 'a: "2"')), 'replace').trim(), 'configmap/r replaced');
    assert.equal(await jsonpath(['get', 'cm', 'r', '-n', ns], '{.data.a}'), '2');
    const rv2 = await jsonpath(['get', 'cm', 'r', '-n', ns], '{.metadata.resourceVersion}');
    assert.ok(BigInt(rv2) > BigInt(rv1), `resourceVersion ${rv2} should be after ${rv1}`);
    // The saved YAML still carries the old resourceVersion: 409 Conflict.
    const stale = await kubectl(['replace', '-f', '-'], yaml.replace('a: "1"', 'a: "3"'));
    assert.notEqual(stale.code, 0);
    assert.match(stale.stderr, /Error from server \(Conflict\).*the object has been modified/);
    assert.equal(await jsonpath(['get', 'cm', 'r', '-n', ns], '{.data.a}'), '2');
    // --force deletes and re-creates.
    const forced = ok(await kubectl(['replace', '--force', '-f', '-'], configMapYaml(ns, 'r', {}, { a: '4' })), 'replace --force');
    assert.match(forced, /configmap "r" deleted\s+configmap\/r replaced/);
    assert.equal(await jsonpath(['get', 'cm', 'r', '-n', ns], '{.data.a}'), '4');
  });

  test(`kubectl ${v}: delete by name, -f, -l and --all`, async () => {
    const ns = `delete-${tag}`;
    const docs = ['a', 'b', 'c', 'd', 'e'].map((n) => configMapYaml(ns, n, { group: n < 'c' ? 'first' : 'second' })).join('---\n');
    await setup(ns, `${docs}---\n${multiDocYaml(ns).split('---\n').slice(1).join('---\n')}`);

    assert.equal(ok(await kubectl(['delete', 'cm', 'a', '-n', ns]), 'delete by name').trim(), 'configmap "a" deleted');
    const gone = await kubectl(['get', 'cm', 'a', '-n', ns]);
    assert.match(gone.stderr, /NotFound/);
    const twice = await kubectl(['delete', 'cm', 'a', '-n', ns]);
    assert.notEqual(twice.code, 0);
    assert.match(twice.stderr, /Error from server \(NotFound\): configmaps "a" not found/);
    ok(await kubectl(['delete', 'cm', 'a', '-n', ns, '--ignore-not-found']), 'delete --ignore-not-found');

    const byFile = ok(await kubectl(['delete', '-f', '-'], multiDocYaml(ns).split('---\n').slice(2).join('---\n')), 'delete -f');
    assert.deepEqual(byFile.trim().split('\n'), [
      'secret "creds" deleted', 'deployment.apps "web" deleted', 'service "web" deleted', 'job.batch "once" deleted',
    ]);
    assert.equal(ok(await kubectl(['get', 'deploy,svc,job,secret', '-n', ns, '-o', 'name']), 'get after -f').trim(), '');

    const byLabel = ok(await kubectl(['delete', 'cm', '-n', ns, '-l', 'group=second']), 'delete -l');
    assert.deepEqual(byLabel.trim().split('\n').sort(), ['configmap "c" deleted', 'configmap "d" deleted', 'configmap "e" deleted']);
    // The root CA publisher puts configmap/kube-root-ca.crt in every namespace, as upstream; wait for it so
    // the rest of this test is deterministic.
    await until(async () => (await kubectl(['get', 'cm', ROOT_CA, '-n', ns, '-o', 'name'])).code === 0, `${ROOT_CA} in ${ns}`);
    assert.deepEqual(ok(await kubectl(['get', 'cm', '-n', ns, '-o', 'name']), 'get after -l').trim().split('\n'),
      ['configmap/b', `configmap/${ROOT_CA}`, 'configmap/settings']);

    // --all deletes kube-root-ca.crt too (as upstream); the publisher puts it back, and nothing else.
    const all = ok(await kubectl(['delete', 'cm', '--all', '-n', ns]), 'delete --all');
    assert.deepEqual(all.trim().split('\n').sort(), ['configmap "b" deleted', `configmap "${ROOT_CA}" deleted`, 'configmap "settings" deleted']);
    await until(async () => (await kubectl(['get', 'cm', ROOT_CA, '-n', ns, '-o', 'name'])).code === 0, `${ROOT_CA} put back in ${ns}`);
    assert.deepEqual(ok(await kubectl(['get', 'cm', '-n', ns, '-o', 'name']), 'get after --all').trim().split('\n'), [`configmap/${ROOT_CA}`]);
    const empty = await kubectl(['get', 'cm', '-n', ns, '-l', 'group']);
    assert.equal(empty.stdout, '');
    assert.match(empty.stderr, new RegExp(`No resources found in ${ns} namespace\\.`));
  });

  test(`kubectl ${v}: get -w prints additions, changes and deletions as they happen`, async () => {
    const ns = `watch-${tag}`;
    await setup(ns, configMapYaml(ns, 'first', {}, { k: 'v' }));
    const w = startWatch(kubectlPath, ['get', 'cm', '-n', ns, '-w', '--output-watch-events']);
    try {
      await w.waitFor((l) => l.some((x) => /^ADDED\s+first\s+1\s/.test(x)), 'initial ADDED first');
      assert.match(w.lines()[0] ?? '', /^EVENT\s+NAME\s+DATA\s+AGE$/);
      ok(await kubectl(['apply', '-f', '-'], configMapYaml(ns, 'second', {}, { a: '1', b: '2' })), 'create second');
      await w.waitFor((l) => l.some((x) => /^ADDED\s+second\s+2\s/.test(x)), 'ADDED second');
      ok(await kubectl(['patch', 'cm', 'first', '-n', ns, '--type', 'merge', '-p', '{"data":{"k2":"v2","k3":"v3"}}']), 'patch first');
      await w.waitFor((l) => l.some((x) => /^MODIFIED\s+first\s+3\s/.test(x)), 'MODIFIED first');
      ok(await kubectl(['delete', 'cm', 'second', '-n', ns]), 'delete second');
      await w.waitFor((l) => l.some((x) => /^DELETED\s+second\s/.test(x)), 'DELETED second');
      // kube-root-ca.crt (the root CA publisher's, as upstream) is ADDED at some point too; it is not ours.
      const events = w.lines().slice(1).map((l) => l.split(/\s+/).slice(0, 2).join(' ')).filter((e) => e !== `ADDED ${ROOT_CA}`);
      assert.deepEqual(events, ['ADDED first', 'ADDED second', 'MODIFIED first', 'DELETED second']);
    } finally {
      await w.stop();
    }

    // Plain -w on one object: a new row per change, in table form.
    ok(await kubectl(['apply', '-f', '-'], multiDocYaml(ns).split('---\n').slice(3, 4).join('')), 'create deployment');
    const d = startWatch(kubectlPath, ['get', 'deploy', 'web', '-n', ns, '-w']);
    try {
      await d.waitFor((l) => l.length >= 2, 'initial row');
      assert.match(d.lines()[0] ?? '', /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
      assert.deepEqual(tableRows(d.lines().join('\n'))[0]?.slice(0, 2), ['web', '0/2']);
      ok(await kubectl(['scale', 'deploy', 'web', '-n', ns, '--replicas=4']), 'scale');
      await d.waitFor((l) => l.some((x) => /^web\s+0\/4\s/.test(x)), 'row with 0/4');
    } finally {
      await d.stop();
    }
  });
}
