// What signals caused that nobody has published yet. Memory state changes in place while a batch is
// evaluated, so a batch whose outputs failed to publish cannot simply be evaluated again when the bus
// redelivers it (its window entries and suppressions are already there: nothing would fire). Its outputs
// are kept here instead, per signal, and handed out again on redelivery.
import type { Alert, Decision } from '@vigil/schemas';
import type { RuleHitRecord } from './correlator.js';

export interface OutputParts {
  decisions: Decision[];
  alerts: Alert[];
  audited: Decision[];
  hits: RuleHitRecord[];
}

/** Bounded: a batch that never comes back (its partition moved elsewhere) cannot grow this forever. */
const MAX_SIGNALS = 10_000;

export class Unpublished {
  private readonly bySignal = new Map<string, OutputParts>();

  get size(): number {
    return this.bySignal.size;
  }

  /** Keeps what `out` gained since the lengths in `from` ([decisions, alerts, audited, hits]). */
  remember(signalId: string, out: OutputParts, from: readonly [number, number, number, number]): void {
    if (this.bySignal.size >= MAX_SIGNALS) this.bySignal.delete(this.bySignal.keys().next().value!);
    this.bySignal.set(signalId, {
      decisions: out.decisions.slice(from[0]),
      alerts: out.alerts.slice(from[1]),
      audited: out.audited.slice(from[2]),
      hits: out.hits.slice(from[3]),
    });
  }

  /** Appends what the signal caused before to `out`; false when nothing is kept for it. */
  replay(signalId: string, out: OutputParts): boolean {
    const kept = this.bySignal.get(signalId);
    if (!kept) return false;
    appendOutputs(out, kept);
    return true;
  }

  forget(signalIds: readonly string[]): void {
    for (const id of signalIds) this.bySignal.delete(id);
  }
}

export function appendOutputs(out: OutputParts, more: OutputParts): void {
  out.decisions.push(...more.decisions);
  out.alerts.push(...more.alerts);
  out.audited.push(...more.audited);
  out.hits.push(...more.hits);
}
