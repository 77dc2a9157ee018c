// Leases on the real local Redis: a claim is exclusive until written, released or lapsed, and a write
// by a holder whose lease lapsed is refused key by key.
import { describe, expect, it } from 'vitest';
import { useRedisStore } from '../../test/helpers/redis-store.js';
import { claimAll } from './claim.js';
import { subjectStateKey } from './store.js';

describe('RedisStore leases', () => {
  const { store } = useRedisStore();

  const a = { holder: 'holder-a', ms: 10_000 };
  const b = { holder: 'holder-b', ms: 10_000 };

  it('claims and reads in one round trip; a second holder finds the key busy until the first writes it', async () => {
    const [k1, k2] = [subjectStateKey('agent:shared'), subjectStateKey('user:only-a@x')];
    await store.write({ set: [{ key: k1!, value: { n: 1 }, ttlMs: 60_000 }] });
    const before = store.roundTrips;
    expect(await store.claimMany([k1!, k2!], a)).toEqual({ values: [{ n: 1 }, undefined], busy: [] });
    expect(store.roundTrips - before).toBe(1);
    // Busy keys are neither claimed nor read.
    expect(await store.claimMany([k2!, k1!, subjectStateKey('user:only-b@x')], b)).toEqual({ values: [undefined, undefined, undefined], busy: [0, 1] });
    expect(await store.write({ set: [{ key: k1!, value: { n: 2 }, ttlMs: 60_000 }], lease: { holder: a.holder, release: [k2!] } })).toEqual({ fenced: [] });
    expect(store.roundTrips - before).toBe(3);
    expect(await store.claimMany([k1!, k2!], b)).toEqual({ values: [{ n: 2 }, undefined], busy: [] });
    await store.write({ lease: { holder: b.holder, release: [k1!, k2!, subjectStateKey('user:only-b@x')] } });
    expect(await store.client.exists(`${k1}:lease`, `${k2}:lease`)).toBe(0);
  });

  it('hands a released key to the holder that waited for it first, not back to the one that released it', async () => {
    const hot = subjectStateKey('agent:hot-queue');
    await store.claimMany([hot], a);
    expect((await store.claimMany([hot], b)).busy).toEqual([0]); // b is now next in line
    expect((await store.claimMany([hot], { holder: 'c', ms: 10_000 })).busy).toEqual([0]);
    await store.write({ lease: { holder: a.holder, release: [hot] } });
    // a comes straight back for its next batch, c tries again: both wait for b's turn.
    expect((await store.claimMany([hot], a)).busy).toEqual([0]);
    expect((await store.claimMany([hot], { holder: 'c', ms: 10_000 })).busy).toEqual([0]);
    expect((await store.claimMany([hot], b)).busy).toEqual([]);
    expect(await store.client.exists(`${hot}:next`)).toBe(0);
    // While b holds it, the next in line is whoever asks first.
    expect((await store.claimMany([hot], a)).busy).toEqual([0]);
    expect(await store.client.get(`${hot}:next`)).toBe(a.holder);
    await store.write({ lease: { holder: b.holder, release: [hot] } });
    expect((await store.claimMany([hot], a)).busy).toEqual([]);
    await store.write({ lease: { holder: a.holder, release: [hot] } });
  });

  it('refuses the write of a holder whose lease lapsed and another took, and writes the rest', async () => {
    const [late, fine] = [subjectStateKey('device:slow'), subjectStateKey('device:fine')];
    await store.claimMany([late!, fine!], { holder: 'slow', ms: 30 });
    await new Promise((r) => setTimeout(r, 60));
    expect((await store.claimMany([late!], b)).busy).toEqual([]);
    await store.client.set(`${fine}:lease`, 'slow', 'PX', 10_000); // still the slow holder's
    const result = await store.write({
      set: [
        { key: late!, value: 'stale', ttlMs: 60_000 },
        { key: fine!, value: 'ok', ttlMs: 60_000 },
      ],
      lease: { holder: 'slow' },
    });
    expect(result).toEqual({ fenced: [late] });
    expect(await store.getMany([late!, fine!])).toEqual([undefined, 'ok']);
    // The other holder's lease stands; the slow holder's write released its own.
    expect(await store.client.get(`${late}:lease`)).toBe(b.holder);
    expect(await store.client.exists(`${fine}:lease`)).toBe(0);
  });

  it('deletes under a lease only while it holds it', async () => {
    const k = subjectStateKey('user:del@x');
    await store.write({ set: [{ key: k, value: 1, ttlMs: 60_000 }] });
    expect(await store.write({ del: [k], lease: { holder: 'nobody' } })).toEqual({ fenced: [k] });
    expect(await store.getMany([k])).toEqual([1]);
    await store.claimMany([k], a);
    expect(await store.write({ del: [k], lease: { holder: a.holder } })).toEqual({ fenced: [] });
    expect(await store.getMany([k])).toEqual([undefined]);
  });

  it('claimAll waits out a busy key (releasing what it got meanwhile) and gives up after its wait', async () => {
    const [busy, free] = [subjectStateKey('agent:hot'), subjectStateKey('agent:cold')];
    await store.claimMany([busy!], a);
    const pauses: number[] = [];
    const sleep = async (ms: number) => {
      pauses.push(ms);
      // While claimAll waits it holds nothing: the free key is claimable by anyone.
      expect(await store.client.exists(`${free}:lease`)).toBe(0);
      if (pauses.length === 3) await store.write({ lease: { holder: a.holder, release: [busy!] } });
    };
    const waits: number[] = [];
    const got = await claimAll(store, [free!, busy!], b, { sleep, onWait: async () => void waits.push(pauses.length) });
    // Three tries found the key busy, each followed by a pause and a call of onWait; the fourth took both.
    expect(pauses).toHaveLength(3);
    expect(waits).toHaveLength(3);
    expect(got.values).toEqual([undefined, undefined]);
    expect(pauses[2]!).toBeGreaterThan(pauses[0]!);
    expect(await store.client.get(`${busy}:lease`)).toBe(b.holder);
    await store.write({ lease: { holder: b.holder, release: [free!, busy!] } });

    await store.claimMany([busy!], a);
    await expect(claimAll(store, [busy!], { holder: 'c', ms: 10_000 }, { waitMs: 0, sleep: async () => undefined })).rejects.toMatchObject({
      code: 'VIGIL_ERR_STORE',
      message: expect.stringContaining('stayed claimed by another instance'),
    });
  });
});
