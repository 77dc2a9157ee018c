import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fuzzSource, runSource, testContext } from '../../testing/source-harness.js';
import { signalsSource } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const aliasFile = { users: { 'carol@acme.example': ['ACME\\carol'] }, devices: { 'laptop-carol': ['mde-4f2a'] } };
const ctx = testContext({ aliasFile });
const trusting = testContext({ aliasFile, settings: { trustSource: true } });
const run = (value: string, c = ctx) => runSource(signalsSource, value, c);

describe('signals source', () => {
  it('accepts a custom-typed signal: keeps its id, defaults source to custom, canonicalizes time, aliases subjects, sets raw_ref', async () => {
    const out = await run(fixture('dlp-signal.json'));
    expect(out.deadletters).toEqual([]);
    expect(out.signals).toEqual([
      {
        v: 1,
        id: 'dlp-7f3a2c8e-0001',
        time: '2026-03-02T12:00:00.000Z',
        source: 'custom',
        type: 'dlp.exfiltration',
        severity: 70,
        subjects: { user: 'carol@acme.example', device: 'laptop-carol' },
        attributes: { channel: 'usb', classification: 'confidential', bytes: 73400320, files: ['q1-forecast.xlsx', 'payroll.csv'] },
        raw_ref: { topic: 'vigil.raw.signals', partition: 0, offset: '0' },
      },
    ]);
  });

  it('reads an array: valid signals pass, an invalid one is dead-lettered with the zod reason', async () => {
    const out = await run(fixture('batch.json'), trusting);
    expect(out.signals.map((s) => s.id)).toEqual(['gw-0001', 'vpn-31']);
    expect(out.signals[0]).toMatchObject({ time: '2026-03-02T11:00:01.250Z', subjects: { user: 'dana@acme.example' }, trace: { span_id: '00f067aa0ba902b7' } });
    expect(out.signals[1]).toMatchObject({ source: 'okta', time: '2026-03-02T12:00:00.000Z' });
    expect(out.deadletters).toHaveLength(1);
    expect(out.deadletters[0]).toMatchObject({ code: 'VIGIL_ERR_VALIDATION' });
    expect(out.deadletters[0]!.reason).toMatch(/^event 1: signal gw-0002 is invalid: severity: /);
  });

  it('makes every signal custom unless trustSource is on (a producer cannot pose as Okta by default)', async () => {
    expect((await run(fixture('batch.json'))).signals.map((s) => s.source)).toEqual(['custom', 'custom']);
    expect((await run(fixture('batch.json'), testContext({ aliasFile, settings: { trustSource: false } }))).signals.map((s) => s.source)).toEqual([
      'custom',
      'custom',
    ]);
    expect((await run(fixture('batch.json'), trusting)).signals.map((s) => s.source)).toEqual(['custom', 'okta']);
  });

  it('dead-letters unknown sources, missing ids, bad types and non-objects precisely', async () => {
    const base = JSON.parse(fixture('dlp-signal.json')) as Record<string, unknown>;
    const reason = async (v: unknown): Promise<string> => (await run(JSON.stringify(v))).deadletters[0]!.reason;
    expect((await run(JSON.stringify({ ...base, source: 'splunk' }), trusting)).deadletters[0]!.reason).toMatch(/source: /);
    expect(await reason({ ...base, id: undefined })).toMatch(/^signal is invalid: id: /);
    expect(await reason({ ...base, type: 'Exfiltration' })).toMatch(/type is dotted lower-case/);
    expect(await reason({ ...base, subjects: {} })).toMatch(/a signal names at least one subject/);
    expect(await reason({ ...base, time: 'later' })).toMatch(/time: /);
    expect((await run('42')).deadletters[0]).toMatchObject({ code: 'VIGIL_ERR_UNSUPPORTED' });
    expect((await run('{"v":1', ctx)).deadletters[0]).toMatchObject({ code: 'VIGIL_ERR_PARSE' });
  });

  it('counts an empty array as ignored', async () => {
    expect(await run('[]')).toMatchObject({ signals: [], deadletters: [], ignored: 1 });
  });

  it('never throws on arbitrary bytes or mutated signals (fuzz)', async () => {
    const batch = JSON.parse(fixture('batch.json')) as unknown[];
    await fuzzSource(signalsSource, [fixture('dlp-signal.json'), ...batch.map((s) => JSON.stringify(s))], ctx);
  }, 120_000);
});
