/**
 * ResourceQuota and LimitRange with the real kubectl (issue 5): quota usage
 * in status.used, 403 Forbidden past the quota with upstream's message,
 * "must specify" for unconstrained pods, LimitRange defaults (and their
 * annotation) and min/max violations.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster } from './helpers/cluster.ts';
import { until } from './helpers/sim-process.ts';

let cluster: Cluster;
before(async () => { cluster = await startCluster(); });
after(async () => { await cluster?.dispose(); });

const ctx = (): string => `--- cluster ---\n${cluster.logs().slice(-2000)}`;
async function kubectl(args: string[], input?: string): Promise<string> {
  const r = await cluster.kubectl(args, { input });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}\n${ctx()}`);
  return r.stdout;
}
const json = async (args: string[]) => JSON.parse(await kubectl([...args, '-o', 'json']));
const podWith = (name: string, resources: unknown) => JSON.stringify({
  apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx', resources }] },
});

test('ResourceQuota tracks usage and refuses creates past it with 403', async () => {
  await kubectl(['create', 'namespace', 'quota']);
  await kubectl(['-n', 'quota', 'create', 'quota', 'compute', '--hard=pods=2,requests.cpu=1,limits.memory=1Gi,count/configmaps=3']);
  await until('quota status', async () => ((await json(['-n', 'quota', 'get', 'quota', 'compute'])).status?.used ? true : undefined), 20_000, ctx);
  const r = await cluster.kubectl(['-n', 'quota', 'apply', '-f', '-'], { input: podWith('bare', {}) });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /Error from server \(Forbidden\).*pods "bare" is forbidden: failed quota: compute: must specify limits\.memory,requests\.cpu/);

  const res = { requests: { cpu: '400m' }, limits: { memory: '256Mi' } };
  await kubectl(['-n', 'quota', 'apply', '-f', '-'], podWith('p1', res));
  await kubectl(['-n', 'quota', 'apply', '-f', '-'], podWith('p2', res));
  const over = await cluster.kubectl(['-n', 'quota', 'apply', '-f', '-'], { input: podWith('p3', { requests: { cpu: '100m' }, limits: { memory: '1Mi' } }) });
  assert.notEqual(over.code, 0);
  assert.match(over.stderr, /pods "p3" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2/);
  const used = await until('usage of two pods', async () => {
    const q = await json(['-n', 'quota', 'get', 'quota', 'compute']);
    return q.status.used.pods === '2' && q.status.used['requests.cpu'] === '800m' ? q.status.used : undefined;
  }, 20_000, ctx);
  assert.equal(used['limits.memory'], '512Mi');
  assert.equal(used['count/configmaps'], '1', 'kube-root-ca.crt');
  assert.match(await kubectl(['-n', 'quota', 'describe', 'quota', 'compute']), /requests\.cpu\s+800m\s+1/);

  await kubectl(['-n', 'quota', 'delete', 'pod', 'p2', '--wait=false']);
  await until('usage goes down', async () => ((await json(['-n', 'quota', 'get', 'quota', 'compute'])).status.used.pods === '1' ? true : undefined), 20_000, ctx);
  const cpu = await cluster.kubectl(['-n', 'quota', 'apply', '-f', '-'], { input: podWith('p4', { requests: { cpu: '700m' }, limits: { memory: '1Mi' } }) });
  assert.match(cpu.stderr, /exceeded quota: compute, requested: requests\.cpu=700m, used: requests\.cpu=400m, limited: requests\.cpu=1/);
  await kubectl(['-n', 'quota', 'create', 'configmap', 'a']);
  await kubectl(['-n', 'quota', 'create', 'configmap', 'b']);
  const cm = await cluster.kubectl(['-n', 'quota', 'create', 'configmap', 'c']);
  assert.match(cm.stderr, /configmaps "c" is forbidden: exceeded quota: compute, requested: count\/configmaps=1, used: count\/configmaps=3, limited: count\/configmaps=3/);
});

test('LimitRange defaults container resources and rejects violations of min and max', async () => {
  await kubectl(['create', 'namespace', 'limits']);
  await kubectl(['-n', 'limits', 'apply', '-f', '-'], JSON.stringify({
    apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'defaults' },
    spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '250m' }, min: { cpu: '100m' }, max: { cpu: '1' } }] },
  }));
  await kubectl(['-n', 'limits', 'run', 'plain', '--image=nginx']);
  const p = await json(['-n', 'limits', 'get', 'pod', 'plain']);
  assert.deepEqual(p.spec.containers[0].resources, { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '250m', memory: '256Mi' } });
  assert.equal(p.metadata.annotations['kubernetes.io/limit-ranger'], 'LimitRanger plugin set: cpu, memory request for container plain; cpu, memory limit for container plain');
  assert.equal(p.status.qosClass, 'Burstable');
  const big = await cluster.kubectl(['-n', 'limits', 'apply', '-f', '-'], { input: podWith('big', { limits: { cpu: '2' } }) });
  assert.match(big.stderr, /pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2/);
  const small = await cluster.kubectl(['-n', 'limits', 'apply', '-f', '-'], { input: podWith('small', { requests: { cpu: '50m' } }) });
  assert.match(small.stderr, /pods "small" is forbidden: minimum cpu usage per Container is 100m, but request is 50m/);
});
