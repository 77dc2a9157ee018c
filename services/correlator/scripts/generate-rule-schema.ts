// Writes rules/schema/*.json from the zod rule schemas. Run with `npm run schemas`.
import { writeFileSync } from 'node:fs';
import { RULE_SCHEMAS, renderRuleSchema } from '../rules/json-schema.js';

for (const [name, schema] of Object.entries(RULE_SCHEMAS)) {
  const file = new URL(`../../../rules/schema/${name}.json`, import.meta.url);
  writeFileSync(file, renderRuleSchema(name, schema));
  console.log(`wrote ${file.pathname}`);
}
