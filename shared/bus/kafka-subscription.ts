// One kafkajs consumer per subscription. Per batch: handler → publish its outputs → commit. A failure
// commits nothing and is thrown back to kafkajs, which backs off and re-fetches from the last resolved
// offset (or, once its retries run out, restarts the consumer from the last committed one): redelivery.
import type { Admin, Consumer, ConsumerConfig, EachBatchPayload, KafkaJSErrorMetadata } from 'kafkajs';
import kafkajs from './kafkajs.js';
import type { Logger } from 'pino';
import type { OutRecord, SubscribeOptions, Subscription } from './bus.js';
import { CatchUpTracker, startPositions, type Assignment } from './kafka-catch-up.js';
import { toBusRecord } from './kafka-records.js';

const { KafkaJSError } = kafkajs;

/**
 * Marks a failed handler or publish as retriable for kafkajs: its retrier then re-runs the fetch loop with
 * backoff instead of treating a TypeError in user code as fatal and leaving the consumer dead.
 */
export class BatchFailedError extends KafkaJSError {
  override readonly name: string = 'VigilBatchFailed';
  constructor(message: string, cause: unknown) {
    super(message, { retriable: true, cause } as KafkaJSErrorMetadata);
  }
}

export interface KafkaSubscriptionDeps {
  createConsumer(config: Omit<ConsumerConfig, 'retry'>): Consumer;
  admin(): Promise<Admin>;
  publish(records: OutRecord[]): Promise<void>;
  logger: Logger;
  consumerConfig: Omit<ConsumerConfig, 'groupId' | 'retry'>;
  /** Backoff for restarting a consumer that kafkajs gave up on. */
  restartDelayMs: { initial: number; max: number };
  onStopped(sub: KafkaSubscription): void;
}

const DEFAULT_MAX_BATCH = 500;
const START_CHECK_RETRY_MS = 1000;

export class KafkaSubscription implements Subscription {
  private readonly tracker = new CatchUpTracker();
  private readonly consumer: Consumer;
  private readonly log: Logger;
  private readonly listeners: (() => void)[] = [];
  private startCheckTimer: NodeJS.Timeout | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private crashes = 0;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly deps: KafkaSubscriptionDeps,
    private readonly options: SubscribeOptions,
  ) {
    this.log = deps.logger.child({ group: options.groupId });
    this.consumer = deps.createConsumer({ ...deps.consumerConfig, groupId: options.groupId });
  }

  get caughtUp(): boolean {
    return this.tracker.caughtUp;
  }

  async start(): Promise<void> {
    const { events } = this.consumer;
    this.listeners.push(
      this.consumer.on(events.GROUP_JOIN, (e) => this.onJoin(e.payload.memberAssignment)),
      this.consumer.on(events.CRASH, (e) => this.onCrash(e.payload.error, e.payload.restart)),
    );
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? false });
    await this.run();
    this.log.info({ topics: this.options.topics }, 'kafka subscription started');
  }

  private run(): Promise<void> {
    return this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: Math.max(1, this.options.concurrency ?? 1),
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  /**
   * kafkajs restarts a crashed consumer only for errors it deems retriable; any other (an unexpected
   * broker answer, a group authorization error) would leave the service consuming nothing, silently.
   * A long-running service is better off retrying with backoff and saying so loudly each time.
   */
  private onCrash(error: Error, restartedByKafkajs: boolean): void {
    if (this.stopping) return;
    if (restartedByKafkajs) {
      this.log.warn({ err: error }, 'kafka consumer crashed; kafkajs restarts it from the committed offsets');
      return;
    }
    const { initial, max } = this.deps.restartDelayMs;
    const delayMs = Math.min(max, initial * 2 ** Math.min(this.crashes++, 20));
    this.log.error({ err: error, restartInMs: delayMs }, 'kafka consumer crashed on an error kafkajs does not retry; restarting it');
    this.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      this.consumer
        .connect()
        .then(() => this.run())
        .catch((err: unknown) => this.onCrash(err instanceof Error ? err : new Error(String(err)), false));
    }, delayMs);
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition, messages } = batch;
    const max = Math.max(1, this.options.maxBatchSize ?? DEFAULT_MAX_BATCH);
    let next: bigint | undefined;
    for (let i = 0; i < messages.length; i += max) {
      // Stop between chunks, never inside one: what was handled is published and committed first.
      if (!isRunning() || isStale()) return;
      const chunk = messages.slice(i, i + max);
      const records = chunk.map((m) => toBusRecord(topic, partition, m));
      const first = chunk[0]!.offset;
      const last = chunk[chunk.length - 1]!.offset;
      try {
        const out = await this.options.handler({ topic, partition, records, heartbeat });
        if (out.length) await this.deps.publish(out);
      } catch (err) {
        this.log.warn({ err, topic, partition, firstOffset: first, lastOffset: last }, 'batch failed; offsets not committed, it will be redelivered');
        throw new BatchFailedError(`batch ${topic}/${partition} offsets ${first}..${last} failed: ${errorMessage(err)}`, err);
      }
      resolveOffset(last);
      // kafkajs resolves past trailing control records when the last message is resolved; commit the same.
      const resolvedTo = i + max >= messages.length ? batch.lastOffset() : last;
      next = BigInt(resolvedTo) + 1n;
      await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: next.toString() }] }] });
      await heartbeat();
    }
    if (next !== undefined) this.tracker.observe({ topic, partition, position: next, highWatermark: BigInt(batch.highWatermark) });
  }

  private onJoin(assignment: Assignment): void {
    this.crashes = 0;
    const generation = this.tracker.assign(assignment);
    this.log.debug({ assignment }, 'kafka group joined');
    if (!this.tracker.caughtUp) void this.checkStartPositions(assignment, generation);
  }

  private async checkStartPositions(assignment: Assignment, generation: number): Promise<void> {
    if (this.stopping || generation !== this.tracker.currentGeneration) return;
    try {
      const admin = await this.deps.admin();
      const positions = await startPositions(admin, this.options.groupId, assignment, this.options.fromBeginning ?? false);
      for (const p of positions) this.tracker.observe(p, generation);
    } catch (err) {
      this.log.debug({ err }, 'could not read start positions yet; trying again');
      this.startCheckTimer = setTimeout(() => void this.checkStartPositions(assignment, generation), START_CHECK_RETRY_MS);
      this.startCheckTimer.unref();
    }
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearTimeout(this.startCheckTimer);
      clearTimeout(this.restartTimer);
      try {
        // kafkajs waits for the batch in flight, then leaves the group so its partitions move at once.
        await this.consumer.disconnect();
      } catch (err) {
        this.log.warn({ err }, 'kafka consumer did not disconnect cleanly');
      }
      for (const remove of this.listeners.splice(0)) remove();
      this.deps.onStopped(this);
      this.log.info('kafka subscription stopped');
    })();
    return this.stopping;
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
