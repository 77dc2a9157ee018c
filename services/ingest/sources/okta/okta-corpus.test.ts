import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accountFor, corpusFolder, fuzzSource, runSource, testContext } from '../../testing/source-harness.js';
import { oktaSource } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const ctx = testContext();

describe('okta source: public corpus', () => {
  const files = corpusFolder('okta');
  const lines = files
    .text('system-log.ndjson')
    .split('\n')
    .filter((l) => l.trim());

  it('accounts for every line of system-log.ndjson: sign-ins become signals, other event types are ignored', async () => {
    expect(lines).toHaveLength(20);
    const totals = await accountFor(oktaSource, lines, ctx);
    console.log('okta system-log.ndjson', totals);
    expect(totals).toEqual({ records: 20, signals: 10, ignored: 10, deadletters: 0 });
  });

  it('reads string-typed fields, Java-map risk strings and country names from real events', async () => {
    const outs = await Promise.all(lines.map((l) => runSource(oktaSource, l, ctx)));
    const risky = outs[12]!.signals[0]!;
    expect(risky).toMatchObject({
      type: 'auth.success',
      severity: 80,
      subjects: { user: 'test@test.com', ip: '81.2.69.144' },
      attributes: { country: 'US', risk_level: 'high', risk_reasons: 'Anomalous Location, Anomalous Device' },
    });
    expect(risky.attributes.behaviors).toContain('New Country');
    expect(outs[15]!.signals[0]!.attributes).toMatchObject({ country: 'CH', mfa: true });
    // A placeholder country that is no country name stays as the vendor wrote it.
    expect(outs[14]!.signals[0]!.attributes.country).toBe('Country');
    // A Java-map risk string whose reasons hold a comma: split only where the next `key=` starts.
    expect(outs[14]!.signals[0]!.attributes).toMatchObject({ risk_level: 'high', risk_reasons: 'Anomalous Device, Anomalous Location' });
    // "ipAddress":"null" (a string) is no IP.
    expect(outs[10]!.signals[0]!.subjects.ip).toBeUndefined();
    // The first 12 lines repeat three events: redelivery yields the same signal id.
    expect(outs[4]!.signals[0]!.id).toBe(outs[1]!.signals[0]!.id);
  });

  it('handles every file of the corpus folder (a new corpus file must get a test)', () => {
    files.expectEveryFileRead();
  });
});

describe('okta source: fuzz', () => {
  it('never throws on arbitrary bytes or mutated events', async () => {
    await fuzzSource(oktaSource, ['session-start-failure.json', 'threat-and-grant.json', 'account-events.json'].map(fixture), ctx);
  }, 120_000);
});
