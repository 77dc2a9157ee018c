// The kill switch: an operator's block / step_up / allow for a subject, now. Each override is a signed
// decision marked `override: {by}` on `vigil.decisions` (so every gateway enforces it), an `override`
// audit record on `vigil.audit` (who and why), applied to this API's table at once and kept in the store
// until it expires. An unblock (DELETE) is a signed `allow` that ends at once: it supersedes every earlier
// decision for the subject, and later rule decisions apply again.
import { randomBytes } from 'node:crypto';
import type { Bus } from '@vigil/bus';
import { VigilError } from '@vigil/core';
import { readDecisionRecord } from '@vigil/gateway-sdk';
import { overrideRecordKey, SIGNATURE_HEADER, toIsoMs, type Action, type Audit, type Decision, type Severity } from '@vigil/schemas';
import { signDetached, type SigningKey, type Verifier } from '@vigil/signing';
import type { Store } from '@vigil/store';
import { counter, type Logger, type Registry } from '@vigil/telemetry';
import type { DecisionTable } from '../table.js';
import type { OverrideRequest } from './request.js';
import { loadOverrides, saveOverride, type StoredOverride } from './store.js';

const SEVERITY: Record<Action, Severity> = { block: 'high', step_up: 'medium', allow: 'info' };
const DECISION_HEADERS = { 'content-type': 'application/json', 'vigil-schema': 'decision.v1' } as const;

export interface OverrideDeps {
  bus: Bus;
  store: Store;
  table: DecisionTable;
  signingKey: SigningKey;
  verify: Verifier;
  topics: { decisions: string; audit: string };
  riskOf: (subject: string) => Promise<number>;
  logger: Logger;
  metrics: Registry;
  now?: () => number;
}

export class OverrideService {
  private readonly now: () => number;
  private readonly storeErrors;
  private readonly published;

  constructor(private readonly deps: OverrideDeps) {
    this.now = deps.now ?? Date.now;
    this.storeErrors = counter(deps.metrics, 'vigil_api_override_store_errors_total', 'Overrides published but not kept in the store');
    this.published = counter(deps.metrics, 'vigil_api_overrides_total', 'Overrides published, by action', ['action']);
  }

  /** POST /v1/overrides. */
  create(by: string, req: OverrideRequest): Promise<Decision> {
    return this.publish(by, req.subject, req.action, req.ttlMs, req.reason);
  }

  /** DELETE /v1/overrides/{key}: a signed allow that ends at once. */
  unblock(by: string, subject: string, reason: string): Promise<Decision> {
    return this.publish(by, subject, 'allow', 0, reason);
  }

  /**
   * Start: puts the active overrides kept in the store back into the table, and publishes each again on
   * `vigil.decisions` (the same signed bytes, so the same id, under the override's own key): a topic whose
   * retention dropped the record, or one written before overrides had keys of their own, holds it again
   * for gateways that start fresh.
   * Returns how many were restored; a failed re-publish is logged (the table has them anyway).
   */
  async restore(): Promise<number> {
    let n = 0;
    const active: StoredOverride[] = [];
    for (const entry of await loadOverrides(this.deps.store)) {
      const r = await readDecisionRecord(this.deps.verify, Buffer.from(entry.value), entry.signature);
      if (!r.ok || !r.decision.override) {
        this.deps.logger.warn({ reason: r.ok ? 'not an override' : r.detail }, 'stored override ignored');
        continue;
      }
      if (Date.parse(r.decision.expires_at) <= this.now()) continue;
      active.push(entry);
      this.deps.table.apply(r.decision);
      n++;
    }
    if (!active.length) return n;
    try {
      await this.deps.bus.publish(
        active.map((e) => ({
          topic: this.deps.topics.decisions,
          key: overrideRecordKey((JSON.parse(e.value) as Decision).subject),
          value: e.value,
          headers: { ...DECISION_HEADERS, [SIGNATURE_HEADER]: e.signature },
        })),
      );
      this.deps.logger.info({ republished: active.length }, 'active overrides published again (compacted topics keep them)');
    } catch (err) {
      this.deps.logger.warn({ err, overrides: active.length }, 'active overrides could not be published again; gateways starting fresh may miss them');
    }
    return n;
  }

  private async publish(by: string, subject: string, action: Action, ttlMs: number, reason: string): Promise<Decision> {
    const issued = this.now();
    const decision: Decision = {
      v: 1,
      id: `ovr_${randomBytes(12).toString('hex')}`,
      subject,
      action,
      reason,
      override: { by },
      risk: Math.round(Math.min(100, Math.max(0, await this.deps.riskOf(subject)))),
      severity: SEVERITY[action],
      evidence: [],
      issued_at: toIsoMs(issued)!,
      expires_at: toIsoMs(issued + ttlMs)!,
      mode: 'enforce',
    };
    const value = JSON.stringify(decision);
    const signature = await signDetached(Buffer.from(value), this.deps.signingKey);
    const audit: Audit = { v: 1, kind: 'override', time: decision.issued_at, by, reason, decision };
    try {
      await this.deps.bus.publish([
        {
          topic: this.deps.topics.decisions,
          key: overrideRecordKey(subject),
          value,
          headers: { ...DECISION_HEADERS, [SIGNATURE_HEADER]: signature },
        },
        { topic: this.deps.topics.audit, key: subject, value: JSON.stringify(audit), headers: { 'vigil-schema': 'audit.v1' } },
      ]);
    } catch (err) {
      throw new VigilError('VIGIL_ERR_BUS', `the override could not be published: ${(err as Error).message}`, { cause: err });
    }
    this.published.inc({ action });
    this.deps.table.apply(decision);
    this.deps.logger.info({ subject, action, by, id: decision.id, expires_at: decision.expires_at }, 'override published');
    try {
      await saveOverride(this.deps.store, subject, { value, signature }, ttlMs);
    } catch (err) {
      // Published is in force everywhere; only the protection against topic compaction is missing.
      this.storeErrors.inc();
      this.deps.logger.error({ err, subject, id: decision.id }, 'override published but not kept in the store');
    }
    return decision;
  }
}
