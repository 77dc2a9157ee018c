// A rule ready for the hot path: conditions compiled to predicates, durations in ms, key extractor built.
import { parseDurationMs } from '@vigil/core';
import { subjectKey, type Signal, type SubjectKind } from '@vigil/schemas';
import { compileConditions, type CompiledCondition } from '../conditions/index.js';
import type { Rule, Selector } from '../rules/schema.js';
import { compilePath, type PathGetter } from './paths.js';

export interface CompiledSelector {
  /** null = any type */
  types: Set<string> | null;
  where: CompiledCondition | undefined;
}

export interface CompiledRule {
  rule: Rule;
  /** Signal types that can touch this rule's state ("*" = all). */
  types: string[];
  /**
   * Group key as text (`user:alice`, `user:alice|openai`) and the subject it is hash-tagged on. The result
   * object is the rule's own and reused by the next call: read it at once, do not keep it.
   */
  keyOf: ((s: Signal, subjects: SubjectKeys) => { key: string; subject: string } | undefined) | undefined;
  select: CompiledSelector | undefined;
  steps: CompiledSelector[];
  until: CompiledSelector | undefined;
  expect: CompiledSelector | undefined;
  when: CompiledCondition | undefined;
  exceptions: CompiledCondition[];
  windowMs: number;
  ttlMs: number;
  suppressMs: number;
  distinct: PathGetter | undefined;
  sum: PathGetter[];
  /** Facts any condition of the rule reads (signal, count, user, device, agent, risk …). */
  facts: Set<string>;
  /** Evaluations that json-rules-engine would have rejected (counted as not met). */
  conditionErrors: { count: number };
}

export interface CompileOptions {
  lists: Record<string, string[]>;
}

const ms = (d: string | number | undefined, fallback = 0): number => (d === undefined ? fallback : (parseDurationMs(d) ?? fallback));

export function compileRule(rule: Rule, options: CompileOptions): CompiledRule {
  const facts = new Set<string>();
  const errors = { count: 0 };
  const cond = (c: unknown, at: string): CompiledCondition => {
    const compiled = compileConditions(c as Parameters<typeof compileConditions>[0], { lists: options.lists, at: `${rule.id}: ${at}` });
    for (const f of compiled.facts) facts.add(f);
    if (!compiled.mayThrow) return compiled;
    // json-rules-engine rejects a run when `in` / `someValue:` meet a fact that is not an array; on the hot
    // path such a condition counts as not met (and is counted) instead of failing the whole batch.
    const guarded = (f: Parameters<CompiledCondition['test']>[0]): boolean => {
      try {
        return compiled.test(f);
      } catch {
        errors.count++;
        return false;
      }
    };
    return { ...compiled, test: guarded };
  };
  const sel = (s: Selector | undefined, at: string): CompiledSelector | undefined =>
    s && { types: s.types.includes('*') ? null : new Set(s.types), where: s.where ? cond(s.where, `${at}.where`) : undefined };

  const select = 'select' in rule ? sel(rule.select, 'select') : undefined;
  const steps = rule.kind === 'sequence' ? rule.steps.map((s, i) => sel(s, `steps[${i}]`)!) : [];
  const until = rule.kind === 'sequence' ? sel(rule.until, 'until') : undefined;
  const expect = rule.kind === 'absence' ? sel(rule.expect, 'expect') : undefined;
  const all = [select, ...steps, until, expect].filter((s): s is CompiledSelector => Boolean(s));
  const types = all.some((s) => s.types === null) ? ['*'] : [...new Set(all.flatMap((s) => [...s.types!]))];

  const ttlMs = ms(rule.decision?.ttl);
  const windowMs = rule.kind === 'aggregate' || rule.kind === 'sequence' ? ms(rule.window) : rule.kind === 'absence' ? ms(rule.within) : 0;
  return {
    rule,
    types,
    keyOf: 'key' in rule ? compileKey(rule.key) : undefined,
    select,
    steps,
    until,
    expect,
    when: 'when' in rule && rule.when ? cond(rule.when, 'when') : undefined,
    exceptions: rule.exceptions.map((e, i) => cond(e, `exceptions[${i}]`)),
    conditionErrors: errors,
    windowMs,
    ttlMs,
    suppressMs: ms(rule.suppress, ttlMs),
    distinct: rule.kind === 'aggregate' && rule.distinct ? compilePath(rule.distinct) : undefined,
    sum: rule.kind === 'aggregate' && rule.sum ? (Array.isArray(rule.sum) ? rule.sum : [rule.sum]).map(compilePath) : [],
    facts,
  };
}

export function selectorMatches(sel: CompiledSelector, type: string, facts: Record<string, unknown>): boolean {
  if (sel.types && !sel.types.has(type)) return false;
  return sel.where ? sel.where.test(facts) : true;
}

/** The subject keys (`user:alice@…`) of one signal by kind, built once per signal and shared by every rule. */
export type SubjectKeys = Partial<Record<SubjectKind, string>>;

/** The keys of a signal's subjects (`s.subjects`, or those an absence kept of its first signal). */
export function subjectKeysOf(subjects: Signal['subjects']): SubjectKeys {
  const out: SubjectKeys = {};
  for (const kind in subjects) {
    const id = subjects[kind as SubjectKind];
    if (id) out[kind as SubjectKind] = subjectKey(kind as SubjectKind, id);
  }
  return out;
}

function compileKey(key: SubjectKind | string[]): CompiledRule['keyOf'] {
  // One result object per rule, refilled per call: no allocation per signal for what is read at once.
  const k = { key: '', subject: '' };
  if (typeof key === 'string')
    return (_s, subjects) => {
      const subject = subjects[key];
      if (!subject) return undefined;
      k.key = k.subject = subject;
      return k;
    };
  const getters = key.map((p) => ({ get: compilePath(p), kind: p.startsWith('subjects.') ? p.slice(9) : undefined }));
  return (s, subjects) => {
    let subject: string | undefined;
    let text = '';
    for (const g of getters) {
      const v = g.get(s);
      if (v === undefined || v === null || v === '') return undefined;
      // Subject parts spelt as subjectKey does (user and device ids lower-cased), so the state meets the subject's profile;
      // the signal's own subject key string where there is one (the batch state compares keys by identity).
      const part = g.kind ? (subjects[g.kind as SubjectKind] ?? subjectKey(g.kind as SubjectKind, String(v))) : String(v);
      if (subject === undefined) subject = g.kind ? part : `key:${part}`;
      text = text ? `${text}|${part}` : part;
    }
    if (subject === undefined) return undefined;
    k.key = text;
    k.subject = subject;
    return k;
  };
}
