// The condition schema: what rule files may contain, its JSON Schema, and agreement with the compiler.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { TopLevelCondition } from 'json-rules-engine';
import { compileConditions, ConditionsSchema, type Conditions } from './index.js';

const good: unknown[] = [
  { all: [] },
  { not: { fact: 'risk', operator: 'lessThan', value: 50 } },
  {
    any: [
      { fact: 'signal', path: "$.attributes['gen_ai.tool.name']", operator: 'not:inList', value: 'privileged_tools', priority: 2 },
      { all: [{ fact: 'count', operator: 'greaterThan', value: { fact: 'user', path: '$.usual' } }], name: 'burst' },
      { not: { any: [{ fact: 'tags', operator: 'someValue:equal', value: [1, 'a', null, { k: [true] }] }] } },
    ],
  },
];

const bad: [string, unknown][] = [
  ['a leaf at the root', { fact: 'a', operator: 'equal', value: 1 }],
  ['an unknown field', { all: [{ fact: 'a', operater: 'equal', value: 1 }] }],
  ['a missing value', { all: [{ fact: 'a', operator: 'equal' }] }],
  ['not with a list', { not: [{ fact: 'a', operator: 'equal', value: 1 }] }],
  ['a zero priority', { all: [{ fact: 'a', operator: 'equal', value: 1, priority: 0 }] }],
  ['a condition reference', { all: [{ condition: 'shared' }] }],
  ['an empty fact name', { all: [{ fact: '', operator: 'equal', value: 1 }] }],
  ['a name that is not a string', { any: [], name: 3 }],
  ['two boolean operators', { all: [], not: { all: [] } }],
  ['a fact reference with an unknown field', { all: [{ fact: 'a', operator: 'equal', value: { fact: 'b', pth: '$.x' } }] }],
];

describe('ConditionsSchema', () => {
  it('schema-accepts: valid trees parse unchanged and compile', () => {
    for (const c of good) {
      const parsed: Conditions = ConditionsSchema.parse(c);
      expect(parsed).toEqual(c);
      const asEngineType: TopLevelCondition = parsed; // the schema's type is json-rules-engine's
      expect(() => compileConditions(asEngineType, { lists: { privileged_tools: ['shell'] } })).not.toThrow();
    }
  });

  it.each(bad)('schema-rejects %s, and so does the compiler', (_, c) => {
    expect(ConditionsSchema.safeParse(c).success).toBe(false);
    expect(() => compileConditions(c as TopLevelCondition)).toThrow(/VIGIL_ERR_RULE|conditions/);
  });

  it('json-schema: generates a recursive JSON Schema for editors', () => {
    const schema = z.toJSONSchema(ConditionsSchema) as Record<string, unknown>;
    const text = JSON.stringify(schema);
    expect(text).toContain('"$ref"');
    for (const key of ['"all"', '"any"', '"not"', '"fact"', '"operator"', '"value"', '"path"']) expect(text).toContain(key);
    expect(JSON.parse(text)).toEqual(schema);
  });
});
