/**
 * PodDisruptionBudgets with simulated nodes and the real kubectl (issue 5):
 * the disruption controller keeps the budget's status, `kubectl drain`
 * retries while the budget forbids an eviction (the Eviction API answers
 * 429 TooManyRequests) and goes through once it allows one.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster } from './helpers/cluster.ts';
import { startSimProcess, until, type SimProcess } from './helpers/sim-process.ts';

let cluster: Cluster;
let sim: SimProcess;
before(async () => {
  cluster = await startCluster();
  sim = await startSimProcess(cluster.kubeconfig, 2, 'pdb-');
});
after(async () => { await sim?.stop(); await cluster?.dispose(); });

const ctx = (): string => `--- cluster ---\n${cluster.logs().slice(-2000)}\n--- sim ---\n${sim.output().slice(-1000)}`;
async function kubectl(args: string[], input?: string): Promise<string> {
  const r = await cluster.kubectl(args, { input });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}\n${ctx()}`);
  return r.stdout;
}
const json = async (args: string[]) => JSON.parse(await kubectl([...args, '-o', 'json']));

test('a PodDisruptionBudget blocks eviction with 429 until it allows a disruption', { timeout: 120_000 }, async () => {
  await kubectl(['create', 'deployment', 'guarded', '--image=nginx', '--replicas=2']);
  await kubectl(['create', 'pdb', 'guarded', '--selector=app=guarded', '--min-available=2']);
  const st = await until('budget status', async () => {
    const p = await json(['get', 'pdb', 'guarded']);
    return p.status?.currentHealthy === 2 ? p.status : undefined;
  }, 60_000, ctx);
  assert.equal(st.desiredHealthy, 2);
  assert.equal(st.expectedPods, 2);
  assert.equal(st.disruptionsAllowed, 0);
  assert.equal(st.observedGeneration, 1);
  assert.deepEqual(st.conditions.map((c: any) => [c.type, c.status, c.reason]), [['DisruptionAllowed', 'False', 'InsufficientPods']]);

  const pod = (await json(['get', 'pods', '-l', 'app=guarded'])).items[0];
  const r = await cluster.request(`/api/v1/namespaces/default/pods/${pod.metadata.name}/eviction`, {
    method: 'POST', body: JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod.metadata.name, namespace: 'default' } }),
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(r.status, 429);
  const status = r.json as any;
  assert.equal(status.reason, 'TooManyRequests');
  assert.equal(status.message, "Cannot evict pod as it would violate the pod's disruption budget.");
  assert.deepEqual(status.details.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget guarded needs 2 healthy pods and has 2 currently' }]);

  const node = pod.spec.nodeName;
  const drain = await cluster.kubectl(['drain', node, '--ignore-daemonsets', '--timeout=7s']);
  assert.notEqual(drain.code, 0);
  assert.match(drain.stderr, /error when evicting pods\/"[^"]+" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\./);

  await kubectl(['patch', 'pdb', 'guarded', '--type=merge', '-p', '{"spec":{"minAvailable":1}}']);
  await until('one disruption allowed', async () => ((await json(['get', 'pdb', 'guarded'])).status.disruptionsAllowed === 1 ? true : undefined), 20_000, ctx);
  const out = await kubectl(['drain', node, '--ignore-daemonsets', '--timeout=60s']);
  assert.match(out, /evicted/);
  assert.match(out, new RegExp(`node/${node} drained`));
});
