/**
 * Endpoints and EndpointSlices follow pods (issue 5), read with the real
 * kubectl. No kubelets run here: the test plays the kubelet by writing pod
 * status (IP, Ready) through pods/status, so every transition is exact.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster } from './helpers/cluster.ts';
import { until } from './helpers/sim-process.ts';
import { RestClient } from '../../src/client/rest-client.ts';

let cluster: Cluster;
let client: RestClient;
const PODS = { group: '', version: 'v1', plural: 'pods', namespace: 'default' };

before(async () => {
  cluster = await startCluster();
  const c = cluster.conn;
  client = new RestClient({ server: c.server, ca: c.ca, cert: c.cert, key: c.key });
});
after(async () => { client?.close(); await cluster?.dispose(); });

const ctx = (): string => `--- cluster ---\n${cluster.logs().slice(-2000)}`;
async function kubectl(args: string[], input?: string): Promise<string> {
  const r = await cluster.kubectl(args, { input });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}\n${ctx()}`);
  return r.stdout;
}
const json = async (args: string[]) => JSON.parse(await kubectl([...args, '-o', 'json']));

function pod(name: string, labels: Record<string, string>, port?: number, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels },
    spec: { containers: [{ name: 'c', image: 'nginx', ports: port ? [{ name: 'http', containerPort: port }] : [] }], ...extra },
  };
}
async function setStatus(name: string, ip: string, ready: boolean): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await client.patch({ ...PODS, name, subresource: 'status' }, 'merge', {
    status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now }] },
  });
}
const sliceOf = async (svc: string) => (await json(['get', 'endpointslices', '-l', `kubernetes.io/service-name=${svc}`])).items;

test('ready and not-ready pods, named target ports resolved per pod, terminating endpoints', async () => {
  await kubectl(['apply', '-f', '-'], JSON.stringify({
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels: { tier: 'front' } },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  }));
  for (const [n, p] of [['web-a', 8080], ['web-b', 9090], ['web-c', undefined]] as const) await client.create(PODS, pod(n, { app: 'web' }, p));
  await setStatus('web-a', '10.9.0.1', true);
  await setStatus('web-b', '10.9.0.2', true);
  await setStatus('web-c', '10.9.0.3', true);
  const out = await until('both endpoints', async () => {
    const o = await kubectl(['get', 'endpoints', 'web']);
    return o.includes('10.9.0.1:8080') && o.includes('10.9.0.2:9090') ? o : undefined;
  }, 20_000, ctx);
  assert.doesNotMatch(out, /10\.9\.0\.3/, 'a pod without the named port is left out');
  const ep = await json(['get', 'endpoints', 'web']);
  assert.equal(ep.metadata.labels.tier, 'front');
  assert.equal(ep.subsets.length, 2, 'one subset per port set');

  const slices = await sliceOf('web');
  assert.equal(slices.length, 2);
  for (const s of slices) {
    assert.equal(s.metadata.labels['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
    assert.equal(s.metadata.ownerReferences[0].kind, 'Service');
    assert.equal(s.metadata.ownerReferences[0].controller, true);
    assert.equal(s.ports[0].name, 'http');
    assert.deepEqual(s.endpoints[0].conditions, { ready: true, serving: true, terminating: false });
  }
  assert.match(await kubectl(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web']), /IPv4\s+9090\s+10\.9\.0\.2/);

  // web-b stops being ready: it moves to notReadyAddresses and its slice endpoint is not ready.
  await setStatus('web-b', '10.9.0.2', false);
  const nr = await until('web-b not ready', async () => {
    const e = await json(['get', 'endpoints', 'web']);
    return e.subsets.find((s: any) => s.notReadyAddresses) ? e : undefined;
  }, 20_000, ctx);
  assert.equal(nr.subsets.find((s: any) => s.notReadyAddresses).notReadyAddresses[0].targetRef.name, 'web-b');
  await until('slice of web-b not ready', async () => {
    const s = (await sliceOf('web')).find((x: any) => x.ports[0].port === 9090);
    return s?.endpoints[0].conditions.ready === false && s.endpoints[0].conditions.serving === false ? true : undefined;
  }, 20_000, ctx);
  assert.doesNotMatch(await kubectl(['get', 'endpoints', 'web']), /10\.9\.0\.2/);
  await setStatus('web-b', '10.9.0.2', true);
  await until('web-b ready again', async () => ((await kubectl(['get', 'endpoints', 'web'])).includes('10.9.0.2:9090') ? true : undefined), 20_000, ctx);

  // A terminating pod leaves Endpoints but stays in its slice as terminating (serving while still ready).
  await client.patch({ ...PODS, name: 'web-a' }, 'merge', { metadata: { finalizers: ['example.com/hold'] } });
  await kubectl(['delete', 'pod', 'web-a', '--wait=false']);
  await until('web-a terminating in its slice', async () => {
    const s = (await sliceOf('web')).find((x: any) => x.ports[0].port === 8080);
    const c = s?.endpoints[0]?.conditions;
    return c && c.terminating === true && c.ready === false && c.serving === true ? true : undefined;
  }, 20_000, ctx);
  assert.doesNotMatch(await kubectl(['get', 'endpoints', 'web']), /10\.9\.0\.1/);
  await client.patch({ ...PODS, name: 'web-a' }, 'merge', { metadata: { finalizers: null } });
  await until('web-a slice gone', async () => ((await sliceOf('web')).length === 1 ? true : undefined), 20_000, ctx);
});

test('headless Service: hostnames, publishNotReadyAddresses, placeholder slice without pods', async () => {
  await kubectl(['apply', '-f', '-'], JSON.stringify({
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' },
    spec: { clusterIP: 'None', publishNotReadyAddresses: true, selector: { app: 'db' }, ports: [{ port: 5432 }] },
  }));
  const empty = await until('placeholder slice', async () => { const s = await sliceOf('db'); return s.length === 1 ? s[0] : undefined; }, 20_000, ctx);
  assert.deepEqual(empty.endpoints ?? [], []);
  assert.equal(empty.metadata.labels['service.kubernetes.io/headless'], '');
  await client.create(PODS, pod('db-0', { app: 'db' }, undefined, { hostname: 'db-0', subdomain: 'db' }));
  await setStatus('db-0', '10.9.1.1', false);
  const ep = await until('db-0 published although not ready', async () => {
    const e = await json(['get', 'endpoints', 'db']);
    return e.subsets?.[0]?.addresses ? e : undefined;
  }, 20_000, ctx);
  assert.equal(ep.subsets[0].addresses[0].hostname, 'db-0');
  assert.equal(ep.subsets[0].ports[0].port, 5432);
  assert.equal(ep.metadata.labels['service.kubernetes.io/headless'], '');
  const s = await until('db slice', async () => { const x = await sliceOf('db'); return x.length === 1 && x[0].endpoints?.length ? x[0] : undefined; }, 20_000, ctx);
  assert.equal(s.endpoints[0].hostname, 'db-0');
  assert.equal(s.endpoints[0].conditions.ready, true, 'ready because the Service publishes not-ready addresses');
});

test('EndpointSlices hold at most 100 endpoints each', async () => {
  await kubectl(['create', 'service', 'clusterip', 'many', '--tcp=80:80']);
  const names = Array.from({ length: 150 }, (_, i) => `many-${i}`);
  for (let i = 0; i < names.length; i += 25) {
    await Promise.all(names.slice(i, i + 25).map(async (n, j) => {
      await client.create(PODS, pod(n, { app: 'many' }));
      await setStatus(n, `10.9.2.${i + j + 1}`, true);
    }));
  }
  const slices = await until('150 endpoints in slices', async () => {
    const s = await sliceOf('many');
    return s.reduce((n: number, x: any) => n + (x.endpoints?.length ?? 0), 0) === 150 ? s : undefined;
  }, 60_000, ctx);
  assert.equal(slices.length, 2);
  assert.deepEqual(slices.map((x: any) => x.endpoints.length).sort((a: number, b: number) => a - b), [50, 100]);
  const ep = await json(['get', 'endpoints', 'many']);
  assert.equal(ep.subsets[0].addresses.length, 150);
  // The API server's own Endpoints and slice are left as its bootstrap wrote them.
  const k = await json(['get', 'endpointslice', 'kubernetes']);
  assert.equal(k.metadata.ownerReferences, undefined);
});
