/**
 * Issue 5 "Done when" (Deployments): with pods marked ready by a simulated
 * kubelet, the real kubectl 1.32 creates a Deployment, scales it, sets an
 * image, waits on `rollout status`, reads `rollout history`, undoes to the
 * previous template, pauses, resumes and restarts it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster, type ExecResult } from './helpers/cluster.ts';
import { startPodSim, type PodSim } from './workloads-sim.ts';

let cluster: Cluster;
let sim: PodSim;
before(async () => {
  cluster = await startCluster();
  sim = await startPodSim(cluster.conn);
});
after(async () => { await sim?.stop(); await cluster?.dispose(); });

const ok = (r: ExecResult, what: string): string => {
  assert.equal(r.code, 0, `${what} exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r.stdout;
};
const k = async (args: string[], what = args.join(' ')): Promise<string> => ok(await cluster.kubectl(args), what);
const json = async (args: string[]): Promise<any> => JSON.parse(await k([...args, '-o', 'json'])); // eslint-disable-line @typescript-eslint/no-explicit-any

async function until<T>(fn: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${cluster.logs().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const image = async (name: string): Promise<string> => (await json(['get', 'deployment', name])).spec.template.spec.containers[0].image;

test('create, scale, set image, rollout status/history/undo/pause/resume/restart', async () => {
  await k(['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=3']);
  await k(['rollout', 'status', 'deployment/web', '--timeout=60s']);
  const d = await json(['get', 'deployment', 'web']);
  assert.equal(d.status.readyReplicas, 3);
  assert.equal(d.status.availableReplicas, 3);
  assert.equal(d.metadata.annotations['deployment.kubernetes.io/revision'], '1');
  const rs = await json(['get', 'rs', '-l', 'app=web']);
  assert.equal(rs.items.length, 1);
  const hash = rs.items[0].metadata.labels['pod-template-hash'];
  assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.equal(rs.items[0].metadata.name, `web-${hash}`);
  assert.equal((await json(['get', 'pods', '-l', `app=web,pod-template-hash=${hash}`])).items.length, 3);

  await k(['scale', 'deployment/web', '--replicas=5']);
  await until(async () => (await json(['get', 'pods', '-l', 'app=web'])).items.length === 5 || undefined, '5 pods');
  await k(['rollout', 'status', 'deployment/web', '--timeout=60s']);

  await k(['set', 'image', 'deployment/web', 'nginx=nginx:1.26']);
  await k(['rollout', 'status', 'deployment/web', '--timeout=60s']);
  const pods = (await json(['get', 'pods', '-l', 'app=web'])).items.filter((p: any) => !p.metadata.deletionTimestamp); // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(pods.length, 5);
  assert.ok(pods.every((p: any) => p.spec.containers[0].image === 'nginx:1.26')); // eslint-disable-line @typescript-eslint/no-explicit-any
  const hist = await k(['rollout', 'history', 'deployment/web']);
  assert.match(hist, /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);

  await k(['rollout', 'undo', 'deployment/web']);
  await k(['rollout', 'status', 'deployment/web', '--timeout=60s']);
  assert.equal(await image('web'), 'nginx:1.25');
  assert.match(await k(['rollout', 'history', 'deployment/web']), /\n2\s+<none>\n3\s+<none>/);

  await k(['rollout', 'pause', 'deployment/web']);
  await k(['set', 'image', 'deployment/web', 'nginx=nginx:1.27']);
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal((await json(['get', 'rs', '-l', 'app=web'])).items.length, 2, 'a paused deployment starts no rollout');
  const paused = await json(['get', 'deployment', 'web']);
  assert.equal(paused.status.conditions.find((c: any) => c.type === 'Progressing').reason, 'DeploymentPaused'); // eslint-disable-line @typescript-eslint/no-explicit-any
  await k(['rollout', 'resume', 'deployment/web']);
  await k(['rollout', 'status', 'deployment/web', '--timeout=60s']);
  assert.equal((await json(['get', 'rs', '-l', 'app=web'])).items.length, 3);

  await k(['rollout', 'restart', 'deployment/web']);
  await k(['rollout', 'status', 'deployment/web', '--timeout=60s']);
  const restarted = await json(['get', 'deployment', 'web']);
  assert.ok(restarted.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']);
  assert.equal(restarted.metadata.annotations['deployment.kubernetes.io/revision'], '5');
  const avail = restarted.status.conditions.find((c: any) => c.type === 'Available'); // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(avail.status, 'True');
});
