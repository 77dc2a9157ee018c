// Example-based behaviour of compiled conditions, each also checked against json-rules-engine itself.
import { describe, expect, it } from 'vitest';
import { VigilError } from '@vigil/core';
import type { TopLevelCondition } from 'json-rules-engine';
import { compileConditions, evaluateWithEngine, VIGIL_OPERATORS, type CustomOperator, type Facts } from './index.js';

const lists = { privileged_tools: ['shell', 'sudo', 'kubectl'], break_glass: ['alice'] };

/** The compiled answer, after checking json-rules-engine gives the same one. */
async function check(conditions: TopLevelCondition, facts: Facts, operators?: readonly CustomOperator[]): Promise<boolean> {
  const compiled = compileConditions(conditions, { lists, ...(operators && { operators }) }).test(facts);
  expect(await evaluateWithEngine(conditions, facts, { lists, ...(operators && { operators }) })).toBe(compiled);
  return compiled;
}

const leaf = (fact: string, operator: string, value: unknown, path?: string) => ({ fact, operator, value, ...(path && { path }) });
const all = (...c: unknown[]) => ({ all: c }) as TopLevelCondition;

function compileError(conditions: unknown, options = { lists }): VigilError {
  try {
    compileConditions(conditions as TopLevelCondition, options);
  } catch (err) {
    expect(err).toBeInstanceOf(VigilError);
    expect((err as VigilError).code).toBe('VIGIL_ERR_RULE');
    return err as VigilError;
  }
  throw new Error('expected a compile error');
}

describe('boolean structure', () => {
  it('all-empty: an empty all is true', async () => {
    expect(await check({ all: [] }, {})).toBe(true);
  });

  it('any-empty: an empty any is true too, as in json-rules-engine', async () => {
    expect(await check({ any: [] }, {})).toBe(true);
    expect(await check({ not: { any: [] } }, {})).toBe(false);
  });

  it('not-nesting: not inverts, twice restores, and nests inside all / any', async () => {
    const c = leaf('count', 'greaterThan', 3);
    expect(await check({ not: c }, { count: 5 })).toBe(false);
    expect(await check({ not: { not: c } }, { count: 5 })).toBe(true);
    expect(await check({ any: [{ not: c }, { all: [{ not: { not: c } }] }] }, { count: 2 })).toBe(true);
    expect(await check({ any: [{ not: c }, { all: [{ not: { not: c } }] }] }, { count: 3 })).toBe(true);
    expect(await check(all({ not: c }, c), { count: 9 })).toBe(false);
  });

  it('priority: a decided higher-priority set skips lower sets, even ones that would fail to evaluate', async () => {
    const throwing = { ...leaf('user', 'in', { fact: 'notAList' }), priority: 1 };
    const deciding = { ...leaf('count', 'greaterThan', 10), priority: 5 };
    expect(await check(all(throwing, deciding), { count: 1, notAList: 7 })).toBe(false);
    const c = compileConditions(all(deciding, throwing));
    expect(() => c.test({ count: 50, notAList: 7 })).toThrow(/conditions.all\[1\]/);
    await expect(evaluateWithEngine(all(deciding, throwing), { count: 50, notAList: 7 })).rejects.toThrow(TypeError);
  });
});

describe('built-in operators', () => {
  it('equal-strict: equal and notEqual use ===, no coercion', async () => {
    expect(await check(all(leaf('signal', 'equal', 5, '$.n')), { signal: { n: '5' } })).toBe(false);
    expect(await check(all(leaf('signal', 'notEqual', 5, '$.n')), { signal: { n: '5' } })).toBe(true);
    expect(await check(all(leaf('signal', 'equal', null, '$.missing')), { signal: {} })).toBe(false);
  });

  it('numeric-strings: numeric operators accept what parseFloat reads, then compare with plain JS <', async () => {
    expect(await check(all(leaf('x', 'greaterThan', 10)), { x: '15' })).toBe(true);
    expect(await check(all(leaf('x', 'greaterThan', 10)), { x: '12abc' })).toBe(false);
    expect(await check(all(leaf('x', 'lessThan', '9')), { x: '10' })).toBe(true); // "10" < "9" as text
    expect(await check(all(leaf('x', 'greaterThan', 4)), { x: ['5'] })).toBe(true);
    expect(await check(all(leaf('x', 'lessThan', 1)), { x: null })).toBe(false);
    expect(await check(all(leaf('x', 'lessThanInclusive', 1)), { x: true })).toBe(false);
    expect(await check(all(leaf('x', 'greaterThanInclusive', -2.5)), { x: -2.5 })).toBe(true);
    expect(await check(all(leaf('x', 'greaterThan', 0)), { x: Number.NaN })).toBe(false);
  });

  it('in-operators: in / notIn search an array value; contains / doesNotContain need an array fact', async () => {
    expect(await check(all(leaf('x', 'in', ['a', 1])), { x: 1 })).toBe(true);
    expect(await check(all(leaf('x', 'notIn', ['a', 1])), {})).toBe(true);
    expect(await check(all(leaf('x', 'contains', 'a')), { x: ['a'] })).toBe(true);
    expect(await check(all(leaf('x', 'contains', 'a')), { x: 'cat' })).toBe(false);
    expect(await check(all(leaf('x', 'doesNotContain', 'a')), { x: 'dog' })).toBe(false);
    expect(await check(all(leaf('x', 'doesNotContain', 'a')), { x: [] })).toBe(true);
  });

  it('undefined-facts: a missing fact is undefined, and inherited names are not facts', async () => {
    expect(await check(all(leaf('risk', 'greaterThan', 0)), {})).toBe(false);
    expect(await check(all(leaf('risk', 'notEqual', 0)), {})).toBe(true);
    expect(await check(all(leaf('constructor', 'notIn', [null])), {})).toBe(true);
    expect(await check(all(leaf('toString', 'equal', { fact: 'nothing' })), {})).toBe(true);
  });
});

describe('paths', () => {
  const signal = { tags: ['a', 'b'], attributes: { 'gen_ai.tool.name': 'shell', 'a-b': 2 }, name: 'alice', zero: 0 };

  it('path-into-array: indices, nested keys and own properties like length', async () => {
    expect(await check(all(leaf('signal', 'equal', 'b', '$.tags[1]')), { signal })).toBe(true);
    expect(await check(all(leaf('signal', 'equal', 2, '$.tags.length')), { signal })).toBe(true);
    expect(await check(all(leaf('signal', 'equal', 5, '$.name.length')), { signal })).toBe(true);
    expect(await check(all(leaf('signal', 'equal', 'a', '$.name[0]')), { signal })).toBe(true);
    expect(await check(all(leaf('signal', 'equal', undefined, '$.zero.x')), { signal })).toBe(true);
    expect(await check(all(leaf('signal', 'equal', undefined, '$.empty.length')), { signal: { empty: '' } })).toBe(true);
    expect(await check(all(leaf('signal', 'notEqual', undefined, '$.tags.constructor')), { signal })).toBe(false);
    expect(await check(all(leaf('signal', 'equal', 'a', '$[0]')), { signal: ['a'] })).toBe(true);
  });

  it('path-quoted-keys: dotted and dashed keys in brackets', async () => {
    expect(await check(all(leaf('signal', 'equal', 'shell', "$.attributes['gen_ai.tool.name']")), { signal })).toBe(true);
    expect(await check(all(leaf('signal', 'equal', 2, '$["attributes"]["a-b"]')), { signal })).toBe(true);
  });

  it('path-on-scalar: a path on a non-object fact yields the fact itself', async () => {
    expect(await check(all(leaf('count', 'equal', 7, '$.anything')), { count: 7 })).toBe(true);
    expect(await check(all(leaf('count', 'equal', null, '$.a')), { count: null })).toBe(true);
  });

  it('path-subset: paths jsonpath-plus reads differently are refused when compiling', () => {
    for (const p of ['$..name', '$.tags[*]', '$.tags[-1]', "$['a,b']", '$.tags[0:1]', 'name', "$['@x']", '$.a[01]']) {
      expect(compileError(all(leaf('signal', 'equal', 1, p))).message).toContain('conditions.all[0].path');
    }
    expect(compileError(all(leaf('x', 'equal', { fact: 'y', path: '$..z' }))).message).toContain('conditions.all[0].value.path');
  });
});

describe('decorators', () => {
  it('fact-decorators: someFact / everyFact apply the operator to each fact element', async () => {
    expect(await check(all(leaf('x', 'everyFact:greaterThan', 2)), { x: [3, 4] })).toBe(true);
    expect(await check(all(leaf('x', 'everyFact:greaterThan', 2)), { x: [3, 1] })).toBe(false);
    expect(await check(all(leaf('x', 'everyFact:greaterThan', 2)), { x: 9 })).toBe(false);
    expect(await check(all(leaf('x', 'someFact:inList', 'privileged_tools')), { x: ['git', 'sudo'] })).toBe(true);
  });

  it('value-decorators: someValue / everyValue apply the operator to each value element', async () => {
    expect(await check(all(leaf('x', 'someValue:startsWith', ['adm', 'root'])), { x: 'root-1' })).toBe(true);
    expect(await check(all(leaf('x', 'everyValue:notEqual', ['a', 'b'])), { x: 'c' })).toBe(true);
    expect(await check(all(leaf('x', 'someValue:matches', ['^a$', '^b$'])), { x: 'b' })).toBe(true);
  });

  it('not-and-swap: not inverts the operator, swap exchanges its sides', async () => {
    expect(await check(all(leaf('x', 'not:in', ['a'])), { x: 'b' })).toBe(true);
    expect(await check(all(leaf('x', 'swap:contains', 'shell')), { x: ['shell'] })).toBe(false);
    expect(await check(all(leaf('x', 'swap:contains', ['shell'])), { x: 'shell' })).toBe(true);
    expect(await check(all(leaf('x', 'not:someFact:equal', 1)), { x: [2, 3] })).toBe(true);
  });
});

describe('Vigil operators', () => {
  it('in-list: inList / notInList read the named list', async () => {
    expect(await check(all(leaf('signal', 'inList', 'privileged_tools', '$.tool')), { signal: { tool: 'kubectl' } })).toBe(true);
    expect(await check(all(leaf('signal', 'inList', 'privileged_tools', '$.tool')), { signal: { tool: 'git' } })).toBe(false);
    expect(await check(all(leaf('user', 'notInList', 'break_glass')), { user: 'bob' })).toBe(true);
    expect(await check(all(leaf('user', 'notInList', 'break_glass')), {})).toBe(true);
    expect(compileError(all(leaf('user', 'inList', 'nope'))).message).toMatch(/conditions.all\[0\].value: .*unknown list "nope"/);
  });

  it('matches: a regular expression compiled once; invalid ones are refused', async () => {
    expect(await check(all(leaf('x', 'matches', '^rm -rf')), { x: 'rm -rf /' })).toBe(true);
    expect(await check(all(leaf('x', 'matches', '^rm -rf')), { x: 42 })).toBe(false);
    expect(compileError(all(leaf('x', 'matches', '(unclosed'))).message).toContain('conditions.all[0].value');
    expect(compileError(all(leaf('x', 'matches', { fact: 'y' }))).message).toContain('conditions.all[0].operator');
  });

  it('starts-ends: startsWith / endsWith on strings only', async () => {
    expect(await check(all(leaf('x', 'startsWith', 'sk-')), { x: 'sk-123' })).toBe(true);
    expect(await check(all(leaf('x', 'endsWith', '.exe')), { x: 'a.exe' })).toBe(true);
    expect(await check(all(leaf('x', 'endsWith', { fact: 'y' })), { x: 'a.exe', y: 3 })).toBe(false);
    expect(compileError(all(leaf('x', 'startsWith', 5))).message).toContain('conditions.all[0].value');
  });

  it('custom-operators: one definition serves the compiler and the engine, and may replace a built-in', async () => {
    const operators = [...VIGIL_OPERATORS, { name: 'equal', evaluate: (a: unknown, b: unknown) => String(a) === String(b) }];
    expect(await check(all(leaf('x', 'equal', '5')), { x: 5 }, operators)).toBe(true);
  });
});

describe('fact references', () => {
  it('fact-reference: value {fact, path} compares two facts', async () => {
    const c = all(leaf('count', 'greaterThanInclusive', { fact: 'limits', path: '$.tools' }));
    expect(await check(c, { count: 5, limits: { tools: 5 } })).toBe(true);
    expect(await check(c, { count: 4, limits: { tools: 5 } })).toBe(false);
    expect([...compileConditions(c).facts].sort()).toEqual(['count', 'limits']);
  });

  it('fact-reference-error: in against a non-array fact throws like the engine rejects', async () => {
    const c = all(leaf('x', 'in', { fact: 'y' }));
    const compiled = compileConditions(c);
    expect(compiled.mayThrow).toBe(true);
    expect(() => compiled.test({ x: 1, y: 5 })).toThrow(VigilError);
    await expect(evaluateWithEngine(c, { x: 1, y: 5 })).rejects.toThrow();
    expect(await check(c, { x: 'b', y: 'abc' })).toBe(true); // a string value is searched as text
    expect(compileConditions(all(leaf('x', 'in', [1]))).mayThrow).toBe(false);
  });

  it('literal-copy: changing the rule object after compiling changes nothing', () => {
    const value = ['a'];
    const c = compileConditions(all(leaf('x', 'in', value)));
    value[0] = 'b';
    expect(c.test({ x: 'a' })).toBe(true);
  });
});

describe('compile errors', () => {
  it('error-paths: name the offending node', () => {
    const bad = all(leaf('a', 'equal', 1), leaf('b', 'equal', 1), leaf('c', 'bogus', 1));
    expect(compileError(bad).message).toMatch(/^conditions\.all\[2\]\.operator: unknown operator "bogus"/);
    expect(compileError(all({ any: [leaf('a', 'wat:equal', 1)] })).message).toMatch(/^conditions\.all\[0\]\.any\[0\]\.operator: unknown decorator "wat"/);
    expect(compileError(all(leaf('a', 'in', 'abc'))).message).toMatch(/^conditions\.all\[0\]\.value: .*array/);
    expect(compileError(all(leaf('a', 'someValue:someValue:equal', [[1], 2]))).message).toMatch(/^conditions\.all\[0\]\.value\[1\]: /);
    expect(compileError(all({ fact: 'a', operater: 'equal', value: 1 })).message).toMatch(/^conditions\.all\[0\]\.operater: unknown field/);
    expect(compileError(all({ fact: 'a', operator: 'equal' })).message).toMatch(/^conditions\.all\[0\]\.value: is required/);
    expect(compileError(all({ ...leaf('a', 'equal', 1), priority: 0 })).message).toMatch(/^conditions\.all\[0\]\.priority/);
    expect(compileError({ all: {} }).message).toMatch(/^conditions\.all: "all" must be an array/);
    expect(compileError({ not: [leaf('a', 'equal', 1)] }).message).toMatch(/^conditions\.not: /);
    expect(compileError({ all: [], any: [] }).message).toMatch(/^conditions: has all and any/);
    expect(compileError(leaf('a', 'equal', 1)).message).toMatch(/^conditions: must be an object with one of/);
    expect(compileError({ all: [{ condition: 'shared' }] }).message).toMatch(/^conditions\.all\[0\]\.condition: named condition references/);
    expect(compileError({ all: [null] }).message).toMatch(/^conditions\.all\[0\]: a condition must be an object/);
  });

  it('error-prefix: options.at roots the paths', () => {
    try {
      compileConditions(all(leaf('a', 'nope', 1)), { at: 'rules/x.json#when' });
      expect.unreachable();
    } catch (err) {
      expect((err as VigilError).message).toMatch(/^rules\/x\.json#when\.all\[0\]\.operator/);
      expect((err as VigilError).details).toEqual({ path: 'rules/x.json#when.all[0].operator' });
    }
  });
});
