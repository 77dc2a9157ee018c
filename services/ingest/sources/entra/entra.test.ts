import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runSource, testContext } from '../../testing/source-harness.js';
import { entraSource } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const ctx = testContext({
  aliasFile: {
    users: { 'gina.lopez@acme.example': ['9f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f'] },
    devices: { 'laptop-carol': ['6e3a1c2b-8d0f-4b51-9a7e-2f1d3c4b5a69'] },
  },
});
const run = (value: string, c = ctx) => runSource(entraSource, value, c);

describe('entra source: Graph sign-ins', () => {
  it('maps a risky MFA sign-in to auth.success plus identity.risk, with device, geo, CA and compliance', async () => {
    const out = await run(fixture('graph-sign-in-risky.json'));
    expect(out.deadletters).toEqual([]);
    expect(out.signals.map((s) => s.type)).toEqual(['auth.success', 'identity.risk']);
    const [auth, risk] = out.signals;
    expect(auth).toMatchObject({
      source: 'entra',
      time: '2026-03-02T09:12:44.000Z',
      severity: 80,
      subjects: { user: 'carol.young@acme.example', device: 'laptop-carol', ip: '203.0.113.44' },
      attributes: {
        outcome: 'success',
        country: 'PT',
        city: 'Lisbon',
        lat: 38.7223,
        lon: -9.1393,
        mfa: true,
        app: 'Graph Explorer',
        risk_level: 'high',
        risk_state: 'at_risk',
        risk_events: ['unfamiliarFeatures', 'anonymizedIPAddress'],
        ca_status: 'success',
        compliant: false,
        managed: true,
      },
    });
    expect(auth!.attributes.error_code).toBeUndefined();
    expect(auth!.attributes.reason).toBeUndefined();
    expect(auth!.subjects.session).toBeUndefined();
    expect(risk).toMatchObject({
      severity: 80,
      subjects: auth!.subjects,
      attributes: { risk_level: 'high', sign_in_id: '66ea54eb-6301-4ee5-be62-ff5a759b8100' },
    });
    expect(risk!.id).not.toBe(auth!.id);
  });

  it('gives the same ids on redelivery', async () => {
    const a = await run(fixture('graph-sign-in-risky.json'));
    const b = await run(fixture('graph-sign-in-risky.json'));
    expect(b.signals.map((s) => s.id)).toEqual(a.signals.map((s) => s.id));
  });

  it('reads a Graph page: failure, lockout, MFA denial and a single-factor success', async () => {
    const out = await run(fixture('graph-sign-ins-page.json'));
    expect(out.deadletters).toEqual([]);
    expect(out.signals.map((s) => s.type)).toEqual(['auth.failure', 'auth.lockout', 'auth.mfa_denied', 'auth.success']);
    const [failure, lockout, denied, success] = out.signals;
    expect(failure).toMatchObject({
      severity: 30,
      attributes: { outcome: 'failure', error_code: 50126, reason: expect.stringMatching(/invalid username or password/) },
    });
    // `hidden` (no P2 licence) is no level at all; an empty deviceId names no device.
    expect(failure!.attributes.risk_level).toBeUndefined();
    expect(failure!.subjects.device).toBeUndefined();
    expect(failure!.attributes.mfa).toBeUndefined();
    expect(lockout).toMatchObject({ severity: 50, attributes: { error_code: 50053 } });
    expect(denied).toMatchObject({ severity: 40, subjects: { user: 'eve@acme.example' }, attributes: { error_code: 500121, ca_status: 'failure' } });
    expect(denied!.attributes.mfa).toBeUndefined();
    // Low risk raises the severity but stays below the identity.risk threshold (medium by default).
    expect(success).toMatchObject({ severity: 30, attributes: { mfa: false, risk_level: 'low', compliant: true, managed: true } });
  });
});

describe('entra source: Event Hub batch', () => {
  it('reads every kind of diagnostic record and ignores the categories it does not map', async () => {
    const out = await run(fixture('event-hub-batch.json'));
    expect(out.deadletters).toEqual([]);
    expect(out.ignored).toBe(1);
    expect(out.signals.map((s) => `${s.type} ${s.attributes.event_type}`)).toEqual([
      'auth.success NonInteractiveUserSignInLogs',
      'identity.risk RiskyUsers',
      'identity.risk UserRiskEvents',
      'auth.failure ServicePrincipalSignInLogs',
    ]);
  });

  it('falls back to the US-locale envelope time, the object id behind a GUID UPN, and MFA satisfied by token claim', async () => {
    const signIn = (await run(fixture('event-hub-batch.json'))).signals[0]!;
    expect(signIn).toMatchObject({
      time: '2026-03-02T09:30:05.000Z',
      subjects: { user: 'gina.lopez@acme.example', device: 'mbp-gina', session: '00a8f6c2-9b1d-4e7f-a3c5-b2d4e6f8a0c1', ip: '203.0.113.80' },
      attributes: { mfa: true, compliant: true, managed: true, risk_level: 'none', interactive: false },
    });
  });

  it('reports a confirmed compromise at 90 and a dismissed detection as risk none with its previous level', async () => {
    const [, compromised, dismissed] = (await run(fixture('event-hub-batch.json'))).signals;
    expect(compromised).toMatchObject({
      severity: 90,
      subjects: { user: 'eve@acme.example' },
      attributes: { risk_level: 'high', risk_state: 'confirmed_compromised' },
    });
    expect(dismissed).toMatchObject({
      time: '2026-03-02T09:45:12.031Z',
      severity: 10,
      subjects: { user: 'frank@acme.example', ip: '198.51.100.99' },
      attributes: {
        risk_level: 'none',
        previous_risk_level: 'medium',
        risk_state: 'dismissed',
        risk_events: ['unfamiliarFeatures'],
        country: 'CA',
        user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
      },
    });
  });

  it('emits a service-principal sign-in with the app id as agent subject', async () => {
    const sp = (await run(fixture('event-hub-batch.json'))).signals[3]!;
    expect(sp.subjects).toEqual({ agent: 'a1b2c3d4-0000-4e5f-9a8b-7c6d5e4f3a2b', ip: '192.0.2.200' });
    expect(sp.attributes).toMatchObject({ principal_type: 'service_principal', app: 'finance-bot', error_code: 7000215 });
  });
});

describe('entra source: Identity Protection objects', () => {
  it('maps a Graph riskDetection at its last update time, with the user agent from additionalInfo', async () => {
    const out = await run(fixture('risk-detection.json'));
    expect(out.signals).toHaveLength(1);
    expect(out.signals[0]).toMatchObject({
      type: 'identity.risk',
      time: '2026-03-02T01:15:00.000Z',
      severity: 80,
      subjects: { user: 'dana.ruiz@acme.example', ip: '198.51.100.7' },
      attributes: {
        risk_level: 'high',
        risk_state: 'at_risk',
        risk_events: ['unlikelyTravel'],
        detection_timing: 'offline',
        country: 'KR',
        user_agent: expect.stringMatching(/^Mozilla/),
      },
    });
  });

  it('maps a Graph riskyUser and keeps each update of it as its own signal', async () => {
    const first = (await run(fixture('risky-user.json'))).signals[0]!;
    expect(first).toMatchObject({
      type: 'identity.risk',
      severity: 50,
      subjects: { user: 'hana.kim@acme.example' },
      attributes: { risk_level: 'medium', risk_state: 'at_risk' },
    });
    const later = JSON.parse(fixture('risky-user.json')) as Record<string, unknown>;
    Object.assign(later, { riskLevel: 'none', riskState: 'remediated', riskLastUpdatedDateTime: '2026-03-02T11:00:00Z' });
    const second = (await run(JSON.stringify(later))).signals[0]!;
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ severity: 10, attributes: { risk_level: 'none', risk_state: 'remediated' } });
    expect(second.attributes.previous_risk_level).toBeUndefined();
  });
});

describe('entra source: settings', () => {
  it('ignores workload sign-ins when told to', async () => {
    const out = await run(fixture('event-hub-batch.json'), testContext({ settings: { workloadSignIns: 'ignore' } }));
    expect(out.ignored).toBe(2);
    expect(out.signals.some((s) => s.subjects.agent)).toBe(false);
  });

  it('raises or switches off the sign-in risk threshold for identity.risk', async () => {
    const high = await run(fixture('graph-sign-in-risky.json'), testContext({ settings: { signInRiskSignal: 'high' } }));
    expect(high.signals.map((s) => s.type)).toEqual(['auth.success', 'identity.risk']);
    const off = await run(fixture('graph-sign-in-risky.json'), testContext({ settings: { signInRiskSignal: 'off' } }));
    expect(off.signals.map((s) => s.type)).toEqual(['auth.success']);
    const low = await run(fixture('graph-sign-ins-page.json'), testContext({ settings: { signInRiskSignal: 'low' } }));
    expect(low.signals.filter((s) => s.type === 'identity.risk')).toHaveLength(1);
  });

  it('dead-letters every record with the setting at fault when settings are invalid', async () => {
    const out = await run(fixture('risky-user.json'), testContext({ settings: { signInRiskSignal: 'severe' } }));
    expect(out.signals).toEqual([]);
    expect(out.deadletters[0]).toMatchObject({ code: 'VIGIL_ERR_CONFIG', reason: expect.stringMatching(/sources\.entra\.signInRiskSignal/) });
  });
});

describe('entra source: bad input', () => {
  it('dead-letters what it cannot use, with the reason', async () => {
    expect((await run('{not json')).deadletters[0]).toMatchObject({ code: 'VIGIL_ERR_PARSE' });
    expect((await run('[42]')).deadletters[0]).toMatchObject({ code: 'VIGIL_ERR_UNSUPPORTED', reason: 'not an Entra record: expected a JSON object' });
    expect((await run('{"hello":"world"}')).deadletters[0]).toMatchObject({
      code: 'VIGIL_ERR_UNSUPPORTED',
      reason: expect.stringMatching(/not an Entra sign-in, risk detection or risky user/),
    });
    const noUser = await run('{"id":"s1","createdDateTime":"2026-03-02T10:00:00Z","status":{"errorCode":0},"userPrincipalName":""}');
    expect(noUser.deadletters[0]!.reason).toBe('sign-in s1: names no user (userPrincipalName and userId are empty)');
    const noCode = await run('{"id":"s2","createdDateTime":"2026-03-02T10:00:00Z","userPrincipalName":"a@b.example","status":{"errorCode":"n/a"}}');
    expect(noCode.deadletters[0]!.reason).toBe('sign-in s2: status.errorCode is missing or not a number');
    const badTime = await run('{"id":"s3","createdDateTime":"yesterday","userPrincipalName":"a@b.example","status":{"errorCode":0}}');
    expect(badTime.deadletters[0]!.reason).toMatch(/^sign-in s3: createdDateTime is not a timestamp/);
    const badShape = await run('{"time":"2026-03-02T10:00:00Z","category":"SignInLogs","properties":{"id":"s4","status":"failed"}}');
    expect(badShape.deadletters[0]!.reason).toMatch(/^not an Entra sign-in: status/);
  });

  it('prefixes problems inside a batch with their position and keeps the good records', async () => {
    const batch = {
      records: [JSON.parse(fixture('risky-user.json')), { time: 'x', category: 'RiskyUsers', properties: { id: 'u2', userPrincipalName: 'z@acme.example' } }],
    };
    const out = await run(JSON.stringify(batch));
    expect(out.signals).toHaveLength(1);
    expect(out.deadletters[0]!.reason).toMatch(/^records\[1\]: risky user u2: riskLastUpdatedDateTime is not a timestamp/);
  });

  it('counts an empty batch as ignored', async () => {
    expect(await run('{"records":[]}')).toMatchObject({ signals: [], deadletters: [], ignored: 1 });
    expect(await run('{"value":[]}')).toMatchObject({ signals: [], deadletters: [], ignored: 1 });
  });
});
