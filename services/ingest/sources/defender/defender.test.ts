import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accountFor, corpusFolder, fuzzSource, runSource, testContext } from '../../testing/source-harness.js';
import { defenderSource } from './index.js';
import { signalId } from '../../kit/index.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const ctx = testContext({
  aliasFile: {
    users: { 'dana@acme.example': ['ACME\\dana'] },
    devices: { 'laptop-carol': ['4f2a9c0d1e2b3a4c5d6e7f8091a2b3c4d5e6f708'], 'srv-db-01': ['1b2c3d4e-0000-4000-8000-0000000000db'] },
  },
});
const run = (value: string) => runSource(defenderSource, value, ctx);

describe('defender source: fixtures', () => {
  it('maps a Graph alert v2 with typed evidence onto endpoint.detection', async () => {
    const out = await run(fixture('graph-alert.json'));
    expect(out.deadletters).toEqual([]);
    expect(out.signals).toHaveLength(1);
    expect(out.signals[0]).toMatchObject({
      source: 'defender',
      type: 'endpoint.detection',
      time: '2026-03-02T11:00:00.123Z',
      severity: 70,
      subjects: { user: 'carol@acme.example', device: 'laptop-carol' },
      attributes: {
        detection_id: 'da638765432109876543_1234567890',
        detection_name: 'Suspicious PowerShell download and execute',
        vendor_severity: 'high',
        tactic: 'Execution',
        mitre: ['T1059.001', 'T1105'],
        status: 'in_progress',
        file_name: 'stage2.ps1',
        file_hash: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae',
        command_line: 'powershell.exe -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA=',
        ip: '203.0.113.50',
        country: 'NL',
      },
      raw_ref: { topic: 'vigil.raw.defender', partition: 0, offset: '0' },
    });
  });

  it('resolves the device by whichever spelling the alias map knows: DNS name, MDE id or Entra device id', async () => {
    const alert = JSON.parse(fixture('graph-alert.json')) as { evidence: Record<string, unknown>[] };
    const dev = alert.evidence[0]!;
    const variant = (over: Record<string, unknown>): string => JSON.stringify({ ...alert, evidence: [{ ...dev, ...over }] });
    const byEntra = await run(
      variant({ deviceDnsName: 'srv-db-01x.acme.local', mdeDeviceId: 'unknown-mde', azureAdDeviceId: '1b2c3d4e-0000-4000-8000-0000000000db' }),
    );
    expect(byEntra.signals[0]!.subjects.device).toBe('srv-db-01');
    const unknown = await run(variant({ deviceDnsName: null, mdeDeviceId: 'ABCDEF0123', azureAdDeviceId: null }));
    expect(unknown.signals[0]!.subjects.device).toBe('abcdef0123');
    // Without user evidence the SYSTEM process account is not taken as the user.
    expect(unknown.signals[0]!.subjects.user).toBeUndefined();
  });

  it('merges the per-evidence rows of one legacy alert in a record into one signal keyed on the alert id', async () => {
    const out = await run(fixture('legacy-alert-rows.json'));
    expect(out.deadletters).toEqual([]);
    expect(out.signals).toHaveLength(1);
    const alert = out.signals[0]!;
    expect(alert.id).toBe(signalId('defender', 'da638700000000000000_-55501'));
    expect((await run(fixture('legacy-alert-rows.json'))).signals.map((s) => s.id)).toEqual([alert.id]);
    expect(alert).toMatchObject({
      severity: 50,
      time: '2026-03-02T08:30:00.120Z',
      subjects: { user: 'dana@acme.example', device: 'srv-db-01' },
      attributes: { detection_id: 'da638700000000000000_-55501', status: 'new', mitre: ['T1003'], file_name: 'rundll32.exe', tactic: 'CredentialAccess' },
    });
    expect(alert.attributes.command_line).toMatch(/MiniDump/);
  });

  it('keeps a lone legacy row per record distinct and stable (the rows of one alert cannot be joined across records)', async () => {
    const page = JSON.parse(fixture('legacy-alert-rows.json')) as { value: unknown[] };
    const [proc, user] = await Promise.all(page.value.map((row) => run(JSON.stringify(row))));
    expect(proc!.signals[0]!.id).not.toBe(user!.signals[0]!.id);
    expect((await run(JSON.stringify(page.value[0]))).signals[0]!.id).toBe(proc!.signals[0]!.id);
  });

  it('reads a legacy alert whose evidence is an array as one signal keyed on the alert id', async () => {
    const out = await run(fixture('legacy-alert-array.json'));
    expect(out.signals).toHaveLength(1);
    expect(out.signals[0]).toMatchObject({
      severity: 10,
      subjects: { device: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678' },
      attributes: { status: 'resolved', file_name: 'eicar.com', vendor_severity: 'Informational' },
    });
  });

  it('counts an empty page as ignored and dead-letters what is not an alert', async () => {
    expect(await run('{"value":[]}')).toMatchObject({ signals: [], deadletters: [], ignored: 1 });
    const notAlert = await run('{"foo":1}');
    expect(notAlert.deadletters[0]).toMatchObject({ code: 'VIGIL_ERR_UNSUPPORTED' });
    const badTime = await run('{"id":"a1","createdDateTime":"yesterday","evidence":[]}');
    expect(badTime.deadletters[0]!.reason).toMatch(/createdDateTime is not a timestamp/);
    const noSubject = await run('{"id":"a1","createdDateTime":"2026-03-02T11:00:00Z","evidence":[]}');
    expect(noSubject.deadletters[0]!.reason).toMatch(/names no device or user/);
    const inPage = await run('{"value":[{"id":"a2","alertCreationTime":42}]}');
    expect(inPage.deadletters[0]!.reason).toMatch(/^value\[0\]: .*alertCreationTime/);
  });
});

describe('defender source: public corpus', () => {
  const files = corpusFolder('defender');

  it('normalizes the Graph alert v2 sample', async () => {
    const totals = await accountFor(defenderSource, [files.text('graph-alerts-v2.log')]);
    console.log('defender graph-alerts-v2.log', totals);
    expect(totals).toEqual({ records: 1, signals: 1, ignored: 0, deadletters: 0 });
    const s = (await run(files.text('graph-alerts-v2.log'))).signals[0]!;
    expect(s).toMatchObject({ severity: 30, subjects: { device: 'tempdns' }, attributes: { mitre: ['T1564.001'], file_name: 'MsSense.exe', status: 'new' } });
  });

  it('normalizes the 4 legacy rows and ignores the empty page', async () => {
    const lines = files
      .text('legacy-alerts.log')
      .split('\n')
      .filter((l) => l.trim());
    const totals = await accountFor(defenderSource, lines);
    console.log('defender legacy-alerts.log', totals);
    expect(totals).toEqual({ records: 5, signals: 4, ignored: 1, deadletters: 0 });
    const [, processRow, userRow] = await Promise.all(lines.map((l) => run(l)));
    expect(processRow!.signals[0]!.id).not.toBe(userRow!.signals[0]!.id);
    expect(userRow!.signals[0]).toMatchObject({ severity: 50, subjects: { user: 'testserver4\\administrator1', device: 'testserver4' } });
  });

  it('handles every file of the corpus folder (a new corpus file must get a test)', () => {
    files.expectEveryFileRead();
  });
});

describe('defender source: fuzz', () => {
  it('never throws on arbitrary bytes or mutated alerts', async () => {
    await fuzzSource(defenderSource, ['graph-alert.json', 'legacy-alert-rows.json', 'legacy-alert-array.json'].map(fixture), ctx);
  }, 120_000);
});
