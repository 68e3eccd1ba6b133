import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../base/clock.ts';
import { K8sError } from '../base/errors.ts';
import type { KObject } from '../api/types.ts';
import type { KubeClient } from './types.ts';
import { LeaderElector } from './leader-election.ts';

/** Just enough of a client for one Lease, with compare-and-swap. */
function leaseClient(): { client: KubeClient; lease(): KObject | undefined } {
  let lease: KObject | undefined;
  let rv = 0;
  const client = {
    async get() { if (!lease) throw new K8sError('NotFound', 'not found'); return structuredClone(lease); },
    async create(_r: unknown, body: KObject) {
      if (lease) throw new K8sError('AlreadyExists', 'exists');
      lease = { ...structuredClone(body), metadata: { ...body.metadata, resourceVersion: String(++rv) } };
      return lease;
    },
    async update(_r: unknown, body: KObject) {
      if (body.metadata.resourceVersion !== lease?.metadata.resourceVersion) throw new K8sError('Conflict', 'modified');
      lease = { ...structuredClone(body), metadata: { ...body.metadata, resourceVersion: String(++rv) } };
      return lease;
    },
  } as unknown as KubeClient;
  return { client, lease: () => lease };
}

/** Timers that fire only when the test says so. */
function manualTimers() {
  const due: (() => void)[] = [];
  return { timers: { set: (fn: () => void) => { due.push(fn); return fn; }, clear: (h: unknown) => { const i = due.indexOf(h as () => void); if (i >= 0) due.splice(i, 1); } },
    async tick() { const fns = due.splice(0); for (const f of fns) f(); await new Promise((r) => setImmediate(r)); await new Promise((r) => setImmediate(r)); } };
}

test('only one of two candidates leads; the other takes over once the lease expires or is released', async () => {
  const { client, lease } = leaseClient();
  const clock = new FakeClock();
  const t = manualTimers();
  const events: string[] = [];
  const mk = (id: string) => new LeaderElector({
    client, namespace: 'kube-system', name: 'kcm', identity: id, clock, timers: t.timers,
    onStartedLeading: () => { events.push(`${id} leads`); }, onStoppedLeading: () => { events.push(`${id} stops`); },
  });
  const a = mk('a');
  const b = mk('b');
  await a.start();
  await b.start();
  assert.equal(a.isLeader(), true);
  assert.equal(b.isLeader(), false);
  assert.equal(lease()?.spec.holderIdentity, 'a');
  assert.equal(lease()?.spec.leaseDurationSeconds, 15);
  assert.match(lease()?.spec.renewTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  // a renews every retry period; b keeps waiting.
  for (let i = 0; i < 10; i++) { clock.step(2_000); await t.tick(); }
  assert.deepEqual([a.isLeader(), b.isLeader()], [true, false]);
  // a stops: it releases the Lease and b takes it on its next try.
  await a.stop();
  clock.step(2_000);
  await t.tick();
  assert.deepEqual([a.isLeader(), b.isLeader()], [false, true]);
  assert.equal(lease()?.spec.leaseTransitions, 1);
  assert.deepEqual(events, ['a leads', 'a stops', 'b leads']);
  await b.stop();
});

test('a candidate waits out the lease duration of a silent holder', async () => {
  const { client, lease } = leaseClient();
  await client.create({ group: '', version: 'v1', plural: 'leases' }, {
    metadata: { name: 'kcm', namespace: 'kube-system' }, spec: { holderIdentity: 'dead', leaseDurationSeconds: 15, renewTime: '2020-01-01T00:00:00.000000Z' },
  });
  const clock = new FakeClock();
  const t = manualTimers();
  const c = new LeaderElector({ client, namespace: 'kube-system', name: 'kcm', identity: 'c', clock, timers: t.timers, onStartedLeading() {}, onStoppedLeading() {} });
  await c.start();
  assert.equal(c.isLeader(), false, 'the record was only just observed');
  for (let i = 0; i < 7; i++) { clock.step(2_000); await t.tick(); }
  assert.equal(c.isLeader(), false, '14 s < 15 s');
  clock.step(2_000);
  await t.tick();
  assert.equal(c.isLeader(), true);
  assert.equal(lease()?.spec.holderIdentity, 'c');
  await c.stop();
});
