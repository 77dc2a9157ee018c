// The Redis store against the real local Redis, under a private key prefix.
import { describe, expect, it } from 'vitest';
import { useRedisStore } from '../../test/helpers/redis-store.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import { RedisStore } from './redis-store.js';
import { subjectStateKey } from './store.js';

describe('RedisStore', () => {
  const { redis, store } = useRedisStore();

  it('writes many keys in one round trip and reads them back in one', async () => {
    const before = store.roundTrips;
    const keys = Array.from({ length: 200 }, (_, i) => subjectStateKey(`user:u${i}@acme.example`));
    await store.write({ set: keys.map((key, i) => ({ key, value: { n: i }, ttlMs: 60_000 })) });
    const values = await store.getMany<{ n: number }>([...keys, 'missing']);
    expect(store.roundTrips - before).toBe(2);
    expect(values.slice(0, 3)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
    expect(values.at(-1)).toBeUndefined();
  });

  it('keeps a due index in the same write: earliest first, moved when re-added, gone when removed', async () => {
    const before = store.roundTrips;
    await store.write({
      set: [{ key: subjectStateKey('user:due@acme.example'), value: { x: 1 }, ttlMs: 60_000 }],
      due: {
        add: [
          { member: 'm-late', at: 3000 },
          { member: 'm-early', at: 1000 },
          { member: 'm-mid', at: 2000 },
        ],
      },
    });
    expect(store.roundTrips - before).toBe(1);
    expect(await store.due(2500, 10)).toEqual([
      { member: 'm-early', at: 1000 },
      { member: 'm-mid', at: 2000 },
    ]);
    await store.write({ due: { add: [{ member: 'm-early', at: 4000 }], remove: ['m-mid'] } });
    expect(await store.due(10_000, 1)).toEqual([{ member: 'm-late', at: 3000 }]);
    expect(await store.due(10_000, 10)).toEqual([
      { member: 'm-late', at: 3000 },
      { member: 'm-early', at: 4000 },
    ]);
    await store.write({ due: { remove: ['m-late', 'm-early'] } });
    expect(await store.due(10_000, 10)).toEqual([]);
  });

  it('keeps every key under its prefix and hash-tags the subject', async () => {
    await store.write({ set: [{ key: subjectStateKey('device:laptop-1'), value: 1, ttlMs: 60_000 }] });
    expect(await store.scan('{device:')).toEqual(['{device:laptop-1}']);
    expect(await store.client.exists('{device:laptop-1}')).toBe(1); // keyPrefix is applied by the client
    const raw = new RedisStore({ url: redis.url, prefix: '' });
    await raw.connect();
    expect(await raw.client.exists(`${redis.prefix}{device:laptop-1}`)).toBe(1);
    await raw.close();
  });

  it('expires keys after their ttl and deletes on request', async () => {
    await store.write({
      set: [
        { key: 'short', value: 'x', ttlMs: 50 },
        { key: 'gone', value: 'y', ttlMs: 60_000 },
      ],
    });
    await store.write({ del: ['gone'] });
    await waitFor(async () => (await store.getMany(['short']))[0] === undefined, { timeoutMs: 5000, message: 'short key expired' });
    expect(await store.getMany(['gone'])).toEqual([undefined]);
  });

  it('reads a value that is not JSON as missing and reports it', async () => {
    const errors: Error[] = [];
    const watched = new RedisStore({ url: redis.url, prefix: redis.prefix, onError: (e) => errors.push(e) });
    await watched.connect();
    await watched.client.set('corrupt', '{not json');
    await watched.write({ set: [{ key: 'fine', value: [1], ttlMs: 60_000 }] });
    expect(await watched.getMany(['corrupt', 'fine'])).toEqual([undefined, [1]]);
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining(`${redis.prefix}corrupt is not JSON`)]);
    await watched.close();
  });

  it('fails the batch when one command of its pipeline fails', async () => {
    await store.client.rpush('a-list', 'x');
    await expect(store.getMany(['fine', 'a-list'])).rejects.toMatchObject({ code: 'VIGIL_ERR_STORE', message: expect.stringMatching(/1 of 2.*WRONGTYPE/) });
  });

  it('rejects a ttl that is not a finite number instead of sending it', async () => {
    await expect(store.write({ set: [{ key: 'forever', value: 1, ttlMs: Number.POSITIVE_INFINITY }] })).rejects.toMatchObject({ code: 'VIGIL_ERR_INTERNAL' });
    expect(await store.client.exists('forever')).toBe(0);
  });

  it('reports an unreachable server as a retriable store error naming it, credentials masked', async () => {
    const dead = new RedisStore({
      url: 'redis://vigil:hunter2@127.0.0.1:1/0',
      prefix: redis.prefix,
      redis: { maxRetriesPerRequest: 0, retryStrategy: () => null },
    });
    const err = await dead.connect().catch((e: unknown) => e as Error);
    expect(err).toMatchObject({ code: 'VIGIL_ERR_STORE', retriable: true });
    expect(err!.message).toMatch(/^cannot reach Redis at redis:\/\/\*\*\*@127\.0\.0\.1:1\/0: /);
    expect(err!.message).not.toContain('hunter2');
    await dead.close();
  });
});
