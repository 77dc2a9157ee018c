// Every example in docs/rule-conditions.md runs: compiled and json-rules-engine give the documented result.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TopLevelCondition } from 'json-rules-engine';
import { compileConditions, ConditionsSchema, evaluateWithEngine, type Facts } from './index.js';

interface Example {
  conditions: TopLevelCondition;
  facts: Facts;
  lists?: Record<string, string[]>;
  result: boolean;
}

const doc = readFileSync(new URL('../../../docs/rule-conditions.md', import.meta.url), 'utf8');
const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)]
  .map((m) => JSON.parse(m[1]!) as Partial<Example>)
  .filter((e): e is Example => e.conditions !== undefined && typeof e.result === 'boolean');

describe('docs/rule-conditions.md examples', () => {
  it('docs-examples: the page has an example for each operator and decorator', () => {
    const used = JSON.stringify(examples.map((e) => e.conditions));
    const names = ['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'in', 'notIn', 'contains', 'doesNotContain'];
    names.push('inList', 'notInList', 'matches', 'startsWith', 'endsWith', 'someFact:', 'everyFact:', 'someValue:', 'everyValue:', 'not:', 'swap:');
    for (const n of names) expect(used, n).toMatch(new RegExp(`"operator":"([a-zA-Z]+:)*${n}`));
  });

  it.each(examples.map((e, i) => [i + 1, e] as const))('docs-example %i', async (_, e) => {
    expect(ConditionsSchema.safeParse(e.conditions).success).toBe(true);
    const options = { lists: e.lists ?? {} };
    expect(compileConditions(e.conditions, options).test(e.facts)).toBe(e.result);
    expect(await evaluateWithEngine(e.conditions, e.facts, options)).toBe(e.result);
  });
});
