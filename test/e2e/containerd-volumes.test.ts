/**
 * Issue 6 item 5: volumes on real containerd, checked with the real
 * kubectl: configMap, secret, downwardAPI, projected (token, CA, configMap)
 * and emptyDir (tmpfs) contents, a configMap update reaching the running
 * container, a local-path PVC whose data survives pod recreation, and a
 * disk emptyDir over its sizeLimit evicting its pod.
 * Runs in its own network namespace (containerd-node.ts).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BUSYBOX, eventually, startNetnsNode, unsupported, type NetnsNode } from './containerd-node.ts';

const skip = unsupported();
// k8ts inherits the environment: measure emptyDirs every second instead of every 10 s.
process.env.K8TS_EVICTION_MONITORING_PERIOD_MS = '1000';
let node: NetnsNode;

before(async () => { if (!skip) node = await startNetnsNode(); });
after(async () => { await node?.dispose(); });

const apply = async (o: unknown) => { const r = await node.kubectl(['apply', '-f', '-'], JSON.stringify(o)); assert.equal(r.code, 0, r.stderr); };
const phase = async (name: string) => (await node.kubectl(['get', 'pod', name, '-o', 'jsonpath={.status.phase}'])).stdout;
const execOut = async (pod: string, cmd: string[]) => { const r = await node.kubectl(['exec', pod, '--', ...cmd]); assert.equal(r.code, 0, r.stderr); return r.stdout; };

test('configMap, secret, downwardAPI, projected token and emptyDir volumes have the right content; configMap updates arrive', { skip, timeout: 110_000 }, async () => {
  assert.equal((await node.kubectl(['create', 'configmap', 'cfg', '--from-literal=greeting=hello'])).code, 0);
  assert.equal((await node.kubectl(['create', 'secret', 'generic', 'sec', '--from-literal=password=hunter2'])).code, 0);
  await apply({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'vols', labels: { app: 'vols', tier: 'x' } },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [{
        name: 'main', image: BUSYBOX, command: ['sleep', '3600'],
        volumeMounts: [
          { name: 'cfg', mountPath: '/cfg' }, { name: 'sec', mountPath: '/sec' }, { name: 'info', mountPath: '/info' },
          { name: 'sa', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }, { name: 'mem', mountPath: '/mem' },
        ],
      }],
      volumes: [
        { name: 'cfg', configMap: { name: 'cfg' } },
        { name: 'sec', secret: { secretName: 'sec', defaultMode: 0o400 } },
        { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] } },
        { name: 'sa', projected: { sources: [
          { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
        ] } },
        { name: 'mem', emptyDir: { medium: 'Memory', sizeLimit: '8Mi' } },
      ],
    },
  });
  await eventually('vols Running', async () => ((await phase('vols')) === 'Running' ? true : undefined));
  assert.equal(await execOut('vols', ['cat', '/cfg/greeting']), 'hello');
  assert.equal(await execOut('vols', ['cat', '/sec/password']), 'hunter2');
  assert.match(await execOut('vols', ['stat', '-L', '-c', '%a', '/sec/password']), /^400/);
  assert.equal(await execOut('vols', ['cat', '/info/labels']), 'app="vols"\ntier="x"');
  assert.equal(await execOut('vols', ['cat', '/info/name']), 'vols');
  const sa = '/var/run/secrets/kubernetes.io/serviceaccount';
  assert.equal(await execOut('vols', ['cat', `${sa}/namespace`]), 'default');
  assert.match(await execOut('vols', ['cat', `${sa}/ca.crt`]), /BEGIN CERTIFICATE/);
  const token = await execOut('vols', ['cat', `${sa}/token`]);
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, any>;
  assert.equal(claims.sub, 'system:serviceaccount:default:default');
  assert.equal(claims['kubernetes.io'].pod.name, 'vols');
  // The token authenticates to the API server, without the admin client certificate (Forbidden names the account).
  const server = (await node.kubectl(['config', 'view', '--raw', '-o', 'jsonpath={.clusters[0].cluster.server}'])).stdout;
  const asToken = (t: string) => node.inNetns('kubectl', ['--kubeconfig', '/dev/null', '-s', server, '--insecure-skip-tls-verify', '--token', t, 'get', 'pods']);
  const who = await asToken(token);
  assert.ok(who.code === 0 || /system:serviceaccount:default:default/.test(who.stderr), who.stderr);
  assert.match((await asToken(`${token}x`)).stderr, /Unauthorized|must be logged in/);
  assert.match(await execOut('vols', ['sh', '-c', 'grep " /mem " /proc/mounts']), /tmpfs \/mem tmpfs .*size=8192k/);
  // Files are written atomically through ..data, as upstream.
  assert.match(await execOut('vols', ['ls', '-a', '/cfg']), /\.\.data/);
  assert.equal((await node.kubectl(['patch', 'configmap', 'cfg', '-p', '{"data":{"greeting":"bonjour"}}'])).code, 0);
  await eventually('updated configMap in the volume', async () => ((await execOut('vols', ['cat', '/cfg/greeting'])) === 'bonjour' ? true : undefined), 40_000);
  assert.equal((await node.kubectl(['delete', 'pod', 'vols', '--wait=true'])).code, 0);
});

test('a PVC of the default local-path class is bound and its data survives pod recreation', { skip, timeout: 110_000 }, async () => {
  const sc = await node.kubectl(['get', 'storageclass']);
  assert.match(sc.stdout, /local-path \(default\)\s+rancher\.io\/local-path\s+Delete\s+Immediate/);
  await apply({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
  await eventually('PVC Bound', async () => ((await node.kubectl(['get', 'pvc', 'data', '-o', 'jsonpath={.status.phase}'])).stdout === 'Bound' ? true : undefined), 30_000);
  assert.match((await node.kubectl(['get', 'pvc', 'data'])).stdout, /data\s+Bound\s+pvc-[0-9a-f-]+\s+1Gi\s+RWO\s+local-path/);
  const writer = (cmd: string) => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'user' },
    spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: BUSYBOX, command: ['sh', '-c', cmd], volumeMounts: [{ name: 'd', mountPath: '/data' }] }],
      volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] },
  });
  await apply(writer('echo persisted > /data/f; sleep 3600'));
  await eventually('writer Running', async () => ((await phase('user')) === 'Running' ? true : undefined));
  assert.equal((await node.kubectl(['delete', 'pod', 'user', '--wait=true'])).code, 0);
  await apply(writer('sleep 3600'));
  await eventually('reader Running', async () => ((await phase('user')) === 'Running' ? true : undefined));
  assert.equal(await execOut('user', ['cat', '/data/f']), 'persisted\n');
  assert.equal((await node.kubectl(['delete', 'pod', 'user', '--wait=true'])).code, 0);
  const pv = (await node.kubectl(['get', 'pvc', 'data', '-o', 'jsonpath={.spec.volumeName}'])).stdout;
  assert.equal((await node.kubectl(['delete', 'pvc', 'data'])).code, 0);
  await eventually('PV reclaimed', async () => ((await node.kubectl(['get', 'pv', pv])).code !== 0 ? true : undefined), 30_000);
});

test('a pod whose disk emptyDir exceeds its sizeLimit is evicted; a pod under its limit keeps running', { skip, timeout: 110_000 }, async (t) => {
  const writer = (name: string, count: number, limit: string) => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'main', image: BUSYBOX, command: ['sh', '-c', `dd if=/dev/zero of=/data/f bs=1M count=${count}; sleep 3600`], volumeMounts: [{ name: 'scratch', mountPath: '/data' }] }],
      volumes: [{ name: 'scratch', emptyDir: { sizeLimit: limit } }],
    },
  });
  await apply(writer('hog', 4, '1Mi'));
  await apply(writer('tidy', 1, '4Mi'));
  const message = 'Usage of EmptyDir volume "scratch" exceeds the limit "1Mi". ';
  const t0 = Date.now();
  await eventually('hog Failed', async () => ((await phase('hog')) === 'Failed' ? true : undefined), 60_000);
  const evictedAfterMs = Date.now() - t0;
  const get = async (name: string, path: string) => (await node.kubectl(['get', 'pod', name, '-o', `jsonpath=${path}`])).stdout;
  assert.equal(await get('hog', '{.status.reason}'), 'Evicted');
  assert.equal(await get('hog', '{.status.message}'), message);
  // kubectl describe shows the pod's reason and message; `get`'s STATUS column shows the killed container's
  // reason (Error) instead, as upstream's printPod does for evicted pods (kubernetes#105467).
  const described = (await node.kubectl(['describe', 'pod', 'hog'])).stdout;
  assert.match(described, /^Status:\s+Failed$/m);
  assert.match(described, /^Reason:\s+Evicted$/m);
  assert.match(described, /^Message:\s+Usage of EmptyDir volume "scratch" exceeds the limit "1Mi"\.\s*$/m);
  assert.match(described, /Warning\s+Evicted\s+.*kubelet\s+Usage of EmptyDir volume "scratch" exceeds the limit "1Mi"\./);
  assert.match((await node.kubectl(['get', 'pod', 'hog'])).stdout, /hog\s+0\/1\s+Error\s+0\s/);
  assert.match(await get('hog', '{.status.containerStatuses[0].state.terminated.exitCode}'), /^(137|143)$/);
  const events = JSON.parse((await node.kubectl(['get', 'events', '-o', 'json'])).stdout) as { items: Array<Record<string, any>> };
  const mine = events.items.filter((e) => e.involvedObject?.name === 'hog');
  const evicted = mine.find((e) => e.reason === 'Evicted');
  assert.ok(evicted, JSON.stringify(mine.map((e) => e.reason)));
  assert.equal(evicted.type, 'Warning');
  assert.equal(evicted.message, message);
  assert.ok(mine.some((e) => e.reason === 'Killing' && e.message === 'Stopping container main'));
  // The volume is torn down with the kill, giving the disk back; the evicted pod is not restarted.
  const uid = (await node.kubectl(['get', 'pod', 'hog', '-o', 'jsonpath={.metadata.uid}'])).stdout;
  assert.equal(existsSync(join(node.dir, 'kubelet', 'pods', uid)), false);
  await new Promise((r) => setTimeout(r, 3000)); // three more measurement passes
  assert.equal(await phase('hog'), 'Failed');
  assert.equal(await get('hog', '{.status.containerStatuses[0].restartCount}'), '0');
  assert.equal(await phase('tidy'), 'Running');
  assert.equal(await get('tidy', '{.status.containerStatuses[0].restartCount}'), '0');
  t.diagnostic(`evicted ${evictedAfterMs} ms after creation (1 s measurement period)`);
  assert.equal((await node.kubectl(['delete', 'pod', 'hog', 'tidy', '--wait=true'])).code, 0);
});
