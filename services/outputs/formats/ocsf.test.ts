import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECOMMENDED } from './ocsf-2004.js';
import { validateOcsfDetectionFinding } from './ocsf-validate.js';
import { encodeOcsf, riskLevel } from './ocsf.js';
import { arbitraryAlert, fixtureAlert, fixtureAlerts, FUZZ_RUNS, FUZZ_TIMEOUT_MS } from './testing/alerts.js';

type Obj = Record<string, unknown>;

describe('encodeOcsf', () => {
  it.each(fixtureAlerts().map((f) => [f.name, f.alert] as const))('%s: a valid Detection Finding 2004', (_name, alert) => {
    expect(validateOcsfDetectionFinding(encodeOcsf(alert))).toEqual([]);
  });

  it(
    'is a valid Detection Finding for any valid alert',
    () => {
      fc.assert(
        fc.property(arbitraryAlert, (alert) => {
          expect(validateOcsfDetectionFinding(encodeOcsf(alert))).toEqual([]);
        }),
        { numRuns: FUZZ_RUNS },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it('sets every recommended attribute except confidence_id, which Vigil has no measure for', () => {
    const event = encodeOcsf(fixtureAlert('alert-block-agent-endpoint'));
    expect(RECOMMENDED.filter((k) => event[k] === undefined)).toEqual(['confidence_id']);
  });

  it('encodes an enforced block: Create, Denied / Blocked, ATT&CK, evidence per signal, the rest unmapped', () => {
    const alert = fixtureAlert('alert-block-agent-endpoint');
    const e = encodeOcsf(alert, { productVersion: '9.9.9' });
    expect(e).toMatchObject({
      class_uid: 2004,
      category_uid: 2,
      activity_id: 1,
      type_uid: 200401,
      time: Date.parse('2026-03-02T10:04:12.250Z'),
      severity_id: 5,
      severity: 'Critical',
      action_id: 2,
      disposition_id: 2,
      disposition: 'Blocked',
      is_alert: true,
      risk_score: 92,
      risk_level_id: 4,
      metadata: { version: '1.8.0', product: { name: 'Vigil', vendor_name: 'Vigil', version: '9.9.9' }, uid: alert.id },
      finding_info: { uid: alert.id, analytic: { uid: 'agent-on-compromised-host', type_id: 1, type: 'Rule', version: '3' } },
      actor: { app_name: 'finance-bot', user: { uid: 'carol@acme.example' } },
      device: { type_id: 0, hostname: 'laptop-carol' },
      resources: [{ uid: 'agent:finance-bot', name: 'finance-bot', type: 'agent' }],
    });
    expect((e['finding_info'] as Obj)['attacks']).toEqual([
      { technique: { uid: 'T1059' }, sub_technique: { uid: 'T1059.001' } },
      { technique: { uid: 'T1204' } },
    ]);
    const evidences = e['evidences'] as Obj[];
    expect(evidences).toHaveLength(2);
    expect(evidences[0]).toMatchObject({ device: { uid: 'laptop-carol' }, src_endpoint: { ip: '10.20.30.41' }, data: { type: 'endpoint.detection' } });
    expect((e['unmapped'] as { vigil: Obj }).vigil['decision']).toEqual(alert.decision);
  });

  it('maps a step-up to Denied / Challenge and a shadow decision to Allowed / Alert', () => {
    expect(encodeOcsf(fixtureAlert('alert-step-up-auth-failures'))).toMatchObject({
      action_id: 2,
      disposition_id: 23,
      disposition: 'Challenge',
      severity_id: 3,
    });
    const shadow = encodeOcsf(fixtureAlert('alert-shadow-retrieval'));
    expect(shadow).toMatchObject({ action_id: 1, disposition_id: 19, disposition: 'Alert', is_alert: true });
    expect(shadow['attacks']).toBeUndefined();
    expect((shadow['finding_info'] as Obj)['types']).toEqual(['Vigil Shadow Decision']);
  });

  it('encodes an override as its own new finding without analytic; an allow override is not alertable', () => {
    const alert = fixtureAlert('alert-override-kill-switch');
    const e = encodeOcsf(alert);
    expect(e).toMatchObject({ activity_id: 1, status_id: 1, disposition_id: 2, finding_info: { types: ['Vigil Override'] } });
    expect((e['finding_info'] as Obj)['analytic']).toBeUndefined();
    expect(e['evidences']).toBeUndefined();
    alert.decision.action = 'allow';
    expect(encodeOcsf(alert)).toMatchObject({ action_id: 1, disposition_id: 1, is_alert: false });
  });

  it('buckets risk into OCSF risk levels at 20, 40, 60 and 80', () => {
    expect([0, 19.9, 20, 39, 40, 59, 60, 79, 80, 100].map(riskLevel)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  });
});

describe('validateOcsfDetectionFinding', () => {
  const good = (): Obj => encodeOcsf(fixtureAlert('alert-block-agent-endpoint'));

  it('reports missing required attributes and unknown ones', () => {
    const e = good();
    delete e['finding_info'];
    delete e['severity_id'];
    e['src_endpoint'] = { ip: '10.0.0.1' };
    expect(validateOcsfDetectionFinding(e)).toEqual(['finding_info: required', 'severity_id: required', 'src_endpoint: not an attribute of Detection Finding']);
  });

  it('checks class, type_uid consistency, enum ids and their captions', () => {
    const e = { ...good(), class_uid: 2001, activity_id: 2, disposition_id: 42, action_id: 99, severity: 'Severe' };
    expect(validateOcsfDetectionFinding(e)).toEqual([
      'class_uid: must be 2004',
      'activity_name: must be "Update" for activity_id 2',
      'severity: must be "Critical" for severity_id 5',
      'action_id: 99 is not in the enum',
      'disposition_id: 42 is not in the enum',
      'type_uid: must be 200402 (class_uid * 100 + activity_id)',
      'type_name: must be "Detection Finding: Update"',
    ]);
  });

  it('tells epoch seconds from milliseconds and checks nested objects', () => {
    const e = good();
    e['time'] = 1772445852;
    (e['metadata'] as Obj)['product'] = { name: 'Vigil' };
    ((e['finding_info'] as Obj)['attacks'] as Obj[])[0] = { technique: { uid: 'T1204' }, sub_technique: { uid: 'T1059.001' } };
    delete (e['device'] as Obj)['type_id'];
    (e['evidences'] as Obj[])[1] = { name: 'x' };
    expect(validateOcsfDetectionFinding(e)).toEqual([
      'time: 1772445852 is not epoch milliseconds',
      'metadata.product.vendor_name: required',
      'finding_info.attacks[0]: sub_technique T1059.001 is not under technique T1204',
      'device.type_id: required',
      'evidences[1]: names no evidence artifact',
    ]);
  });

  it('rejects what is not an object', () => {
    expect(validateOcsfDetectionFinding([])).toEqual(['event is not a JSON object']);
  });
});
