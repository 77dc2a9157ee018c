// Runs each rule's cases (signals in → expected decisions out) on a fresh in-memory store, on event time.
import { parseDurationMs } from '@vigil/core';
import { SignalSchema, type Signal } from '@vigil/schemas';
import { MemoryStore } from '@vigil/store';
import { Correlator } from '../engine/correlator.js';
import { buildRuleSet, type RuleSet } from '../engine/rule-set.js';
import type { RuleCase } from './schema.js';

export interface CaseResult {
  rule: string;
  case: string;
  passed: boolean;
  expected: string[];
  actual: string[];
  error?: string;
}

/** Fills the fields a case may leave out: id, v, source, severity, subjects, attributes. */
export function caseSignal(raw: Record<string, unknown>, ruleId: string, caseIndex: number, i: number): Signal {
  return SignalSchema.parse({
    id: `case-${ruleId}-${caseIndex}-${i}`,
    source: 'custom',
    severity: 0,
    subjects: {},
    attributes: {},
    ...raw,
  });
}

export async function runRuleCases(ruleSet: RuleSet): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  const settings = {
    risk: { half_life: `${ruleSet.halfLifeMs / 1000}s` },
    allowed_lateness: `${ruleSet.latenessMs / 1000}s`,
    max_events_per_key: ruleSet.maxEventsPerKey,
  };
  for (const cr of ruleSet.rules) {
    for (const [ci, c] of cr.rule.cases.entries()) {
      const others = ruleSet.rules.filter((r) => c.with?.includes(r.rule.id));
      const missing = (c.with ?? []).filter((id) => !others.some((r) => r.rule.id === id));
      if (missing.length) {
        results.push({ rule: cr.rule.id, case: c.name, passed: false, expected: [], actual: [], error: `case names unknown rules: ${missing.join(', ')}` });
        continue;
      }
      results.push(await runCase(buildRuleSet([cr, ...others], settings, ruleSet.lists), cr.rule.id, ci, c));
    }
  }
  return results;
}

async function runCase(ruleSet: RuleSet, ruleId: string, ci: number, c: RuleCase): Promise<CaseResult> {
  const expected = c.expect.map((e) => `${e.action} ${e.subject}${e.mode === 'shadow' ? ' (shadow)' : ''}`);
  let signals: Signal[];
  try {
    signals = c.signals.map((s, i) => caseSignal(s as Record<string, unknown>, ruleId, ci, i));
  } catch (err) {
    return { rule: ruleId, case: c.name, passed: false, expected, actual: [], error: `a case signal is invalid: ${(err as Error).message}` };
  }
  const correlator = new Correlator(ruleSet, { store: new MemoryStore(), clock: 'event' });
  const actual: string[] = [];
  for (const s of signals) {
    const out = await correlator.process([s]);
    await out.commit();
    for (const d of out.audited) actual.push(`${d.action} ${d.subject}${d.mode === 'shadow' ? ' (shadow)' : ''}`);
  }
  // Time runs to the last signal (or the case's `until` / `advance`), never further: an absence whose
  // deadline lies beyond the end of the case has not fired.
  const last = Math.max(...signals.map((s) => Date.parse(s.time)));
  const end = c.until ? Date.parse(c.until) : last + (c.advance === undefined ? 0 : parseDurationMs(c.advance)!);
  const sweep = await correlator.sweep(end);
  for (const d of sweep.audited) actual.push(`${d.action} ${d.subject}${d.mode === 'shadow' ? ' (shadow)' : ''}`);
  const passed = expected.length === actual.length && expected.every((e, i) => e === actual[i]);
  return { rule: ruleId, case: c.name, passed, expected, actual };
}
