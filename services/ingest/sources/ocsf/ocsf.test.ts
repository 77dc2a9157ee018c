import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fuzzSource, runSource, testContext } from '../../testing/source-harness.js';
import { ocsfSource } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const object = (name: string): Record<string, unknown> => JSON.parse(fixture(name)) as Record<string, unknown>;
const aliasFile = { users: { 'dana@acme.example': ['ACME\\dana'], 'carol@acme.example': ['ACME\\carol'] }, devices: { 'laptop-carol': ['edr-host-77'] } };
const ctx = testContext({ aliasFile });
const run = (value: string | object, c = ctx) => runSource(ocsfSource, typeof value === 'string' ? value : JSON.stringify(value), c);

describe('ocsf source: Authentication 3002', () => {
  it('maps a failed Logon to auth.failure with user, device, ip and geo', async () => {
    const out = await run(fixture('authentication-failure.json'));
    expect(out.deadletters).toEqual([]);
    expect(out.signals[0]).toMatchObject({
      source: 'ocsf',
      type: 'auth.failure',
      time: '2026-03-02T09:15:04.123Z',
      severity: 30,
      subjects: { user: 'dana@acme.example', device: 'srv-db-01', ip: '198.51.100.23' },
      attributes: {
        outcome: 'failure',
        reason: 'Unknown user name or bad password.',
        error_code: '0xC000006A',
        ip: '198.51.100.23',
        country: 'PT',
        city: 'Lisbon',
        lat: 38.7223,
        lon: -9.1393,
        mfa: false,
        event_type: 'Authentication: Logon',
      },
      raw_ref: { topic: 'vigil.raw.ocsf', partition: 0, offset: '0' },
    });
  });

  it('reads epoch seconds, e-mail users, MFA, session and app; ids are stable without metadata.uid', async () => {
    const [a, b] = await Promise.all([run(fixture('authentication-success-seconds.json')), run(fixture('authentication-success-seconds.json'))]);
    expect(a.signals[0]).toMatchObject({
      type: 'auth.success',
      time: '2026-03-02T09:16:40.000Z',
      severity: 10,
      subjects: { user: 'carol@acme.example', session: 'sess-7d3c1e', ip: '203.0.113.9' },
      attributes: { mfa: true, app: 'Salesforce', country: 'BR', user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4)' },
    });
    expect(b.signals[0]!.id).toBe(a.signals[0]!.id);
    const other = await run({ ...object('authentication-success-seconds.json'), time: 1772443001 });
    expect(other.signals[0]!.id).not.toBe(a.signals[0]!.id);
  });

  it('ignores Logoff and unknown outcomes; the activity list is a setting', async () => {
    const logoff = { ...object('authentication-failure.json'), activity_id: 2, type_uid: 300202 };
    expect(await run(logoff)).toMatchObject({ signals: [], deadletters: [], ignored: 1 });
    const unknown = { ...object('authentication-failure.json'), status_id: 0, status: 'Unknown' };
    expect((await run(unknown)).ignored).toBe(1);
    const ticket = { ...object('authentication-failure.json'), activity_id: 3, type_uid: 300203 };
    const withTickets = await run(ticket, testContext({ aliasFile, settings: { authActivityIds: [1, 3] } }));
    expect(withTickets.signals.map((s) => s.type)).toEqual(['auth.failure']);
  });

  it('dead-letters every record when the settings are invalid', async () => {
    const out = await run(fixture('authentication-failure.json'), testContext({ settings: { authActivityIds: 'logon' } }));
    expect(out.deadletters[0]).toMatchObject({ code: 'VIGIL_ERR_CONFIG' });
    expect(out.deadletters[0]!.reason).toMatch(/^sources\.ocsf\.authActivityIds: /);
  });
});

describe('ocsf source: findings and device state', () => {
  it('maps a Detection Finding to endpoint.detection', async () => {
    const out = await run(fixture('detection-finding.json'));
    expect(out.deadletters).toEqual([]);
    expect(out.signals[0]).toMatchObject({
      type: 'endpoint.detection',
      severity: 70,
      time: '2026-03-02T09:33:20.000Z',
      subjects: { user: 'carol@acme.example', device: 'laptop-carol' },
      attributes: {
        detection_id: 'edr-finding-000042',
        detection_name: 'Encoded PowerShell spawned by Office',
        vendor_severity: 'High',
        tactic: 'Execution',
        technique: 'PowerShell',
        mitre: ['T1059', 'T1059.001'],
        file_name: 'powershell.exe',
        file_hash: 'de96a6e69944335375dc1ac238336066889d9ffc7d73628ef4fe1b1b160ab32c',
        command_line: 'powershell.exe -NoP -W Hidden -Enc SQBFAFgA',
        status: 'new',
      },
    });
  });

  it('maps severity_id 1–6 onto the scale and falls back to the caption for Other', async () => {
    const sev = async (over: Record<string, unknown>): Promise<number> => (await run({ ...object('detection-finding.json'), ...over })).signals[0]!.severity;
    expect(await sev({ severity_id: 1, severity: null })).toBe(10);
    expect(await sev({ severity_id: 5, severity: null })).toBe(90);
    expect(await sev({ severity_id: 6, severity: null })).toBe(95);
    expect(await sev({ severity_id: 99, severity: 'Low' })).toBe(30);
    expect(await sev({ severity_id: 0, severity: null })).toBe(50);
  });

  it('maps a failed Compliance Finding to device.compliance and ignores one about no device', async () => {
    const out = await run(fixture('compliance-finding.json'));
    expect(out.signals[0]).toMatchObject({
      type: 'device.compliance',
      severity: 50,
      subjects: { device: 'laptop-carol' },
      attributes: { compliant: false, managed: true, reason: 'BitLocker is off on the system drive' },
    });
    const pass = await run({ ...object('compliance-finding.json'), compliance: { status_id: 1 } });
    expect(pass.signals[0]).toMatchObject({ severity: 0, attributes: { compliant: true } });
    const bucket = await run({ ...object('compliance-finding.json'), device: null, resources: [{ type: 'AwsS3Bucket', uid: 'arn:aws:s3:::logs' }] });
    expect(bucket).toMatchObject({ signals: [], deadletters: [], ignored: 1 });
  });

  it('maps a Device Config State Change by security level, states or is_compliant, else ignores it', async () => {
    const out = await run(fixture('device-config-state-change.json'));
    expect(out.signals[0]).toMatchObject({
      type: 'device.compliance',
      severity: 70,
      subjects: { device: 'ws-fin-07' },
      attributes: { compliant: false, previous_compliant: true, managed: true, reason: 'Protection off' },
    });
    const base = { ...object('device-config-state-change.json'), severity_id: 1, security_level_id: null, prev_security_level_id: null };
    const byStates = await run(base);
    expect(byStates.signals[0]).toMatchObject({ severity: 50, attributes: { compliant: false } });
    const byDevice = await run({ ...base, security_states: [], device: { hostname: 'ws-fin-07', is_compliant: true } });
    expect(byDevice.signals[0]).toMatchObject({ severity: 0, attributes: { compliant: true } });
    const bare = await run({ ...base, security_states: [{ state_id: 9, state: 'Reboot pending' }] });
    expect(bare).toMatchObject({ signals: [], deadletters: [], ignored: 1 });
  });
});

describe('ocsf source: envelope', () => {
  it('dead-letters uid inconsistencies with the expected value', async () => {
    const badType = await run({ ...object('detection-finding.json'), type_uid: 300201 });
    expect(badType.deadletters[0]!.reason).toBe('type_uid 300201 is not class_uid × 100 + activity_id (200401)');
    const badCategory = await run({ ...object('detection-finding.json'), category_uid: 3 });
    expect(badCategory.deadletters[0]!.reason).toMatch(/category_uid 3 does not match class_uid 2004/);
    const foreign = await run({ ...object('detection-finding.json'), activity_id: null, type_uid: 300201 });
    expect(foreign.deadletters[0]!.reason).toMatch(/does not belong to class_uid 2004/);
  });

  it('derives the activity from type_uid when activity_id is absent', async () => {
    const out = await run({ ...object('authentication-failure.json'), activity_id: undefined });
    expect(out.signals.map((s) => s.type)).toEqual(['auth.failure']);
  });

  it('ignores other classes, reads batches, and names the event in a batch problem', async () => {
    const network = { class_uid: 4001, category_uid: 4, activity_id: 6, type_uid: 400106, time: 1772442904123 };
    const batch = [object('detection-finding.json'), network, { class_uid: 2004, time: 'soon' }];
    const out = await run(batch);
    expect(out.signals).toHaveLength(1);
    expect(out.ignored).toBe(1);
    expect(out.deadletters.map((d) => d.reason)).toEqual([expect.stringMatching(/^event 2: class 2004: time is missing or not a timestamp/)]);
    const notOcsf = await run('{"eventType":"user.session.start"}');
    expect(notOcsf.deadletters[0]!.reason).toMatch(/^not an OCSF event: class_uid/);
  });
});

describe('ocsf source: fuzz', () => {
  it('never throws on arbitrary bytes or mutated events', async () => {
    const samples = [
      'authentication-failure.json',
      'authentication-success-seconds.json',
      'detection-finding.json',
      'compliance-finding.json',
      'device-config-state-change.json',
    ];
    await fuzzSource(ocsfSource, samples.map(fixture), ctx);
  }, 120_000);
});
