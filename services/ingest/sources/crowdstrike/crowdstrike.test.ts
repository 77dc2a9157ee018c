import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitConcatenated } from '../../kit/index.js';
import { accountFor, corpusFolder, fuzzSource, runSource, testContext } from '../../testing/source-harness.js';
import { crowdstrikeSource } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const ctx = testContext({
  aliasFile: {
    users: { 'carol@acme.example': ['ACME\\carol'], 'ivan@acme.example': ['ivan'] },
    devices: { 'laptop-carol': ['5a1b2c3d4e5f60718293a4b5c6d7e8f9'] },
  },
});
const run = (value: string) => runSource(crowdstrikeSource, value, ctx);

describe('crowdstrike source: fixtures', () => {
  it('maps an EppDetectionSummaryEvent onto endpoint.detection with aliased user and device', async () => {
    const out = await run(fixture('epp-detection.json'));
    expect(out.deadletters).toEqual([]);
    expect(out.signals).toHaveLength(1);
    expect(out.signals[0]).toMatchObject({
      source: 'crowdstrike',
      type: 'endpoint.detection',
      time: '2026-03-02T09:15:04.123Z',
      severity: 70,
      subjects: { user: 'carol@acme.example', device: 'laptop-carol' },
      attributes: {
        detection_id: '0c8f1e2d3b4a59687766554433221100:ind:5a1b2c3d4e5f60718293a4b5c6d7e8f9:91234567890-10197-7001',
        detection_name: 'PowerShell download cradle',
        vendor_severity: 'High',
        tactic: 'Execution',
        technique: 'PowerShell',
        mitre: ['T1059.001'],
        file_name: 'powershell.exe',
        file_hash: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
        event_type: 'EppDetectionSummaryEvent',
      },
      raw_ref: { topic: 'vigil.raw.crowdstrike', partition: 0, offset: '0' },
    });
    expect(out.signals[0]!.attributes.command_line).toMatch(/^powershell\.exe -nop/);
  });

  it('treats both casings of the EPP event type alike and keeps the id stable on redelivery', async () => {
    const upper = fixture('epp-detection.json').replace('"EppDetectionSummaryEvent"', '"EPPDetectionSummaryEvent"');
    const [a, b, c] = await Promise.all([run(fixture('epp-detection.json')), run(upper), run(fixture('epp-detection.json'))]);
    expect(b.signals).toHaveLength(1);
    expect(b.signals[0]!.id).toBe(a.signals[0]!.id);
    expect(c.signals[0]!.id).toBe(a.signals[0]!.id);
  });

  it('rescales the retired 1–5 severity, reads MitreAttack ids, drops zero hashes and SYSTEM as a user', async () => {
    const out = await run(fixture('legacy-detection.json'));
    expect(out.deadletters).toEqual([]);
    const s = out.signals[0]!;
    expect(s).toMatchObject({
      severity: 70,
      time: '2023-11-14T22:13:20.000Z',
      subjects: { device: 'srv-db-01' },
      attributes: { detection_id: 'ldt:5a1b2c3d4e5f60718293a4b5c6d7e8f9:4242', detection_name: 'Credential Dumping', vendor_severity: 4, mitre: ['T1003.001'] },
    });
    expect(s.subjects.user).toBeUndefined();
    expect(s.attributes.file_hash).toBeUndefined();
  });

  it('reads an Alerts API response: severity name wins, identity alerts key on UPN and source ip', async () => {
    const out = await run(fixture('alerts-response.json'));
    expect(out.deadletters).toEqual([]);
    expect(out.signals).toHaveLength(2);
    const [ldt, idp] = out.signals;
    expect(ldt).toMatchObject({
      severity: 90,
      time: '2026-03-02T10:15:30.123Z',
      subjects: { user: 'ivan@acme.example', device: 'ws-fin-07' },
      attributes: { detection_name: 'Ransomware file encryption', status: 'in_progress', mitre: ['T1486'], event_type: 'ldt', file_name: 'locker.exe' },
    });
    expect(idp).toMatchObject({
      severity: 64,
      subjects: { user: 'eve@acme.example', ip: '198.51.100.77' },
      attributes: { detection_name: 'IdpPolicyAccessRuleMatch', vendor_severity: 64, mitre: ['T1110', 'T1110.003'], country: 'PT', status: 'new' },
    });
    expect(idp!.subjects.device).toBeUndefined();
  });

  it('gives the same signal id to a detection seen on the stream and through the Alerts API', async () => {
    const stream = JSON.parse(fixture('epp-detection.json')) as { event: { CompositeId: string } };
    const alert = { composite_id: stream.event.CompositeId, timestamp: '2026-03-02T09:15:04Z', device: { hostname: 'LAPTOP-CAROL' } };
    const [a, b] = await Promise.all([run(fixture('epp-detection.json')), run(JSON.stringify(alert))]);
    expect(b.signals[0]!.id).toBe(a.signals[0]!.id);
  });

  it('ignores other event-stream types and empty Alerts API responses', async () => {
    const out = await run(fixture('auth-activity.json'));
    expect(out).toMatchObject({ signals: [], deadletters: [], ignored: 1 });
    const empty = await run('{"meta":{},"resources":[],"errors":[]}');
    expect(empty).toMatchObject({ signals: [], deadletters: [], ignored: 1 });
  });

  it('dead-letters precise reasons: unknown shape, missing detection id, bad field types', async () => {
    const unknown = await run('{"hello":"world"}');
    expect(unknown.deadletters[0]).toMatchObject({ code: 'VIGIL_ERR_UNSUPPORTED' });
    const noId = await run('{"metadata":{"eventType":"EppDetectionSummaryEvent","eventCreationTime":1772442904123},"event":{"Hostname":"h"}}');
    expect(noId.deadletters[0]!.reason).toMatch(/no CompositeId or DetectId/);
    const badType = await run('{"composite_id":"x","device":{"hostname":42}}');
    expect(badType.deadletters[0]!.reason).toMatch(/device\.hostname/);
    const noSubject = await run('{"composite_id":"x","timestamp":"2026-03-02T10:00:00Z"}');
    expect(noSubject.deadletters[0]!.reason).toMatch(/names no device, user or ip/);
  });
});

describe('crowdstrike source: public corpus', () => {
  const files = corpusFolder('crowdstrike');
  const lines = (name: string): string[] =>
    files
      .text(name)
      .split('\n')
      .filter((l) => l.trim());

  it('normalizes both pretty-printed DetectionSummaryEvent documents (one record each)', async () => {
    const docs = splitConcatenated(files.text('detection-summary.log'));
    expect(docs).toHaveLength(2);
    const totals = await accountFor(crowdstrikeSource, docs);
    console.log('crowdstrike detection-summary.log', totals);
    expect(totals).toEqual({ records: 2, signals: 2, ignored: 0, deadletters: 0 });
    const out = await run(docs[1]!);
    expect(out.signals[0]).toMatchObject({
      severity: 30,
      subjects: { user: 'elasticuser', device: 'elastichost' },
      attributes: { tactic: 'Malware', technique: 'PUP', vendor_severity: 'Low' },
    });
  });

  it('normalizes all 6 EPP lines in both casings, with zero hashes dropped', async () => {
    const records = lines('epp-detection-summary.log');
    const totals = await accountFor(crowdstrikeSource, records);
    console.log('crowdstrike epp-detection-summary.log', totals);
    expect(totals).toEqual({ records: 6, signals: 6, ignored: 0, deadletters: 0 });
    const outs = await Promise.all(records.map((r) => run(r)));
    const ods = outs[2]!.signals[0]!;
    expect(ods).toMatchObject({ severity: 70, subjects: { device: 'frhostname' } });
    expect(ods.subjects.user).toBeUndefined();
    expect(outs[4]!.signals[0]!.attributes.file_hash).toBeUndefined();
    expect(outs[4]!.signals[0]!.subjects.user).toBe('ciso-dummy-csdev\\administrator');
    expect(outs[3]!.signals[0]!.id).toBe(outs[1]!.signals[0]!.id);
  });

  it('normalizes all 3 Alerts API entities (ldt, idp, ods)', async () => {
    const totals = await accountFor(crowdstrikeSource, lines('alerts.log'));
    console.log('crowdstrike alerts.log', totals);
    expect(totals).toEqual({ records: 3, signals: 3, ignored: 0, deadletters: 0 });
    const idp = (await run(lines('alerts.log')[1]!)).signals[0]!;
    expect(idp).toMatchObject({
      severity: 70,
      subjects: { user: 'admin.abcdef@example.com', ip: '81.2.69.144' },
      attributes: { mitre: ['T1110'], vendor_severity: 'High' },
    });
  });

  it('handles every file of the corpus folder (a new corpus file must get a test)', () => {
    files.expectEveryFileRead();
  });
});

describe('crowdstrike source: fuzz', () => {
  it('never throws on arbitrary bytes or mutated events', async () => {
    const samples = ['epp-detection.json', 'legacy-detection.json', 'alerts-response.json', 'auth-activity.json'].map(fixture);
    await fuzzSource(crowdstrikeSource, samples, ctx);
  }, 120_000);
});
