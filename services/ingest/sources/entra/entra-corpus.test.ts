import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accountFor, corpusFolder, fuzzSource, runSource, testContext } from '../../testing/source-harness.js';
import { entraSource } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const ctx = testContext();

describe('entra source: public corpus', () => {
  const files = corpusFolder('entra');
  const lines = (name: string): string[] =>
    files
      .text(name)
      .split('\n')
      .filter((l) => l.trim());

  it('accounts for every line of signinlogs.ndjson: Microsoft first-party service principals are ignored', async () => {
    const records = lines('signinlogs.ndjson');
    expect(records).toHaveLength(5);
    const totals = await accountFor(entraSource, records, ctx);
    console.log('entra signinlogs.ndjson', totals);
    expect(totals).toEqual({ records: 5, signals: 4, ignored: 1, deadletters: 0 });
  });

  it('converts the -05:00 createdDateTime to UTC, marks the KMSI interrupt, and keys GUID UPNs on the object id', async () => {
    const outs = await Promise.all(lines('signinlogs.ndjson').map((l) => runSource(entraSource, l, ctx)));
    expect(outs[0]!.signals[0]).toMatchObject({
      type: 'auth.failure',
      time: '2019-10-18T09:45:48.072Z',
      severity: 10,
      subjects: { user: 'test@elastic.co', ip: '81.2.69.144' },
      attributes: { outcome: 'interrupted', error_code: 50140, country: 'FR', risk_level: 'none', ca_status: 'notApplied' },
    });
    expect(outs[0]!.signals[0]!.subjects.device).toBeUndefined();
    expect(outs[1]!.signals[0]!.subjects.user).toBe('8a4de8b5-095c-47d0-a96f-a75130c61d53');
    const aliased = testContext({ aliasFile: { users: { 'test@elastic.co': ['8a4de8b5-095c-47d0-a96f-a75130c61d53'] } } });
    expect((await runSource(entraSource, lines('signinlogs.ndjson')[1]!, aliased)).signals[0]!.subjects.user).toBe('test@elastic.co');
    expect(outs[2]!.signals[0]!.subjects).toEqual({ agent: '8a4de8b5-095c-47d0-a96f-a75130c61d53', ip: '81.2.69.144' });
    expect(outs[4]!.signals[0]!.attributes.principal_type).toBe('managed_identity');
  });

  it('accounts for both lines of userriskevents.ndjson (no trailing LF), one per record and as one record', async () => {
    const records = lines('userriskevents.ndjson');
    expect(records).toHaveLength(2);
    const totals = await accountFor(entraSource, records, ctx);
    console.log('entra userriskevents.ndjson', totals);
    expect(totals).toEqual({ records: 2, signals: 2, ignored: 0, deadletters: 0 });
    const whole = await runSource(entraSource, files.text('userriskevents.ndjson'), ctx);
    expect(whole.deadletters).toEqual([]);
    expect(whole.signals.map((s) => s.time)).toEqual(['2022-08-22T18:07:16.894Z', '2022-09-09T09:54:27.739Z']);
    expect(whole.signals[1]).toMatchObject({
      type: 'identity.risk',
      severity: 80,
      subjects: { user: 'joel.miller@mauriziobrancaoutlook.onmicrosoft.com', ip: '67.43.156.42' },
      attributes: { risk_level: 'high', risk_state: 'at_risk', risk_events: ['passwordSpray'], country: 'US' },
    });
  });

  it('handles every file of the corpus folder (a new corpus file must get a test)', () => {
    files.expectEveryFileRead();
  });
});

describe('entra source: fuzz', () => {
  it('never throws on arbitrary bytes or mutated records', async () => {
    const samples = ['graph-sign-in-risky.json', 'graph-sign-ins-page.json', 'event-hub-batch.json', 'risk-detection.json', 'risky-user.json'].map(fixture);
    await fuzzSource(entraSource, samples, ctx);
  }, 120_000);
});
