// JSON Schemas of rule files and settings.json, generated from the zod schemas, so editors autocomplete
// (`"$schema": "./schema/rule.v1.json"` at the top of a rule file).
import { z } from 'zod';
import { RuleSchema, RuleSettingsSchema } from './schema.js';

export const RULE_SCHEMAS = { 'rule.v1': RuleSchema, 'settings.v1': RuleSettingsSchema } as const;

export function renderRuleSchema(name: string, schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return JSON.stringify({ $id: `https://vigil.dev/schemas/${name}.json`, ...json }, null, 2) + '\n';
}
