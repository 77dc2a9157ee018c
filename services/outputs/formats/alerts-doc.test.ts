// docs/alerts.md and the encoders agree: the CEF label list, the ECS field table and the example lines.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CEF_LABELS } from './cef.js';
import { ECS_FIELDS } from './ecs-fields.js';

const doc = readFileSync(new URL('../../../docs/alerts.md', import.meta.url), 'utf8');
const expected = (file: string): string => readFileSync(new URL(`./fixtures/expected/${file}`, import.meta.url), 'utf8').trimEnd();
/** Markdown table rows as cells, backticks removed. */
const rows = doc
  .split('\n')
  .filter((l) => l.startsWith('| ') && !l.startsWith('|---'))
  .map((l) =>
    l
      .slice(2, -2)
      .split(' | ')
      .map((c) => c.replaceAll('`', '').trim()),
  );

describe('docs/alerts.md', () => {
  it('lists exactly the CEF custom-field labels the encoder writes', () => {
    const documented = rows.filter((r) => r.length === 3 && r[0]! in CEF_LABELS).map(([key, label]) => [key, label]);
    expect(Object.fromEntries(documented)).toEqual(CEF_LABELS);
  });

  it('lists every ECS field with its type', () => {
    for (const [name, field] of Object.entries(ECS_FIELDS)) {
      const row = rows.find((r) => r[0] === name);
      expect(row?.[1], name).toBe('array' in field ? `${field.type}[]` : field.type);
    }
  });

  it('shows CEF and syslog examples exactly as the encoders write them', () => {
    const blocks = [...doc.matchAll(/```text\n([\s\S]*?)\n```/g)].map((m) => m[1]);
    expect(blocks).toEqual([expected('alert-step-up-auth-failures.cef.txt'), expected('alert-override-kill-switch.syslog.txt')]);
  });
});
