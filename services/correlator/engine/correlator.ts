// The correlator core: signals in, decisions and alerts out. State for a batch is read in one go, every
// signal is evaluated against the rules indexed by its type with compiled predicates, and the state is
// written back by commit() — which the service calls only after the outputs are published.
import { ACTION_RANK, parseIsoMs, subjectKey, type Alert, type Decision, type Signal, type SubjectKind } from '@vigil/schemas';
import type { Store } from '@vigil/store';
import { BatchState } from './batch-state.js';
import { selectorMatches, subjectKeysOf, type CompiledRule, type SubjectKeys } from './compiled-rule.js';
import { buildAlert, buildDecision, evidenceOf, type Hit } from './decide.js';
import { fnv1a } from './paths.js';
import { activeAction, addRisk, emptyProfile, riskAt } from './profile.js';
import { rulesFor, type RuleSet } from './rule-set.js';
import { advanceSequence, emptySequence, sequenceHolds, sequencePending } from './sequence.js';
import type { AbsenceState, ProfileState, SequenceState, SubjectRecord } from './state.js';
import { updateWindow } from './window.js';
import { setKey, withKey, withoutKey } from './keyed.js';
import { appendOutputs, Unpublished } from './unpublished.js';

export interface CorrelatorOptions {
  store: Store;
  /** Issue time of decisions: the wall clock (live) or the triggering signal's time (replay, rule cases). */
  clock?: 'wall' | 'event';
  now?: () => number;
  /** Shared (Redis) state: how long one batch may hold the subjects it read (default 15 s). */
  leaseMs?: number;
  /** Called at each pause of a claim that found a subject held by another instance (the service heartbeats and counts it). */
  onClaimWait?: () => Promise<void>;
}

export interface RuleHitRecord {
  rule: string;
  mode: 'enforce' | 'shadow';
  subject: string | undefined;
  outcome: 'decision' | 'shadow' | 'suppressed' | 'superseded' | 'excepted' | 'no_target' | 'risk_only' | 'not_lifted';
}

export interface CorrelatorOutput {
  /** Enforced decisions, for `vigil.decisions` (shadow decisions only travel inside alerts). */
  decisions: Decision[];
  alerts: Alert[];
  /** Every decision including shadow ones, for `vigil.audit`. */
  audited: Decision[];
  hits: RuleHitRecord[];
  /** Writes the batch's state; call after the outputs are published. */
  commit(): Promise<void>;
  /** Gives up the batch's claims on shared state without writing (its outputs could not be published). */
  release(): Promise<void>;
}

const PROFILE_KINDS = ['user', 'device', 'agent'] as const;

export class Correlator {
  private rules: RuleSet;
  private readonly store: Store;
  private readonly clock: 'wall' | 'event';
  private readonly now: () => number;
  private readonly leaseMs: number | undefined;
  private readonly onClaimWait: (() => Promise<void>) | undefined;
  /** Outputs published by no one yet (memory state already holds their effects): replayed on redelivery. */
  private readonly unpublished = new Unpublished();
  /** The last sweep's outputs on memory state, until they are committed. */
  private unpublishedSweep: CorrelatorOutput | undefined;
  /** Highest event time seen (drives absence deadlines in event time). */
  maxEventTime = 0;

  constructor(rules: RuleSet, options: CorrelatorOptions) {
    this.rules = rules;
    this.store = options.store;
    this.clock = options.clock ?? 'wall';
    this.now = options.now ?? Date.now;
    this.leaseMs = options.leaseMs;
    this.onClaimWait = options.onClaimWait;
  }

  get ruleSet(): RuleSet {
    return this.rules;
  }

  /** Swaps the rule set (hot reload); state of rules that stay is kept. */
  setRules(rules: RuleSet): void {
    this.rules = rules;
  }

  async process(signals: readonly Signal[]): Promise<CorrelatorOutput> {
    const state = this.newState();
    if (this.store.kind !== 'memory') {
      // Redis state is written by commit(), after publishing: a redelivered batch is evaluated afresh.
      const out = this.emptyOutput(
        () => state.commit(),
        () => state.release(),
      );
      await state.load(this.keysFor(signals));
      for (const s of signals) this.evaluate(s, state, out);
      return out;
    }
    // Memory state changes in place as signals are evaluated. If the outputs are never published (commit()
    // not called), a redelivered signal must not be evaluated again — its window entry and suppression are
    // there already, so nothing would fire — and gets what it caused the first time instead.
    const pending: string[] = [];
    const out = this.emptyOutput(async () => {
      this.unpublished.forget(pending);
      await state.commit();
    });
    // Only a batch after an unpublished one can hold redelivered signals (normally this stays false).
    const replaying = this.unpublished.size > 0;
    for (const s of signals) {
      if (replaying && this.unpublished.replay(s.id, out)) {
        pending.push(s.id);
        continue;
      }
      const d = out.decisions.length;
      const a = out.alerts.length;
      const au = out.audited.length;
      const h = out.hits.length;
      this.evaluate(s, state, out);
      if (out.audited.length !== au || out.alerts.length !== a) {
        this.unpublished.remember(s.id, out, [d, a, au, h]);
        pending.push(s.id);
      }
    }
    return out;
  }

  /**
   * Applies operators' overrides to the subjects' profiles: an allow clears the active decision and every
   * suppression (new evidence decides again); a block or step-up becomes the active decision until it expires.
   */
  async applyOverrides(overrides: readonly Decision[]): Promise<void> {
    const state = this.newState();
    await state.load(overrides.map((d) => d.subject));
    for (const d of overrides) {
      const rec = state.record(d.subject);
      const p = (rec.p ??= emptyProfile(Date.parse(d.issued_at)));
      if (d.action === 'allow') {
        p.a = p.ax = p.ar = p.s = undefined;
      } else {
        p.a = d.action;
        p.ax = Date.parse(d.expires_at);
        p.ar = 'override';
      }
      state.touch(d.subject, rec, Math.max(this.profileTtl(p, Date.parse(d.issued_at)), 60_000));
    }
    await state.commit();
  }

  /**
   * Fires absence rules whose deadline passed the watermark (event time minus allowed lateness). Deadlines
   * live in the store's due index, so a restarted or other instance fires what this one scheduled. A sweep
   * whose outputs were not published (commit() not called) is not lost: on Redis nothing of it was
   * written, so the next sweep finds the same deadlines; on memory state (changed in place) its outputs
   * are handed out again.
   */
  async sweep(watermark = this.maxEventTime - this.rules.latenessMs): Promise<CorrelatorOutput> {
    const inPlace = this.store.kind === 'memory';
    const state = this.newState();
    const carried = this.unpublishedSweep;
    const fired: { subject: string; slot: string; rec: SubjectRecord }[] = [];
    const out: CorrelatorOutput = this.emptyOutput(
      async () => {
        if (this.unpublishedSweep === out) this.unpublishedSweep = undefined;
        if (!inPlace) for (const f of fired) dropSlot(state, f);
        await state.commit();
      },
      () => state.release(),
    );
    if (carried) appendOutputs(out, carried);
    // No absence rule, no deadline worth a round trip (left-over entries are cleaned once one is back).
    const due = this.rules.hasAbsence ? await this.store.due(watermark, SWEEP_LIMIT) : [];
    if (due.length) {
      const targets = due.map((e) => parseDueMember(e.member));
      // A firing decides on (and writes the profile of) the subjects of the signal that started it. They are
      // read first, unclaimed, so that one claim takes them with the deadlines' own subjects: a batch never
      // claims more while it holds some.
      const claim = new Set(targets.map((t) => t.subject));
      const seen = await state.read([...claim]);
      targets.forEach((t, i) => {
        for (const n of namedSubjects((seen[i]?.s?.[t.slot] as AbsenceState | undefined)?.sub)) claim.add(n);
      });
      await state.load(claim);
      due.forEach((e, i) => {
        const { subject, slot } = targets[i]!;
        const ruleId = slot.split('|')[0];
        const cr = this.rules.rules.find((r) => r.rule.id === ruleId);
        const rec = state.peek(subject);
        const st = rec?.s?.[slot] as AbsenceState | undefined;
        // Rewritten between the read and the claim so that it names other subjects: left for the next sweep.
        if (st && !namedSubjects(st.sub).every((n) => claim.has(n))) return;
        state.unschedule(e.member);
        // Stale entries (rule gone, state expired, or already fired or answered) are cleaned, not fired.
        if (!cr || !rec || !st || st.d !== e.at) return;
        const f = { subject, slot, rec };
        fired.push(f);
        if (inPlace) dropSlot(state, f);
        this.fireAbsence(cr, st, state, out);
      });
    }
    if (inPlace) this.unpublishedSweep = out.audited.length || out.alerts.length ? out : undefined;
    return out;
  }

  private newState(): BatchState {
    return new BatchState(this.store, this.now(), this.leaseMs, this.onClaimWait);
  }

  private emptyOutput(commit: () => Promise<void>, release: () => Promise<void> = async () => undefined): CorrelatorOutput {
    return { decisions: [], alerts: [], audited: [], hits: [], commit, release };
  }

  private keysFor(signals: readonly Signal[]): string[] {
    const keys: string[] = [];
    for (const s of signals) {
      const subjects = subjectKeysOf(s.subjects);
      for (const kind in subjects) keys.push(subjects[kind as SubjectKind]!);
      for (const cr of rulesFor(this.rules, s.type)) {
        const k = cr.keyOf?.(s, subjects);
        if (k) keys.push(k.subject);
      }
    }
    return keys;
  }

  private evaluate(s: Signal, state: BatchState, out: CorrelatorOutput): void {
    const candidates = rulesFor(this.rules, s.type);
    if (!candidates.length) return;
    const time = parseIsoMs(s.time);
    if (time > this.maxEventTime) this.maxEventTime = time;
    const fp = fnv1a(s.id);
    const keys = subjectKeysOf(s.subjects);
    state.expect(keys, s.subjects);
    // The aggregate facts are set by aggregate rules; created up front (undefined reads as a missing fact,
    // conditions test Object.hasOwn then read the value) so setting them later does not grow the object.
    const facts: Record<string, unknown> = { signal: s, count: undefined, distinct: undefined, sum: undefined, avg: undefined };
    if (this.rules.needsProfiles) {
      for (const kind of PROFILE_KINDS) {
        const id = s.subjects[kind];
        if (!id) continue;
        const key = keys[kind]!;
        const p = state.peek(key)?.p;
        facts[kind] = { id: key, risk: riskAt(p, time, this.rules.halfLifeMs), action: activeAction(p, this.wallNow(time)) };
      }
    }
    for (const cr of candidates) {
      switch (cr.rule.kind) {
        case 'match':
          if (!selectorMatches(cr.select!, s.type, facts)) continue;
          this.withRisk(cr, s, undefined, facts, state, time);
          if (cr.when && !cr.when.test(facts)) continue;
          this.onHit({ rule: cr, target: '', signal: s, evidence: undefined, facts, risk: 0, key: undefined, keys }, state, out, time, fp);
          break;
        case 'aggregate':
          this.evaluateAggregate(cr, s, keys, facts, state, out, time, fp);
          break;
        case 'sequence':
          this.evaluateSequence(cr, s, keys, facts, state, out, time, fp);
          break;
        case 'absence':
          this.evaluateAbsence(cr, s, keys, facts, state, out, time, fp);
          break;
      }
    }
  }

  private evaluateAggregate(
    cr: CompiledRule,
    s: Signal,
    keys: SubjectKeys,
    facts: Record<string, unknown>,
    state: BatchState,
    out: CorrelatorOutput,
    time: number,
    fp: number,
  ): void {
    const k = cr.keyOf!(s, keys);
    if (!k || !selectorMatches(cr.select!, s.type, facts)) return;
    const rec = state.record(k.subject);
    const slot = slotOf(cr, k);
    const stored = rec.s?.[slot];
    let value: string | number | null | undefined;
    let mode: 'count' | 'distinct' | 'sum' = 'count';
    if (cr.distinct) {
      mode = 'distinct';
      const v = cr.distinct(s);
      value = typeof v === 'string' || typeof v === 'number' ? v : null;
    } else if (cr.sum.length) {
      mode = 'sum';
      let total: number | null = null;
      for (const g of cr.sum) {
        const v = g(s);
        const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
        if (Number.isFinite(n)) total = (total ?? 0) + n;
      }
      value = total;
    }
    const agg = updateWindow(stored, time, fp, value, mode, cr.windowMs, this.rules.latenessMs, this.rules.maxEventsPerKey);
    if (agg.window !== stored) rec.s = setKey(rec.s, slot, agg.window, stored !== undefined);
    state.touch(k.subject, rec, cr.windowMs + this.rules.latenessMs);
    facts.count = agg.count;
    facts.distinct = agg.distinct;
    facts.sum = agg.sum;
    facts.avg = agg.avg;
    this.withRisk(cr, s, k.subject, facts, state, time);
    if (cr.when && !cr.when.test(facts)) return;
    this.onHit({ rule: cr, target: '', signal: s, evidence: undefined, facts, risk: 0, key: k.key, keys }, state, out, time, fp);
  }

  private evaluateSequence(
    cr: CompiledRule,
    s: Signal,
    keys: SubjectKeys,
    facts: Record<string, unknown>,
    state: BatchState,
    out: CorrelatorOutput,
    time: number,
    fp: number,
  ): void {
    const k = cr.keyOf!(s, keys);
    if (!k) return;
    this.withRisk(cr, s, k.subject, facts, state, time);
    if (cr.until && selectorMatches(cr.until, s.type, facts)) {
      const slot = slotOf(cr, k);
      const existing = state.peek(k.subject);
      const st = existing?.s?.[slot] as SequenceState | undefined;
      if (existing && st && sequencePending(st)) {
        dropSlot(state, { subject: k.subject, slot, rec: existing });
      }
      return;
    }
    // Steps first: most signals of a candidate type match no step, and then the state is never looked up.
    let matched: number[] | undefined;
    for (let i = 0; i < cr.steps.length; i++) if (selectorMatches(cr.steps[i]!, s.type, facts)) (matched ??= []).push(i);
    if (!matched) return;
    const slot = slotOf(cr, k);
    const existing = state.peek(k.subject);
    const held = existing?.s?.[slot] as SequenceState | undefined;
    const st = held ?? emptySequence(cr.steps.length);
    const rule = cr.rule as Extract<CompiledRule['rule'], { kind: 'sequence' }>;
    const lateBy = this.maxEventTime - time;
    const evidence = advanceSequence(st, matched, rule.ordered, time, evidenceOf(s, time), cr.windowMs, this.rules.latenessMs, lateBy);
    if (sequenceHolds(st)) {
      const rec = existing ?? state.record(k.subject);
      // A held state was advanced in place; a new one joins the record.
      if (!held) rec.s = withKey(rec.s, slot, st);
      state.touch(k.subject, rec, cr.windowMs + this.rules.latenessMs);
    } else if (held) {
      // Nothing partial or held is left: no state to keep (millions of subjects, every byte counts).
      dropSlot(state, { subject: k.subject, slot, rec: existing! });
    }
    if (evidence) this.onHit({ rule: cr, target: '', signal: s, evidence, facts, risk: 0, key: k.key, keys }, state, out, time, fp);
  }

  private evaluateAbsence(
    cr: CompiledRule,
    s: Signal,
    keys: SubjectKeys,
    facts: Record<string, unknown>,
    state: BatchState,
    out: CorrelatorOutput,
    time: number,
    fp: number,
  ): void {
    const k = cr.keyOf!(s, keys);
    if (!k) return;
    const slot = slotOf(cr, k);
    const ttl = cr.windowMs + this.rules.latenessMs;
    const existing = state.peek(k.subject);
    const st = existing?.s?.[slot] as AbsenceState | undefined;
    let open = existing !== undefined && st !== undefined;
    if (open && st!.d + this.rules.latenessMs < time) {
      // The deadline passed with no B, and so did the allowed lateness (a late B may still arrive until
      // then): this later signal of the same key proves the absence in event time.
      dropSlot(state, { subject: k.subject, slot, rec: existing! });
      state.unschedule(dueMember(k.subject, slot, st!.d));
      this.fireAbsence(cr, st!, state, out);
      open = false;
    } else if (open && cr.expect && selectorMatches(cr.expect, s.type, facts) && time >= st!.e[0]![3]) {
      dropSlot(state, { subject: k.subject, slot, rec: existing! });
      state.unschedule(dueMember(k.subject, slot, st!.d));
      return;
    }
    if (selectorMatches(cr.select!, s.type, facts)) {
      // A later A starts the wait again: the earlier deadline leaves the due index.
      if (open) state.unschedule(dueMember(k.subject, slot, st!.d));
      const pending: AbsenceState = { d: time + cr.windowMs, e: [evidenceOf(s, time)], sub: s.subjects };
      const rec = existing ?? state.record(k.subject);
      rec.s = setKey(rec.s, slot, pending, open);
      state.touch(k.subject, rec, ttl);
      state.schedule(dueMember(k.subject, slot, pending.d), pending.d);
    }
    void fp;
  }

  private fireAbsence(cr: CompiledRule, st: AbsenceState, state: BatchState, out: CorrelatorOutput): void {
    const [id, source, type, t] = st.e[0]!;
    const signal = { v: 1, id, time: new Date(t).toISOString(), source, type, severity: 0, subjects: st.sub ?? {}, attributes: {} } as Signal;
    this.onHit({ rule: cr, target: '', signal, evidence: st.e, facts: {}, risk: 0, key: undefined }, state, out, st.d, fnv1a(`${id}#absent`));
  }

  /** Adds the `risk` fact (risk of the rule's key subject, else of its decision target) when conditions read it. */
  private withRisk(cr: CompiledRule, s: Signal, subject: string | undefined, facts: Record<string, unknown>, state: BatchState, time: number): void {
    if (!cr.facts.has('risk')) return;
    const subj = subject ?? this.targetOf(cr, s);
    facts.risk = subj ? riskAt(state.peek(subj)?.p, time, this.rules.halfLifeMs) : 0;
  }

  private targetOf(cr: CompiledRule, s: Signal, keys?: SubjectKeys): string | undefined {
    const kind = cr.rule.decision?.target ?? cr.rule.risk?.to;
    if (!kind) return undefined;
    if (keys) return keys[kind];
    const id = s.subjects[kind];
    // Same spelling as subjectKeysOf (user and device ids lower-cased), so state and decisions meet.
    return id ? subjectKey(kind, id) : undefined;
  }

  private onHit(hit: Hit, state: BatchState, out: CorrelatorOutput, time: number, fp: number): void {
    const cr = hit.rule;
    const r = cr.rule;
    if (cr.exceptions.length) {
      const facts = hit.facts.signal === hit.signal ? hit.facts : { ...hit.facts, signal: hit.signal };
      for (const e of cr.exceptions) if (e.test(facts)) return recordHit(out, r, 'excepted', undefined);
    }

    if (r.risk) {
      const kind = r.risk.to ?? r.decision?.target;
      const id = kind ? hit.signal.subjects[kind] : undefined;
      if (kind && id) {
        const subject = hit.keys?.[kind] ?? subjectKey(kind, id);
        const rec = state.record(subject);
        const p = (rec.p ??= emptyProfile(time));
        if (addRisk(p, r.risk.add, time, this.rules.halfLifeMs, fp)) state.touch(subject, rec, this.profileTtl(p, time));
      }
    }
    if (!r.decision) return recordHit(out, r, 'risk_only', undefined);
    const target = this.targetOf(cr, hit.signal, hit.keys);
    if (!target) return recordHit(out, r, 'no_target', undefined);
    hit.target = target;
    const targetRec = state.record(target);
    const profile = (targetRec.p ??= emptyProfile(time));
    hit.risk = riskAt(profile, time, this.rules.halfLifeMs);

    const suppressedUntil = profile.s?.[r.id];
    if (suppressedUntil !== undefined && time < suppressedUntil) return recordHit(out, r, 'suppressed', target);

    const wall = this.wallNow(time);
    const action = r.decision.action;
    // Conflict checks first: a decision is only built when it will be published.
    if (r.mode === 'enforce') {
      const active = activeAction(profile, wall);
      if (action === 'allow') {
        if (active === 'allow' || !r.decision.lifts?.includes(profile.ar ?? '')) return recordHit(out, r, 'not_lifted', target);
        profile.a = profile.ax = profile.ar = undefined;
      } else {
        const expires = wall + cr.ttlMs;
        if (ACTION_RANK[action] < ACTION_RANK[active] || (action === active && expires <= (profile.ax ?? 0))) return recordHit(out, r, 'superseded', target);
        profile.a = action;
        profile.ax = expires;
        profile.ar = r.id;
      }
    }
    const decision = buildDecision(hit, wall);
    if (r.mode === 'enforce') out.decisions.push(decision);
    profile.s = setKey(profile.s, r.id, time + cr.suppressMs, suppressedUntil !== undefined);
    state.touch(target, targetRec, this.profileTtl(profile, time));
    out.audited.push(decision);
    if (decision.action !== 'allow') out.alerts.push(buildAlert(decision, hit));
    recordHit(out, r, r.mode === 'enforce' ? 'decision' : 'shadow', target);
  }

  private profileTtl(p: ProfileState, time: number): number {
    const wall = this.wallNow(time);
    let ttl = 6 * this.rules.halfLifeMs;
    if (p.ax) ttl = Math.max(ttl, p.ax - wall);
    const s = p.s;
    if (s) for (const rule in s) ttl = Math.max(ttl, s[rule]! - time);
    return ttl;
  }

  private wallNow(eventTime: number): number {
    return this.clock === 'wall' ? this.now() : eventTime;
  }
}

/** Deadlines taken per sweep; the service sweeps every tick, so a backlog drains over a few ticks. */
const SWEEP_LIMIT = 5000;
const SEP = '\u001f';

/**
 * A pending absence in the due index: the subject record, the rule's slot in it, and the deadline — so an
 * instance whose stale write lands late can only remove the deadline it saw, never a newer one of the slot.
 */
function dueMember(subject: string, slot: string, at: number): string {
  return `${subject}${SEP}${slot}${SEP}${at}`;
}

function parseDueMember(member: string): { subject: string; slot: string } {
  const j = member.lastIndexOf(SEP);
  const i = member.lastIndexOf(SEP, j - 1);
  return { subject: member.slice(0, i), slot: member.slice(i + 1, j) };
}

function recordHit(out: CorrelatorOutput, r: CompiledRule['rule'], outcome: RuleHitRecord['outcome'], subject: string | undefined): void {
  out.hits.push({ rule: r.id, mode: r.mode, subject, outcome });
}

/** Removes one rule's state from a subject's record (the record stays, its expiry unchanged). */
function dropSlot(state: BatchState, f: { subject: string; slot: string; rec: SubjectRecord }): void {
  // The last rule state gone, no empty object is left behind per record: `s` becomes undefined (see BatchState.record).
  if (f.rec.s) f.rec.s = withoutKey(f.rec.s, f.slot);
  state.touch(f.subject, f.rec, 0);
}

/** Subject keys of an absence's first signal (its decision may target any of them). */
function namedSubjects(sub: AbsenceState['sub']): string[] {
  return Object.values(subjectKeysOf(sub ?? {}));
}

/** Where a rule keeps its state inside the subject's record. */
function slotOf(cr: CompiledRule, k: { key: string; subject: string }): string {
  return k.key === k.subject ? cr.rule.id : `${cr.rule.id}|${k.key.slice(k.key.indexOf('|') + 1)}`;
}
