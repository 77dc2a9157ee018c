// The sink pages in docs/outputs/ agree with the code: one page per registered sink from one template,
// every parameter of its schema in its table (and nothing else), its example.env in its Example section.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { consoleParams } from './console/config.js';
import { esIndexTemplate } from './elasticsearch/index-template.js';
import { esParams } from './elasticsearch/config.js';
import { kafkaParams } from './kafka/config.js';
import { SINKS } from './registry.js';
import { hecParams } from './splunk-hec/config.js';
import { syslogParams } from './syslog/config.js';
import { context, readExample } from './testing/config.js';
import { webhookParams } from './webhook/config.js';

const DOCS = new URL('../../docs/outputs/', import.meta.url);
const SECTIONS = ['What it sends', 'URL and settings', 'Example', 'Delivery and retries', 'Dead-letters'];
const PARAMS: Record<string, z.ZodObject> = {
  kafka: kafkaParams(context()),
  'splunk-hec': hecParams(context()),
  elasticsearch: esParams(context()),
  syslog: syslogParams(context()),
  webhook: webhookParams(context()),
  console: consoleParams(context()),
};

const page = (type: string): string => readFileSync(new URL(`${type}.md`, DOCS), 'utf8');
const section = (md: string, title: string): string => md.split(`\n## ${title}\n`)[1]?.split('\n## ')[0] ?? '';

describe('docs/outputs', () => {
  it('has a folder, an example and a page for every registered sink, and a schema for each here', () => {
    expect(Object.keys(PARAMS).sort()).toEqual(SINKS.map((s) => s.type).sort());
    for (const s of SINKS) {
      for (const f of ['config.ts', 'encode.ts', 'deliver.ts', 'index.ts', 'example.env'])
        expect(existsSync(new URL(`./${s.type}/${f}`, import.meta.url)), `${s.type}/${f}`).toBe(true);
      expect(existsSync(new URL(`${s.type}.md`, DOCS)), `docs/outputs/${s.type}.md`).toBe(true);
      expect(readFileSync(new URL('README.md', DOCS), 'utf8')).toContain(`(${s.type}.md)`);
    }
  });

  for (const type of Object.keys(PARAMS)) {
    it(`${type}.md follows the template and lists exactly the parameters of the schema`, () => {
      const md = page(type);
      expect([...md.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual(SECTIONS);
      const rows = section(md, 'URL and settings')
        .split('\n')
        .filter((l) => l.startsWith('| `'))
        .map((l) => /^\| `([a-z_]+)` \|/.exec(l)?.[1]);
      expect(rows.sort()).toEqual(Object.keys(PARAMS[type]!.shape).sort());
      expect(section(md, 'URL and settings')).toMatch(/\| param \| env \| default \| meaning \|/);
      expect(section(md, 'Example')).toContain(`VIGIL_OUTPUTS=${readExample(type).VIGIL_OUTPUTS}`);
    });
  }

  it('ships the Elasticsearch index template generated from the ECS field list', () => {
    const file = new URL('elasticsearch-index-template.json', DOCS);
    // Compared as data: the file is formatted by prettier like every JSON file in the repository.
    if (process.env.VIGIL_UPDATE_FIXTURES === '1') writeFileSync(file, `${JSON.stringify(esIndexTemplate(), null, 2)}\n`);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(esIndexTemplate());
    expect(esIndexTemplate().template.mappings.properties).toHaveProperty('vigil');
  });
});
