// Differential test: random condition trees and facts, compiled predicate vs json-rules-engine 7.3.1.
// Outcomes are true, false, or "error" (the engine rejects / the predicate throws) and must be identical;
// every operator must be seen deciding both ways, as a leaf on its own, a minimum number of times.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VigilError } from '@vigil/core';
import type { TopLevelCondition } from 'json-rules-engine';
import { compileConditions, evaluateWithEngine, JRE_DECORATORS, JRE_OPERATORS, VIGIL_OPERATORS, type Facts } from './index.js';

// `texts` holds most of the text pool, so inList / notInList decide both ways often.
const lists = { privileged_tools: ['shell', 'sudo', 'kubectl'], admins: ['alice', 'root'], texts: ['1', '10', 'abc', 'a', '', 'shell', 'sk-1'], empty: [] };
const FACTS = ['signal', 'count', 'user', 'risk', 'device', 'tags'] as const;
// Names no fact has, including inherited ones that must not be read through the prototype.
const ABSENT = ['missing', 'toString', 'constructor'] as const;
const KEYS = ['a', 'b', 'tags', 'n', 'length', '0', '1', 'a-b', 'gen_ai.tool', 'x y', 'a/b', 'k.v.w'] as const;

// Small shared pools so that facts and compared values often coincide: both outcomes stay common.
const text = fc.constantFrom('1', '10', '2.5', '-1', '12abc', 'abc', 'NaN', '', ' 5', 'Infinity', 'shell', 'sudo', 'alice', 'sk-1', 'a');
const scalar = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, 1, -1, 2.5, -3.75, 10, 100) },
  { weight: 3, arbitrary: text },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
);
const factScalar = fc.oneof({ weight: 12, arbitrary: scalar }, { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, undefined) });

const { value: factValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'fact' },
    { weight: 3, arbitrary: factScalar },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 3, depthIdentifier: 'fact' }) },
    { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 4, depthIdentifier: 'fact', noNullPrototype: true }) },
  ),
}));
const facts: fc.Arbitrary<Facts> = fc.record(Object.fromEntries(FACTS.map((f) => [f, factValue])), { requiredKeys: [], noNullPrototype: true });

const PREPARED = new Set(VIGIL_OPERATORS.filter((o) => o.prepare).map((o) => o.name));
const BASES = [...JRE_OPERATORS.map((o) => o.name), ...VIGIL_OPERATORS.map((o) => o.name)];
const maybePriority = fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) });

/** A place in the facts a condition can read: a fact and the keys of a path into it. */
interface Spot {
  fact: string;
  keys: string[];
  value: unknown;
}

function spotsOf(f: Facts): Spot[] {
  const spots: Spot[] = [];
  const walk = (fact: string, keys: string[], value: unknown): void => {
    spots.push({ fact, keys, value });
    if (keys.length === 3 || value === null || typeof value !== 'object') return;
    for (const k of Object.keys(value)) {
      if ((KEYS as readonly string[]).includes(k)) walk(fact, [...keys, k], (value as Record<string, unknown>)[k]);
    }
  };
  for (const name of Object.keys(f)) walk(name, [], f[name]);
  return spots;
}

/** Scalars at or just below a spot: compared values drawn from them make true outcomes common. */
function scalarsNear(value: unknown): unknown[] {
  if (value === null || typeof value !== 'object') return value === undefined ? [] : [value];
  return Object.values(value).filter((v) => v === null || (v !== undefined && typeof v !== 'object'));
}

const segment = (k: string): fc.Arbitrary<string> => {
  const forms = [`['${k}']`, `["${k}"]`];
  if (/^\d$/.test(k)) forms.push(`[${k}]`);
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k)) forms.push(`.${k}`, `.${k}`);
  return fc.constantFrom(...forms);
};
const pathTo = (keys: readonly string[]): fc.Arbitrary<string | undefined> =>
  keys.length === 0 ? fc.constantFrom(undefined, undefined, '$', '') : fc.tuple(...keys.map(segment)).map((s) => `$${s.join('')}`);

const randomSpot: fc.Arbitrary<Spot> = fc.record({
  fact: fc.constantFrom(...FACTS, ...ABSENT),
  keys: fc.array(fc.constantFrom(...KEYS), { maxLength: 3 }),
  value: fc.constant(undefined),
});

interface Pools {
  scalar: fc.Arbitrary<unknown>;
  text: fc.Arbitrary<string>;
}

/** A literal that compiles for the base operator, shaped through the decorators (arrays where they iterate). */
function literalFor(decorators: readonly string[], base: string, side: 'fact' | 'value', pools: Pools): fc.Arbitrary<unknown> {
  const [d, ...rest] = decorators;
  if (d === undefined) {
    if (side === 'fact') return pools.scalar;
    if (base === 'in' || base === 'notIn') return fc.array(pools.scalar, { maxLength: 4 });
    if (base === 'inList' || base === 'notInList') return fc.constantFrom('texts', 'texts', ...Object.keys(lists));
    if (base === 'matches') return fc.constantFrom('^s', 'l$', 'a', '^\\d+$', '.*', '', '^$', '^-?\\d+(\\.\\d+)?$', '^\\S*$');
    if (base === 'startsWith' || base === 'endsWith') return pools.text;
    return fc.oneof({ weight: 5, arbitrary: pools.scalar }, { weight: 1, arbitrary: fc.array(pools.scalar, { maxLength: 2 }) });
  }
  if (d === 'swap') return literalFor(rest, base, side === 'fact' ? 'value' : 'fact', pools);
  const iterates = ((d === 'someFact' || d === 'everyFact') && side === 'fact') || ((d === 'someValue' || d === 'everyValue') && side === 'value');
  return iterates ? fc.array(literalFor(rest, base, side, pools), { maxLength: 3 }) : literalFor(rest, base, side, pools);
}

function leafFor(spots: Spot[]): fc.Arbitrary<unknown> {
  const isScalar = (s: Spot) => s.value === null || typeof s.value !== 'object';
  const weighted = (list: Spot[], weight: number) => (list.length > 0 ? [{ weight, arbitrary: fc.constantFrom(...list) }] : []);
  const known = fc.oneof(
    ...weighted(spots.filter(isScalar), 4),
    ...weighted(
      spots.filter((s) => !isScalar(s)),
      2,
    ),
    { weight: 1, arbitrary: randomSpot },
  );
  // Sometimes one key past a known spot: reads into strings (`length`, `[0]`), numbers, null.
  const past = known.chain((s) => fc.constantFrom(...KEYS).map((k) => ({ ...s, keys: [...s.keys, k], value: undefined })));
  const spot = fc.oneof({ weight: 5, arbitrary: known }, { weight: 1, arbitrary: past });
  const refTo = (s: Spot) => pathTo(s.keys).map((path) => (path === undefined ? { fact: s.fact } : { fact: s.fact, path }));
  return spot.chain((target) => {
    // A fact reference mostly points at a spot holding the same value as the target.
    const same = spots.filter((s) => s !== target && Object.is(s.value, target.value) && target.value !== undefined);
    const factRef = (same.length > 0 ? fc.oneof(fc.constantFrom(...same), spot) : spot).chain(refTo);
    const near = scalarsNear(target.value);
    const texts = near.filter((v): v is string => typeof v === 'string').flatMap((t) => [t, t.slice(0, 1), t.slice(-2)]);
    const pools: Pools = {
      scalar: near.length > 0 ? fc.oneof({ weight: 1, arbitrary: scalar }, { weight: 2, arbitrary: fc.constantFrom(...near) }) : scalar,
      text: texts.length > 0 ? fc.oneof(text, fc.constantFrom(...texts)) : text,
    };
    return fc
      .record({
        decorators: fc.oneof(fc.constant<string[]>([]), fc.array(fc.constantFrom<string>(...JRE_DECORATORS), { minLength: 1, maxLength: 2 })),
        base: fc.constantFrom(...BASES),
        isRef: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))),
        path: pathTo(target.keys),
        priority: maybePriority,
      })
      .chain(({ decorators, base, isRef, path, priority }) => {
        const value = isRef ? factRef : literalFor(decorators, base, 'value', pools);
        return value.map((v) => ({
          fact: target.fact,
          operator: [...decorators, base].join(':'),
          value: v,
          ...(path !== undefined && { path }),
          ...(priority !== undefined && { priority }),
        }));
      });
  });
}

function conditionsFor(f: Facts): fc.Arbitrary<TopLevelCondition> {
  const leaf = leafFor(spotsOf(f));
  const withPriority = (n: fc.Arbitrary<object>) => fc.tuple(n, maybePriority).map(([c, p]) => (p === undefined ? c : { ...c, priority: p }));
  const { node } = fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { maxDepth: 3, depthIdentifier: 'tree' },
      { weight: 3, arbitrary: leaf },
      { weight: 1, arbitrary: withPriority(fc.array(tie('node'), { maxLength: 4, depthIdentifier: 'tree' }).map((c) => ({ all: c }))) },
      { weight: 1, arbitrary: withPriority(fc.array(tie('node'), { maxLength: 4, depthIdentifier: 'tree' }).map((c) => ({ any: c }))) },
      { weight: 1, arbitrary: withPriority(tie('node').map((c) => ({ not: c }))) },
    ),
  }));
  return fc.oneof(
    fc.array(node, { maxLength: 4 }).map((c) => ({ all: c })),
    fc.array(node, { maxLength: 4 }).map((c) => ({ any: c })),
    node.map((c) => ({ not: c })),
  ) as fc.Arbitrary<TopLevelCondition>;
}

const cases = facts.chain((f) => conditionsFor(f).map((c) => [c, f] as const));

type Outcome = boolean | 'error';
type Leaf = { fact: string; operator: string; value: unknown; path?: string };

function leavesOf(node: unknown): Leaf[] {
  if (node === null || typeof node !== 'object') return [];
  const n = node as Record<string, unknown>;
  if (typeof n.operator === 'string') return [n as unknown as Leaf];
  return [...(Array.isArray(n.all) ? n.all : []), ...(Array.isArray(n.any) ? n.any : []), ...(n.not ? [n.not] : [])].flatMap(leavesOf);
}

/** Whether the base operator might see a value only known at run time (a fact reference, or a swap). */
function dynamicCompare(leaf: Leaf): boolean {
  const isRef = leaf.value !== null && typeof leaf.value === 'object' && !Array.isArray(leaf.value) && 'fact' in leaf.value;
  return isRef || leaf.operator.split(':').includes('swap');
}

// Each supported base operator must be seen deciding both ways this often, as a leaf on its own.
const MIN_PER_OUTCOME = 15;

describe('compiled conditions match json-rules-engine 7.3.1', () => {
  it('differential: random trees over random facts give the same outcome, for every operator', async () => {
    const seen = { true: 0, false: 0, error: 0, refused: 0 };
    const byOperator = new Map<string, { true: number; false: number; error: number; refused: number }>(
      BASES.map((b) => [b, { true: 0, false: 0, error: 0, refused: 0 }]),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ([c, f]) => {
        let compiled;
        try {
          compiled = compileConditions(c, { lists });
        } catch (err) {
          // By design the compiler refuses a list name or regex that is not the rule's own literal (it would be
          // built per signal, from signal data); json-rules-engine would build it per run. Nothing else is refused.
          expect(err).toBeInstanceOf(VigilError);
          expect((err as Error).message).toMatch(/compares with a literal value only/);
          expect(leavesOf(c).some((l) => PREPARED.has(l.operator.split(':').at(-1)!) && dynamicCompare(l))).toBe(true);
          seen.refused++;
          return;
        }
        let got: Outcome;
        try {
          got = compiled.test(f);
        } catch (err) {
          expect(err).toBeInstanceOf(VigilError);
          expect(compiled.mayThrow).toBe(true);
          got = 'error';
        }
        const want: Outcome = await evaluateWithEngine(c, f, { lists }).catch(() => 'error' as const);
        expect(got).toBe(want);
        seen[String(got) as 'true' | 'false' | 'error']++;
        for (const leaf of leavesOf(c)) {
          const counts = byOperator.get(leaf.operator.split(':').at(-1)!)!;
          let one: Outcome | 'refused';
          try {
            one = compileConditions({ all: [leaf] } as TopLevelCondition, { lists }).test(f);
          } catch (err) {
            one = /literal value only/.test((err as Error).message) ? 'refused' : 'error';
          }
          counts[String(one) as keyof typeof counts]++;
        }
      }),
      { numRuns: 2000 },
    );
    // The generator is only useful if it exercises both answers often, for every operator.
    expect(seen.true).toBeGreaterThan(300);
    expect(seen.false).toBeGreaterThan(300);
    expect(seen.refused).toBeGreaterThan(0);
    for (const [op, counts] of byOperator) {
      expect(counts.true, `${op} true outcomes (${JSON.stringify(counts)})`).toBeGreaterThanOrEqual(MIN_PER_OUTCOME);
      expect(counts.false, `${op} false outcomes (${JSON.stringify(counts)})`).toBeGreaterThanOrEqual(MIN_PER_OUTCOME);
    }
    if (process.env.VIGIL_DIFF_STATS) console.log(JSON.stringify({ seen, byOperator: Object.fromEntries(byOperator) }));
  });
});
