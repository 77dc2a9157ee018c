// Builds the decision table from `vigil.decisions`: every instance reads the whole topic from the start
// (its own consumer group), verifies each record's detached JWS against the trusted keys, and applies
// valid decisions. Unsigned, forged and invalid records are dropped, counted and logged.
import { randomUUID } from 'node:crypto';
import type { Bus, BusRecord, Subscription } from '@vigil/bus';
import { readDecisionRecord } from '@vigil/gateway-sdk';
import { SIGNATURE_HEADER } from '@vigil/schemas';
import type { Verifier } from '@vigil/signing';
import { counter, type Logger, type Registry } from '@vigil/telemetry';
import type { DecisionTable } from './table.js';

export interface DecisionConsumerDeps {
  bus: Bus;
  table: DecisionTable;
  verify: Verifier;
  logger: Logger;
  metrics: Registry;
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
    const result = await readDecisionRecord(this.deps.verify, r.value, r.headers[SIGNATURE_HEADER]);
    if (!result.ok) {
      this.rejected.inc({ reason: result.reason });
      this.deps.logger.warn({ partition: r.partition, offset: r.offset, reason: result.reason, detail: result.detail }, 'decision record ignored');
      return;
    }
    if (this.deps.table.apply(result.decision)) this.applied.inc();
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
  }
}
