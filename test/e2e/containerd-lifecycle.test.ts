/**
 * Issue 6 items 3 and 7 on real containerd: postStart/preStop hooks (exec and
 * httpGet; a failed postStart's FailedPostStartHook event), terminationMessagePath/Policy,
 * full containerStatuses (image and imageID as the runtime resolved them), and the
 * Node's capacity, conditions, nodeInfo and images measured from the
 * machine. Everything runs in the test's network namespace
 * (containerd-node.ts); hooks reach only pod IPs inside it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { BUSYBOX, eventually, startNetnsNode, unsupported, type NetnsNode } from './containerd-node.ts';

const skip = unsupported();
let node: NetnsNode;
type Obj = Record<string, any>;

before(async () => { if (!skip) node = await startNetnsNode(); });
after(async () => { await node?.dispose(); });

async function apply(obj: Obj): Promise<void> {
  const r = await node.kubectl(['apply', '-f', '-'], JSON.stringify(obj));
  assert.equal(r.code, 0, r.stderr);
}
async function getPod(name: string): Promise<Obj | undefined> {
  const r = await node.kubectl(['get', 'pod', name, '-o', 'json']);
  return r.code === 0 ? JSON.parse(r.stdout) as Obj : undefined;
}
const pod = (name: string, spec: Obj) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { terminationGracePeriodSeconds: 5, ...spec } });

// A CGI under busybox httpd records every hook request's query in /tmp/hits.
const OBSERVER = ['sh', '-c', 'mkdir -p /www/cgi-bin && printf \'#!/bin/sh\\necho Content-Type: text/plain\\necho\\necho "$QUERY_STRING" >> /tmp/hits\\necho ok\\n\' > /www/cgi-bin/hit && chmod +x /www/cgi-bin/hit && touch /tmp/hits && exec httpd -f -p 8080 -h /www'];

test('postStart and preStop hooks run (exec and httpGet); a failing postStart kills the container', { skip, timeout: 120_000 }, async () => {
  await apply(pod('observer', { containers: [{ name: 'main', image: BUSYBOX, command: OBSERVER, ports: [{ name: 'http', containerPort: 8080 }] }] }));
  const obs = await eventually('observer running', async () => { const p = await getPod('observer'); return p?.status?.containerStatuses?.[0]?.ready ? p : undefined; }, 90_000);
  const ip = obs.status.podIP as string;
  const hit = (q: string) => ({ httpGet: { host: ip, port: 8080, path: `/cgi-bin/hit?${q}` } });
  const loop = ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'];
  await apply(pod('hooked', { containers: [
    { name: 'a', image: BUSYBOX, command: loop, lifecycle: {
      postStart: { exec: { command: ['sh', '-c', 'echo from-poststart > /tmp/ps'] } },
      preStop: { exec: { command: ['wget', '-qO-', `http://${ip}:8080/cgi-bin/hit?prestop-exec`] } } } },
    { name: 'b', image: BUSYBOX, command: loop, lifecycle: { postStart: hit('poststart-http'), preStop: hit('prestop-http') } },
  ] }));
  await eventually('hooked running', async () => { const p = await getPod('hooked'); return p?.status?.phase === 'Running' ? p : undefined; }, 60_000);
  const ps = await node.kubectl(['exec', 'hooked', '-c', 'a', '--', 'cat', '/tmp/ps']);
  assert.equal(ps.stdout, 'from-poststart\n', ps.stderr);
  const hits = async () => (await node.kubectl(['exec', 'observer', '--', 'cat', '/tmp/hits'])).stdout;
  assert.equal(await hits(), 'poststart-http\n', 'postStart ran once: the container was not restarted');
  const del = await node.kubectl(['delete', 'pod', 'hooked', '--wait=true']);
  assert.equal(del.code, 0, del.stderr);
  const all = await hits();
  assert.match(all, /prestop-exec/);
  assert.match(all, /prestop-http/);

  await apply(pod('badhook', { containers: [{ name: 'main', image: BUSYBOX, command: loop, lifecycle: { postStart: { exec: { command: ['sh', '-c', 'exit 7'] } } } }] }));
  const bad = await eventually('badhook restarted', async () => {
    const p = await getPod('badhook');
    return Number(p?.status?.containerStatuses?.[0]?.restartCount) >= 1 ? p : undefined;
  }, 60_000);
  assert.ok(bad.status.containerStatuses[0].lastState.terminated, JSON.stringify(bad.status.containerStatuses[0]));
  await node.kubectl(['delete', 'pod', 'badhook', 'observer', '--wait=false']);
});

test('termination messages (File and FallbackToLogsOnError) and full containerStatuses', { skip, timeout: 120_000 }, async () => {
  await apply(pod('msg-file', { restartPolicy: 'Never', containers: [{ name: 'main', image: BUSYBOX, command: ['sh', '-c', 'echo bye from file > /dev/termination-log; exit 3'] }] }));
  await apply(pod('msg-custom', { restartPolicy: 'Never', containers: [{ name: 'main', image: BUSYBOX, terminationMessagePath: '/tmp/why', command: ['sh', '-c', 'echo custom path > /tmp/why'] }] }));
  // containerd copies stdout and stderr to the log in separate goroutines: lines written at once to both may land in either order.
  await apply(pod('msg-logs', { restartPolicy: 'Never', containers: [{ name: 'main', image: BUSYBOX, terminationMessagePolicy: 'FallbackToLogsOnError', command: ['sh', '-c', 'echo line1; sleep 0.3; echo boom >&2; exit 2'] }] }));
  await apply(pod('msg-none', { restartPolicy: 'Never', containers: [{ name: 'main', image: BUSYBOX, command: ['sh', '-c', 'echo only logs; exit 2'] }] }));
  await apply(pod('restarts', { containers: [{ name: 'main', image: BUSYBOX, command: ['sh', '-c', 'sleep 1; exit 4'] }] }));
  const terminated = async (name: string) => eventually(`${name} terminated`, async () => {
    const p = await getPod(name);
    return p?.status?.containerStatuses?.[0]?.state?.terminated as Obj | undefined;
  }, 60_000);
  const f = await terminated('msg-file');
  assert.deepEqual([f.exitCode, f.reason, f.message], [3, 'Error', 'bye from file\n']);
  const c = await terminated('msg-custom');
  assert.deepEqual([c.exitCode, c.reason, c.message], [0, 'Completed', 'custom path\n']);
  const l = await terminated('msg-logs');
  assert.equal(l.message, 'line1\nboom\n');
  const n = await terminated('msg-none');
  assert.equal(n.message, undefined);

  const r = await eventually('restarts restarted', async () => {
    const p = await getPod('restarts');
    const s = p?.status?.containerStatuses?.[0];
    return Number(s?.restartCount) >= 1 && s?.state?.running ? s as Obj : undefined;
  }, 60_000);
  assert.match(r.imageID, /^k8ts\.local\/busybox@sha256:[0-9a-f]{64}$|^sha256:[0-9a-f]{64}$/);
  assert.equal(r.started, true);
  assert.equal(r.image, BUSYBOX);
  assert.equal(r.lastState.terminated.exitCode, 4);
  assert.match(r.lastState.terminated.containerID, /^containerd:\/\//);
  assert.notEqual(r.lastState.terminated.containerID, r.containerID);
  await node.kubectl(['delete', 'pod', 'msg-file', 'msg-custom', 'msg-logs', 'msg-none', 'restarts', '--wait=false']);
});

test('a failing postStart exec hook: Warning FailedPostStartHook (no handler output, as upstream), Killing, RESTARTS increments', { skip, timeout: 90_000 }, async () => {
  const loop = ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'];
  await apply(pod('poststart-fails', { containers: [{ name: 'main', image: BUSYBOX, command: loop,
    lifecycle: { postStart: { exec: { command: ['sh', '-c', 'echo s3cret >&2; exit 7'] } } } }] }));
  await eventually('RESTARTS >= 1 in kubectl get', async () => {
    const r = await node.kubectl(['get', 'pod', 'poststart-fails', '--no-headers']);
    const m = /^poststart-fails\s+\S+\s+\S+\s+(\d+)/.exec(r.stdout);
    return m && Number(m[1]) >= 1 ? true : undefined;
  }, 60_000);
  const events = await eventually('FailedPostStartHook event', async () => {
    const r = await node.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=poststart-fails', '-o', 'json']);
    const items = (JSON.parse(r.stdout) as Obj).items as Obj[];
    return items.some((e) => e.reason === 'FailedPostStartHook') ? items : undefined;
  }, 30_000);
  const hook = events.find((e) => e.reason === 'FailedPostStartHook')!;
  assert.deepEqual([hook.type, hook.message, hook.involvedObject.fieldPath, hook.source.component], ['Warning', 'PostStartHook failed', 'spec.containers{main}', 'kubelet']);
  const killing = events.find((e) => e.reason === 'Killing');
  assert.equal(killing?.message, 'FailedPostStartHook');
  assert.ok(!events.some((e) => e.reason === 'Failed'), 'upstream records no Failed event for a postStart failure');
  assert.ok(!JSON.stringify(events).includes('s3cret'), 'the handler output stays out of events');
  const described = await node.kubectl(['describe', 'pod', 'poststart-fails']);
  assert.match(described.stdout, /Warning\s+FailedPostStartHook\s+.*\skubelet\s+PostStartHook failed\n/);
  await node.kubectl(['delete', 'pod', 'poststart-fails', '--wait=false']);
});

test('containerStatuses image and imageID come from the runtime; kubectl describe shows them', { skip, timeout: 90_000 }, async () => {
  await apply(pod('image-ref', { containers: [{ name: 'main', image: BUSYBOX, command: ['sleep', '3600'] }] }));
  const cs = await eventually('image-ref running', async () => {
    const s = (await getPod('image-ref'))?.status?.containerStatuses?.[0];
    return s?.state?.running ? s as Obj : undefined;
  }, 60_000);
  // containerd's ContainerStatus: the image's first repo tag, and its repo digest (or its id for an image imported without one).
  assert.equal(cs.image, BUSYBOX);
  assert.match(cs.imageID, /^(k8ts\.local\/busybox@)?sha256:[0-9a-f]{64}$/);
  const digest = cs.imageID.replace(/^.*sha256:/, '');
  const images = await node.ctr(['images', 'ls']);
  const content = await node.ctr(['content', 'ls', '-q']);
  assert.ok(images.stdout.includes(digest) || content.stdout.includes(digest), `${digest} is not known to containerd`);
  const described = (await node.kubectl(['describe', 'pod', 'image-ref'])).stdout;
  assert.match(described, new RegExp(`\\n\\s+Image:\\s+${BUSYBOX.replace(/\./g, '\\.')}\\n`));
  assert.match(described, new RegExp(`\\n\\s+Image ID:\\s+${cs.imageID.replace(/[./]/g, '\\$&')}\\n`));
  await node.kubectl(['delete', 'pod', 'image-ref', '--wait=false']);
});

test('the Node reports the machine: capacity, allocatable, conditions, nodeInfo, images', { skip, timeout: 60_000 }, async () => {
  const n = await eventually('node with images', async () => {
    const r = await node.kubectl(['get', 'node', node.nodeName, '-o', 'json']);
    const obj = JSON.parse(r.stdout) as Obj;
    return obj.status.images?.length ? obj : undefined;
  }, 30_000);
  const st = n.status;
  const memKi = Number(/MemTotal:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'))![1]);
  assert.equal(st.capacity.cpu, String(availableParallelism()));
  assert.equal(st.capacity.memory, `${memKi}Ki`);
  assert.equal(st.allocatable.memory, `${memKi - 102400}Ki`);
  assert.match(st.capacity['ephemeral-storage'], /^\d+Ki$/);
  assert.equal(st.capacity.pods, '110');
  const cond = Object.fromEntries((st.conditions as Obj[]).map((x) => [x.type, x]));
  assert.equal(cond.Ready.status, 'True');
  for (const t of ['MemoryPressure', 'DiskPressure', 'PIDPressure']) assert.match(cond[t].status, /^(True|False)$/);
  assert.equal(cond.MemoryPressure.reason, cond.MemoryPressure.status === 'False' ? 'KubeletHasSufficientMemory' : 'KubeletHasInsufficientMemory');
  const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))![1];
  assert.equal(st.nodeInfo.osImage, pretty);
  assert.match(st.nodeInfo.containerRuntimeVersion, /^containerd:\/\/\d+\.\d+/);
  assert.match(st.nodeInfo.kernelVersion, /^\d+\.\d+/);
  const names = (st.images as Obj[]).flatMap((i) => i.names as string[]);
  assert.ok(names.includes(BUSYBOX), names.join(' '));
  assert.ok((st.images as Obj[]).every((i) => i.sizeBytes > 0));
  const wide = await node.kubectl(['get', 'node', '-o', 'wide']);
  assert.match(wide.stdout, new RegExp(`${node.nodeName}\\s+Ready\\s+control-plane.*${pretty!.replace(/[()]/g, '\\$&')}.*containerd://`));
});
