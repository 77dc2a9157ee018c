// The decision table: the latest decision per subject (what a compacted `vigil.decisions` holds), and
// one verdict over every subject a request names: block > step_up > allow, the later expiry among equals.
import { ACTION_RANK, type Action, type Decision } from '@vigil/schemas';

export interface Verdict {
  action: Action;
  decision: Decision | undefined;
}

export class DecisionTable {
  private readonly latest = new Map<string, { d: Decision; expires: number }>();
  /** Recent decisions, newest last, for GET /v1/decisions (bounded). */
  private readonly history: Decision[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly historyLimit = 10_000,
  ) {}

  /** Applies a decision (idempotent by id); an older decision never replaces a newer one. */
  apply(d: Decision): boolean {
    if (this.seen.has(d.id)) return false;
    this.seen.add(d.id);
    const current = this.latest.get(d.subject);
    if (!current || Date.parse(d.issued_at) >= Date.parse(current.d.issued_at)) {
      this.latest.set(d.subject, { d, expires: Date.parse(d.expires_at) });
    }
    this.history.push(d);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      for (const x of dropped) this.seen.delete(x.id);
    }
    return true;
  }

  /** The active decision for one subject, if unexpired and not an allow. */
  active(subject: string): Decision | undefined {
    const e = this.latest.get(subject);
    if (!e) return undefined;
    if (e.expires <= this.now()) return undefined;
    return e.d.action === 'allow' ? undefined : e.d;
  }

  check(subjects: readonly string[]): Verdict {
    let best: Decision | undefined;
    for (const s of subjects) {
      const d = this.active(s);
      if (!d) continue;
      if (!best || ACTION_RANK[d.action] > ACTION_RANK[best.action] || (d.action === best.action && d.expires_at > best.expires_at)) best = d;
    }
    return { action: best?.action ?? 'allow', decision: best };
  }

  /** The newest decisions first, optionally filtered. */
  list(filter: { subject?: string; action?: Action; rule?: string } = {}): Decision[] {
    const out: Decision[] = [];
    for (let i = this.history.length - 1; i >= 0; i--) {
      const d = this.history[i]!;
      if (filter.subject && d.subject !== filter.subject) continue;
      if (filter.action && d.action !== filter.action) continue;
      if (filter.rule && d.rule?.id !== filter.rule && !(filter.rule === 'override' && d.override)) continue;
      out.push(d);
    }
    return out;
  }

  /** Drops expired entries (run periodically: bounded memory). */
  purge(): number {
    const now = this.now();
    let n = 0;
    for (const [k, e] of this.latest) {
      if (e.expires <= now) {
        this.latest.delete(k);
        n++;
      }
    }
    return n;
  }

  get size(): number {
    return this.latest.size;
  }
}
