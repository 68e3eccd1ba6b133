/**
 * Issue 6 item 2: the image pull path on real containerd. Debian's
 * docker-registry runs on 127.0.0.1 inside the test's network namespace
 * (containerd-node.ts), our busybox archive is pushed to it as
 * library/busybox:latest, and DIR/registries.yaml (written before `k8ts init`)
 * mirrors docker.io to it, so an unmodified `image: busybox` runs. A Basic-auth
 * proxy in front of the same registry serves `registry.k8ts.test`, pulled with
 * a dockerconfigjson Secret. No traffic leaves loopback or the namespace.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, startNetnsNode, unsupported, type NetnsNode } from './containerd-node.ts';
import { exec } from './helpers/exec.ts';
import { KUBECTL_132, REPO } from './helpers/paths.ts';

const REGISTRY_BIN = '/usr/bin/docker-registry';
const REGISTRY_PORT = 5000;
const PROXY_PORT = 5001;
const PRIVATE = 'registry.k8ts.test';
const skip = unsupported() ?? (existsSync(REGISTRY_BIN) ? undefined : `${REGISTRY_BIN} is not installed (scripts/setup.sh)`);

let node: NetnsNode;
const procs: ChildProcess[] = [];
let registryLog = '';

/** Start `cmd` in the namespace; resolve once `ready` matches its output. */
async function daemon(netns: string, cmd: string, args: string[], ready: RegExp, onOutput?: (s: string) => void): Promise<void> {
  const c = spawn('nsenter', [`--net=/run/netns/${netns}`, cmd, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  procs.push(c);
  let out = '';
  const on = (d: Buffer) => { out += d.toString(); onOutput?.(d.toString()); };
  c.stdout!.on('data', on);
  c.stderr!.on('data', on);
  const deadline = Date.now() + 15_000;
  while (!ready.test(out)) {
    if (c.exitCode !== null || Date.now() > deadline) throw new Error(`${cmd} did not start:\n${out.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function prepare(netns: string, dir: string): Promise<void> {
  const storage = join(dir, 'registry-storage');
  mkdirSync(storage, { recursive: true });
  const config = join(dir, 'registry.yml');
  writeFileSync(config, [
    'version: 0.1',
    'log: {level: info, accesslog: {disabled: false}}',
    `storage: {filesystem: {rootdirectory: ${JSON.stringify(storage)}}}`,
    `http: {addr: "127.0.0.1:${REGISTRY_PORT}"}`,
    '',
  ].join('\n'));
  await daemon(netns, REGISTRY_BIN, ['serve', config], /listening on 127\.0\.0\.1/, (s) => { registryLog += s; });
  await daemon(netns, process.execPath, ['--import', 'tsx', join(REPO, 'test/e2e/helpers/basic-auth-proxy.ts'),
    String(PROXY_PORT), String(REGISTRY_PORT), 'k8ts', 's3cret'], /listening/);
  const push = await exec('nsenter', [`--net=/run/netns/${netns}`, process.execPath, '--import', 'tsx', join(REPO, 'test/e2e/helpers/registry-push.ts'),
    join(REPO, '.cache/images/busybox.tar'), `http://127.0.0.1:${REGISTRY_PORT}`, 'library/busybox', 'latest'], { cwd: REPO });
  assert.equal(push.code, 0, push.stderr);
  writeFileSync(join(dir, 'registries.yaml'), [
    'mirrors:',
    '  docker.io:',
    `    endpoint: ["http://127.0.0.1:${REGISTRY_PORT}"]`,
    `  ${PRIVATE}:`,
    `    endpoint: ["http://127.0.0.1:${PROXY_PORT}"]`,
    '',
  ].join('\n'));
}

before(async () => { if (!skip) node = await startNetnsNode({ prepare }); });
after(async () => {
  for (const c of procs) if (c.exitCode === null) { const gone = new Promise((r) => c.once('exit', r)); c.kill('SIGTERM'); await gone; }
  await node?.dispose();
});

type Status = { phase?: string; containerStatuses?: Array<{ image: string; imageID: string; state: Record<string, { reason?: string; message?: string }> }> };

async function status(name: string): Promise<Status> {
  const r = await node.kubectl(['get', 'pod', name, '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { status: Status }).status;
}

function pod(name: string, image: string, extra: Record<string, unknown> = {}, container: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { test: name } },
    spec: { terminationGracePeriodSeconds: 1, ...extra, containers: [{ name: 'main', image, command: ['sleep', '3600'], ...container }] },
  });
}

async function apply(manifest: string): Promise<void> {
  const r = await node.kubectl(['apply', '-f', '-'], manifest);
  assert.equal(r.code, 0, r.stderr);
}

const running = (name: string) => eventually(`${name} Running`, async () => {
  const s = await status(name);
  return s.phase === 'Running' ? s : undefined;
}, 60_000);

/** Messages of the pod's events with `reason`. */
async function events(name: string, reason: string): Promise<string[]> {
  const r = await node.kubectl(['get', 'events', '--field-selector', `involvedObject.name=${name},reason=${reason}`, '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { items: Array<{ message: string }> }).items.map((e) => e.message);
}

const manifestRequests = () => (registryLog.match(/"(GET|HEAD) \/v2\/library\/busybox\/manifests\/latest(\?\S*)? HTTP/g) ?? []).length;

/** Lines of `kubectl get pods -l test=NAME -w` (started before the pod exists) until `until` matches one of them (the STATUS column as a user sees it). */
function watchPod(name: string, until: RegExp, timeoutMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const c = spawn('nsenter', [`--net=/run/netns/${node.netns}`, KUBECTL_132, '--kubeconfig', join(node.dir, 'admin.conf'), 'get', 'pods', '-l', `test=${name}`, '-w', '--no-headers'],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: node.dir } });
    let out = '';
    let err = '';
    c.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const timer = setTimeout(() => { c.kill('SIGKILL'); reject(new Error(`timed out watching ${name}:\n${out}${err}`)); }, timeoutMs);
    c.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n').filter(Boolean);
      if (lines.some((l) => until.test(l))) { clearTimeout(timer); c.kill('SIGTERM'); resolve(lines); }
    });
  });
}

test('image: busybox runs from the docker.io mirror in registries.yaml; imagePullPolicy Always pulls again, IfNotPresent does not', { skip, timeout: 120_000 }, async () => {
  await apply(pod('plain', 'busybox'));
  const s = await running('plain');
  const st = s.containerStatuses![0]!;
  // Upstream reports the name the runtime resolved (containerd: the image's first repo tag), not the spec's.
  assert.equal(st.image, 'docker.io/library/busybox:latest');
  assert.match(st.imageID, /^docker\.io\/library\/busybox@sha256:[0-9a-f]{64}$/);
  assert.match((await events('plain', 'Pulled')).join('\n'), /Successfully pulled image "busybox"/);
  const images = await node.ctr(['images', 'ls', '-q']);
  assert.match(images.stdout, /^docker\.io\/library\/busybox:latest$/m);

  // The image is present now: IfNotPresent uses it without asking the registry, Always asks again.
  const before = manifestRequests();
  assert.ok(before > 0, `the first pull went through the mirror:\n${registryLog.slice(-3000)}`);
  await apply(pod('present', 'busybox', {}, { imagePullPolicy: 'IfNotPresent' }));
  await running('present');
  assert.match((await events('present', 'Pulled')).join('\n'), /already present on machine/);
  assert.equal(manifestRequests(), before, 'IfNotPresent did not contact the registry');
  await apply(pod('always', 'busybox:latest', {}, { imagePullPolicy: 'Always' }));
  await running('always');
  assert.match((await events('always', 'Pulled')).join('\n'), /Successfully pulled image "busybox:latest"/);
  assert.ok(manifestRequests() > before, 'Always resolved the tag at the registry again');
});

test('an image the registry does not have shows ErrImagePull, then ImagePullBackOff', { skip, timeout: 60_000 }, async () => {
  const watching = watchPod('missing', /\bImagePullBackOff\b/, 45_000);
  await new Promise((r) => setTimeout(r, 1000));
  await apply(pod('missing', 'busybox-missing:1.0'));
  const lines = await watching;
  const statuses = lines.map((l) => l.trim().split(/\s+/)[2]);
  const err = statuses.indexOf('ErrImagePull');
  assert.ok(err >= 0, `ErrImagePull shown:\n${lines.join('\n')}`);
  assert.ok(statuses.indexOf('ImagePullBackOff') > err, `then ImagePullBackOff:\n${lines.join('\n')}`);
  const s = await status('missing');
  assert.equal(s.phase, 'Pending');
  const waiting = s.containerStatuses![0]!.state.waiting!;
  assert.match(String(waiting.reason), /^(ErrImagePull|ImagePullBackOff)$/);
  assert.match(String(waiting.message), /busybox-missing/);
});

test('a registry that demands credentials: no imagePullSecrets fails the pull, a docker-registry Secret makes it work', { skip, timeout: 90_000 }, async () => {
  const image = `${PRIVATE}/library/busybox:latest`;
  await apply(pod('anonymous', image));
  const failed = await eventually('anonymous pull fails', async () => {
    const w = (await status('anonymous')).containerStatuses?.[0]?.state.waiting;
    return w && /^(ErrImagePull|ImagePullBackOff)$/.test(String(w.reason)) ? w : undefined;
  }, 45_000);
  assert.match(String(failed.message), /401|[Uu]nauthorized/);

  const secret = await node.kubectl(['create', 'secret', 'docker-registry', 'regcred', `--docker-server=${PRIVATE}`, '--docker-username=k8ts', '--docker-password=s3cret']);
  assert.equal(secret.code, 0, secret.stderr);
  await apply(pod('authorized', image, { imagePullSecrets: [{ name: 'regcred' }] }));
  const s = await running('authorized');
  // The same image as docker.io/library/busybox:latest (pulled above): containerd names its first repo tag, as with upstream.
  assert.match(s.containerStatuses![0]!.image, new RegExp(`^(${image.replace(/\./g, '\\.')}|docker\\.io/library/busybox:latest)$`));
  assert.equal((await status('anonymous')).phase, 'Pending', 'the pod without the secret still cannot pull');
});
