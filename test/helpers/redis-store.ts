// A RedisStore per test file on the shared local Redis, under the file's own prefix: connected before the
// tests, closed and its keys deleted after. `another()` opens one more connection on the same prefix, as a
// second instance of a service would.
import { afterAll, beforeAll } from 'vitest';
import { RedisStore } from '@vigil/store';
import { assertRedisReachable, testRedis, type TestRedis } from './redis.js';

export interface RedisStoreFixture {
  redis: TestRedis;
  /** Created at once, connected before the file's first test. */
  store: RedisStore;
  another(): Promise<RedisStore>;
}

export function useRedisStore(): RedisStoreFixture {
  const redis = testRedis();
  const store = new RedisStore({ url: redis.url, prefix: redis.prefix });
  const opened = [store];
  beforeAll(async () => {
    await assertRedisReachable(redis.url);
    await store.connect();
  });
  afterAll(async () => {
    for (const s of opened) await s.close();
    await redis.cleanup();
  });
  return {
    redis,
    store,
    another: async () => {
      const s = new RedisStore({ url: redis.url, prefix: redis.prefix });
      opened.push(s);
      await s.connect();
      return s;
    },
  };
}
