import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { CriRuntime } from './cri-runtime.ts';

type Msg = Record<string, unknown>;

/** A CRI server on a unix socket with a scripted container list; counts ContainerStatus calls. */
async function fakeCri(containers: Array<{ id: string; state: string; sandbox: string }>) {
  const def = protoLoader.loadSync(fileURLToPath(new URL('./proto/api.proto', import.meta.url)), { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true });
  const pkg = ((grpc.loadPackageDefinition(def).runtime as grpc.GrpcObject).v1 as grpc.GrpcObject);
  const server = new grpc.Server();
  const calls = { status: 0 };
  const unary = (fn: (req: Msg) => Msg) => (call: grpc.ServerUnaryCall<Msg, Msg>, cb: grpc.sendUnaryData<Msg>) => cb(null, fn(call.request));
  server.addService((pkg.RuntimeService as grpc.ServiceClientConstructor).service, {
    ListContainers: unary(() => ({ containers: containers.map((c) => ({ id: c.id, podSandboxId: c.sandbox, state: c.state, metadata: { name: c.id } })) })),
    ContainerStatus: unary((req) => {
      calls.status++;
      const c = containers.find((x) => x.id === req.containerId)!;
      return { status: { id: c.id, state: c.state, metadata: { name: c.id }, startedAt: 1e15, exitCode: c.state === 'CONTAINER_EXITED' ? 3 : 0 } };
    }),
    RemoveContainer: unary(() => ({})),
    RemovePodSandbox: unary(() => ({})),
  });
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-cri-'));
  const socket = join(dir, 'cri.sock');
  await new Promise<void>((resolve, reject) => server.bindAsync(`unix://${socket}`, grpc.ServerCredentials.createInsecure(), (e) => (e ? reject(e) : resolve())));
  return { endpoint: `unix://${socket}`, calls, close: () => { server.forceShutdown(); rmSync(dir, { recursive: true, force: true }); } };
}

test('listContainers asks ContainerStatus again only for containers whose state changed', async () => {
  const containers = [
    { id: 'a', state: 'CONTAINER_RUNNING', sandbox: 's1' },
    { id: 'b', state: 'CONTAINER_CREATED', sandbox: 's1' },
    { id: 'c', state: 'CONTAINER_RUNNING', sandbox: 's2' },
  ];
  const cri = await fakeCri(containers);
  const rt = new CriRuntime({ endpoint: cri.endpoint });
  try {
    assert.equal((await rt.listContainers()).length, 3);
    assert.equal(cri.calls.status, 3);
    // Running and exited statuses are reused; a created container may start any moment and is asked again.
    await rt.listContainers();
    assert.equal(cri.calls.status, 4);
    containers[0]!.state = 'CONTAINER_EXITED';
    const l = await rt.listContainers();
    assert.equal(cri.calls.status, 6);
    assert.equal(l.find((c) => c.id === 'a')?.exitCode, 3);
    // A caller's change to a returned status never reaches the cache.
    l.find((c) => c.id === 'a')!.exitCode = 99;
    assert.equal((await rt.listContainers()).find((c) => c.id === 'a')?.exitCode, 3);
    assert.equal(cri.calls.status, 7);
    // A removed container, or one of a removed sandbox, is not answered from the cache if its id shows up again.
    await rt.removeContainer('a');
    await rt.removePodSandbox('s2');
    await rt.listContainers();
    assert.equal(cri.calls.status, 10);
  } finally {
    await rt.close();
    cri.close();
  }
});
