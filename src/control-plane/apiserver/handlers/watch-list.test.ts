/**
 * List and watch semantics clients rely on (issue 3, item 5), on real
 * in-memory SQLite over HTTPS: ListOptions validation, resourceVersionMatch,
 * continue tokens under churn and after compaction, 410 inside watch
 * streams, watch-list (sendInitialEvents) and bookmark revisions.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { startTestServer, type TestServer } from '../testing/harness.ts';

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

interface WatchLine { type: string; object: { code?: number; reason?: string; message?: string; metadata: { name?: string; resourceVersion?: string; annotations?: Record<string, string> } } }

/** Read a watch stream until `until` says stop or the server ends it. */
function watchLines(path: string, until: (lines: WatchLine[]) => boolean = () => false): Promise<{ status: number; lines: WatchLine[] }> {
  return new Promise((resolve, reject) => {
    const lines: WatchLine[] = [];
    const req = https.request({ host: '127.0.0.1', port: s.port, path, ca: s.pki.ca.certPem, cert: s.pki.admin.certPem, key: s.pki.admin.keyPem }, (res) => {
      let buf = '';
      const end = (): void => resolve({ status: res.statusCode ?? 0, lines });
      res.on('data', (d: Buffer) => {
        buf += d.toString();
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          lines.push(JSON.parse(buf.slice(0, i)) as WatchLine);
          buf = buf.slice(i + 1);
          if (until(lines)) { req.destroy(); end(); return; }
        }
      });
      res.on('end', end);
      res.on('close', end);
    });
    req.on('error', (e) => { if (!lines.length) reject(e); });
    req.end();
  });
}

const cm = (name: string) => ({ metadata: { name } });
const CM = '/api/v1/namespaces/default/configmaps';

test('ListOptions combinations are validated as upstream (422 ListOptions.meta.k8s.io)', async () => {
  const cases: [string, string][] = [
    ['?resourceVersionMatch=Exact', 'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided'],
    ['?resourceVersion=0&resourceVersionMatch=Exact', 'resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"'],
    ['?resourceVersion=1&resourceVersionMatch=Newest', 'resourceVersionMatch: Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", ""'],
    ['?sendInitialEvents=true', 'sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list'],
    ['?watch=true&resourceVersionMatch=NotOlderThan', 'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'],
    ['?watch=true&sendInitialEvents=true', 'resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'],
  ];
  for (const [q, msg] of cases) {
    const r = await s.request('GET', CM + q);
    assert.equal(r.status, 422, q);
    assert.equal(r.json.reason, 'Invalid');
    assert.equal(r.json.message, `ListOptions.meta.k8s.io "" is invalid: ${msg}`, q);
    assert.equal(r.json.details.kind, 'ListOptions');
    assert.equal(r.json.details.group, 'meta.k8s.io');
  }
});

test('resourceVersionMatch: Exact reads history, NotOlderThan a future revision is 504 TooLarge', async () => {
  const a = await s.request('POST', CM, cm('rvm-a'));
  const rvA = a.json.metadata.resourceVersion as string;
  await s.request('POST', CM, cm('rvm-b'));
  const exact = await s.request('GET', `${CM}?resourceVersion=${rvA}&resourceVersionMatch=Exact`);
  assert.equal(exact.status, 200);
  assert.equal(exact.json.metadata.resourceVersion, rvA);
  const names = exact.json.items.map((i: { metadata: { name: string } }) => i.metadata.name);
  assert.ok(names.includes('rvm-a') && !names.includes('rvm-b'));
  const newer = await s.request('GET', `${CM}?resourceVersion=${rvA}&resourceVersionMatch=NotOlderThan`);
  assert.ok(newer.json.items.some((i: { metadata: { name: string } }) => i.metadata.name === 'rvm-b'));
  const future = await s.request('GET', `${CM}?resourceVersion=999999999&resourceVersionMatch=NotOlderThan`);
  assert.equal(future.status, 504);
  assert.equal(future.json.reason, 'Timeout');
  assert.match(future.json.message, /^Too large resource version: 999999999, current: \d+$/);
  assert.deepEqual(future.json.details.causes, [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }]);
  assert.equal(future.json.details.retryAfterSeconds, 1);
});

test('continue tokens stay consistent under churn; an expired one gets a successor token', async () => {
  const ns = '/api/v1/namespaces/churn/configmaps';
  await s.request('POST', '/api/v1/namespaces', { metadata: { name: 'churn' } });
  for (let i = 0; i < 6; i++) await s.request('POST', ns, cm(`c${i}`));
  const p1 = await s.request('GET', `${ns}?limit=2`);
  assert.deepEqual(p1.json.items.map((i: { metadata: { name: string } }) => i.metadata.name), ['c0', 'c1']);
  assert.equal(p1.json.metadata.remainingItemCount, 4);
  const rv = p1.json.metadata.resourceVersion;
  // Churn between pages: the rest of the list is still as of the first page.
  await s.request('DELETE', `${ns}/c3`);
  await s.request('POST', ns, cm('c9'));
  await s.request('PATCH', `${ns}/c4`, { data: { x: 'y' } }, { contentType: 'application/merge-patch+json' });
  const p2 = await s.request('GET', `${ns}?limit=10&continue=${p1.json.metadata.continue}`);
  assert.equal(p2.status, 200);
  assert.equal(p2.json.metadata.resourceVersion, rv);
  assert.deepEqual(p2.json.items.map((i: { metadata: { name: string } }) => i.metadata.name), ['c2', 'c3', 'c4', 'c5']);
  assert.equal(p2.json.items[2].data, undefined);
  assert.equal(p2.json.metadata.continue, undefined);

  const q1 = await s.request('GET', `${ns}?limit=2`);
  await s.request('POST', ns, cm('c10'));
  await s.store.compact(await s.store.currentRevision());
  const gone = await s.request('GET', `${ns}?limit=2&continue=${q1.json.metadata.continue}`);
  assert.equal(gone.status, 410);
  assert.equal(gone.json.reason, 'Expired');
  assert.match(gone.json.message, /^The provided continue parameter is too old/);
  const next = gone.json.metadata.continue as string;
  assert.ok(next, 'a successor token in Status metadata.continue');
  const rest = await s.request('GET', `${ns}?continue=${next}`);
  assert.equal(rest.status, 200);
  assert.deepEqual(rest.json.items.map((i: { metadata: { name: string } }) => i.metadata.name), ['c10', 'c2', 'c4', 'c5', 'c9']);

  const bad = await s.request('GET', `${ns}?continue=${Buffer.from('{"v":"meta.k8s.io/v1","rv":5,"start":"../x"}').toString('base64url')}`);
  assert.equal(bad.status, 400);
  assert.match(bad.json.message, /^invalid continue token: continue key is not valid: \.\.\/x$/);
});

test('a compacted list or watch revision is 410 Expired (watch: an ERROR event in a 200 stream)', async () => {
  const c = await s.request('POST', CM, cm('old'));
  const rv = Number(c.json.metadata.resourceVersion);
  await s.request('POST', CM, cm('newer'));
  await s.store.compact(await s.store.currentRevision());
  const list = await s.request('GET', `${CM}?resourceVersion=${rv}&resourceVersionMatch=Exact`);
  assert.equal(list.status, 410);
  assert.equal(list.json.reason, 'Expired');
  assert.equal(list.json.message, 'The resourceVersion for the provided list is too old.');
  const w = await watchLines(`${CM}?watch=true&resourceVersion=${rv}`);
  assert.equal(w.status, 200);
  assert.equal(w.lines.length, 1);
  assert.equal(w.lines[0].type, 'ERROR');
  assert.equal(w.lines[0].object.code, 410);
  assert.equal(w.lines[0].object.reason, 'Expired');
  assert.match(w.lines[0].object.message ?? '', /^too old resource version: \d+ \(\d+\)$/);
});

test('watch-list: sendInitialEvents=true ends the initial ADDED events with the initial-events-end bookmark', async () => {
  const ns = '/api/v1/namespaces/wl/configmaps';
  await s.request('POST', '/api/v1/namespaces', { metadata: { name: 'wl' } });
  for (const n of ['a', 'b', 'c']) await s.request('POST', ns, cm(n));
  const list = await s.request('GET', ns);
  const w = await watchLines(`${ns}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&resourceVersion=`,
    (l) => l.some((e) => e.type === 'BOOKMARK'));
  assert.deepEqual(w.lines.map((e) => `${e.type}:${e.object.metadata.name ?? ''}`), ['ADDED:a', 'ADDED:b', 'ADDED:c', 'BOOKMARK:']);
  const bm = w.lines[3].object.metadata;
  assert.deepEqual(bm.annotations, { 'k8s.io/initial-events-end': 'true' });
  assert.ok(Number(bm.resourceVersion) >= Number(list.json.metadata.resourceVersion));
  // Not newer than the store: NotOlderThan a future revision is refused before streaming.
  const future = await s.request('GET', `${ns}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&resourceVersion=999999999`);
  assert.equal(future.status, 504);
  // sendInitialEvents=false: only changes from now on.
  const later = watchLines(`${ns}?watch=true&sendInitialEvents=false&resourceVersionMatch=NotOlderThan&timeoutSeconds=3`, (l) => l.length >= 1);
  await new Promise((r) => setTimeout(r, 300));
  await s.request('POST', ns, cm('d'));
  assert.deepEqual((await later).lines.map((e) => `${e.type}:${e.object.metadata.name}`), ['ADDED:d']);
});

test('bookmarks carry the store progress, not only this resource\'s last event, and go out before the timeout', async () => {
  const start = await s.request('GET', '/api/v1/namespaces/default/secrets');
  const rv = start.json.metadata.resourceVersion;
  const w = watchLines(`/api/v1/namespaces/default/secrets?watch=true&allowWatchBookmarks=true&resourceVersion=${rv}&timeoutSeconds=3`);
  await new Promise((r) => setTimeout(r, 200));
  const other = await s.request('POST', CM, cm('elsewhere'));
  const { lines } = await w;
  assert.deepEqual(lines.map((e) => e.type), ['BOOKMARK']);
  assert.equal(lines[0].object.metadata.resourceVersion, other.json.metadata.resourceVersion);
});

test('watch=True (python) and watch=1 are watches, watch=false a list', async () => {
  for (const v of ['True', '1', 'true']) {
    const w = await watchLines(`${CM}?watch=${v}&resourceVersion=${(await s.request('GET', CM)).json.metadata.resourceVersion}&timeoutSeconds=1`);
    assert.equal(w.status, 200, v);
    assert.equal(w.lines.length, 0, v);
  }
  const l = await s.request('GET', `${CM}?watch=false`);
  assert.equal(l.status, 200);
  assert.equal(l.json.kind, 'ConfigMapList');
});
