// In-memory bus: the embedded default. Partitioned, append-only topics with per-group committed offsets,
// so it behaves like Kafka where it matters (ordering per key, at-least-once, commit after publish).
import type { Logger } from 'pino';
import { keyPartition } from './kafka-partitioner.js';
import { toBuffer, toKeyBuffer, type Bus, type BusRecord, type OutRecord, type SubscribeOptions, type Subscription, type TopicSpec } from './bus.js';

interface Topic {
  partitions: BusRecord[][];
}

export interface MemoryBusOptions {
  defaultPartitions?: number;
  /** Records kept per partition before the oldest are dropped (bounded memory). */
  retainPerPartition?: number;
  logger?: Logger;
  /** Wait before redelivering a batch whose handler or publish failed; doubles per failure up to the max. */
  retryInitialMs?: number;
  retryMaxMs?: number;
}

export class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  private readonly topics = new Map<string, Topic>();
  private readonly waiters = new Set<() => void>();
  private readonly subscriptions = new Set<MemorySubscription>();
  private readonly defaultPartitions: number;
  readonly retainPerPartition: number;
  readonly logger: Logger | undefined;
  readonly retryInitialMs: number;
  readonly retryMaxMs: number;

  constructor(options: MemoryBusOptions = {}) {
    this.defaultPartitions = options.defaultPartitions ?? 4;
    this.retainPerPartition = options.retainPerPartition ?? 200_000;
    this.logger = options.logger;
    this.retryInitialMs = options.retryInitialMs ?? 100;
    this.retryMaxMs = options.retryMaxMs ?? 5000;
  }

  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    for (const t of topics) this.topic(t.topic, t.partitions);
  }

  async publish(records: OutRecord[]): Promise<void> {
    const now = Date.now();
    for (const r of records) {
      const topic = this.topic(r.topic);
      const key = toKeyBuffer(r.key);
      const p = key ? partitionFor(key, topic.partitions.length) : Math.floor(Math.random() * topic.partitions.length);
      const log = topic.partitions[p]!;
      const last = log[log.length - 1];
      const offset = last ? (BigInt(last.offset) + 1n).toString() : '0';
      log.push({ topic: r.topic, partition: p, offset, key, value: toBuffer(r.value), headers: { ...(r.headers ?? {}) }, timestamp: now });
      if (log.length > this.retainPerPartition) log.splice(0, log.length - this.retainPerPartition);
    }
    for (const w of [...this.waiters]) w();
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    for (const t of options.topics) this.topic(t);
    const sub = new MemorySubscription(this, options);
    this.subscriptions.add(sub);
    sub.start();
    return sub;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
  }

  /** Every record of a topic in partition order; for tests, the CLI and the dashboard. */
  records(topic: string): BusRecord[] {
    return this.topics.get(topic)?.partitions.flat() ?? [];
  }

  /** @internal */
  topic(name: string, partitions?: number): Topic {
    let t = this.topics.get(name);
    if (!t) {
      t = { partitions: Array.from({ length: partitions ?? this.defaultPartitions }, () => []) };
      this.topics.set(name, t);
    }
    return t;
  }

  /** @internal */
  waitForData(): Promise<void> {
    return new Promise((resolve) => {
      const w = (): void => {
        this.waiters.delete(w);
        resolve();
      };
      this.waiters.add(w);
    });
  }

  /** @internal */
  wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** @internal */
  forget(sub: MemorySubscription): void {
    this.subscriptions.delete(sub);
  }
}

const groupOffsets = new WeakMap<MemoryBus, Map<string, Map<string, bigint>>>();

class MemorySubscription implements Subscription {
  private running = true;
  private loop: Promise<void> | undefined;
  private wakePause: (() => void) | undefined;
  caughtUp = false;

  constructor(
    private readonly bus: MemoryBus,
    private readonly options: SubscribeOptions,
  ) {}

  start(): void {
    this.loop = this.run().catch((err: unknown) => {
      this.bus.logger?.error({ err, group: this.options.groupId }, 'memory bus consumer stopped on an error');
    });
  }

  private committed(): Map<string, bigint> {
    let byGroup = groupOffsets.get(this.bus);
    if (!byGroup) groupOffsets.set(this.bus, (byGroup = new Map()));
    let m = byGroup.get(this.options.groupId);
    if (!m) byGroup.set(this.options.groupId, (m = new Map()));
    return m;
  }

  private async run(): Promise<void> {
    const max = this.options.maxBatchSize ?? 500;
    const committed = this.committed();
    let failures = 0;
    while (this.running) {
      let didWork = false;
      let failed = false;
      for (const topicName of this.options.topics) {
        const topic = this.bus.topic(topicName);
        for (let p = 0; p < topic.partitions.length && this.running && !failed; p++) {
          const log = topic.partitions[p]!;
          const id = `${topicName}/${p}`;
          let next = committed.get(id);
          if (next === undefined) {
            next = this.options.fromBeginning || !log.length ? BigInt(log[0]?.offset ?? 0) : BigInt(log[log.length - 1]!.offset) + 1n;
            committed.set(id, next);
          }
          const first = log.length ? BigInt(log[0]!.offset) : 0n;
          const start = Number(next > first ? next - first : 0n);
          if (start >= log.length) continue;
          const records = log.slice(start, start + max);
          try {
            const out = await this.options.handler({ topic: topicName, partition: p, records });
            if (out.length) await this.bus.publish(out);
          } catch (err) {
            // Like Kafka: nothing is committed, the same batch comes again after a backoff.
            failed = true;
            failures++;
            this.bus.logger?.warn(
              { err, group: this.options.groupId, topic: topicName, partition: p, firstOffset: records[0]!.offset },
              'batch failed; offsets not committed, it will be redelivered',
            );
            break;
          }
          failures = 0;
          committed.set(id, BigInt(records[records.length - 1]!.offset) + 1n);
          didWork = true;
        }
        if (failed) break;
      }
      if (failed) {
        await this.pause(Math.min(this.bus.retryMaxMs, this.bus.retryInitialMs * 2 ** Math.min(failures - 1, 20)));
      } else if (!didWork) {
        this.caughtUp = true;
        if (this.running) await this.bus.waitForData();
      } else {
        // Let timers and I/O run between batches so one busy consumer cannot starve the process.
        await new Promise<void>((r) => setImmediate(r));
      }
    }
  }

  /** A backoff that stop() cuts short. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (!this.running) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        this.wakePause = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakePause = done;
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakePause?.();
    this.bus.wake();
    await this.loop;
    this.bus.forget(this);
  }
}

/** Kafka's default partition of a key (the Java client's and kafkajs's): a subject lands where it would on Kafka. */
export function partitionFor(key: Buffer, partitions: number): number {
  return keyPartition(key, partitions);
}
