// Redis store via ioredis: every key under a prefix, JSON values with PX expiry, one pipeline per
// getMany and per write (a batch costs two round trips, however many keys it touches).
import { Redis, type RedisOptions } from 'ioredis';
import { VigilError } from '@vigil/core';
import type { Store, StoreWrite } from './store.js';

export interface RedisStoreOptions {
  url: string;
  /** Prepended to every key, e.g. `vigil:`; lets several deployments or tests share one server. */
  prefix?: string;
  redis?: RedisOptions;
  /** Connection errors (ioredis reconnects by itself; commands fail with VIGIL_ERR_STORE meanwhile). */
  onError?: (err: Error) => void;
}

export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  readonly client: Redis;
  readonly prefix: string;
  private trips = 0;

  constructor(options: RedisStoreOptions) {
    this.prefix = options.prefix ?? 'vigil:';
    this.client = new Redis(options.url, {
      keyPrefix: this.prefix,
      maxRetriesPerRequest: 3,
      enableAutoPipelining: false,
      lazyConnect: true,
      ...options.redis,
    });
    this.client.on('error', (err: Error) => options.onError?.(err));
  }

  get roundTrips(): number {
    return this.trips;
  }

  async connect(): Promise<void> {
    try {
      if (this.client.status === 'wait') await this.client.connect();
      await this.client.ping();
    } catch (err) {
      throw new VigilError('VIGIL_ERR_STORE', `cannot reach Redis: ${(err as Error).message}`, { cause: err });
    }
  }

  async getMany<T = unknown>(keys: readonly string[]): Promise<(T | undefined)[]> {
    if (!keys.length) return [];
    const pipeline = this.client.pipeline();
    for (const k of keys) pipeline.get(k);
    const results = await this.exec(pipeline);
    return results.map((r) => (typeof r === 'string' ? (JSON.parse(r) as T) : undefined));
  }

  async write(ops: StoreWrite): Promise<void> {
    const sets = ops.set ?? [];
    const dels = ops.del ?? [];
    if (!sets.length && !dels.length) return;
    const pipeline = this.client.pipeline();
    for (const s of sets) pipeline.set(s.key, JSON.stringify(s.value), 'PX', Math.max(1, Math.ceil(s.ttlMs)));
    if (dels.length) pipeline.del(...dels);
    await this.exec(pipeline);
  }

  async scan(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.client.scan(cursor, 'MATCH', `${this.prefix}${prefix}*`, 'COUNT', 500);
      cursor = next;
      keys.push(...batch.map((k) => k.slice(this.prefix.length)));
    } while (cursor !== '0');
    return keys;
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }

  private async exec(pipeline: ReturnType<Redis['pipeline']>): Promise<unknown[]> {
    this.trips++;
    let results: [Error | null, unknown][] | null;
    try {
      results = await pipeline.exec();
    } catch (err) {
      throw new VigilError('VIGIL_ERR_STORE', `Redis pipeline failed: ${(err as Error).message}`, { cause: err });
    }
    if (!results) throw new VigilError('VIGIL_ERR_STORE', 'Redis pipeline returned nothing');
    return results.map(([err, value]) => {
      if (err) throw new VigilError('VIGIL_ERR_STORE', `Redis command failed: ${err.message}`, { cause: err });
      return value;
    });
  }
}
