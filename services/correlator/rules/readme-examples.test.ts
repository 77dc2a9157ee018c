// Every ```json rule in rules/README.md is a complete rule file: it validates, compiles against the shipped
// lists, and its cases (if any) pass.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileRule } from '../engine/compiled-rule.js';
import { buildRuleSet } from '../engine/rule-set.js';
import { runRuleCases } from './cases.js';
import { loadRules } from './load.js';
import { RuleSchema, RuleSettingsSchema } from './schema.js';

const RULES = new URL('../../../rules/', import.meta.url);
const readme = readFileSync(new URL('README.md', RULES), 'utf8');
// Fenced ```json blocks, also indented inside list items; ```jsonc blocks (with comments) are for reading.
const examples = [...readme.matchAll(/^( *)```json\n([\s\S]*?)^\1```/gm)].map((m) => JSON.parse(m[2]!) as { id: string });

describe('rules/README.md examples', () => {
  const shipped = loadRules(new URL('.', RULES).pathname);
  if (!shipped.ok) throw new Error('the shipped rules must load');

  it('readme-examples: every primitive has an example', () => {
    const text = JSON.stringify(examples);
    for (const needle of [
      '"kind":"match"',
      '"kind":"aggregate"',
      '"kind":"sequence"',
      '"kind":"absence"',
      '"ordered":false',
      '"until"',
      '"fact":"avg"',
      '"exceptions":[{',
      '"fact":"user","path":"$.risk"',
    ])
      expect(text, needle).toContain(needle);
    expect(
      examples.some((e) => !('decision' in e) && 'risk' in e),
      'a risk-only rule',
    ).toBe(true);
  });

  it.each(examples.map((e) => [e.id, e] as const))('readme-example %s validates, compiles and passes its cases', async (_, e) => {
    const parsed = RuleSchema.safeParse(e);
    expect(parsed.error?.issues ?? []).toEqual([]);
    const rule = parsed.data!;
    const compiled = compileRule(rule, { lists: shipped.ruleSet.lists });
    const results = await runRuleCases(buildRuleSet([compiled], RuleSettingsSchema.parse({}), shipped.ruleSet.lists));
    expect(results.filter((r) => !r.passed)).toEqual([]);
  });
});
