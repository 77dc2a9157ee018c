import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAliasMap } from '../../aliases.js';
import { processRecord } from '../../process.js';
import type { RawRecord, SourceContext } from '../../source.js';
import { oktaSource } from './index.js';

const ctx: SourceContext = { aliases: createAliasMap({ users: { 'eve@acme.example': ['ACME\\eve'] } }), settings: {}, now: () => Date.UTC(2026, 2, 2) };
const rec = (value: string | Buffer, offset = '0'): RawRecord => ({ topic: 'vigil.raw.okta', partition: 0, offset, key: null, value: Buffer.from(value) });
const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const run = (value: string | Buffer) => processRecord(oktaSource, rec(value), ctx, { maxRecordBytes: 1 << 20 });

describe('okta source', () => {
  it('normalizes a failed sign-in to auth.failure for the lower-cased login', async () => {
    const out = await run(fixture('session-start-failure.json'));
    expect(out.deadletters).toEqual([]);
    expect(out.signals).toHaveLength(1);
    const s = out.signals[0]!;
    expect(s).toMatchObject({
      source: 'okta',
      type: 'auth.failure',
      time: '2026-03-02T09:15:04.123Z',
      subjects: { user: 'dana.ruiz@acme.example', ip: '198.51.100.23' },
      attributes: { ip: '198.51.100.23', country: 'PT', city: 'Lisbon', lat: 38.7223, lon: -9.1393, reason: 'INVALID_CREDENTIALS', risk_level: 'low' },
      raw_ref: { topic: 'vigil.raw.okta', partition: 0, offset: '0' },
    });
    expect(s.subjects.session).toBeUndefined();
  });

  it('gives the same signal id on redelivery', async () => {
    const a = await run(fixture('session-start-failure.json'));
    const b = await run(fixture('session-start-failure.json'));
    expect(a.signals[0]!.id).toBe(b.signals[0]!.id);
  });

  it('reads an array: risk inside logOnlySecurityData, grant to the target user, threat, and ignores others', async () => {
    const out = await run(fixture('threat-and-grant.json'));
    expect(out.deadletters).toEqual([]);
    expect(out.ignored).toBe(1);
    expect(out.signals.map((s) => s.type)).toEqual(['auth.success', 'identity.privilege_grant', 'identity.threat']);
    expect(out.signals[0]).toMatchObject({ severity: 80, attributes: { risk_level: 'high', behaviors: ['New Country'] }, subjects: { session: '102xyzSess' } });
    expect(out.signals[1]).toMatchObject({
      subjects: { user: 'eve@acme.example' },
      attributes: { privilege: 'Super Administrator', granted_by: 'admin@acme.example' },
    });
    expect(out.signals[2]).toMatchObject({ severity: 70, attributes: { threat_suspected: true } });
  });

  it('dead-letters garbage with the reason and the original bytes', async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    const out = await run(bytes);
    expect(out.signals).toEqual([]);
    expect(out.deadletters).toHaveLength(1);
    expect(out.deadletters[0]).toMatchObject({ code: 'VIGIL_ERR_PARSE', reason: 'value is not valid UTF-8', value_b64: bytes.toString('base64') });
  });

  it('dead-letters a JSON object that is not a LogEvent, naming the missing field', async () => {
    const out = await run('{"eventType":"user.session.start"}');
    expect(out.deadletters[0]!.reason).toMatch(/uuid/);
  });

  it('dead-letters an oversized record without parsing it', async () => {
    const out = await processRecord(oktaSource, rec('x'.repeat(100)), ctx, { maxRecordBytes: 10 });
    expect(out.deadletters[0]).toMatchObject({ code: 'VIGIL_ERR_TOO_LARGE' });
  });
});
