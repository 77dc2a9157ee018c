// The decision table of the API: what is in force per subject (the same EnforcementTable every gateway SDK
// runs, so the check endpoint and SDK gateways answer alike), the recent decisions for listing and the
// subject view, and listeners told of every decision applied (the SSE stream, the demo's console).
import { EnforcementTable, type Verdict } from '@vigil/gateway-sdk';
import type { Action, Decision } from '@vigil/schemas';

export type { Verdict };
export type DecisionListener = (d: Decision) => void;

export class DecisionTable {
  private readonly enforcement: EnforcementTable;
  /** Recent decisions, newest last (bounded). */
  private readonly history: Decision[] = [];
  private readonly seen = new Set<string>();
  private readonly listeners = new Set<DecisionListener>();

  constructor(
    now: () => number = Date.now,
    private readonly historyLimit = 10_000,
  ) {
    this.enforcement = new EnforcementTable(now);
  }

  /** Applies a decision (idempotent by id). True when it was new to this table. */
  apply(d: Decision): boolean {
    if (this.seen.has(d.id)) return false;
    this.seen.add(d.id);
    this.enforcement.apply(d);
    this.history.push(d);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      for (const x of dropped) this.seen.delete(x.id);
    }
    for (const l of this.listeners) {
      try {
        l(d);
      } catch {
        // A listener (an SSE client, the console) must never stop decisions from being applied.
      }
    }
    return true;
  }

  /** Calls `listener` for every decision applied from now on; returns the unsubscribe function. */
  listen(listener: DecisionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The decision in force for one subject (an unexpired override, else an unexpired rule decision). */
  inForce(subject: string): Decision | undefined {
    return this.enforcement.inForce(subject);
  }

  /** The latest rule decision and override held for a subject, in force or not. */
  held(subject: string): { rule?: Decision; override?: Decision } {
    return this.enforcement.held(subject);
  }

  overridesInForce(): Decision[] {
    return this.enforcement.overridesInForce();
  }

  check(subjects: readonly string[]): Verdict {
    return this.enforcement.check(subjects);
  }

  /**
   * The newest decisions first (by issued_at, then id: the order every reader documents, whatever order the
   * topic's partitions delivered them in), optionally filtered (`rule: 'override'` lists the overrides).
   */
  list(filter: { subject?: string; action?: Action; rule?: string } = {}): Decision[] {
    const out: Decision[] = [];
    for (let i = this.history.length - 1; i >= 0; i--) {
      const d = this.history[i]!;
      if (filter.subject && d.subject !== filter.subject) continue;
      if (filter.action && d.action !== filter.action) continue;
      if (filter.rule && d.rule?.id !== filter.rule && !(filter.rule === 'override' && d.override)) continue;
      out.push(d);
    }
    return out.sort(newestFirst);
  }

  /** Drops subjects with nothing in force (run periodically: bounded memory). */
  purge(): number {
    return this.enforcement.purge();
  }

  get size(): number {
    return this.enforcement.size;
  }
}

/**
 * Later issued_at first, then the larger id (arrival order is nearly this, so the sort is cheap). Times are
 * compared as strings: DecisionSchema admits only `YYYY-MM-DDTHH:mm:ss.sssZ`, whose text order is time order,
 * so no sort parses two dates per comparison.
 */
export function newestFirst(a: Decision, b: Decision): number {
  if (a.issued_at !== b.issued_at) return a.issued_at < b.issued_at ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
