// One sink's consumer: its own group on the alerts topic, so a SIEM that is down holds back only itself.
// At least once: the handler returns after every alert of the batch was delivered or dead-lettered, and the
// bus publishes the dead-letters, then commits. One chunk in flight per sink: while it is being delivered
// the consumer fetches nothing more (backpressure).
import type { Bus, BusBatch, BusRecord, OutRecord, Subscription } from '@vigil/bus';
import { VigilError } from '@vigil/core';
import type { Alert } from '@vigil/schemas';
import type { Logger, Registry } from '@vigil/telemetry';
import { alertFromTopicValue } from '../alert-topic.js';
import type { ConfiguredSink, SinkTransport } from '../sink.js';
import { sinkDeadletterTopic, undeliveredRecord, unreadableRecord } from './dead-letters.js';
import { sinkMetrics, type SinkMetrics } from './metrics.js';
import { deliverWithRetry } from './retry-loop.js';

export interface RunnerOptions {
  bus: Bus;
  logger: Logger;
  metrics: Registry;
  groupId: string;
  alertsTopic: string;
  deadletterTopic: string;
  /** Only one sink writes unreadable records to `vigil.deadletter`, so they are not reported once per sink. */
  reportUnreadable: boolean;
  random?: () => number;
}

interface Item {
  record: BusRecord;
  alert: Alert;
}

const NO_HEARTBEAT = async (): Promise<void> => {};

export class SinkRunner {
  readonly deadletterTopic: string;
  private readonly log: Logger;
  private readonly metrics: SinkMetrics;
  private readonly stopping = new AbortController();
  private transport: SinkTransport | undefined;
  private subscription: Subscription | undefined;

  constructor(
    readonly sink: ConfiguredSink,
    private readonly options: RunnerOptions,
  ) {
    this.deadletterTopic = sinkDeadletterTopic(options.deadletterTopic, sink.name);
    this.log = options.logger.child({ sink: sink.name });
    this.metrics = sinkMetrics(options.metrics);
  }

  get caughtUp(): boolean {
    return this.subscription?.caughtUp ?? false;
  }

  async start(): Promise<void> {
    const { bus } = this.options;
    await bus.ensureTopics([this.options.alertsTopic, this.options.deadletterTopic, this.deadletterTopic].map((topic) => ({ topic })));
    this.transport = this.sink.create({ bus, logger: this.log });
    try {
      this.subscription = await this.subscribe();
    } catch (err) {
      await this.transport.close();
      throw err;
    }
    this.log.info({ group: this.options.groupId, deadletter: this.deadletterTopic, url: this.sink.url }, 'sink started');
  }

  private subscribe(): Promise<Subscription> {
    return this.options.bus.subscribe({
      groupId: this.options.groupId,
      topics: [this.options.alertsTopic],
      // A new sink starts at the oldest retained alert: nothing written before it started is lost.
      fromBeginning: true,
      handler: (batch) => this.handle(batch),
    });
  }

  /** One batch of `vigil.alerts` → the dead-letter records it caused; returns only once every alert is settled. */
  async handle(batch: BusBatch): Promise<OutRecord[]> {
    const transport = this.transport;
    if (!transport) throw new VigilError('VIGIL_ERR_INTERNAL', `sink ${this.sink.name} handled a batch before it started`);
    const out: OutRecord[] = [];
    const items: Item[] = [];
    for (const record of batch.records) {
      const read = alertFromTopicValue(record.value);
      if (read.ok) {
        items.push({ record, alert: read.alert });
        continue;
      }
      this.metrics.unreadable.inc({ sink: this.sink.name });
      if (!this.options.reportUnreadable) continue;
      this.log.warn({ topic: record.topic, partition: record.partition, offset: record.offset, reason: read.reason }, 'unreadable record on the alerts topic');
      out.push(
        unreadableRecord(this.options.deadletterTopic, record, read.reason.startsWith('not JSON') ? 'VIGIL_ERR_PARSE' : 'VIGIL_ERR_VALIDATION', read.reason),
      );
    }
    const { batchSize } = this.sink.delivery;
    for (let i = 0; i < items.length; i += batchSize) {
      const failures = await deliverWithRetry(items.slice(i, i + batchSize), {
        sink: this.sink.name,
        transport,
        settings: this.sink.delivery,
        metrics: this.metrics,
        logger: this.log,
        signal: this.stopping.signal,
        heartbeat: batch.heartbeat ?? NO_HEARTBEAT,
        ...(this.options.random ? { random: this.options.random } : {}),
      });
      for (const f of failures) {
        this.log.warn({ alert: f.item.alert.id, reason: f.reason, deadletter: this.deadletterTopic }, 'alert dead-lettered');
        out.push(undeliveredRecord(this.deadletterTopic, this.sink.name, f.item.record, f.item.alert.id, f.reason));
      }
    }
    return out;
  }

  async stop(): Promise<void> {
    // Abort first: a batch waiting on a retry gives up (uncommitted, so redelivered on restart).
    this.stopping.abort();
    await this.subscription?.stop();
    await this.transport?.close();
  }
}
