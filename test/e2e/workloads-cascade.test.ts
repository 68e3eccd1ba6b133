/**
 * Issue 5 "Done when" (garbage collection): deleting a Deployment with
 * `kubectl delete --cascade=background|foreground|orphan` leaves exactly
 * what upstream leaves: nothing for background and foreground (foreground:
 * the Deployment stays until its ReplicaSets and pods are gone), and for
 * orphan the ReplicaSet and pods without their ownerReferences.
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
const k = async (args: string[]): Promise<string> => ok(await cluster.kubectl(args), args.join(' '));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const items = async (what: string, sel: string): Promise<any[]> => JSON.parse(await k(['get', what, '-l', sel, '-o', 'json'])).items;

async function until(fn: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${cluster.logs().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function deploy(name: string): Promise<void> {
  await k(['create', 'deployment', name, '--image=nginx:1.25', '--replicas=2']);
  await k(['rollout', 'status', `deployment/${name}`, '--timeout=60s']);
}

test('--cascade=background removes the Deployment, then its ReplicaSet and pods', async () => {
  await deploy('bg');
  await k(['delete', 'deployment', 'bg', '--cascade=background']);
  await until(async () => (await items('rs', 'app=bg')).length === 0 && (await items('pods', 'app=bg')).length === 0, 'dependents gone');
});

test('--cascade=foreground waits for the ReplicaSet and pods, then removes the Deployment', async () => {
  await deploy('fg');
  await k(['delete', 'deployment', 'fg', '--cascade=foreground', '--wait=true', '--timeout=60s']);
  assert.equal((await items('rs', 'app=fg')).length, 0);
  assert.equal((await items('pods', 'app=fg')).length, 0);
  assert.equal((await items('deployments', 'app=fg')).length, 0);
});

test('--cascade=orphan keeps the ReplicaSet and pods and removes their reference to the Deployment', async () => {
  await deploy('or');
  await k(['delete', 'deployment', 'or', '--cascade=orphan', '--wait=true', '--timeout=60s']);
  assert.equal((await items('deployments', 'app=or')).length, 0);
  await until(async () => (await items('rs', 'app=or')).every((rs) => !rs.metadata.ownerReferences), 'rs orphaned');
  const rs = await items('rs', 'app=or');
  assert.equal(rs.length, 1);
  const pods = await items('pods', 'app=or');
  assert.equal(pods.length, 2);
  // The pods still belong to the ReplicaSet, which keeps running them.
  assert.ok(pods.every((p) => p.metadata.ownerReferences?.[0]?.uid === rs[0].metadata.uid));
  await k(['delete', 'rs', rs[0].metadata.name]);
  await until(async () => (await items('pods', 'app=or')).length === 0, 'pods of the deleted rs gone');
});
