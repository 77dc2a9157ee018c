// The correlator service: consumes `vigil.signals` in batches, evaluates the rule set, publishes
// decisions / alerts / audit, then writes state, then lets the bus commit. Invalid signals are
// dead-lettered. Rules hot-reload (folder watch and SIGHUP); a broken set is rejected and audited.
import type { Bus, BusBatch, OutRecord, Subscription } from '@vigil/bus';
import { toIsoMs, type Signal } from '@vigil/schemas';
import { parseSignal, type SignalParse } from '@vigil/schemas/parse-signal';
import type { SigningKey, VerifyResult } from '@vigil/signing';
import type { Store } from '@vigil/store';
import { counter, histogram, inSpan, vigilTracer, type Logger, type Registry } from '@vigil/telemetry';
import { Correlator, type CorrelatorOutput } from './engine/correlator.js';
import type { RuleSet } from './engine/rule-set.js';
import { auditRecord, outputRecords, type OutputTopics } from './publish.js';
import { deadLetterOf } from './dead-letter.js';
import { followOverrides } from './overrides.js';

export interface CorrelatorServiceConfig {
  groupId: string;
  signalsTopic: string;
  deadletterTopic: string;
  topics: OutputTopics;
  /** Absence deadlines are checked this often (wall clock). */
  tickMs: number;
  /** Partitions fetched at once, their batches coalesced into one evaluation (default 4). */
  concurrency?: number;
  /**
   * In-process hand-off from ingest (VIGIL_INLINE_CORRELATION): signals come through evaluateInline(), not
   * from `vigil.signals`, which the correlator then does not read.
   */
  inline?: boolean;
}

export interface CorrelatorServiceDeps {
  bus: Bus;
  store: Store;
  logger: Logger;
  metrics: Registry;
  signingKey: SigningKey | undefined;
  /** Verifies override records on the decisions topic (the runtime key plus trusted keys). */
  verify?: (value: Uint8Array, signature: string | undefined) => VerifyResult;
  ruleSet: RuleSet;
  now?: () => number;
  /** Called with every enforced decision after it is published (the CLI prints them). */
  onDecision?: (d: CorrelatorOutput['decisions'][number]) => void;
}

/** Inline work from an in-process ingest: validated signals and the records ingest made of them. */
interface Work {
  signals: Signal[];
  records: OutRecord[];
}

/** A batch as it waits for evaluation: its valid signals, the records to publish with its outputs, its dead-letters. */
interface Parsed {
  signals: Signal[];
  alongside: OutRecord[];
  dead: OutRecord[];
}

interface Waiting {
  work: BusBatch | Work;
  parsed: Parsed;
  resolve: (dead: OutRecord[]) => void;
  reject: (err: unknown) => void;
}

export class CorrelatorService {
  readonly correlator: Correlator;
  private subscription: Subscription | undefined;
  private overrides: Subscription | undefined;
  private tick: NodeJS.Timeout | undefined;
  private readonly processed;
  private readonly decisionsCount;
  private readonly invalid;
  private readonly batchSeconds;
  private readonly claimWaits;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly waiting: Waiting[] = [];
  /** Batches being evaluated or published, and those whose state write is on its way. */
  private readonly inFlight = new Set<Waiting>();
  /** Each group's whole course, from evaluation to its write's answer (the queue moves on earlier; stop() waits for these). */
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly config: CorrelatorServiceConfig,
    private readonly deps: CorrelatorServiceDeps,
  ) {
    this.correlator = new Correlator(deps.ruleSet, {
      store: deps.store,
      clock: 'wall',
      ...(deps.now ? { now: deps.now } : {}),
      onClaimWait: () => {
        this.claimWaits.inc();
        return this.heartbeatAll();
      },
    });
    this.processed = counter(deps.metrics, 'vigil_correlator_signals_total', 'Signals evaluated');
    this.decisionsCount = counter(deps.metrics, 'vigil_correlator_rule_hits_total', 'Rule hits by outcome', ['rule', 'outcome']);
    this.invalid = counter(deps.metrics, 'vigil_correlator_invalid_total', 'Records on the signals topic that were not valid signals');
    this.claimWaits = counter(
      deps.metrics,
      'vigil_correlator_claim_retries_total',
      'Claims of a batch that found a subject held by another correlator instance and were tried again',
    );
    this.batchSeconds = histogram(deps.metrics, 'vigil_correlator_batch_seconds', 'Time to evaluate and publish one batch');
  }

  async start(): Promise<void> {
    const { bus } = this.deps;
    await bus.ensureTopics([
      { topic: this.config.signalsTopic },
      { topic: this.config.deadletterTopic },
      { topic: this.config.topics.decisions, cleanupPolicy: 'compact' },
      { topic: this.config.topics.alerts },
      { topic: this.config.topics.audit },
    ]);
    await this.publishAudit('loaded', this.deps.ruleSet, []);
    if (!this.config.inline)
      this.subscription = await bus.subscribe({
        groupId: this.config.groupId,
        topics: [this.config.signalsTopic],
        fromBeginning: true,
        // Partitions are fetched in parallel and their batches coalesced: one evaluation, one state read and
        // one state write for whatever arrived meanwhile (state is shared, so evaluation stays serial).
        concurrency: this.config.concurrency ?? 4,
        handler: (b) => this.enqueue(b),
      });
    if (this.deps.verify) {
      this.overrides = await followOverrides(this.config.topics.decisions, `${this.config.groupId}-overrides`, {
        bus,
        correlator: this.correlator,
        verify: this.deps.verify,
        logger: this.deps.logger,
        serialize: (fn) => this.serialize(fn),
      });
    }
    this.tick = setInterval(
      () => void this.serialize(() => this.sweep()).catch((err: unknown) => this.deps.logger.error({ err }, 'absence sweep failed')),
      this.config.tickMs,
    );
    this.tick.unref();
    this.deps.logger.info({ rules: this.deps.ruleSet.versions.length }, 'correlator started');
  }

  private readonly tracer = vigilTracer('correlator');

  /**
   * Inline mode: a raw batch's signals, already validated by ingest, evaluated here; `records` (the signals
   * for `vigil.signals`, ingest's dead-letters) are published in the same send as the outputs, then state is
   * written. Returns nothing left for the bus: it commits the raw batch next.
   */
  evaluateInline(signals: Signal[], records: OutRecord[]): Promise<OutRecord[]> {
    return this.enqueue({ signals, records });
  }

  /**
   * Work of several partitions that arrives while one evaluation runs waits together and is evaluated as
   * one (one state read, one send, one state write): each batch gets back its own dead-letters, and all are
   * redelivered if it fails.
   */
  private enqueue(work: BusBatch | Work): Promise<OutRecord[]> {
    // Parsed on arrival, not when its turn comes: a batch that arrives while another waits on the store
    // spends that wait parsing (JSON and validation are about a tenth of the correlator's CPU per signal).
    const parsed: Parsed = 'topic' in work ? this.parse(work) : { signals: work.signals, alongside: work.records, dead: [] };
    return new Promise((resolve, reject) => {
      this.waiting.push({ work, parsed, resolve, reject });
      if (this.waiting.length === 1) void this.serialize(() => this.runWaiting());
    });
  }

  /**
   * Evaluates what waits, as one group. The queue moves on once the group's state write has been sent, not
   * when it is answered: the next group's claim goes out on the same Redis connection behind it (Redis runs
   * one connection's commands in order, so it reads what this write left), and the two round trips overlap
   * the work around them. Should the claim get ahead of the write all the same (a script resent after
   * NOSCRIPT), it finds the subjects still leased and waits its turn. A group resolves — and its offsets may
   * be committed — only once its write is answered.
   */
  private runWaiting(): Promise<void> {
    const group = this.waiting.splice(0);
    for (const g of group) this.inFlight.add(g);
    let sent!: () => void;
    const writeSent = new Promise<void>((r) => (sent = r));
    const done = this.handle(
      group.map((g) => g.parsed),
      sent,
    )
      .then(
        (dead) => group.forEach((g, i) => g.resolve(dead[i]!)),
        (err: unknown) => group.forEach((g) => g.reject(err)),
      )
      .finally(() => {
        for (const g of group) this.inFlight.delete(g);
        this.writing.delete(done);
      });
    this.writing.add(done);
    return Promise.race([writeSent, done]);
  }

  /**
   * While a batch waits for a subject another instance holds, every batch this instance has in hand (the one
   * in flight and those queued behind it) heartbeats, so a long wait does not cost the group membership.
   */
  private async heartbeatAll(): Promise<void> {
    const batches = [...this.inFlight, ...this.waiting].map((g) => g.work);
    await Promise.all(
      batches.map((w) =>
        'heartbeat' in w && w.heartbeat
          ? w.heartbeat().catch((err: unknown) => this.deps.logger.debug({ err }, 'heartbeat while waiting for state failed'))
          : undefined,
      ),
    );
  }

  /** Parsed batches: evaluate, publish outputs, write state; returns each batch's dead-letters for the bus to publish before it commits. */
  private handle(work: readonly Parsed[], sent: () => void): Promise<OutRecord[][]> {
    return inSpan(
      this.tracer,
      'correlator batch',
      {
        'messaging.destination.name': this.config.signalsTopic,
        'messaging.batch.message_count': work.reduce((n, w) => n + w.signals.length + w.dead.length, 0),
      },
      () => this.handleWork(work, sent),
    );
  }

  /** `sent` is called once the batch's state write is on its way (see runWaiting). */
  private async handleWork(work: readonly Parsed[], sent: () => void): Promise<OutRecord[][]> {
    const started = performance.now();
    const signals: Signal[] = [];
    // Inline: ingest's records (signals for vigil.signals, dead-letters) go out with ours.
    const alongside: OutRecord[] = [];
    for (const w of work) {
      for (const s of w.signals) signals.push(s);
      for (const r of w.alongside) alongside.push(r);
    }
    const out = await this.correlator.process(signals);
    await this.publish(out, alongside, sent);
    this.processed.inc(signals.length);
    this.batchSeconds.observe((performance.now() - started) / 1000);
    return work.map((w) => w.dead);
  }

  /** A batch's valid signals, and the rest as dead-letters. */
  private parse(batch: BusBatch): Parsed {
    const signals: Signal[] = [];
    const dead: OutRecord[] = [];
    for (const r of batch.records) {
      let parsed: SignalParse | undefined;
      try {
        parsed = parseSignal(JSON.parse(r.value.toString('utf8')));
      } catch (err) {
        dead.push(deadLetterOf(r, this.config.deadletterTopic, 'VIGIL_ERR_PARSE', `not JSON: ${(err as Error).message}`));
        continue;
      }
      if (parsed.success) signals.push(parsed.data);
      else
        dead.push(
          deadLetterOf(
            r,
            this.config.deadletterTopic,
            'VIGIL_ERR_VALIDATION',
            `not a valid signal: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
          ),
        );
    }
    if (dead.length) this.invalid.inc(dead.length);
    return { signals, alongside: [], dead };
  }

  /**
   * Swaps in a new rule set between batches (through the same queue as batches and sweeps: a batch that is
   * loading its keys finishes under the rules it loaded them for). The audit record goes out first; if it
   * cannot be published the previous rules stay active and the returned promise rejects.
   */
  reload(ruleSet: RuleSet): Promise<void> {
    return this.serialize(async () => {
      await this.publishAudit('loaded', ruleSet, []);
      this.correlator.setRules(ruleSet);
    });
  }

  rejectReload(errors: string[]): Promise<void> {
    return this.serialize(() => this.publishAudit('rejected', this.correlator.ruleSet, errors));
  }

  private async sweep(): Promise<void> {
    const now = (this.deps.now ?? Date.now)();
    const watermark = Math.max(this.correlator.maxEventTime, now) - this.correlator.ruleSet.latenessMs;
    await this.publish(await this.correlator.sweep(watermark));
  }

  /** Publishes the outputs, then writes the state; `sent` is called as soon as that write is on its way. */
  private async publish(out: CorrelatorOutput, alongside: readonly OutRecord[] = [], sent?: () => void): Promise<void> {
    try {
      const records = [...alongside, ...(await outputRecords(out, this.config.topics, this.deps.signingKey))];
      if (records.length) await this.deps.bus.publish(records);
    } catch (err) {
      // Nothing written: other instances may take the subjects at once rather than when the leases lapse.
      await out.release().catch((e: unknown) => this.deps.logger.warn({ err: e }, 'releasing state claims failed; they lapse by themselves'));
      throw err;
    }
    // State is written only after everything the batch caused is on the bus. commit() hands the write to
    // the store's connection before it first waits.
    const written = out.commit();
    sent?.();
    await written;
    for (const h of out.hits) this.decisionsCount.inc({ rule: h.rule, outcome: h.outcome });
    for (const d of out.decisions) {
      this.deps.logger.info({ subject: d.subject, action: d.action, rule: d.rule?.id, decision: d.id }, 'decision published');
      this.deps.onDecision?.(d);
    }
  }

  private async publishAudit(status: 'loaded' | 'rejected', ruleSet: RuleSet, errors: string[]): Promise<void> {
    const audit = { v: 1 as const, kind: 'rules' as const, time: toIsoMs(Date.now())!, status, rules: ruleSet.versions, errors };
    await this.deps.bus.publish([auditRecord(audit, this.config.topics.audit, 'rules')]);
  }

  /** Batches and sweeps share state; run them one at a time. */
  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async stop(): Promise<void> {
    if (this.tick) clearInterval(this.tick);
    await this.subscription?.stop();
    await this.overrides?.stop();
    await this.queue;
    await Promise.all(this.writing);
  }
}
