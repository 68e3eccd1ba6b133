import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiMetrics, Counter, Registry, REQUEST_DURATION_BUCKETS } from './index.ts';

/** A strict parser of the text format: returns samples by full series name. */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const typed = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const t = /^# TYPE ([a-zA-Z_:][\w:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (t) { assert.ok(!typed.has(t[1]!), `duplicate TYPE ${t[1]}`); typed.add(t[1]!); continue; }
    if (/^# HELP [a-zA-Z_:][\w:]* .*$/.test(line)) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{(?:[a-zA-Z_]\w*="(?:[^"\\\n]|\\[\\"n])*",?)*\})? (\S+)$/.exec(line);
    assert.ok(m, `unparseable line: ${line}`);
    const base = m[1]!.replace(/_(bucket|sum|count)$/, '');
    assert.ok(typed.has(m[1]!) || typed.has(base), `sample before TYPE: ${line}`);
    const v = m[3] === '+Inf' ? Infinity : Number(m[3]);
    assert.ok(!Number.isNaN(v), `bad value in ${line}`);
    out.set(m[1]! + (m[2] ?? ''), v);
  }
  return out;
}

const labels = { verb: 'GET', group: '', version: 'v1', resource: 'pods', subresource: '', scope: 'resource', component: 'apiserver', code: '200' };

test('request metrics render in parseable text format with upstream names', () => {
  const m = createApiMetrics();
  m.observeRequest(labels, 0.01);
  m.observeRequest(labels, 0.3);
  m.observeRequest({ ...labels, code: '404' }, 100);
  const s = parse(m.render());
  const sel = 'verb="GET",dry_run="",group="",version="v1",resource="pods",subresource="",scope="resource",component="apiserver"';
  assert.equal(s.get(`apiserver_request_total{${sel},code="200"}`), 2);
  assert.equal(s.get(`apiserver_request_total{${sel},code="404"}`), 1);
  assert.equal(s.get(`apiserver_request_duration_seconds_bucket{${sel},le="0.005"}`), 0);
  assert.equal(s.get(`apiserver_request_duration_seconds_bucket{${sel},le="0.025"}`), 1);
  assert.equal(s.get(`apiserver_request_duration_seconds_bucket{${sel},le="0.4"}`), 2);
  assert.equal(s.get(`apiserver_request_duration_seconds_bucket{${sel},le="60"}`), 2);
  assert.equal(s.get(`apiserver_request_duration_seconds_bucket{${sel},le="+Inf"}`), 3);
  assert.equal(s.get(`apiserver_request_duration_seconds_count{${sel}}`), 3);
  assert.ok(Math.abs(s.get(`apiserver_request_duration_seconds_sum{${sel}}`)! - 100.31) < 1e-9);
  const buckets = [...s.keys()].filter((k) => k.startsWith('apiserver_request_duration_seconds_bucket'));
  assert.equal(buckets.length, REQUEST_DURATION_BUCKETS.length + 1);
});

test('gauges: inflight, watchers, storage objects, process metrics', () => {
  const m = createApiMetrics();
  m.inflight('mutating', 1);
  m.watchers(1, '', 'v1', 'Pod');
  m.watchers(1, '', 'v1', 'Pod');
  m.watchers(-1, '', 'v1', 'Pod');
  m.storageObjects('deployments.apps', 7);
  const s = parse(m.render());
  assert.equal(s.get('apiserver_current_inflight_requests{request_kind="mutating"}'), 1);
  assert.equal(s.get('apiserver_current_inflight_requests{request_kind="readOnly"}'), 0);
  assert.equal(s.get('apiserver_registered_watchers{group="",version="v1",kind="Pod"}'), 1);
  assert.equal(s.get('apiserver_storage_objects{resource="deployments.apps"}'), 7);
  assert.ok(s.get('process_resident_memory_bytes')! > 0);
  assert.ok(s.get('process_start_time_seconds')! > 1e9);
  assert.ok(s.has('process_cpu_seconds_total'));
  assert.ok(s.get('nodejs_heap_size_used_bytes')! > 0);
});

test('label values are escaped', () => {
  const reg = new Registry();
  reg.register(new Counter('x_total', 'help with \\ backslash', ['l'])).with('a"b\\c\nd').inc(2);
  const text = reg.render();
  assert.ok(text.includes('x_total{l="a\\"b\\\\c\\nd"} 2'));
  parse(text);
});

test('observeRequest is cheap', () => {
  const m = createApiMetrics();
  const n = 200_000;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) m.observeRequest(labels, 0.002);
  const perCallNs = Number(process.hrtime.bigint() - t0) / n;
  assert.ok(perCallNs < 2000, `observeRequest took ${perCallNs} ns`);
});
