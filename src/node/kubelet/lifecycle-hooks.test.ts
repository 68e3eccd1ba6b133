import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KObject } from '../../api/types.ts';
import type { ContainerRuntime } from '../runtime/types.ts';
import { runHook, type HookTarget } from './lifecycle-hooks.ts';

type Obj = Record<string, unknown>;

const pod = { metadata: { name: 'p', namespace: 'default', uid: 'u1' }, spec: { containers: [{ name: 'app' }] } } as KObject;

/** A server on 127.0.0.1 answering with `handler`; every request is recorded. */
async function server(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const seen: Array<{ url: string; headers: http.IncomingHttpHeaders }> = [];
  const srv = http.createServer((req, res) => { seen.push({ url: req.url ?? '', headers: req.headers }); handler(req, res); });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  return { port, seen, close: () => new Promise<void>((r) => srv.close(() => r())) };
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const s = await server(() => undefined);
  await s.close();
  return s.port;
}

function target(events: string[] = []): HookTarget {
  return { runtime: {} as ContainerRuntime, pod, spec: { name: 'app', ports: [{ name: 'web', containerPort: 1 }] }, containerId: 'c1', podIP: '127.0.0.1',
    event: (type, reason, message) => { events.push(`${type} ${reason} ${message}`); } };
}

const hook = (httpGet: Obj) => ({ httpGet });

test('an httpGet hook answered 500 succeeds: upstream fails only on a request error, not on the status', async () => {
  const s = await server((_req, res) => { res.writeHead(500); res.end('boom'); });
  try {
    await runHook(hook({ port: s.port, path: '/stop?now=1', httpHeaders: [{ name: 'X-Why', value: 'test' }] }), target(), 5000);
    assert.equal(s.seen.length, 1);
    assert.equal(s.seen[0]!.url, '/stop?now=1');
    assert.equal(s.seen[0]!.headers['user-agent'], 'kube-lifecycle/1.32');
    assert.equal(s.seen[0]!.headers.accept, '*/*');
    assert.equal(s.seen[0]!.headers['x-why'], 'test');
  } finally { await s.close(); }
});

test('an httpGet hook to a closed port fails with upstream\'s message shape', async () => {
  const port = await closedPort();
  await assert.rejects(runHook(hook({ port, path: '/bye' }), target(), 5000), (e: Error) => {
    assert.equal(e.message, `HTTP lifecycle hook (/bye) for Container "app" in Pod "p_default(u1)" failed - error: `
      + `Get "http://127.0.0.1:${port}/bye": dial tcp 127.0.0.1:${port}: connect: connection refused`);
    return true;
  });
});

test('an HTTPS hook answered in plain HTTP is retried over HTTP without Authorization, with a Warning LifecycleHTTPFallback', async () => {
  const s = await server((_req, res) => { res.writeHead(404); res.end(); });
  const events: string[] = [];
  try {
    await runHook(hook({ scheme: 'HTTPS', port: s.port, path: '/x', httpHeaders: [{ name: 'Authorization', value: 'Bearer t' }, { name: 'X-A', value: '1' }] }), target(events), 5000);
    const plain = s.seen.filter((r) => r.url === '/x');
    assert.equal(plain.length, 1, 'one retry over HTTP');
    assert.equal(plain[0]!.headers.authorization, undefined);
    assert.equal(plain[0]!.headers['x-a'], '1');
    assert.deepEqual(events, [`Warning LifecycleHTTPFallback request to HTTPS lifecycle hook 127.0.0.1:${s.port} got HTTP response, retry with HTTP succeeded`]);
  } finally { await s.close(); }
});

test('an HTTPS hook to a closed port fails without a retry', async () => {
  const port = await closedPort();
  const events: string[] = [];
  await assert.rejects(runHook(hook({ scheme: 'HTTPS', port, path: '/' }), target(events), 5000),
    new RegExp(`error: Get "https://127\\.0\\.0\\.1:${port}/": dial tcp 127\\.0\\.0\\.1:${port}: connect: connection refused$`));
  assert.deepEqual(events, []);
});

test('redirects are followed on the same host only, at most 10 requests', async () => {
  const s = await server((req, res) => {
    if (req.url === '/a') res.writeHead(302, { location: '/b' });
    else if (req.url === '/elsewhere') res.writeHead(302, { location: `http://localhost:${(req.socket.address() as AddressInfo).port}/never` });
    else if (req.url?.startsWith('/loop')) res.writeHead(302, { location: '/loop' });
    else res.writeHead(500);
    res.end();
  });
  try {
    await runHook(hook({ port: s.port, path: '/a' }), target(), 5000);
    assert.deepEqual(s.seen.map((r) => r.url), ['/a', '/b']);
    assert.equal(s.seen[1]!.headers.referer, `http://127.0.0.1:${s.port}/a`);
    // Another host name: upstream keeps the redirect response itself, a success.
    await runHook(hook({ port: s.port, path: '/elsewhere' }), target(), 5000);
    assert.deepEqual(s.seen.map((r) => r.url).slice(2), ['/elsewhere']);
    s.seen.length = 0;
    await assert.rejects(runHook(hook({ port: s.port, path: '/loop' }), target(), 5000), /failed - error: Get "\/loop": stopped after 10 redirects$/);
    assert.equal(s.seen.length, 10);
  } finally { await s.close(); }
});

test('a named port resolves from the container\'s ports; an unknown one fails the hook with upstream\'s prefix', async () => {
  await assert.rejects(runHook(hook({ port: 'nope', path: '/' }), target(), 5000), /HTTP lifecycle hook \(\/\) for Container "app" in Pod "p_default\(u1\)" failed - error: couldn't find port: nope/);
});
