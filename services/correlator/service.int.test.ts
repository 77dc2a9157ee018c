// The correlator service on Redis state: the next batch is claimed and evaluated while the batch before
// waits for the answer to its state write, and yet reads what that write left; a batch is done (its offsets
// may be committed) only once its own write is answered.
import { describe, expect, it } from 'vitest';
import { RedisStore, type ClaimResult, type StoreLease, type StoreWrite, type WriteResult } from '@vigil/store';
import { useRedisStore } from '../../test/helpers/redis-store.js';
import { batch, failure, heldBus, metricValue, record, startService, TOPICS } from './testing/service.js';

/** A RedisStore whose writes go to Redis at once but whose answers wait until the test opens the gate. */
class GatedStore extends RedisStore {
  readonly events: string[] = [];
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  private fail = false;

  hold(options: { fail?: boolean } = {}): void {
    this.fail = options.fail ?? false;
    this.gate = new Promise((r) => (this.open = r));
  }

  letGo(): void {
    this.open?.();
    this.gate = undefined;
    this.fail = false;
  }

  override claimMany<T = unknown>(keys: readonly string[], lease: StoreLease): Promise<ClaimResult<T>> {
    this.events.push(`claim ${keys.length}`);
    return super.claimMany<T>(keys, lease);
  }

  override async write(ops: StoreWrite): Promise<WriteResult> {
    const answer = super.write(ops);
    if (!ops.set?.length) return answer;
    this.events.push(`write ${ops.set.length}`);
    const { gate, fail } = this;
    const result = await answer;
    if (gate) await gate;
    this.events.push('write answered');
    if (fail) throw new Error('the write failed after it was sent');
    return result;
  }
}

const settled = <T>(p: Promise<T>): (() => boolean) => {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  return () => done;
};

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 30));

describe('correlator service on Redis', () => {
  const { redis } = useRedisStore();

  async function gatedService() {
    const store = new GatedStore({ url: redis.url, prefix: redis.prefix });
    await store.connect();
    const bus = heldBus(false);
    const { service, metrics } = await startService(bus.bus, store);
    return { store, bus, service, metrics };
  }

  it('claims and evaluates the next batch while the write before it is unanswered, and reads what it wrote', async () => {
    const { store, bus, service, metrics } = await gatedService();
    const user = `overlap-${Date.now()}@acme.example`;
    store.hold();
    // Three failures: no decision yet, state to write.
    const first = bus.handler()(batch([0, 1, 2].map((i) => record(i, failure(i, user), 0))));
    const firstDone = settled(first);
    await tick();
    expect(store.events).toEqual(['claim 1', 'write 1']);

    // Two more of the same user, in another partition's batch: the five-failure rule needs the first three.
    const second = bus.handler()(batch([3, 4].map((i) => record(i, failure(i, user), 1))));
    await tick();
    // The second batch was claimed, evaluated and published, and its write sent, with the first's answer held.
    expect(store.events).toEqual(['claim 1', 'write 1', 'claim 1', 'write 1']);
    const decided = bus.published.flat().filter((r) => r.topic === TOPICS.decisions);
    expect(decided.map((r) => JSON.parse(String(r.value)).subject)).toEqual([`user:${user}`]);
    expect(firstDone()).toBe(false);
    // Redis ran the first write before the second claim (one connection, in order): no claim had to wait.
    expect(await metricValue(metrics, 'vigil_correlator_claim_retries_total')).toBe(0);

    store.letGo();
    expect(await first).toEqual([]);
    expect(await second).toEqual([]);
    expect(store.events.filter((e) => e === 'write answered')).toHaveLength(2);
    await service.stop();
    await store.close();
  });

  it('fails a batch whose write fails after it was sent, and goes on with the next', async () => {
    const { store, bus, service } = await gatedService();
    store.hold({ fail: true });
    const first = bus.handler()(batch([record(0, failure(0, `fail-a-${Date.now()}@acme.example`), 0)]));
    await tick();
    const second = bus.handler()(batch([record(1, failure(1, `fail-b-${Date.now()}@acme.example`), 1)]));
    await tick();
    store.letGo();
    // Rejected: the bus does not commit the first batch's offsets and hands it over again.
    await expect(first).rejects.toThrow(/after it was sent/);
    await expect(second).rejects.toThrow(/after it was sent/);
    const third = bus.handler()(batch([record(2, failure(2, `fail-c-${Date.now()}@acme.example`), 0)]));
    expect(await third).toEqual([]);
    await service.stop();
    await store.close();
  });

  it('does not stop before the writes it sent are answered', async () => {
    const { store, bus, service } = await gatedService();
    store.hold();
    const first = bus.handler()(batch([record(0, failure(0, `stop-${Date.now()}@acme.example`), 0)]));
    await tick();
    const stopped = settled(service.stop());
    await tick();
    expect(stopped()).toBe(false);
    store.letGo();
    expect(await first).toEqual([]);
    await tick();
    expect(stopped()).toBe(true);
    await store.close();
  });
});
