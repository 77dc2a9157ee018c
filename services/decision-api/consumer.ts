// Builds the decision table from `vigil.decisions`: every instance reads the whole topic from the start
// (its own consumer group), verifies each record's detached JWS, and applies valid decisions.
import { randomUUID } from 'node:crypto';
import type { Bus, BusRecord, Subscription } from '@vigil/bus';
import { DecisionSchema, SIGNATURE_HEADER, type Decision } from '@vigil/schemas';
import type { VerifyResult } from '@vigil/signing';
import { counter, type Logger, type Registry } from '@vigil/telemetry';
import type { DecisionTable } from './table.js';

export interface DecisionConsumerDeps {
  bus: Bus;
  table: DecisionTable;
  verify: (value: Uint8Array, signature: string | undefined) => Promise<VerifyResult>;
  logger: Logger;
  metrics: Registry;
  onDecision?: (d: Decision) => void;
}

export class DecisionConsumer {
  private subscription: Subscription | undefined;
  private readonly rejected;
  private readonly applied;

  constructor(
    private readonly topic: string,
    private readonly groupPrefix: string,
    private readonly deps: DecisionConsumerDeps,
  ) {
    this.rejected = counter(deps.metrics, 'vigil_api_decisions_rejected_total', 'Decision records dropped (unsigned, forged, invalid)', ['reason']);
    this.applied = counter(deps.metrics, 'vigil_api_decisions_applied_total', 'Decision records applied to the table');
  }

  get ready(): boolean {
    return this.subscription?.caughtUp ?? false;
  }

  async start(): Promise<void> {
    await this.deps.bus.ensureTopics([{ topic: this.topic, cleanupPolicy: 'compact' }]);
    this.subscription = await this.deps.bus.subscribe({
      groupId: `${this.groupPrefix}-decision-api-${randomUUID()}`,
      topics: [this.topic],
      fromBeginning: true,
      handler: async (batch) => {
        for (const r of batch.records) await this.apply(r);
        return [];
      },
    });
  }

  async apply(r: BusRecord): Promise<void> {
    const verdict = await this.deps.verify(r.value, r.headers[SIGNATURE_HEADER]);
    if (!verdict.ok) {
      this.rejected.inc({ reason: verdict.reason.startsWith('unsigned') ? 'unsigned' : 'signature' });
      this.deps.logger.warn({ partition: r.partition, offset: r.offset, reason: verdict.reason }, 'decision record ignored');
      return;
    }
    let parsed;
    try {
      parsed = DecisionSchema.safeParse(JSON.parse(r.value.toString('utf8')));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      this.rejected.inc({ reason: 'invalid' });
      this.deps.logger.warn({ partition: r.partition, offset: r.offset }, 'decision record is not a valid decision');
      return;
    }
    if (this.deps.table.apply(parsed.data)) {
      this.applied.inc();
      this.deps.onDecision?.(parsed.data);
    }
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
  }
}
