import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AlertSchema } from '@vigil/schemas';
import { alertFromTopicValue, alertTopicValue } from './alert-topic.js';
import { checkEcsDocument } from './formats/index.js';

const fixture = AlertSchema.parse(JSON.parse(readFileSync(new URL('./formats/fixtures/alert-block-agent-endpoint.json', import.meta.url), 'utf8')));

describe('vigil.alerts record values', () => {
  it('are ECS documents carrying the canonical alert, which reads back unchanged', () => {
    const value = alertTopicValue(fixture);
    const doc = JSON.parse(value);
    expect(doc.event.kind).toBe('alert');
    expect(alertFromTopicValue(Buffer.from(value))).toEqual({ ok: true, alert: fixture });
  });

  it('give a reason for what they cannot read', () => {
    expect(alertFromTopicValue(Buffer.from('{'))).toMatchObject({ ok: false, reason: expect.stringMatching(/not JSON/) });
    expect(alertFromTopicValue(Buffer.from('{"event":{}}'))).toMatchObject({ ok: false, reason: expect.stringMatching(/no vigil.alert/) });
  });

  it('keep the ECS part valid', () => {
    const doc = JSON.parse(alertTopicValue(fixture));
    delete doc.vigil.alert;
    expect(checkEcsDocument(doc)).toEqual([]);
  });
});
