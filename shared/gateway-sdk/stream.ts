// The decision stream of one gateway instance: a kafkajs consumer in a group of its own (every instance
// needs every partition), from the beginning, without committing offsets. It tracks the last successful
// fetch (the stream is "lost" when fetches stop) and when the backlog present at start has been read.
import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka, KafkaConfig } from 'kafkajs';
import kafkajs from '@vigil/bus/kafkajs';

export interface StreamRecord {
  partition: number;
  offset: string;
  value: Buffer;
  signature: string | undefined;
}

export interface DecisionStreamOptions {
  brokers: string[];
  topic: string;
  clientId: string;
  groupPrefix: string;
  /** Longest a fetch waits for new records; the stream counts as alive while fetches keep returning. */
  maxWaitTimeMs: number;
  /** TLS, SASL, retry and other kafkajs client settings. */
  kafka?: Omit<KafkaConfig, 'brokers' | 'clientId'>;
  now: () => number;
}

export class DecisionStream {
  private consumer: Consumer | undefined;
  private kafka: Kafka;
  private targets: Map<number, bigint> | undefined;
  private readonly positions = new Map<number, bigint>();
  private caught = false;
  private contact: number;
  private started: number;
  private readonly caughtUpWaiters: (() => void)[] = [];

  constructor(private readonly options: DecisionStreamOptions) {
    // kafkajs as @vigil/bus loads it: without kafkajs 2.2.4's 1 ms timer loop per connection (docs/kafka.md).
    this.kafka = new kafkajs.Kafka({ logLevel: kafkajs.logLevel.NOTHING, ...options.kafka, brokers: options.brokers, clientId: options.clientId });
    this.contact = options.now();
    this.started = this.contact;
  }

  /** Epoch ms start() was called (or the stream was built). */
  get startedAt(): number {
    return this.started;
  }

  /** Epoch ms of the last fetch that reached a broker (or of start). */
  get lastContactAt(): number {
    return this.contact;
  }

  /** True once every record present at start has been handled; stays true. */
  get caughtUp(): boolean {
    return this.caught;
  }

  whenCaughtUp(): Promise<void> {
    return this.caught ? Promise.resolve() : new Promise((resolve) => this.caughtUpWaiters.push(resolve));
  }

  async start(onRecord: (r: StreamRecord) => Promise<void>): Promise<void> {
    this.contact = this.options.now();
    this.started = this.contact;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(this.options.topic);
      this.targets = new Map(ends.filter((e) => BigInt(e.high) > BigInt(e.low)).map((e) => [e.partition, BigInt(e.high)]));
    } finally {
      await admin.disconnect();
    }
    this.checkCaughtUp();
    const consumer = this.kafka.consumer({
      groupId: `${this.options.groupPrefix}-gateway-${randomUUID()}`,
      maxWaitTimeInMs: this.options.maxWaitTimeMs,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.FETCH, () => void (this.contact = this.options.now()));
    await consumer.connect();
    await consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        for (const m of batch.messages) {
          const sig = m.headers?.['vigil-signature'];
          await onRecord({
            partition: batch.partition,
            offset: m.offset,
            value: m.value ?? Buffer.alloc(0),
            signature: sig === undefined ? undefined : String(sig),
          });
          resolveOffset(m.offset);
          this.positions.set(batch.partition, BigInt(m.offset) + 1n);
        }
        await heartbeat();
        this.checkCaughtUp();
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private checkCaughtUp(): void {
    if (this.caught || !this.targets) return;
    for (const [p, high] of this.targets) if ((this.positions.get(p) ?? 0n) < high) return;
    this.caught = true;
    for (const w of this.caughtUpWaiters.splice(0)) w();
  }
}
