import { test } from 'node:test';
import assert from 'node:assert/strict';
import http2, { type Http2SecureServer, type ServerHttp2Stream } from 'node:http2';
import net, { type AddressInfo } from 'node:net';
import { isK8sError } from '../base/errors.ts';
import { createCa, issueLeaf, type CertKeyPair } from '../cluster/cert-issue.ts';
import { H2Transport } from './h2-transport.ts';
import { RestClient } from './rest-client.ts';

const ca = await createCa({ cn: 'test-ca', days: 1, usage: 'ca' });
const serving = await issueLeaf(ca, { cn: 'localhost', days: 1, usage: 'server', ips: ['127.0.0.1'], dnsNames: ['localhost'] });

/** A TLS HTTP/2 server whose streams go to `onStream`; counts sessions. */
async function serve(onStream: (s: ServerHttp2Stream, path: string, body: string) => void, port = 0, tls: CertKeyPair = serving):
  Promise<{ server: Http2SecureServer; url: URL; sessions: () => number; close: () => Promise<void> }> {
  const server = http2.createSecureServer({ cert: tls.certPem, key: tls.keyPem });
  let sessions = 0;
  const open = new Set<http2.ServerHttp2Session>();
  server.on('session', (s) => { sessions++; open.add(s); s.on('close', () => open.delete(s)); });
  server.on('stream', (s, h) => {
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => onStream(s, String(h[':path']), Buffer.concat(chunks).toString()));
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const url = new URL(`https://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return {
    server, url, sessions: () => sessions,
    close: async () => { for (const s of open) s.destroy(); await new Promise<void>((r) => server.close(() => r())); },
  };
}

const echo = (s: ServerHttp2Stream, path: string, body: string) => {
  s.respond({ ':status': 200, 'content-type': 'application/json' });
  s.end(JSON.stringify({ path, body }));
};

test('concurrent requests share one HTTP/2 connection', async () => {
  const srv = await serve(echo);
  const t = new H2Transport(srv.url, { ca: ca.certPem, rejectUnauthorized: true });
  try {
    const rs = await Promise.all(Array.from({ length: 40 }, (_, i) => t.request('POST', `/p/${i}`, { 'Content-Type': 'application/json' }, `{"i":${i}}`, 5000)));
    rs.forEach((r, i) => { assert.equal(r.status, 200); assert.deepEqual(JSON.parse(r.body), { path: `/p/${i}`, body: `{"i":${i}}` }); });
    assert.equal(srv.sessions(), 1);
  } finally { t.close(); await srv.close(); }
});

test('a server restart (connection gone) is followed by a new session', async () => {
  const first = await serve(echo);
  const port = Number(first.url.port);
  const t = new H2Transport(first.url, { ca: ca.certPem, rejectUnauthorized: true });
  try {
    assert.equal((await t.request('GET', '/a', {}, undefined, 5000)).status, 200);
    await first.close();
    await assert.rejects(t.request('GET', '/b', {}, undefined, 5000), (e) => isK8sError(e, 'ServiceUnavailable'));
    const second = await serve(echo, port);
    try {
      assert.equal((await t.request('GET', '/c', {}, undefined, 5000)).status, 200);
    } finally { await second.close(); }
  } finally { t.close(); }
});

test('a request without an answer times out; a refused connection is ServiceUnavailable', async () => {
  const srv = await serve(() => { /* never answers */ });
  const t = new H2Transport(srv.url, { ca: ca.certPem, rejectUnauthorized: true });
  try {
    await assert.rejects(t.request('GET', '/slow', {}, undefined, 100), (e) => isK8sError(e, 'Timeout'));
  } finally { t.close(); await srv.close(); }
  const gone = new H2Transport(srv.url, { ca: ca.certPem, rejectUnauthorized: true });
  await assert.rejects(gone.request('GET', '/', {}, undefined, 2000), (e) => isK8sError(e, 'ServiceUnavailable'));
  gone.close();
});

test('a server certificate from another CA is refused', async () => {
  const other = await createCa({ cn: 'other-ca', days: 1, usage: 'ca' });
  const srv = await serve(echo, 0, await issueLeaf(other, { cn: 'x', days: 1, usage: 'server', ips: ['127.0.0.1'] }));
  const t = new H2Transport(srv.url, { ca: ca.certPem, rejectUnauthorized: true });
  try {
    await assert.rejects(t.request('GET', '/', {}, undefined, 2000), (e) => isK8sError(e, 'ServiceUnavailable') && /certificate/i.test(e.message));
  } finally { t.close(); await srv.close(); }
});

test('RestClient watches over HTTP/2: events as they come, errors as Status, stop cancels the stream', async () => {
  let cancelled = false;
  const srv = await serve((s, path) => {
    if (path.includes('fail')) {
      s.respond({ ':status': 410 });
      s.end(JSON.stringify({ kind: 'Status', reason: 'Expired', code: 410, message: 'too old' }));
      return;
    }
    s.respond({ ':status': 200 });
    s.write(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a' } } })}\n{"type":"MODI`);
    setTimeout(() => s.write(`FIED","object":{"metadata":{"name":"a"}}}\n`), 20);
    s.on('close', () => { cancelled = true; });
  });
  const c = new RestClient({ server: srv.url.href, ca: ca.certPem });
  try {
    const w = await c.watch({ group: '', version: 'v1', plural: 'pods' });
    const seen: string[] = [];
    for await (const e of w) {
      seen.push(`${e.type}:${e.object.metadata.name}`);
      if (seen.length === 2) w.stop();
    }
    assert.deepEqual(seen, ['ADDED:a', 'MODIFIED:a']);
    for (let i = 0; i < 50 && !cancelled; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(cancelled, 'the server saw the watch stream end');
    await assert.rejects(c.watch({ group: '', version: 'v1', plural: 'pods' }, { fieldSelector: 'fail=1' } as never)
      .then(() => undefined), (e) => isK8sError(e));
  } finally { c.close(); await srv.close(); }
});

test('a server that goes silent without closing the connection is detected by PING and the next request reconnects', { timeout: 10_000 }, async () => {
  const srv = await serve((s, path) => {
    s.respond({ ':status': 200 });
    if (path.startsWith('/watch')) { s.write('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n'); return; }
    s.end('{}');
  });
  // A TCP relay whose established connections can be frozen: bytes are dropped, nothing is closed.
  const frozen = new Set<import('node:net').Socket>();
  const relay = net.createServer((client) => {
    const up = net.connect(Number(srv.url.port), '127.0.0.1');
    client.on('data', (d) => { if (!frozen.has(client)) up.write(d); });
    up.on('data', (d) => { if (!frozen.has(client)) client.write(d); });
    client.on('error', () => undefined); up.on('error', () => undefined);
    client.on('close', () => up.destroy()); up.on('close', () => client.destroy());
    conns.push(client);
  });
  const conns: import('node:net').Socket[] = [];
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  const url = new URL(`https://127.0.0.1:${(relay.address() as AddressInfo).port}`);
  const t = new H2Transport(url, { ca: ca.certPem, rejectUnauthorized: true, readIdleMs: 100, pingTimeoutMs: 200 });
  try {
    const w = await t.stream('/watch', {});
    assert.equal(w.status, 200);
    const ended = new Promise<string>((resolve) => { w.stream.on('error', () => resolve('error')); w.stream.on('close', () => resolve('closed')); });
    for (const c of conns) frozen.add(c);
    const t0 = Date.now();
    assert.ok(['error', 'closed'].includes(await ended));
    assert.ok(Date.now() - t0 < 2000, `the dead connection was noticed after ${Date.now() - t0} ms`);
    assert.equal((await t.request('GET', '/after', {}, undefined, 5000)).status, 200);
  } finally {
    t.close();
    for (const c of conns) c.destroy();
    relay.close();
    await srv.close();
  }
});

test('an idle client does not keep its process alive', { timeout: 20_000 }, async () => {
  const srv = await serve(echo);
  try {
    const child = (await import('node:child_process')).spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `
      import { H2Transport } from ${JSON.stringify(new URL('./h2-transport.ts', import.meta.url).href)};
      const t = new H2Transport(new URL(process.env.URL), { ca: process.env.CA, rejectUnauthorized: true });
      const r = await t.request('GET', '/x', {}, undefined, 5000);
      console.log(r.status); // no close(): the process must still exit`], { env: { ...process.env, URL: srv.url.href, CA: ca.certPem }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d) => { out += d; });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0);
    assert.equal(out.trim(), '200');
  } finally { await srv.close(); }
});
