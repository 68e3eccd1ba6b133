/**
 * Issue 6: real pods on containerd, driven by the real kubectl. Everything
 * runs in a network namespace the test creates (containerd-node.ts): no
 * traffic leaves loopback or that namespace.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { BUSYBOX, eventually, startNetnsNode, unsupported, type NetnsNode } from './containerd-node.ts';

const skip = unsupported();
let node: NetnsNode;

before(async () => { if (!skip) node = await startNetnsNode(); });
after(async () => { await node?.dispose(); });

type Pod = { metadata: { name: string; uid?: string; deletionTimestamp?: string }; status: { phase?: string; podIP?: string; containerStatuses?: Array<Record<string, any>> } };

async function pods(selector: string): Promise<Pod[]> {
  const r = await node.kubectl(['get', 'pods', '-l', selector, '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { items: Pod[] }).items;
}

/** Containers (sandboxes included) the node's containerd holds. */
async function containerCount(): Promise<number> {
  const r = await node.ctr(['containers', 'ls', '-q']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean).length;
}

test('a deployment of 3 busybox httpd pods runs on containerd with pod IPs and serves HTTP inside the namespace; a restart of the node agent re-adopts them', { skip, timeout: 150_000 }, async () => {
  const c = await node.kubectl(['create', 'deployment', 'web', `--image=${BUSYBOX}`, '--replicas=3', '--', 'httpd', '-f', '-p', '8080']);
  assert.equal(c.code, 0, c.stderr);
  const running = await eventually('3 Running web pods', async () => {
    const ps = await pods('app=web');
    return ps.length === 3 && ps.every((p) => p.status.phase === 'Running' && p.status.podIP && p.status.containerStatuses?.[0]?.ready) ? ps : undefined;
  }, 90_000);
  const ips = running.map((p) => p.status.podIP as string);
  assert.equal(new Set(ips).size, 3);
  for (const p of running) {
    const st = p.status.containerStatuses![0]!;
    assert.match(st.containerID, /^containerd:\/\/[0-9a-f]{64}$/);
    assert.equal(st.image, BUSYBOX);
    assert.ok(st.state.running.startedAt);
  }
  // The pod's hostname is its name: busybox httpd serves /etc/hostname from the container's root.
  const first = running[0]!;
  const get = await node.inNetns('wget', ['-qO-', '-T', '5', `http://${first.status.podIP}:8080/etc/hostname`]);
  assert.equal(get.code, 0, get.stderr);
  assert.equal(get.stdout.trim(), first.metadata.name);

  // Each pod's cgroup sits in upstream's QoS layout under the node's root (these pods are BestEffort).
  const cgroupDirs = [`/sys/fs/cgroup/memory/k8ts/besteffort/pod${first.metadata.uid}`, `/sys/fs/cgroup/k8ts/besteffort/pod${first.metadata.uid}`];
  assert.ok(cgroupDirs.some((d) => existsSync(d)), `none of ${cgroupDirs.join(', ')} exists`);

  // Outbound NAT: one node-wide chain for the pod CIDR, no iptables chain per pod (bridge ipMasq is off).
  const nat = (await node.inNetns('iptables-save', ['-t', 'nat'])).stdout.split('\n');
  assert.ok(nat.some((l) => /^-A POSTROUTING -s 10\.\d+\.\d+\.0\/24 .*-j K8TS-POSTROUTING$/.test(l)), nat.join('\n'));
  assert.ok(nat.includes('-A K8TS-POSTROUTING -j MASQUERADE'));
  assert.deepEqual(nat.filter((l) => /^:CNI-(?!HOSTPORT|DN)/.test(l)), [], 'no per-pod CNI masquerade chains');

  const before = await containerCount();
  assert.equal(before, 6, 'one sandbox and one container per pod');
  await node.restart();
  await new Promise((r) => setTimeout(r, 4000));
  const again = await pods('app=web');
  assert.deepEqual(again.map((p) => p.metadata.name).sort(), running.map((p) => p.metadata.name).sort());
  for (const p of again) {
    const old = running.find((o) => o.metadata.name === p.metadata.name)!;
    assert.equal(p.status.phase, 'Running');
    assert.equal(p.status.containerStatuses![0]!.containerID, old.status.containerStatuses![0]!.containerID, 'the same container, re-adopted');
    assert.equal(p.status.containerStatuses![0]!.restartCount, 0);
  }
  assert.equal(await containerCount(), before, 'no duplicate sandboxes or containers after the restart');
  assert.equal((await node.inNetns('wget', ['-qO-', '-T', '5', `http://${first.status.podIP}:8080/etc/hostname`])).stdout.trim(), first.metadata.name);
  assert.equal((await node.kubectl(['delete', 'deployment', 'web'])).code, 0);
});

test('deleting a pod stops its processes within the grace period (SIGTERM, then SIGKILL)', { skip, timeout: 90_000 }, async () => {
  // sleep as PID 1 ignores SIGTERM, so only the SIGKILL after the 3 s grace period stops it.
  const manifest = JSON.stringify({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'sleeper', labels: { app: 'sleeper' } },
    spec: { terminationGracePeriodSeconds: 3, containers: [{ name: 'main', image: BUSYBOX, command: ['sleep', '3600'] }] },
  });
  assert.equal((await node.kubectl(['apply', '-f', '-'], manifest)).code, 0);
  const pod = await eventually('sleeper Running', async () => (await pods('app=sleeper')).find((p) => p.status.phase === 'Running'));
  const id = String(pod.status.containerStatuses![0]!.containerID).replace('containerd://', '');
  const tasks = await node.ctr(['tasks', 'ls']);
  assert.match(tasks.stdout, new RegExp(`${id}\\s+\\d+\\s+RUNNING`));
  const t0 = Date.now();
  const del = await node.kubectl(['delete', 'pod', 'sleeper', '--wait=true']);
  const took = Date.now() - t0;
  assert.equal(del.code, 0, del.stderr);
  assert.ok(took >= 2500, `deleted after ${took} ms: the grace period was not honoured`);
  assert.ok(took < 15_000, `deleted after ${took} ms`);
  assert.doesNotMatch((await node.ctr(['tasks', 'ls'])).stdout, new RegExp(id), 'the container process is gone');
  assert.doesNotMatch((await node.ctr(['containers', 'ls', '-q'])).stdout, new RegExp(id), 'the container is removed');
  // The pod's cgroup goes with it (runc makes it, only the kubelet removes it).
  for (const d of [`/sys/fs/cgroup/memory/k8ts/besteffort/pod${pod.metadata.uid}`, `/sys/fs/cgroup/k8ts/besteffort/pod${pod.metadata.uid}`]) {
    assert.ok(!existsSync(d), `${d} is left behind`);
  }
});

test('a container over its memory limit is OOMKilled', { skip, timeout: 90_000 }, async () => {
  // tail buffers /dev/zero looking for a newline that never comes, until the cgroup limit kills it.
  const manifest = JSON.stringify({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'hog', labels: { app: 'hog' } },
    spec: {
      restartPolicy: 'Never', terminationGracePeriodSeconds: 1,
      containers: [{ name: 'hog', image: BUSYBOX, command: ['tail', '/dev/zero'], resources: { limits: { memory: '32Mi' } } }],
    },
  });
  assert.equal((await node.kubectl(['apply', '-f', '-'], manifest)).code, 0);
  const pod = await eventually('hog terminated', async () => (await pods('app=hog')).find((p) => p.status.containerStatuses?.[0]?.state?.terminated));
  const t = pod.status.containerStatuses![0]!.state.terminated;
  assert.equal(t.reason, 'OOMKilled');
  assert.equal(t.exitCode, 137);
  assert.equal(pod.status.phase, 'Failed');
  const get = await node.kubectl(['get', 'pod', 'hog']);
  assert.match(get.stdout, /hog\s+0\/1\s+OOMKilled\s+0/);
  assert.equal((await node.kubectl(['delete', 'pod', 'hog', '--wait=true'])).code, 0);
});
