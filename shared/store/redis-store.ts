// Redis store via ioredis, on one server or a Redis Cluster: every key under a prefix, JSON values with PX
// expiry. A batch is one pipeline per getMany and per write on one server; on a cluster, one pipeline per
// node the batch touches, all sent at once (keys are grouped by the node serving their hash slot).
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { ConfigError, parseRedisUrl, redactRedisUrl, VigilError } from '@vigil/core';
import { groupBySlotOwner } from './key-slot.js';
import type { ClaimResult, DueEntry, Store, StoreLease, StoreWrite, WriteResult } from './store.js';

export interface RedisStoreOptions {
  /** `redis://` / `rediss://` for one server, `redis+cluster://host1:port1,host2:port2` for a cluster. */
  url: string;
  /** Prepended to every key, e.g. `vigil:`; lets several deployments or tests share one server. */
  prefix?: string;
  /** A command (or pipeline) that gets no answer within this time fails with VIGIL_ERR_STORE. */
  commandTimeoutMs?: number;
  /** Extra ioredis options (one server; on a cluster they apply to every node connection). */
  redis?: RedisOptions;
  /** Extra ioredis Cluster options (cluster URLs only). */
  cluster?: ClusterOptions;
  /**
   * Connection errors (ioredis reconnects by itself; commands fail with VIGIL_ERR_STORE meanwhile) and
   * stored values that are not JSON (read as missing, so one bad key cannot stall a consumer).
   */
  onError?: (err: Error) => void;
}

type Pipeline = ReturnType<Redis['pipeline']>;

const DEFAULT_COMMAND_TIMEOUT_MS = 10_000;

export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  readonly client: Redis | Cluster;
  readonly prefix: string;
  /** Set in cluster mode: batches are split by the node that serves each key's slot. */
  private readonly cluster: Cluster | undefined;
  private readonly onError: (err: Error) => void;
  private trips = 0;

  /** The URL, credentials masked, for errors. */
  private readonly where: string;

  constructor(options: RedisStoreOptions) {
    this.prefix = options.prefix ?? 'vigil:';
    this.onError = options.onError ?? (() => undefined);
    this.where = redactRedisUrl(options.url);
    const target = parseRedisUrl(options.url);
    const common = {
      maxRetriesPerRequest: 3,
      commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
      ...options.redis,
    } satisfies RedisOptions;
    if (target.kind === 'single') {
      this.client = new Redis(target.url, { keyPrefix: this.prefix, enableAutoPipelining: false, lazyConnect: true, ...common });
    } else {
      // A brace in the prefix would become every key's hash tag: one slot, one node for all state.
      if (/[{}]/.test(this.prefix)) throw new ConfigError([`redisPrefix: "${this.prefix}" must not contain { or } with Redis Cluster`]);
      this.cluster = new Cluster(target.nodes, {
        keyPrefix: this.prefix,
        enableAutoPipelining: false,
        lazyConnect: true,
        ...options.cluster,
        redisOptions: {
          ...common,
          ...(target.username !== undefined && { username: target.username }),
          ...(target.password !== undefined && { password: target.password }),
          ...(target.tls && { tls: {} }),
          ...options.cluster?.redisOptions,
        },
      });
      this.cluster.on('node error', (err: Error, node: string) => this.onError(new Error(`Redis Cluster node ${node}: ${err.message}`, { cause: err })));
      this.client = this.cluster;
    }
    this.client.on('error', (err: Error) => this.onError(err));
    defineLeaseCommands(this.client);
  }

  /**
   * Pipelines sent so far, each one round trip to one server: per batch one read and one write on a
   * single server; on a cluster one per node the batch touches (sent in parallel, so a batch still waits
   * about one round trip). Redirections ioredis follows by itself (MOVED / ASK while resharding) are not counted.
   */
  get roundTrips(): number {
    return this.trips;
  }

  get isCluster(): boolean {
    return this.cluster !== undefined;
  }

  async connect(): Promise<void> {
    try {
      if (this.client.status === 'wait') await this.client.connect();
      await this.client.ping();
    } catch (err) {
      // Stop the background reconnect loop: a caller that gives up must be able to exit.
      this.client.disconnect();
      throw new VigilError('VIGIL_ERR_STORE', `cannot reach Redis at ${this.where}: ${(err as Error).message}`, { cause: err });
    }
  }

  async getMany<T = unknown>(keys: readonly string[]): Promise<(T | undefined)[]> {
    if (!keys.length) return [];
    const results = await this.run(keys.map((key) => ({ key, add: (p) => p.get(key) })));
    return results.map((r, i) => this.parse<T>(keys[i]!, r));
  }

  /**
   * Claims and reads in one round trip: the claim script over every key at once on one server; on a cluster
   * (a script's keys must share a slot) once per key, pipelined per node — the script names the key's lease
   * and queue, which share its hash tag and so its slot.
   */
  async claimMany<T = unknown>(keys: readonly string[], lease: StoreLease): Promise<ClaimResult<T>> {
    if (!keys.length) return { values: [], busy: [] };
    const ms = ttlOf(lease.ms);
    const claim = (ks: readonly string[]): Op => ({
      key: ks[0]!,
      add: (p) => leased(p).vigilClaim(ks.length, ...ks, lease.holder, ms, NEXT_MS),
    });
    const results = (await this.run(this.cluster ? keys.map((k) => claim([k])) : [claim(keys)])).flat() as unknown[];
    const values = new Array<T | undefined>(keys.length);
    const busy: number[] = [];
    keys.forEach((key, i) => {
      // 0: another holder has it; null: claimed, no value; else the claimed value.
      const r = results[i];
      if (r === 0) busy.push(i);
      else if (r !== null) values[i] = this.parse<T>(key, r);
    });
    return { values, busy };
  }

  async write(ops: StoreWrite): Promise<WriteResult> {
    const sets = ops.set ?? [];
    const dels = ops.del ?? [];
    const due = ops.due;
    const holder = ops.lease?.holder;
    const list: Op[] = [];
    let leasedKeys: string[] = [];
    if (holder === undefined) {
      for (const s of sets) {
        const value = JSON.stringify(s.value);
        const ttl = ttlOf(s.ttlMs);
        list.push({ key: s.key, add: (p) => p.set(s.key, value, 'PX', ttl) });
      }
      // One DEL per key: a multi-key DEL must stay in one slot on a cluster.
      for (const k of dels) list.push({ key: k, add: (p) => p.del(k) });
    } else {
      // Fenced: each key written (w), deleted (d) or only released (r) if the holder still has its lease.
      leasedKeys = [...sets.map((s) => s.key), ...dels, ...(ops.lease?.release ?? [])];
      const args: (string | number)[][] = [
        ...sets.map((s) => ['w', JSON.stringify(s.value), ttlOf(s.ttlMs)]),
        ...leasedKeys.slice(sets.length).map((_, i) => [i < dels.length ? 'd' : 'r', '', 0]),
      ];
      const fencedWrite = (from: number, to: number): Op => ({
        key: leasedKeys[from]!,
        add: (p) => leased(p).vigilFencedWrite(to - from, ...leasedKeys.slice(from, to), holder, ...args.slice(from, to).flat()),
      });
      // One script call on one server; one per key on a cluster (the script names its lease, in its slot).
      if (leasedKeys.length) list.push(...(this.cluster ? leasedKeys.map((_, i) => fencedWrite(i, i + 1)) : [fencedWrite(0, leasedKeys.length)]));
    }
    if (due?.add?.length) list.push({ key: DUE_KEY, add: (p) => p.zadd(DUE_KEY, ...due.add!.flatMap((e) => [e.at, e.member])) });
    if (due?.remove?.length) list.push({ key: DUE_KEY, add: (p) => p.zrem(DUE_KEY, ...due.remove!) });
    if (!list.length) return { fenced: [] };
    const results = await this.run(list);
    if (holder === undefined) return { fenced: [] };
    const written = (this.cluster ? results.slice(0, leasedKeys.length) : results.slice(0, 1)).flat() as unknown[];
    return { fenced: leasedKeys.slice(0, sets.length + dels.length).filter((_, i) => written[i] !== 1) };
  }

  async due(upTo: number, limit: number): Promise<DueEntry[]> {
    const pipeline = this.client.pipeline();
    pipeline.zrangebyscore(DUE_KEY, '-inf', upTo, 'WITHSCORES', 'LIMIT', 0, limit);
    const [flat] = (await this.exec(pipeline)) as [string[]];
    const out: DueEntry[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) out.push({ member: flat[i]!, at: Number(flat[i + 1]) });
    return out;
  }

  async scan(prefix: string): Promise<string[]> {
    const match = `${escapeGlob(this.prefix + prefix)}*`;
    const servers = this.cluster ? this.cluster.nodes('master') : [this.client as Redis];
    const keys: string[] = [];
    for (const server of servers) {
      let cursor = '0';
      do {
        const [next, batch] = await server.scan(cursor, 'MATCH', match, 'COUNT', 500);
        cursor = next;
        keys.push(...batch.map((k) => k.slice(this.prefix.length)));
      } while (cursor !== '0');
    }
    return keys;
  }

  /** Lets queued writes finish when connected (QUIT); otherwise drops the connection at once. */
  async close(): Promise<void> {
    if (this.client.status !== 'ready') {
      this.client.disconnect();
      return;
    }
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }

  /**
   * One command per op, results in op order: one pipeline on a single server; on a cluster one pipeline per
   * node the ops' keys map to, sent at once (ops of one node keep their order).
   */
  private async run(ops: readonly Op[]): Promise<unknown[]> {
    const cluster = this.cluster;
    if (!cluster) {
      const pipeline = this.client.pipeline();
      for (const op of ops) op.add(pipeline);
      return this.exec(pipeline);
    }
    const out = new Array<unknown>(ops.length);
    await Promise.all(
      [...this.byNode(ops.map((o) => o.key))].map(async ([, positions]) => {
        const pipeline = cluster.pipeline();
        for (const i of positions) ops[i]!.add(pipeline);
        const results = await this.exec(pipeline);
        positions.forEach((i, j) => (out[i] = results[j]));
      }),
    );
    return out;
  }

  /** Positions of `keys` grouped by the node set that serves each key's slot. */
  private byNode(keys: readonly string[]): Map<string, number[]> {
    const slots = this.cluster?.slots ?? [];
    return groupBySlotOwner(keys, this.prefix, (slot) => slots[slot]?.join(';') ?? `unmapped:${slot}`);
  }

  private parse<T>(key: string, raw: unknown): T | undefined {
    if (typeof raw !== 'string') return undefined;
    try {
      return JSON.parse(raw) as T;
    } catch {
      this.onError(new VigilError('VIGIL_ERR_STORE', `Redis value under ${this.prefix}${key} is not JSON; read as missing`));
      return undefined;
    }
  }

  private async exec(pipeline: Pipeline): Promise<unknown[]> {
    this.trips++;
    let results: [Error | null, unknown][] | null;
    try {
      results = await pipeline.exec();
    } catch (err) {
      throw new VigilError('VIGIL_ERR_STORE', `Redis pipeline failed: ${(err as Error).message}`, { cause: err });
    }
    if (!results) throw new VigilError('VIGIL_ERR_STORE', 'Redis pipeline returned nothing');
    const failed = results.filter(([err]) => err);
    if (failed.length) {
      const first = failed[0]![0]!;
      // Some keys moved between nodes (resharding): learn the new slot map before the batch is retried.
      if (this.cluster && failed.some(([err]) => /^(MOVED|ASK) /.test(err!.message))) this.cluster.refreshSlotsCache();
      throw new VigilError('VIGIL_ERR_STORE', `Redis command failed (${failed.length} of ${results.length}): ${first.message}`, { cause: first });
    }
    return results.map(([, value]) => value);
  }
}

/** The due index: one sorted set (score = due time) under the prefix. */
const DUE_KEY = 'due';

/** One command for the pipeline of the node serving `key`. */
interface Op {
  key: string;
  add: (pipeline: Pipeline) => unknown;
}

/** Whoever found a key claimed first is next in line for it, for this long after its last try. */
const NEXT_MS = 1000;

// A key's lease (`<key>:lease`) and its queue of one (`<key>:next`) sit beside it, in its hash slot. The
// scripts name them from the key they are given: each key would otherwise be encoded and sent three times
// (about an eighth of the client's CPU for a claim and its write, measured in docs/performance.md). On a
// cluster each script call has one key, and the names it derives share that key's slot, which Redis allows.

/**
 * KEYS: the keys. ARGV: holder, lease ms, queue ms. Returns per key 0 if another holder has it (not claimed,
 * not read), else its value (nil if none). A free key goes to the holder in line for it, if any,
 * so a busy instance that releases a hot subject and claims it again at once cannot starve another that
 * waits for it; a claim that finds the key taken queues if nobody is in line.
 */
const CLAIM = `local out = {}
for i = 1, #KEYS do
  local lease, queue = KEYS[i] .. ':lease', KEYS[i] .. ':next'
  local next = redis.call('GET', queue)
  local got = 0
  if not next or next == ARGV[1] then
    if redis.call('SET', lease, ARGV[1], 'NX', 'PX', ARGV[2]) then
      if next then redis.call('DEL', queue) end
      got = redis.call('GET', KEYS[i])
    else
      redis.call('SET', queue, ARGV[1], 'PX', ARGV[3])
    end
  end
  out[i] = got
end
return out`;

/**
 * KEYS: the keys. ARGV: holder, then per key a mode (w: set, d: delete, r: release only),
 * value, PX. Returns per key 1 if the holder had the lease (and dropped it), else 0 (nothing done).
 */
const FENCED_WRITE = `local out = {}
for i = 1, #KEYS do
  local a, lease = 2 + (i - 1) * 3, KEYS[i] .. ':lease'
  if redis.call('GET', lease) ~= ARGV[1] then
    out[i] = 0
  else
    if ARGV[a] == 'w' then redis.call('SET', KEYS[i], ARGV[a + 1], 'PX', ARGV[a + 2])
    elseif ARGV[a] == 'd' then redis.call('DEL', KEYS[i]) end
    redis.call('DEL', lease)
    out[i] = 1
  end
end
return out`;

interface LeaseCommands {
  vigilClaim(numKeys: number, ...keysThenArgs: (string | number)[]): unknown;
  vigilFencedWrite(numKeys: number, ...keysThenArgs: (string | number)[]): unknown;
}

/** The scripts, sent as EVALSHA (ioredis falls back to EVAL once per connection). */
function defineLeaseCommands(client: Redis | Cluster): void {
  client.defineCommand('vigilClaim', { lua: CLAIM });
  client.defineCommand('vigilFencedWrite', { lua: FENCED_WRITE });
}

function leased(pipeline: Pipeline): LeaseCommands {
  return pipeline as unknown as LeaseCommands;
}

/** PX takes a positive integer; a bad ttl is a programming error, not a Redis outage worth retrying. */
function ttlOf(ttlMs: number): number {
  if (!Number.isFinite(ttlMs)) throw new VigilError('VIGIL_ERR_INTERNAL', `store ttl must be a finite number of ms, got ${ttlMs}`);
  return Math.max(1, Math.ceil(ttlMs));
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
