import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from './clock.ts';
import { WorkQueue, type TimerScheduler } from './workqueue.ts';
import { BucketRateLimiter, ItemExponentialRateLimiter, MaxOfRateLimiter, defaultControllerRateLimiter, Backoff } from './backoff.ts';

/** Timers driven by a FakeClock: callbacks fire only when the test advances time. */
class FakeTimers implements TimerScheduler {
  private pending: Array<{ at: number; fn: () => void; id: number }> = [];
  private seq = 0;
  constructor(readonly clock: FakeClock) {}
  set(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.pending.push({ at: this.clock.now() + ms, fn, id });
    return id;
  }
  clear(h: unknown): void { this.pending = this.pending.filter((p) => p.id !== h); }
  advance(ms: number): void {
    this.clock.step(ms);
    for (;;) {
      const due = this.pending.filter((p) => p.at <= this.clock.now()).sort((a, b) => a.at - b.at)[0];
      if (!due) return;
      this.pending = this.pending.filter((p) => p !== due);
      due.fn();
    }
  }
  count(): number { return this.pending.length; }
}

test('add de-duplicates items not yet taken', async () => {
  const q = new WorkQueue<string>();
  q.add('a'); q.add('b'); q.add('a'); q.add('a');
  assert.equal(q.len(), 2);
  assert.deepEqual(await q.get(), { item: 'a', shutdown: false });
  assert.deepEqual(await q.get(), { item: 'b', shutdown: false });
  assert.equal(q.len(), 0);
});

test('an item added while processing is held back until done, then queued once', async () => {
  const q = new WorkQueue<string>();
  q.add('a');
  const first = await q.get();
  assert.equal(first.item, 'a');
  q.add('a'); q.add('a');
  assert.equal(q.len(), 0, 'a second worker must not get the item being processed');
  let second: string | undefined;
  void q.get().then((r) => { second = r.item; });
  await new Promise((r) => setImmediate(r));
  assert.equal(second, undefined);
  q.done('a');
  await new Promise((r) => setImmediate(r));
  assert.equal(second, 'a');
  q.done('a');
  assert.equal(q.len(), 0);
});

test('many workers never process one key concurrently', async () => {
  const q = new WorkQueue<string>();
  const active = new Set<string>();
  let overlaps = 0;
  let processed = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const r = await q.get();
      if (r.shutdown) return;
      if (active.has(r.item)) overlaps++;
      active.add(r.item);
      await new Promise((res) => setTimeout(res, 1));
      active.delete(r.item);
      processed++;
      q.done(r.item);
    }
  };
  const workers = Array.from({ length: 5 }, worker);
  for (let i = 0; i < 200; i++) {
    q.add(`k${i % 3}`);
    if (i % 10 === 0) await new Promise((res) => setTimeout(res, 1));
  }
  await new Promise((res) => setTimeout(res, 50));
  q.shutDown();
  await Promise.all(workers);
  assert.equal(overlaps, 0);
  assert.ok(processed >= 3);
});

test('get waits, and shutdown wakes idle workers', async () => {
  const q = new WorkQueue<string>();
  const p = q.get();
  q.add('x');
  assert.deepEqual(await p, { item: 'x', shutdown: false });
  const idle = q.get();
  q.shutDown();
  assert.deepEqual(await idle, { item: undefined, shutdown: true });
  q.add('y');
  assert.equal(q.len(), 0, 'adds after shutdown are dropped');
});

test('shutdown still hands out items already queued', async () => {
  const q = new WorkQueue<string>();
  q.add('a');
  q.shutDown();
  assert.equal((await q.get()).item, 'a');
  assert.equal((await q.get()).shutdown, true);
});

test('addAfter queues only when the fake clock reaches the time; earliest wins', () => {
  const clock = new FakeClock();
  const timers = new FakeTimers(clock);
  const q = new WorkQueue<string>({ clock, timers });
  q.addAfter('a', 100);
  q.addAfter('a', 50);
  q.addAfter('b', 200);
  timers.advance(49);
  assert.equal(q.len(), 0);
  timers.advance(1);
  assert.equal(q.len(), 1);
  timers.advance(149);
  assert.equal(q.len(), 1);
  timers.advance(1);
  assert.equal(q.len(), 2);
  assert.equal(timers.count(), 0);
});

test('addRateLimited backs off exponentially per item and forget resets it', () => {
  const clock = new FakeClock();
  const timers = new FakeTimers(clock);
  const q = new WorkQueue<string>({ clock, timers, rateLimiter: new ItemExponentialRateLimiter(5, 1000_000) });
  const delays: number[] = [];
  for (let i = 0; i < 4; i++) {
    const start = clock.now();
    q.addRateLimited('a');
    while (q.len() === 0) timers.advance(1);
    delays.push(clock.now() - start);
    void q.get();
    q.done('a');
  }
  assert.deepEqual(delays, [5, 10, 20, 40]);
  assert.equal(q.numRequeues('a'), 4);
  q.forget('a');
  assert.equal(q.numRequeues('a'), 0);
});

test('item backoff is capped at 1000 s', () => {
  const l = new ItemExponentialRateLimiter<string>(5, 1000_000);
  let d = 0;
  for (let i = 0; i < 40; i++) d = l.when('x');
  assert.equal(d, 1000_000);
  assert.equal(l.when('y'), 5);
});

test('token bucket allows a burst of 100 then 10 per second', () => {
  const clock = new FakeClock();
  const b = new BucketRateLimiter<string>(10, 100, clock);
  for (let i = 0; i < 100; i++) assert.equal(b.when(`i${i}`), 0);
  assert.equal(b.when('x'), 100);
  assert.equal(b.when('y'), 200);
  clock.step(1000);
  // 10 tokens refilled, 2 were owed: the next 8 pass, then waiting resumes.
  for (let i = 0; i < 8; i++) assert.equal(b.when(`j${i}`), 0);
  assert.equal(b.when('z'), 100);
});

test('default limiter is the max of item backoff and bucket', () => {
  const clock = new FakeClock();
  const l = defaultControllerRateLimiter<string>(clock);
  assert.equal(l.when('a'), 5);
  assert.equal(l.when('a'), 10);
  const m = new MaxOfRateLimiter<string>(new ItemExponentialRateLimiter(1, 100), new ItemExponentialRateLimiter(3, 100));
  assert.equal(m.when('q'), 3);
  assert.equal(m.numRequeues('q'), 1);
});

test('Backoff grows to its cap and resets', () => {
  const b = new Backoff({ initialMs: 100, maxMs: 500, random: () => 0 });
  assert.deepEqual([b.next(), b.next(), b.next(), b.next()], [100, 200, 400, 500]);
  b.reset();
  assert.equal(b.next(), 100);
});

test('many delayed items come out in time order', async () => {
  const clock = new FakeClock();
  const timers = new FakeTimers(clock);
  const q = new WorkQueue<string>({ clock, timers });
  const delays = Array.from({ length: 200 }, (_, i) => ((i * 7919) % 200) + 1);
  delays.forEach((d, i) => q.addAfter(`k${i}`, d));
  q.addAfter('k0', 1000);
  const order: number[] = [];
  for (let t = 0; t < 200; t++) {
    timers.advance(1);
    while (q.len() > 0) {
      const r = await q.get();
      order.push(delays[Number(r.item?.slice(1))] as number);
    }
  }
  assert.equal(order.length, 200);
  assert.deepEqual(order, [...order].sort((a, b) => a - b));
});
