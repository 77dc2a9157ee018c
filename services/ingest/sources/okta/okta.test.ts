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

  it('maps lockout, MFA denials, session clear and user risk, with user agent and list-shaped behaviors', async () => {
    const out = await run(fixture('account-events.json'));
    expect(out.deadletters).toEqual([]);
    expect(out.signals.map((s) => [s.type, s.severity, s.subjects])).toEqual([
      ['auth.lockout', 50, { user: 'frank.ode@acme.example', session: 'trs-lock-1', ip: '192.0.2.44' }],
      ['auth.mfa_denied', 50, { user: 'frank.ode@acme.example', ip: '192.0.2.44' }],
      ['auth.mfa_denied', 40, { user: 'frank.ode@acme.example', session: 'trs-mfa-2', ip: '192.0.2.44' }],
      ['session.revoked', 50, { user: 'frank.ode@acme.example', session: '102frankSess' }],
      ['identity.risk', 80, { user: 'frank.ode@acme.example' }],
      ['identity.risk', 50, { user: 'frank.ode@acme.example' }],
    ]);
    const [lock, push, mfa, , detect, change] = out.signals;
    expect(lock!.attributes).toMatchObject({ outcome: 'failure', reason: 'LOCKED_OUT', country: 'DE', city: 'Hamburg' });
    expect(lock!.attributes.user_agent).toMatch(/^Mozilla\/5\.0 \(Windows NT 10\.0/);
    // "lat": "" is no coordinate (Number("") would be 0).
    expect(lock!.attributes).not.toHaveProperty('lat');
    expect(lock!.attributes).not.toHaveProperty('lon');
    expect(push!.attributes).toMatchObject({
      user_agent: 'Okta Verify/9.30 (iOS 18.2)',
      behaviors: ['New Device', 'New IP'],
      risk_level: 'medium',
      risk_reasons: 'Anomalous Device, Anomalous Location',
    });
    expect(mfa!.attributes).toMatchObject({ mfa: true, outcome: 'failure', lat: 53.5511, lon: 9.9937 });
    expect(detect!.attributes).toMatchObject({ risk_level: 'high', risk_reasons: 'Suspicious activity reported by the user' });
    expect(detect!.attributes).not.toHaveProperty('threat_suspected');
    expect(change!.attributes).toMatchObject({ risk_level: 'low', risk_reasons: 'Admin reset' });
  });

  it('ignores event types named like Object.prototype members', async () => {
    for (const eventType of ['hasOwnProperty', '__proto__', 'constructor', 'toString']) {
      const doc = { ...(JSON.parse(fixture('session-start-failure.json')) as object), eventType };
      const out = await run(JSON.stringify(doc));
      expect(out).toMatchObject({ signals: [], deadletters: [], ignored: 1 });
    }
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
