// What is in force per subject, from the decisions on `vigil.decisions`. The same rules run in the decision
// API and in every gateway, so both answer alike:
//  * the newest rule decision (by issued_at) and the newest override are kept apart;
//  * an unexpired override wins over rule decisions: the kill switch is not undone by the next rule hit,
//    and an `allow` override is an exemption for its ttl;
//  * an override also ends every rule decision issued before it (an unblock is a signed `allow`);
//  * expired decisions and shadow-mode decisions enforce nothing.
import { ACTION_RANK, type Action, type Decision } from '@vigil/schemas';

export interface Verdict {
  action: Action;
  /** The decision that set the action (for allow: an exemption override, if any). */
  decision: Decision | undefined;
}

interface Entry {
  rule?: { d: Decision; issued: number; expires: number };
  override?: { d: Decision; issued: number; expires: number };
}

export class EnforcementTable {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Applies one decision; true when it changed what the table holds (false: older, repeated or shadow). */
  apply(d: Decision): boolean {
    if (d.mode === 'shadow') return false;
    const issued = Date.parse(d.issued_at);
    const slot = { d, issued, expires: Date.parse(d.expires_at) };
    const e = this.entries.get(d.subject) ?? {};
    if (d.override) {
      if (e.override && (e.override.d.id === d.id || e.override.issued > issued)) return false;
      e.override = slot;
      if (e.rule && e.rule.issued <= issued) delete e.rule;
    } else {
      if (e.override && e.override.issued > issued) return false;
      if (e.rule && (e.rule.d.id === d.id || e.rule.issued > issued)) return false;
      e.rule = slot;
    }
    this.entries.set(d.subject, e);
    return true;
  }

  /** The decision in force for one subject now: an unexpired override, else an unexpired rule decision. */
  inForce(subject: string): Decision | undefined {
    const e = this.entries.get(subject);
    if (!e) return undefined;
    const now = this.now();
    if (e.override && e.override.expires > now) return e.override.d;
    if (e.rule && e.rule.expires > now) return e.rule.d;
    return undefined;
  }

  /** What the table holds for a subject, in force or not (the subject view of the API). */
  held(subject: string): { rule?: Decision; override?: Decision } {
    const e = this.entries.get(subject);
    return { ...(e?.rule ? { rule: e.rule.d } : {}), ...(e?.override ? { override: e.override.d } : {}) };
  }

  /** One verdict over every subject a request names: block > step_up > allow, the later expiry among equals. */
  check(subjects: readonly string[]): Verdict {
    let best: Decision | undefined;
    for (const s of subjects) {
      const d = this.inForce(s);
      if (!d) continue;
      if (!best || ACTION_RANK[d.action] > ACTION_RANK[best.action] || (d.action === best.action && d.expires_at > best.expires_at)) best = d;
    }
    return { action: best?.action ?? 'allow', decision: best };
  }

  /** Every override in force now (the kill switches that are on). */
  overridesInForce(): Decision[] {
    const now = this.now();
    const out: Decision[] = [];
    for (const e of this.entries.values()) if (e.override && e.override.expires > now) out.push(e.override.d);
    return out;
  }

  /** Drops subjects with nothing in force (run periodically: bounded memory). */
  purge(): number {
    const now = this.now();
    let n = 0;
    for (const [k, e] of this.entries) {
      if ((e.override?.expires ?? 0) <= now && (e.rule?.expires ?? 0) <= now) {
        this.entries.delete(k);
        n++;
      }
    }
    return n;
  }

  get size(): number {
    return this.entries.size;
  }
}
