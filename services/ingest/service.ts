// The ingest service: one consumer group reading every enabled source's raw topic; each record becomes
// canonical signals on `vigil.signals` (keyed by primary subject) or a dead-letter record. Outputs are
// returned to the bus, which publishes them before committing the batch's offsets.
import type { Bus, BusRecord, OutRecord, Subscription } from '@vigil/bus';
import { TOPICS, primarySubjectKey, type Signal } from '@vigil/schemas';
import { counter, inSpan, vigilTracer, type Logger, type Registry } from '@vigil/telemetry';
import type { AliasMap } from './aliases.js';
import { processRecord } from './process.js';
import type { Source } from './source.js';

export interface IngestConfig {
  groupId: string;
  maxRecordBytes: number;
  /** Original bytes a dead-letter keeps (default 256 KiB, DEAD_LETTER_MAX_VALUE_BYTES). */
  maxDeadLetterValueBytes?: number;
  signalsTopic: string;
  deadletterTopic: string;
  /** Source name → topic override and settings. */
  sources: { source: Source; topic: string; settings: Record<string, unknown> }[];
}

export interface IngestDeps {
  bus: Bus;
  aliases: AliasMap;
  logger: Logger;
  metrics: Registry;
  now?: () => number;
  /**
   * In-process hand-off (VIGIL_INLINE_CORRELATION): gets a raw batch's signals and the records it caused,
   * publishes what it must, and returns what the bus still has to publish before committing the batch.
   */
  handOff?: (signals: Signal[], records: OutRecord[]) => Promise<OutRecord[]>;
}

export class IngestService {
  private subscription: Subscription | undefined;
  private readonly tracer = vigilTracer('ingest');
  private readonly byTopic = new Map<string, IngestConfig['sources'][number]>();
  private readonly received;
  private readonly emitted;
  private readonly dead;
  private readonly ignored;

  constructor(
    private readonly config: IngestConfig,
    private readonly deps: IngestDeps,
  ) {
    for (const s of config.sources) this.byTopic.set(s.topic, s);
    const m = deps.metrics;
    this.received = counter(m, 'vigil_ingest_received_total', 'Raw records received', ['source']);
    this.emitted = counter(m, 'vigil_ingest_emitted_total', 'Signals emitted', ['source']);
    this.dead = counter(m, 'vigil_ingest_deadlettered_total', 'Records or events dead-lettered (one dead-letter record per raw record lists them all)', [
      'source',
    ]);
    this.ignored = counter(m, 'vigil_ingest_ignored_total', 'Events understood but not security-relevant', ['source']);
  }

  get topics(): string[] {
    return [...this.byTopic.keys()];
  }

  async start(): Promise<void> {
    await this.deps.bus.ensureTopics([...this.topics, this.config.signalsTopic, this.config.deadletterTopic].map((topic) => ({ topic })));
    this.subscription = await this.deps.bus.subscribe({
      groupId: this.config.groupId,
      topics: this.topics,
      fromBeginning: true,
      // Stateless: partitions are handled side by side, so one partition's publish does not wait on another's.
      concurrency: 4,
      handler: (batch) =>
        inSpan(
          this.tracer,
          'ingest batch',
          {
            'messaging.destination.name': batch.topic,
            'messaging.destination.partition.id': batch.partition,
            'messaging.batch.message_count': batch.records.length,
          },
          async () => {
            const out: OutRecord[] = [];
            const signals: Signal[] = [];
            for (const r of batch.records) out.push(...(await this.handleRecord(r, signals)));
            return this.deps.handOff ? this.deps.handOff(signals, out) : out;
          },
        ),
    });
    this.deps.logger.info({ topics: this.topics }, 'ingest started');
  }

  /** One raw record → the records it causes (signals and dead-letters). Never throws. */
  handle(record: BusRecord): Promise<OutRecord[]> {
    return this.handleRecord(record, []);
  }

  /** As handle(), also appending the valid signals to `signals`. */
  private async handleRecord(record: BusRecord, signals: Signal[]): Promise<OutRecord[]> {
    const entry = this.byTopic.get(record.topic);
    if (!entry) return [];
    const name = entry.source.name;
    this.received.inc({ source: name });
    const result = await processRecord(
      entry.source,
      { topic: record.topic, partition: record.partition, offset: record.offset, key: record.key, value: record.value, headers: record.headers },
      { aliases: this.deps.aliases, settings: entry.settings, now: this.deps.now ?? Date.now },
      { maxRecordBytes: this.config.maxRecordBytes, maxDeadLetterValueBytes: this.config.maxDeadLetterValueBytes },
    );
    if (result.ignored) this.ignored.inc({ source: name }, result.ignored);
    const out: OutRecord[] = [];
    signals.push(...result.signals);
    for (const s of result.signals) {
      out.push({ topic: this.config.signalsTopic, key: primarySubjectKey(s.subjects) ?? null, value: JSON.stringify(s) });
    }
    for (const d of result.deadletters) {
      this.deps.logger.warn(
        { source: name, topic: record.topic, partition: record.partition, offset: record.offset, code: d.code, reason: d.reason },
        'record dead-lettered',
      );
      out.push({ topic: this.config.deadletterTopic, key: record.topic, value: JSON.stringify(d) });
    }
    if (result.signals.length) this.emitted.inc({ source: name }, result.signals.length);
    if (result.deadlettered) this.dead.inc({ source: name }, result.deadlettered);
    return out;
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
  }
}

export const DEFAULT_TOPICS = { signals: TOPICS.signals, deadletter: TOPICS.deadletter };
