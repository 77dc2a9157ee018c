// VigilGateway: a gateway's local copy of Vigil's decisions. Records from `vigil.decisions` are verified
// (forged and unsigned ones dropped and counted) into an in-memory table; check() answers synchronously
// from it. When the stream has been lost longer than `staleAfterMs`, check() fails open (answers from the
// table as last known) or closed (blocks every request), as configured.
import type { KafkaConfig } from 'kafkajs';
import type { Action, Decision } from '@vigil/schemas';
import type { Verifier } from '@vigil/signing';
import { verifierFor, type KeySource } from './keys.js';
import { readDecisionRecord, type DropReason } from './record.js';
import { DecisionStream } from './stream.js';
import { subjectKeysOf, type CheckRequest } from './subjects.js';
import { EnforcementTable } from './table.js';

export type FailMode = 'open' | 'closed';

export interface GatewayOptions {
  /** Kafka bootstrap brokers (the cluster Vigil publishes to). */
  brokers: string[];
  /** Trusted signing keys: `{ jwks }` inline, or `{ jwksUrl: 'https://vigil-api/.well-known/jwks.json' }`. */
  keys: KeySource;
  topic?: string;
  clientId?: string;
  groupPrefix?: string;
  /** What check() does once the stream has been lost longer than staleAfterMs. Default `open`. */
  failMode?: FailMode;
  staleAfterMs?: number;
  maxWaitTimeMs?: number;
  kafka?: Omit<KafkaConfig, 'brokers' | 'clientId'>;
  /** Called for every dropped record (log it; it may be an attack on the stream). */
  onDrop?: (drop: { reason: DropReason; detail: string; partition: number; offset: string }) => void;
  now?: () => number;
}

export interface GatewayVerdict {
  action: Action;
  decision: Decision | undefined;
  reason: string;
  /** True when the stream is lost: the answer comes from the fail mode. */
  degraded: boolean;
}

export interface GatewayStats {
  applied: number;
  ignored: number;
  dropped: Record<DropReason, number>;
  subjects: number;
  caughtUp: boolean;
  lastContactAt: number;
  stale: boolean;
}

export class VigilGateway {
  readonly table: EnforcementTable;
  private readonly verify: Verifier;
  private readonly stream: DecisionStream | undefined;
  private readonly now: () => number;
  private readonly failMode: FailMode;
  private readonly staleAfterMs: number;
  private readonly counts = { applied: 0, ignored: 0, dropped: { unsigned: 0, forged: 0, invalid: 0 } as Record<DropReason, number> };
  private purgeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: GatewayOptions) {
    this.now = options.now ?? Date.now;
    this.failMode = options.failMode ?? 'open';
    this.staleAfterMs = options.staleAfterMs ?? 30_000;
    this.table = new EnforcementTable(this.now);
    this.verify = verifierFor(options.keys);
    if (options.brokers.length) {
      this.stream = new DecisionStream({
        brokers: options.brokers,
        topic: options.topic ?? 'vigil.decisions',
        clientId: options.clientId ?? 'vigil-gateway',
        groupPrefix: options.groupPrefix ?? 'vigil',
        maxWaitTimeMs: options.maxWaitTimeMs ?? 1000,
        now: this.now,
        ...(options.kafka ? { kafka: options.kafka } : {}),
      });
    }
  }

  /** Connects and starts reading; resolves once subscribed (use `caughtUp()` to wait for the backlog). */
  async start(): Promise<void> {
    if (!this.stream) throw new Error('no brokers given: feed records with accept() instead');
    await this.stream.start((r) => this.accept(r.value, r.signature, r.partition, r.offset).then(() => undefined));
    this.purgeTimer = setInterval(() => this.table.purge(), 60_000);
    this.purgeTimer.unref();
  }

  /** Resolves when every decision on the topic at start has been read. */
  caughtUp(): Promise<void> {
    return this.stream ? this.stream.whenCaughtUp() : Promise.resolve();
  }

  async stop(): Promise<void> {
    clearInterval(this.purgeTimer);
    await this.stream?.stop();
  }

  /** One record's value bytes and `vigil-signature` header: verified, parsed, applied. */
  async accept(value: Uint8Array, signature: string | undefined, partition = -1, offset = '-1'): Promise<boolean> {
    const r = await readDecisionRecord(this.verify, value, signature);
    if (!r.ok) {
      this.counts.dropped[r.reason]++;
      this.options.onDrop?.({ reason: r.reason, detail: r.detail, partition, offset });
      return false;
    }
    const applied = this.table.apply(r.decision);
    if (applied) this.counts.applied++;
    else this.counts.ignored++;
    return applied;
  }

  /** The verdict for a request, synchronously, from the local table. */
  check(request: CheckRequest): GatewayVerdict {
    const subjects = subjectKeysOf(request);
    if (this.stale()) {
      const lostSeconds = Math.round((this.now() - (this.stream?.lastContactAt ?? 0)) / 1000);
      if (this.failMode === 'closed')
        return { action: 'block', decision: undefined, reason: `decision stream lost for ${lostSeconds}s (fail-closed)`, degraded: true };
      const v = this.table.check(subjects);
      return { ...v, reason: v.decision?.reason ?? `decision stream lost for ${lostSeconds}s (fail-open)`, degraded: true };
    }
    const v = this.table.check(subjects);
    return { ...v, reason: v.decision?.reason ?? 'no decision in force', degraded: false };
  }

  /** True when no fetch has reached Kafka for longer than staleAfterMs, or the start backlog is still unread after it. */
  stale(): boolean {
    if (!this.stream) return false;
    const now = this.now();
    return now - this.stream.lastContactAt > this.staleAfterMs || (!this.stream.caughtUp && now - this.stream.startedAt > this.staleAfterMs);
  }

  stats(): GatewayStats {
    return {
      applied: this.counts.applied,
      ignored: this.counts.ignored,
      dropped: { ...this.counts.dropped },
      subjects: this.table.size,
      caughtUp: this.stream?.caughtUp ?? true,
      lastContactAt: this.stream?.lastContactAt ?? 0,
      stale: this.stale(),
    };
  }
}
