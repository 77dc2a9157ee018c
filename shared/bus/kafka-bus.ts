// The Kafka bus (kafkajs): one idempotent producer shared by every publish, one consumer per
// subscription, one admin client for topics and offsets. At-least-once: outputs before commits.
import type { ConnectionOptions } from 'node:tls';
import { VigilError } from '@vigil/core';
import type { Admin, Kafka, KafkaConfig, Producer, RetryOptions, SASLOptions } from 'kafkajs';
import kafkajs from './kafkajs.js';
import pino, { type Logger } from 'pino';
import type { Bus, OutRecord, SubscribeOptions, Subscription, TopicSpec } from './bus.js';
import { kafkaLogLevel, pinoLogCreator } from './kafka-log.js';
import { keyHashPartitioner } from './kafka-partitioner.js';
import { toTopicMessages } from './kafka-records.js';
import { KafkaSubscription } from './kafka-subscription.js';
import { ensureKafkaTopics } from './kafka-topics.js';
import { SendCoalescer } from './send-coalescer.js';

const { Kafka: KafkaClient, CompressionTypes } = kafkajs;

export type KafkaRetryOptions = Omit<RetryOptions, 'restartOnFailure'>;

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  logger?: Logger;
  /** kafkajs retry (per request, per consumer restart). Tests use `{ initialRetryTime: 100, retries: 8 }`. */
  retry?: KafkaRetryOptions;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  rebalanceTimeoutMs?: number;
  /** Fetch long-poll; also bounds how long `stop()` waits for an idle consumer. */
  maxWaitTimeMs?: number;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  compression?: 'none' | 'gzip';
  /** Default true. See `producer()` for the one case where Vigil falls back to a plain producer. */
  idempotent?: boolean;
  /** For `ensureTopics` specs without a count; -1 (default) = the broker's `num.partitions`. */
  defaultPartitions?: number;
  /** For `ensureTopics`; -1 (default) = the broker's `default.replication.factor`. */
  replicationFactor?: number;
  ssl?: boolean | ConnectionOptions;
  sasl?: SASLOptions;
}

export const DEFAULT_KAFKA_RETRY: KafkaRetryOptions = { initialRetryTime: 300, retries: 8, maxRetryTime: 10_000 };

export class KafkaBus implements Bus {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private readonly log: Logger;
  private readonly retry: KafkaRetryOptions;
  private producerReady: Promise<Producer> | undefined;
  private adminReady: Promise<Admin> | undefined;
  private readonly subscriptions = new Set<KafkaSubscription>();
  private readonly sends = new SendCoalescer((records) => this.send(records));
  private closed = false;

  constructor(private readonly options: KafkaBusOptions) {
    this.log = (options.logger ?? pino({ level: 'silent' })).child({ component: 'kafka-bus' });
    this.retry = { ...DEFAULT_KAFKA_RETRY, ...options.retry };
    const config: KafkaConfig = {
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: kafkaLogLevel(this.log),
      logCreator: pinoLogCreator(this.log),
      retry: this.retry,
      connectionTimeout: options.connectionTimeoutMs ?? 3000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
    };
    if (options.ssl !== undefined) config.ssl = options.ssl;
    if (options.sasl !== undefined) config.sasl = options.sasl;
    this.kafka = new KafkaClient(config);
  }

  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    const admin = await this.admin();
    await ensureKafkaTopics(
      admin,
      topics,
      { defaultPartitions: this.options.defaultPartitions ?? -1, replicationFactor: this.options.replicationFactor ?? -1 },
      this.log,
    );
  }

  async publish(records: OutRecord[]): Promise<void> {
    if (!records.length) return;
    this.assertOpen();
    return this.sends.push(records);
  }

  /** One produce request per broker for everything given (publishes that waited together, see SendCoalescer). */
  private async send(records: OutRecord[]): Promise<void> {
    const topicMessages = toTopicMessages(records);
    const producerReady = this.producer();
    try {
      const producer = await producerReady;
      await producer.sendBatch({
        topicMessages,
        acks: -1,
        compression: this.options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
      });
    } catch (err) {
      // The outcome of the failed send is unknown; a fresh producer (new producer id) keeps the
      // idempotent sequence numbers from wedging on it. The batch of every caller in this send is redelivered.
      if (this.producerReady === producerReady) this.resetProducer();
      throw new VigilError('VIGIL_ERR_BUS', `kafka publish to ${topicMessages.map((t) => t.topic).join(', ')} failed: ${messageOf(err)}`, {
        cause: err,
      });
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.assertOpen();
    const sub = new KafkaSubscription(
      {
        createConsumer: (config) => this.kafka.consumer({ ...config, retry: { ...this.retry, restartOnFailure: async () => true } }),
        admin: () => this.admin(),
        publish: (records) => this.publish(records),
        logger: this.log,
        consumerConfig: {
          sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
          heartbeatInterval: this.options.heartbeatIntervalMs ?? 3000,
          rebalanceTimeout: this.options.rebalanceTimeoutMs ?? 60_000,
          maxWaitTimeInMs: this.options.maxWaitTimeMs ?? 1000,
        },
        restartDelayMs: { initial: this.retry.initialRetryTime ?? 300, max: this.retry.maxRetryTime ?? 30_000 },
        onStopped: (s) => this.subscriptions.delete(s),
      },
      options,
    );
    this.subscriptions.add(sub);
    try {
      await sub.start();
    } catch (err) {
      await sub.stop();
      throw new VigilError('VIGIL_ERR_BUS', `kafka subscription ${options.groupId} failed to start: ${messageOf(err)}`, { cause: err });
    }
    return sub;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    const producer = this.producerReady;
    const admin = this.adminReady;
    this.producerReady = undefined;
    this.adminReady = undefined;
    await Promise.all([producer, admin].map(async (ready) => (await ready?.catch(() => undefined))?.disconnect()));
  }

  /**
   * The shared producer. kafkajs asks the *controller* broker for an idempotent producer id; a cluster
   * that reports no reachable controller (librdkafka's mock does; some Kafka-compatible services may)
   * can never give one. There Vigil falls back, with a warning, to acks=all and one request in flight:
   * still ordered per partition, and a retried send may duplicate, which at-least-once allows anyway.
   */
  private producer(): Promise<Producer> {
    this.producerReady ??= (async () => {
      const idempotent = (this.options.idempotent ?? true) && (await this.controllerIsKnown());
      const producer = this.kafka.producer({
        idempotent,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: true,
        // kafkajs's DefaultPartitioner (the Java client's partitions), with a murmur2 that does not allocate.
        createPartitioner: keyHashPartitioner,
        retry: this.retry,
      });
      await producer.connect().catch((err: unknown) => {
        throw this.unreachable(err);
      });
      return producer;
    })();
    const ready = this.producerReady;
    ready.catch(() => {
      if (this.producerReady === ready) this.producerReady = undefined;
    });
    return ready;
  }

  private resetProducer(): void {
    const old = this.producerReady;
    this.producerReady = undefined;
    void old?.then((p) => p.disconnect()).catch(() => undefined);
  }

  private async controllerIsKnown(): Promise<boolean> {
    if (this.options.idempotent === false) return false;
    const { brokers, controller } = await (await this.admin()).describeCluster();
    if (controller !== null && brokers.some((b) => b.nodeId === controller)) return true;
    this.log.warn({ controller, brokers: brokers.map((b) => b.nodeId) }, 'kafka reports no usable controller; publishing without idempotence');
    return false;
  }

  private admin(): Promise<Admin> {
    this.adminReady ??= (async () => {
      const admin = this.kafka.admin({ retry: this.retry });
      await admin.connect().catch((err: unknown) => {
        throw this.unreachable(err);
      });
      return admin;
    })();
    const ready = this.adminReady;
    ready.catch(() => {
      if (this.adminReady === ready) this.adminReady = undefined;
    });
    return ready;
  }

  /** Connecting gave up after the configured retries: say where Vigil looked and how hard it tried. */
  private unreachable(err: unknown): VigilError {
    return new VigilError(
      'VIGIL_ERR_BUS',
      `Kafka is not reachable at ${this.options.brokers.join(',')} (VIGIL_KAFKA_BROKERS); gave up after ${this.retry.retries ?? 0} retries: ${messageOf(err)}`,
      { cause: err },
    );
  }

  private assertOpen(): void {
    if (this.closed) throw new VigilError('VIGIL_ERR_SHUTDOWN', 'kafka bus is closed');
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
