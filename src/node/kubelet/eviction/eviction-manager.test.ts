import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nullLogger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import { FakeTimers } from '../../testing/fake-timers.ts';
import { diskUsage } from './disk-usage.ts';
import { EvictionManager, monitoringPeriodFromEnv } from './eviction-manager.ts';

type Vol = Record<string, unknown>;

function pod(name: string, volumes: Vol[], extra: { annotations?: Record<string, string>; phase?: string } = {}): KObject {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}`, annotations: extra.annotations ?? {} },
    spec: { volumes }, status: { phase: extra.phase ?? 'Running' },
  };
}

async function fill(root: string, p: KObject, volume: string, bytes: number) {
  const dir = join(root, 'pods', p.metadata.uid as string, 'volumes', 'kubernetes.io~empty-dir', volume);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'f'), Buffer.alloc(bytes, 7));
}

async function setup() {
  const root = await mkdtemp(join(tmpdir(), 'k8ts-evict-'));
  const timers = new FakeTimers();
  const pods: KObject[] = [];
  const evicted: Array<[string, string]> = [];
  const m = new EvictionManager({
    rootDir: root, timers, clock: timers.clock, logger: nullLogger, periodMs: 1000,
    pods: () => pods, evict: (p, msg) => evicted.push([p.metadata.name as string, msg]),
  });
  return { root, timers, pods, evicted, m, done: () => rm(root, { recursive: true, force: true }) };
}

test('a pod whose disk emptyDir exceeds its sizeLimit is evicted once; one under its limit is not', async () => {
  const s = await setup();
  try {
    const over = pod('over', [{ name: 'ok', emptyDir: { sizeLimit: '10Mi' } }, { name: 'data', emptyDir: { sizeLimit: '1Mi' } }]);
    const under = pod('under', [{ name: 'data', emptyDir: { sizeLimit: '4Mi' } }]);
    const nolimit = pod('nolimit', [{ name: 'data', emptyDir: {} }]);
    s.pods.push(over, under, nolimit);
    await fill(s.root, over, 'ok', 1024);
    await fill(s.root, over, 'data', 2 * 1024 * 1024);
    await fill(s.root, under, 'data', 2 * 1024 * 1024);
    await fill(s.root, nolimit, 'data', 2 * 1024 * 1024);
    const r = await s.m.pass();
    assert.deepEqual(s.evicted, [['over', 'Usage of EmptyDir volume "data" exceeds the limit "1Mi". ']]);
    assert.deepEqual(r.evicted, ['default/over']);
    assert.equal(r.pods, 2);
    assert.equal(r.volumes, 3);
    await s.m.pass();
    assert.equal(s.evicted.length, 1, 'an eviction in progress is not asked for again');
  } finally { await s.done(); }
});

test('exactly at the limit is within it; critical, terminal and not yet set-up pods are left alone', async () => {
  const s = await setup();
  try {
    const probe = pod('exact', []);
    await fill(s.root, probe, 'd', 60 * 1024);
    const used = await diskUsage(join(s.root, 'pods', 'uid-exact', 'volumes', 'kubernetes.io~empty-dir', 'd'));
    const exact = pod('exact', [{ name: 'd', emptyDir: { sizeLimit: String(used.bytes) } }]);
    const stat = pod('static', [{ name: 'd', emptyDir: { sizeLimit: '1Ki' } }], { annotations: { 'kubernetes.io/config.source': 'file' } });
    const done = pod('done', [{ name: 'd', emptyDir: { sizeLimit: '1Ki' } }], { phase: 'Failed' });
    const fresh = pod('fresh', [{ name: 'd', emptyDir: { sizeLimit: '1Ki' } }]);
    s.pods.push(exact, stat, done, fresh);
    await fill(s.root, stat, 'd', 64 * 1024);
    await fill(s.root, done, 'd', 64 * 1024);
    await s.m.pass();
    assert.deepEqual(s.evicted, []);
  } finally { await s.done(); }
});

test('passes run every period until stopped; the period can come from the environment', async () => {
  const s = await setup();
  try {
    const over = pod('over', [{ name: 'd', emptyDir: { sizeLimit: '1Ki' } }]);
    await fill(s.root, over, 'd', 64 * 1024);
    s.m.start();
    s.pods.push(over);
    await s.timers.advance(999);
    assert.equal(s.evicted.length, 0);
    await s.timers.advance(1);
    for (let i = 0; i < 100 && s.evicted.length === 0; i++) await new Promise((r) => setTimeout(r, 5)); // real fs I/O
    assert.equal(s.evicted.length, 1);
    s.m.stop();
    assert.equal(s.timers.size, 0);
    assert.equal(monitoringPeriodFromEnv({ K8TS_EVICTION_MONITORING_PERIOD_MS: '500' }), 500);
    assert.equal(monitoringPeriodFromEnv({ K8TS_EVICTION_MONITORING_PERIOD_MS: '0' }), undefined);
    assert.equal(monitoringPeriodFromEnv({ K8TS_EVICTION_MONITORING_PERIOD_MS: '1s' }), undefined);
    assert.equal(monitoringPeriodFromEnv({}), undefined);
  } finally { await s.done(); }
});
