import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULE_SCHEMAS, renderRuleSchema } from './json-schema.js';

describe('checked-in rule JSON Schemas', () => {
  for (const [name, schema] of Object.entries(RULE_SCHEMAS)) {
    it(`rules/schema/${name}.json matches the zod schema (run \`npm run schemas\` when this fails)`, () => {
      const onDisk = readFileSync(new URL(`../../../rules/schema/${name}.json`, import.meta.url), 'utf8');
      expect(onDisk).toBe(renderRuleSchema(name, schema));
    });
  }
});
