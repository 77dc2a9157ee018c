import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PUBLISHED_SCHEMAS, renderJsonSchema } from './json-schema.js';

describe('checked-in JSON Schemas', () => {
  for (const [name, schema] of Object.entries(PUBLISHED_SCHEMAS)) {
    it(`${name}.json matches the zod schema (run \`npm run schemas\` when this fails)`, () => {
      const onDisk = readFileSync(new URL(`./json/${name}.json`, import.meta.url), 'utf8');
      expect(onDisk).toBe(renderJsonSchema(name, schema));
    });
  }
});
