// Writes shared/schemas/json/*.json from the zod schemas. Run with `npm run schemas`.
import { writeFileSync } from 'node:fs';
import { PUBLISHED_SCHEMAS, renderJsonSchema } from '../json-schema.js';

for (const [name, schema] of Object.entries(PUBLISHED_SCHEMAS)) {
  const file = new URL(`../json/${name}.json`, import.meta.url);
  writeFileSync(file, renderJsonSchema(name, schema));
  console.log(`wrote ${file.pathname}`);
}
