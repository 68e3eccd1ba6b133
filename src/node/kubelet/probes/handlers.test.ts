import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createTcp } from 'node:net';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { execProbe, grpcProbe, httpProbe, tcpProbe } from './handlers.ts';
import { resolvePort } from './run-probe.ts';

const listen = (s: Server | ReturnType<typeof createTcp>) => new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));

test('httpGet: 2xx/3xx succeed, other codes fail; headers are sent', async () => {
  const srv = createServer((req, res) => { res.statusCode = req.url === '/ok' && req.headers['x-probe'] === '1' ? 302 : 500; res.end(); });
  const port = await listen(srv);
  try {
    assert.deepEqual(await httpProbe({ host: '127.0.0.1', port, path: '/ok', headers: [{ name: 'X-Probe', value: '1' }], timeoutSeconds: 1 }), { ok: true });
    const bad = await httpProbe({ host: '127.0.0.1', port, path: '/no', timeoutSeconds: 1 });
    assert.equal(bad.ok, false);
    assert.match(bad.message ?? '', /statuscode: 500/);
  } finally { srv.close(); }
});

test('tcpSocket: an open port succeeds, a closed one fails', async () => {
  const srv = createTcp((s) => s.end());
  const port = await listen(srv);
  assert.equal((await tcpProbe('127.0.0.1', port, 1)).ok, true);
  srv.close();
  assert.equal((await tcpProbe('127.0.0.1', port, 1)).ok, false);
});

test('exec: exit 0 succeeds; the output is the failure message', async () => {
  assert.equal((await execProbe(async () => ({ stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), exitCode: 0 }), ['true'], 1)).ok, true);
  const r = await execProbe(async () => ({ stdout: Buffer.from('nope'), stderr: Buffer.alloc(0), exitCode: 1 }), ['false'], 1);
  assert.deepEqual(r, { ok: false, message: 'nope' });
});

test('grpc: grpc.health.v1 SERVING succeeds, NOT_SERVING fails', async () => {
  const server = new grpc.Server();
  const status = new Map([['', 1], ['down', 2]]);
  server.addService({
    Check: { path: '/grpc.health.v1.Health/Check', requestStream: false, responseStream: false,
      requestSerialize: (b: Buffer) => b, requestDeserialize: (b: Buffer) => b, responseSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b },
  } as unknown as grpc.ServiceDefinition, {
    Check: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
      const req = call.request;
      const svc = req.length > 2 ? req.subarray(2).toString() : '';
      cb(null, Buffer.from([0x08, status.get(svc) ?? 3]));
    },
  });
  const port = await new Promise<number>((r, j) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? j(e) : r(p))));
  try {
    assert.equal((await grpcProbe('127.0.0.1', port, undefined, 2)).ok, true);
    const down = await grpcProbe('127.0.0.1', port, 'down', 2);
    assert.equal(down.ok, false);
    assert.match(down.message ?? '', /NOT_SERVING/);
  } finally { server.forceShutdown(); }
});

test('named ports resolve from the container', () => {
  assert.equal(resolvePort({ ports: [{ name: 'http', containerPort: 8080 }] }, 'http'), 8080);
  assert.equal(resolvePort({}, 80), 80);
  assert.equal(resolvePort({}, 'nope'), undefined);
});
