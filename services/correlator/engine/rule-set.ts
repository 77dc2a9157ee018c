// A loaded, compiled rule set: rules indexed by the signal types they can match, plus engine settings.
import { parseDurationMs } from '@vigil/core';
import type { Rule, RuleSettings } from '../rules/schema.js';
import { compileRule, type CompiledRule } from './compiled-rule.js';

/** Compiles and indexes rules (throws a VIGIL_ERR_RULE VigilError on the first bad condition). */
export function compileRuleSet(rules: Rule[], settings: RuleSettings, lists: Record<string, string[]>): RuleSet {
  return buildRuleSet(
    rules.filter((r) => r.enabled).map((r) => compileRule(r, { lists })),
    settings,
    lists,
  );
}

export interface RuleSet {
  rules: CompiledRule[];
  byType: Map<string, CompiledRule[]>;
  anyType: CompiledRule[];
  halfLifeMs: number;
  latenessMs: number;
  maxEventsPerKey: number;
  lists: Record<string, string[]>;
  /** [{id, version}] of every enabled rule, for audit records and /readyz. */
  versions: { id: string; version: string; sha256?: string }[];
  /** True when some rule reads the user / device / agent profile facts. */
  needsProfiles: boolean;
  /** True when some rule is an absence rule (only then is the due index swept). */
  hasAbsence: boolean;
}

export function buildRuleSet(compiled: CompiledRule[], settings: RuleSettings, lists: Record<string, string[]>): RuleSet {
  const byType = new Map<string, CompiledRule[]>();
  const anyType: CompiledRule[] = [];
  for (const cr of compiled) {
    if (cr.types.includes('*')) {
      anyType.push(cr);
      continue;
    }
    for (const t of cr.types) {
      const list = byType.get(t) ?? [];
      list.push(cr);
      byType.set(t, list);
    }
  }
  // Rules that match any type must also run for typed signals, in rule order.
  if (anyType.length) {
    for (const [t, list] of byType)
      byType.set(
        t,
        compiled.filter((cr) => list.includes(cr) || anyType.includes(cr)),
      );
  }
  return {
    rules: compiled,
    byType,
    anyType,
    halfLifeMs: parseDurationMs(settings.risk.half_life)!,
    latenessMs: parseDurationMs(settings.allowed_lateness)!,
    maxEventsPerKey: settings.max_events_per_key,
    lists,
    versions: compiled.map((cr) => ({ id: cr.rule.id, version: cr.rule.version })),
    needsProfiles: compiled.some((cr) => cr.facts.has('user') || cr.facts.has('device') || cr.facts.has('agent')),
    hasAbsence: compiled.some((cr) => cr.rule.kind === 'absence'),
  };
}

export function rulesFor(set: RuleSet, type: string): CompiledRule[] {
  return set.byType.get(type) ?? set.anyType;
}
