// The test helpers other tests rely on: Redis isolation (prefix-only cleanup, loud failure), a private
// Redis that can be killed, the mock Kafka control channel, unique topic names and waitFor.
import { TOPICS } from '@vigil/schemas';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { sharedKafka, uniqueTopics } from '../helpers/kafka.js';
import { connectTestRedis, startPrivateRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait-for.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function client(url: string): Redis {
  const r = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
  r.on('error', () => undefined);
  cleanups.push(async () => r.disconnect());
  return r;
}

describe('test redis', () => {
  it('gives each caller its own prefix and cleans up only that prefix', async () => {
    const mine = await connectTestRedis();
    const other = await connectTestRedis();
    cleanups.push(other.cleanup);
    expect(mine.prefix).toMatch(/^vigil-test:[0-9a-f]{12}:$/);
    expect(other.prefix).not.toBe(mine.prefix);
    expect(mine.url).toBe(inject('redisUrl'));

    const r = client(mine.url);
    await r.mset(`${mine.prefix}a`, '1', `${mine.prefix}b`, '2', `${other.prefix}a`, 'keep');
    await mine.cleanup();
    expect(await r.exists(`${mine.prefix}a`, `${mine.prefix}b`)).toBe(0);
    expect(await r.get(`${other.prefix}a`)).toBe('keep');
  });

  it('fails loudly when Redis is unreachable', async () => {
    const before = process.env.VIGIL_TEST_REDIS_URL;
    const dead = await startPrivateRedis();
    await dead.stop();
    process.env.VIGIL_TEST_REDIS_URL = dead.url;
    try {
      await expect(connectTestRedis()).rejects.toThrow(/Redis is not reachable/);
    } finally {
      if (before === undefined) delete process.env.VIGIL_TEST_REDIS_URL;
      else process.env.VIGIL_TEST_REDIS_URL = before;
    }
  });

  it('runs a private server that can be killed and restarted (empty)', async () => {
    const server = await startPrivateRedis();
    cleanups.push(server.stop);
    const r = client(server.url);
    await r.set('k', 'v');
    await server.kill();
    await expect(r.ping()).rejects.toThrow();
    await server.restart();
    const fresh = client(server.url);
    expect(await fresh.ping()).toBe('PONG');
    expect(await fresh.get('k')).toBeNull();
  });
});

describe('test kafka', () => {
  it('relays mock commands to the shared cluster and reports the mock errors', async () => {
    const cluster = sharedKafka();
    expect(cluster.bootstrap).toEqual(inject('kafkaBrokers'));
    expect(cluster.bootstrap).toHaveLength(3);
    expect(await cluster.command('rtt 1 0')).toBe('OK');
    await expect(cluster.brokerDown(99)).rejects.toThrow(/mock kafka: "down 99" failed: ERR/);
    expect(await cluster.command('quit')).toMatch(/^ERR/);
    expect(await cluster.command('rtt 1 0')).toBe('OK');
  });

  it('names every standard topic under one unique prefix', () => {
    const a = uniqueTopics();
    const b = uniqueTopics();
    expect(Object.keys(a)).toEqual(Object.keys(TOPICS));
    expect(a.signals).toMatch(/^t[0-9a-f]{8}\.vigil\.signals$/);
    expect(a.decisions.slice(0, 10)).toBe(a.signals.slice(0, 10));
    expect(b.signals).not.toBe(a.signals);
  });
});

describe('waitFor', () => {
  it('resolves with the first truthy value, treating throws as not yet', async () => {
    let n = 0;
    const v = await waitFor(
      () => {
        n++;
        if (n < 3) throw new Error('not yet');
        return n;
      },
      { intervalMs: 1 },
    );
    expect(v).toBe(3);
  });

  it('times out with the message and the last thing seen', async () => {
    await expect(waitFor(() => false, { timeoutMs: 30, intervalMs: 5, message: 'never' })).rejects.toThrow(/^never \(after 30 ms; last: false\)$/);
  });
});
