// Rule evaluation: the starter pack through json-rules-engine (one engine.run per signal, the naive way)
// against Vigil's compiled evaluator with state updates on the in-memory store. Both see the same
// signals; the selector matches of both are checked for equality first, so a fast wrong answer cannot win.
import { Engine } from 'json-rules-engine';
import { Correlator, loadRules, type RuleSet } from '@vigil/correlator';
import { registerOperators, VIGIL_OPERATORS } from '../../services/correlator/conditions/index.js';
import { selectorMatches, type CompiledSelector } from '../../services/correlator/engine/compiled-rule.js';
import type { Signal } from '@vigil/schemas';
import { MemoryStore } from '@vigil/store';
import { freshEachRun, rate } from './measure.js';

export function starterRules(dir = 'rules'): RuleSet {
  const loaded = loadRules(dir);
  if (!loaded.ok) throw new Error(`rules do not load: ${loaded.problems.map((p) => p.message).join('; ')}`);
  return loaded.ruleSet;
}

function selectorsOf(set: RuleSet): { id: string; sel: CompiledSelector; raw: { types: string[]; where?: unknown } }[] {
  const out: { id: string; sel: CompiledSelector; raw: { types: string[]; where?: unknown } }[] = [];
  for (const cr of set.rules) {
    const r = cr.rule as Record<string, unknown>;
    const add = (name: string, sel: CompiledSelector | undefined, raw: unknown): void => {
      if (sel && raw) out.push({ id: `${cr.rule.id}#${name}`, sel, raw: raw as { types: string[]; where?: unknown } });
    };
    add('select', cr.select, r.select);
    cr.steps.forEach((s, i) => add(`steps[${i}]`, s, (r.steps as unknown[])[i]));
    add('until', cr.until, r.until);
    add('expect', cr.expect, r.expect);
  }
  return out;
}

export function jreEngine(set: RuleSet): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  registerOperators(engine, VIGIL_OPERATORS, { lists: set.lists });
  for (const s of selectorsOf(set)) {
    const typeCheck = s.raw.types.includes('*') ? [] : [{ fact: 'signal', path: '$.type', operator: 'in', value: s.raw.types }];
    const all = s.raw.where ? [...typeCheck, s.raw.where] : typeCheck;
    engine.addRule({
      name: s.id,
      conditions: { all: all.length ? all : [{ fact: 'signal', path: '$.type', operator: 'notEqual', value: '' }] } as never,
      event: { type: s.id },
    });
  }
  return engine;
}

/** Selector ids matched per signal, by json-rules-engine and by the compiled predicates: must be equal. */
export async function checkEquality(set: RuleSet, signals: Signal[]): Promise<number> {
  const engine = jreEngine(set);
  const selectors = selectorsOf(set);
  let compared = 0;
  for (const signal of signals) {
    const { events } = await engine.run({ signal });
    const jre = events.map((e) => e.type).sort();
    const vigil = selectors
      .filter((s) => selectorMatches(s.sel, signal.type, { signal }))
      .map((s) => s.id)
      .sort();
    if (jre.join() !== vigil.join()) throw new Error(`mismatch on ${signal.id}: json-rules-engine [${jre}] vs compiled [${vigil}]`);
    compared++;
  }
  return compared;
}

/** Signals per second through json-rules-engine, one engine.run per signal (one run on fresh copies, not warmed up). */
export function jreRun(set: RuleSet, signals: Signal[]): () => Promise<number> {
  const engine = jreEngine(set);
  const fresh = freshEachRun(signals);
  return async () => {
    const copy = fresh();
    const t = performance.now();
    for (const signal of copy) await engine.run({ signal });
    return rate(copy.length, performance.now() - t);
  };
}

/** Signals per second through Vigil's correlator on a fresh in-memory store (one run on fresh copies). */
export function vigilRun(set: RuleSet, signals: Signal[], batch = 1000): () => Promise<number> {
  const fresh = freshEachRun(signals);
  return () => processAll(set, fresh(), batch).then((r) => r.perSecond);
}

export async function processAll(
  set: RuleSet,
  signals: Signal[],
  batch = 1000,
  store = new MemoryStore(),
): Promise<{ perSecond: number; decisions: number; store: MemoryStore }> {
  const c = new Correlator(set, { store, clock: 'event' });
  let decisions = 0;
  const t = performance.now();
  for (let i = 0; i < signals.length; i += batch) {
    const out = await c.process(signals.slice(i, i + batch));
    await out.commit();
    decisions += out.audited.length;
  }
  return { perSecond: rate(signals.length, performance.now() - t), decisions, store };
}
