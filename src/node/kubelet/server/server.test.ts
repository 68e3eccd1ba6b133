import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { createCa, issueLeaf, type CertKeyPair } from '../../../cluster/cert-issue.ts';
import { nullLogger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import { FakeRuntime } from '../../runtime/fake/fake-runtime.ts';
import { containerConfig, sandboxConfig } from '../runtime-config.ts';
import { startKubeletServer } from './server.ts';
import { bridgePortForward, bridgeRemoteCommand } from './cri-bridge.ts';
import type { KubeletServer } from './types.ts';

let ca: CertKeyPair, admin: CertKeyPair, stranger: CertKeyPair;
let rt: FakeRuntime;
let server: KubeletServer;
let dir: string;
const pod: KObject = {
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', uid: 'uid-1' },
  spec: { containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'echo booted; httpd -p 80'] }, { name: 'web', image: 'busybox', command: ['httpd', '-p', '8080'] }] },
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-kubelet-server-'));
  ca = await createCa({ cn: 'ca', days: 1, usage: 'ca' });
  admin = await issueLeaf(ca, { cn: 'kube-apiserver-kubelet-client', orgs: ['system:masters'], days: 1, usage: 'client' });
  stranger = await issueLeaf(ca, { cn: 'someone', days: 1, usage: 'client' });
  const serving = await issueLeaf(ca, { cn: 'node', days: 1, usage: 'server', ips: ['127.0.0.1'] });
  rt = new FakeRuntime({ podCIDR: '10.1.0.0/24', rootfsDir: join(dir, 'rootfs') });
  const sb = sandboxConfig(pod, 0, join(dir, 'pods'));
  const sandbox = await rt.runPodSandbox(sb);
  for (const spec of pod.spec!.containers as Array<Record<string, unknown>>) {
    const id = await rt.createContainer(sandbox, containerConfig(pod, spec, 0, false));
    await rt.startContainer(id);
  }
  server = await startKubeletServer({
    port: 0, bindAddress: '127.0.0.1', tls: { cert: serving.certPem, key: serving.keyPem, clientCA: ca.certPem }, runtime: rt, logger: nullLogger,
    getPod: (k) => (k === 'ns/p' ? pod : undefined), listPods: () => [pod],
  });
});
after(async () => {
  await server?.close();
  await rt?.close();
  rmSync(dir, { recursive: true, force: true });
});

const tls = (who: CertKeyPair = admin) => ({ ca: ca.certPem, cert: who.certPem, key: who.keyPem });

function get(path: string, who?: CertKeyPair): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https.get({ host: '127.0.0.1', port: server.port, path, ...tls(who), agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

test('only the API server identity may use the kubelet API', async () => {
  assert.equal((await get('/healthz', stranger)).body, 'ok');
  assert.equal((await get('/pods', stranger)).status, 403);
  const pods = JSON.parse((await get('/pods')).body) as { items: KObject[] };
  assert.deepEqual(pods.items.map((p) => p.metadata.name), ['p']);
});

test('containerLogs serves what the container wrote, and upstream errors', async () => {
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(await get('/containerLogs/ns/p/c'), { status: 200, body: 'booted\n' });
  assert.match((await get('/containerLogs/ns/p/c?timestamps=true')).body, /^\d{4}-\d\d-\d\dT[\d:.]+Z booted\n$/);
  assert.equal((await get('/containerLogs/ns/p/c?previous=true')).status, 400);
  assert.equal((await get('/containerLogs/ns/nope/c')).status, 404);
});

test('a CRI-style SPDY client (the containerd bridge) can exec and port-forward', async () => {
  const out: Buffer[] = [];
  const stdout = new Writable({ write(c: Buffer, _e, cb) { out.push(c); cb(); } });
  const base = `https://127.0.0.1:${server.port}`;
  const code = await bridgeRemoteCommand(`${base}/exec/ns/p/c?command=sh&command=-c&command=cat;exit%205&stdin=1&stdout=1`, {
    stdin: new PassThrough().end('piped\n'), stdout, tty: false,
  }, tls());
  assert.equal(code, 5);
  assert.equal(Buffer.concat(out).toString(), 'piped\n');
  let answer = '';
  const local = new (await import('node:stream')).Duplex({
    read() {}, write(c: Buffer, _e, cb) { answer += c; cb(); }, final(cb) { cb(); },
  });
  local.push('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  local.push(null);
  await bridgePortForward(`${base}/portForward/ns/p`, 8080, local, tls());
  assert.match(answer, /^HTTP\/1.1 404 Not Found\r\n/);
});
