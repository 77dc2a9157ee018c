// The kill switch reaches the correlator too: operators' overrides on `vigil.decisions` (signed, verified
// here) update the subject's profile, so an unblock clears the correlator's own record of the block (and
// its suppression, so new evidence decides again), and a manual block counts as an active block.
import type { Bus, BusRecord, Subscription } from '@vigil/bus';
import { DecisionSchema, SIGNATURE_HEADER, type Decision } from '@vigil/schemas';
import type { VerifyResult } from '@vigil/signing';
import type { Logger } from '@vigil/telemetry';
import type { Correlator } from './engine/correlator.js';

export interface OverrideFollowerDeps {
  bus: Bus;
  correlator: Correlator;
  verify: (value: Uint8Array, signature: string | undefined) => VerifyResult;
  logger: Logger;
  /** Runs state changes one at a time with the correlator's batches. */
  serialize: <T>(fn: () => Promise<T>) => Promise<T>;
}

export function overrideOf(r: BusRecord, verify: OverrideFollowerDeps['verify']): Decision | undefined {
  let value: unknown;
  try {
    value = JSON.parse(r.value.toString('utf8'));
  } catch {
    return undefined;
  }
  // Rule decisions (the correlator's own, nearly every record) are not its business: skip them before the
  // costly part. An override is believed only with a valid signature.
  if (!value || typeof value !== 'object' || !('override' in value)) return undefined;
  if (!verify(r.value, r.headers[SIGNATURE_HEADER]).ok) return undefined;
  const parsed = DecisionSchema.safeParse(value);
  return parsed.success && parsed.data.override ? parsed.data : undefined;
}

export async function followOverrides(topic: string, groupId: string, deps: OverrideFollowerDeps): Promise<Subscription> {
  return deps.bus.subscribe({
    groupId,
    topics: [topic],
    handler: async (batch) => {
      const overrides = batch.records.map((r) => overrideOf(r, deps.verify)).filter((d): d is Decision => d !== undefined);
      if (overrides.length) {
        await deps.serialize(() => deps.correlator.applyOverrides(overrides));
        for (const d of overrides) deps.logger.info({ subject: d.subject, action: d.action, by: d.override?.by }, 'override applied to correlation state');
      }
      return [];
    },
  });
}
