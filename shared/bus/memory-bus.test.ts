// The in-memory bus behaves like Kafka where Vigil relies on it: per-key order, independent groups,
// outputs published before commit, and a failed batch redelivered (after a backoff) instead of lost.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BusBatch, BusRecord, OutRecord, Subscription } from './bus.js';
import { MemoryBus } from './memory-bus.js';

const buses: MemoryBus[] = [];
function newBus(): MemoryBus {
  const bus = new MemoryBus({ defaultPartitions: 4, retryInitialMs: 5, retryMaxMs: 20 });
  buses.push(bus);
  return bus;
}
afterEach(async () => {
  await Promise.all(buses.splice(0).map((b) => b.close()));
});

function collect(into: BusRecord[], out: (b: BusBatch) => OutRecord[] = () => []) {
  return async (batch: BusBatch): Promise<OutRecord[]> => {
    into.push(...batch.records);
    return out(batch);
  };
}

const waitUntil = (fn: () => boolean, message: string) => vi.waitFor(() => expect(fn(), message).toBe(true), { timeout: 5000, interval: 5 });

describe('memory bus', () => {
  it('keeps every key on one partition, in publish order', async () => {
    const bus = newBus();
    const published = Array.from({ length: 200 }, (_, i) => ({ topic: 'in', key: `user:${i % 7}`, value: String(i) }));
    await bus.publish(published);
    const seen: BusRecord[] = [];
    await bus.subscribe({ groupId: 'g', topics: ['in'], fromBeginning: true, handler: collect(seen), maxBatchSize: 13 });
    await waitUntil(() => seen.length === 200, 'all records consumed');

    for (let k = 0; k < 7; k++) {
      const mine = seen.filter((r) => r.key?.toString() === `user:${k}`);
      expect(new Set(mine.map((r) => r.partition)).size).toBe(1);
      expect(mine.map((r) => Number(r.value.toString()))).toEqual(published.filter((p) => p.key === `user:${k}`).map((p) => Number(p.value)));
    }
  });

  it('hands the handler at most maxBatchSize records per call', async () => {
    const bus = newBus();
    await bus.ensureTopics([{ topic: 'in', partitions: 1 }]);
    await bus.publish(Array.from({ length: 25 }, (_, i) => ({ topic: 'in', key: 'k', value: String(i) })));
    const sizes: number[] = [];
    await bus.subscribe({ groupId: 'g', topics: ['in'], fromBeginning: true, maxBatchSize: 10, handler: async (b) => (sizes.push(b.records.length), []) });
    await waitUntil(() => sizes.reduce((a, b) => a + b, 0) === 25, 'all records consumed');
    expect(sizes).toEqual([10, 10, 5]);
  });

  it('gives each group its own offsets', async () => {
    const bus = newBus();
    await bus.publish([1, 2, 3].map((i) => ({ topic: 'in', key: 'k', value: String(i) })));
    const a: BusRecord[] = [];
    const b: BusRecord[] = [];
    await bus.subscribe({ groupId: 'a', topics: ['in'], fromBeginning: true, handler: collect(a) });
    await bus.subscribe({ groupId: 'b', topics: ['in'], fromBeginning: true, handler: collect(b) });
    await waitUntil(() => a.length === 3 && b.length === 3, 'both groups got every record');
    expect(a.map((r) => r.value.toString())).toEqual(['1', '2', '3']);
    expect(b.map((r) => r.value.toString())).toEqual(['1', '2', '3']);
  });

  it('starts a new group at the end unless fromBeginning', async () => {
    const bus = newBus();
    await bus.publish([{ topic: 'in', key: 'k', value: 'old' }]);
    const seen: BusRecord[] = [];
    const sub = await bus.subscribe({ groupId: 'g', topics: ['in'], handler: collect(seen) });
    await waitUntil(() => sub.caughtUp, 'caught up');
    await bus.publish([{ topic: 'in', key: 'k', value: 'new' }]);
    await waitUntil(() => seen.length === 1, 'new record consumed');
    expect(seen[0]!.value.toString()).toBe('new');
  });

  it('publishes what a handler returns before moving past its batch', async () => {
    const bus = newBus();
    await bus.publish([{ topic: 'in', key: 'k', value: 'x' }]);
    const outSeen: BusRecord[] = [];
    await bus.subscribe({
      groupId: 'g',
      topics: ['in'],
      fromBeginning: true,
      handler: async (b) => b.records.map((r) => ({ topic: 'out', key: r.key, value: `${r.value.toString()}!`, headers: { from: r.offset } })),
    });
    await bus.subscribe({ groupId: 'reader', topics: ['out'], fromBeginning: true, handler: collect(outSeen) });
    await waitUntil(() => outSeen.length === 1, 'output consumed');
    expect(outSeen[0]!.value.toString()).toBe('x!');
    expect(outSeen[0]!.headers).toEqual({ from: '0' });
  });

  it('redelivers a batch whose handler threw, after a backoff, and then carries on', async () => {
    const bus = newBus();
    await bus.ensureTopics([{ topic: 'in', partitions: 1 }]);
    await bus.publish([1, 2].map((i) => ({ topic: 'in', key: 'k', value: String(i) })));
    const attempts: string[][] = [];
    let failuresLeft = 2;
    const sub = await bus.subscribe({
      groupId: 'g',
      topics: ['in'],
      fromBeginning: true,
      handler: async (b) => {
        attempts.push(b.records.map((r) => r.offset));
        if (failuresLeft-- > 0) throw new Error('store unavailable');
        return b.records.map((r) => ({ topic: 'out', key: 'k', value: r.value }));
      },
    });
    await waitUntil(() => bus.records('out').length === 2, 'outputs published once the handler recovers');
    expect(attempts.slice(0, 3)).toEqual([
      ['0', '1'],
      ['0', '1'],
      ['0', '1'],
    ]);
    expect(bus.records('out').map((r) => r.value.toString())).toEqual(['1', '2']);

    await bus.publish([{ topic: 'in', key: 'k', value: '3' }]);
    await waitUntil(() => bus.records('out').length === 3, 'later records still flow');
    expect(attempts.at(-1)).toEqual(['2']);
    expect(sub.caughtUp).toBe(true);
  });

  it('leaves a failing batch uncommitted: the next consumer of the group gets it again', async () => {
    const bus = newBus();
    await bus.publish([{ topic: 'in', key: 'k', value: 'poison?' }]);
    let calls = 0;
    const failing: Subscription = await bus.subscribe({
      groupId: 'g',
      topics: ['in'],
      fromBeginning: true,
      handler: async () => {
        calls++;
        throw new Error('down');
      },
    });
    await waitUntil(() => calls >= 2, 'the failing handler was retried');
    expect(failing.caughtUp).toBe(false);
    await failing.stop();

    const seen: BusRecord[] = [];
    await bus.subscribe({ groupId: 'g', topics: ['in'], fromBeginning: true, handler: collect(seen) });
    await waitUntil(() => seen.length === 1, 'redelivered to the next consumer');
    expect(seen[0]!.value.toString()).toBe('poison?');
  });

  it('stop() cuts a retry backoff short', async () => {
    const bus = new MemoryBus({ retryInitialMs: 60_000, retryMaxMs: 60_000 });
    buses.push(bus);
    await bus.publish([{ topic: 'in', key: 'k', value: 'x' }]);
    let calls = 0;
    const sub = await bus.subscribe({ groupId: 'g', topics: ['in'], fromBeginning: true, handler: async () => (calls++, Promise.reject(new Error('no'))) });
    await waitUntil(() => calls === 1, 'first attempt made');
    // Would hang for a minute (and time the test out) if the backoff ignored stop().
    await sub.stop();
    expect(calls).toBe(1);
  });
});
