import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEcsDocument } from './ecs-check.js';
import { ECS_FIELDS } from './ecs-fields.js';
import { ecsIndexMappings } from './ecs-mappings.js';
import { encodeEcs } from './ecs.js';
import { arbitraryAlert, fixtureAlert, fixtureAlerts, FUZZ_RUNS, FUZZ_TIMEOUT_MS } from './testing/alerts.js';

type Doc = Record<string, unknown>;
const get = (doc: Doc, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o as Doc | undefined)?.[k], doc);

describe('ECS field set', () => {
  it('keeps every custom field under vigil.* and every vigil.* field marked custom', () => {
    for (const [name, field] of Object.entries(ECS_FIELDS)) {
      expect('custom' in field && field.custom === true, name).toBe(name.startsWith('vigil.'));
    }
  });

  it('has no field that is also the parent object of another', () => {
    const names = Object.keys(ECS_FIELDS);
    for (const n of names)
      expect(
        names.filter((m) => m.startsWith(`${n}.`)),
        n,
      ).toEqual([]);
  });
});

describe('encodeEcs', () => {
  it.each(fixtureAlerts().map((f) => [f.name, f.alert] as const))('%s: only known ECS fields, each of its ECS type', (_name, alert) => {
    expect(checkEcsDocument(encodeEcs(alert))).toEqual([]);
  });

  it(
    'conforms for any valid alert',
    () => {
      fc.assert(
        fc.property(arbitraryAlert, (alert) => {
          expect(checkEcsDocument(encodeEcs(alert))).toEqual([]);
        }),
        { numRuns: FUZZ_RUNS },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it('encodes an enforced block from an agent on a host with an EDR detection', () => {
    const doc = encodeEcs(fixtureAlert('alert-block-agent-endpoint'));
    expect(get(doc, 'event.kind')).toBe('alert');
    expect(get(doc, 'event.category')).toEqual(['intrusion_detection', 'malware', 'api']);
    expect(get(doc, 'event.type')).toEqual(['denied']);
    expect(get(doc, 'event.outcome')).toBe('failure');
    expect(get(doc, 'event.severity')).toBe(90);
    expect(get(doc, 'threat.technique.id')).toEqual(['T1059', 'T1204']);
    expect(get(doc, 'threat.technique.subtechnique.id')).toEqual(['T1059.001']);
    expect(get(doc, 'gen_ai.agent.id')).toBe('finance-bot');
    expect(get(doc, 'user.email')).toBe('carol@acme.example');
    expect(get(doc, 'host.name')).toBe('laptop-carol');
    expect(get(doc, 'source.ip')).toBe('10.20.30.41');
    expect(get(doc, 'trace.id')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(get(doc, 'rule.category')).toBe('agent+endpoint');
  });

  it('marks a step-up from sign-in failures as authentication, info, outcome unknown', () => {
    const doc = encodeEcs(fixtureAlert('alert-step-up-auth-failures'));
    expect(get(doc, 'event.category')).toEqual(['intrusion_detection', 'authentication']);
    expect(get(doc, 'event.type')).toEqual(['info']);
    expect(get(doc, 'event.outcome')).toBe('unknown');
    // the newest evidence IP first, every IP related
    expect(get(doc, 'source.ip')).toBe('2001:db8:4:2::23');
    expect(get(doc, 'related.ip')).toEqual(['2001:db8:4:2::23', '198.51.100.23']);
    expect(get(doc, 'threat.technique.subtechnique')).toBeUndefined();
  });

  it('adds info beside denied when an identity category cannot take denied', () => {
    const alert = fixtureAlert('alert-step-up-auth-failures');
    alert.decision.action = 'block';
    const doc = encodeEcs(alert);
    expect(get(doc, 'event.type')).toEqual(['denied', 'info']);
    expect(checkEcsDocument(doc)).toEqual([]);
  });

  it('records a shadow block as allowed (nothing enforced), tagged shadow, no threat without techniques', () => {
    const doc = encodeEcs(fixtureAlert('alert-shadow-retrieval'));
    expect(get(doc, 'event.type')).toEqual(['allowed']);
    expect(get(doc, 'event.action')).toBe('block');
    expect(get(doc, 'event.outcome')).toBe('success');
    expect(get(doc, 'tags')).toEqual(['vigil', 'shadow']);
    expect(get(doc, 'vigil.mode')).toBe('shadow');
    expect(get(doc, 'threat')).toBeUndefined();
    expect(get(doc, 'user')).toEqual({ id: 'acme\\eve', name: 'eve', domain: 'acme' });
    expect(get(doc, 'related.user')).toEqual(['acme\\eve', 'eve']);
  });

  it('encodes an override without rule fields, naming the operator among related users', () => {
    const alert = fixtureAlert('alert-override-kill-switch');
    const doc = encodeEcs(alert);
    expect(get(doc, 'rule')).toBeUndefined();
    expect(get(doc, 'host')).toEqual({ id: 'laptop-carol', name: 'laptop-carol' });
    expect(get(doc, 'related.user')).toEqual(['operator:soc-oncall']);
    expect(get(doc, 'vigil.decision')).toEqual(alert.decision);
    expect(get(doc, 'event.start')).toBeUndefined();
  });

  it('treats an opaque device id as host.id only and ignores an attribute that is not an IP', () => {
    const alert = fixtureAlert('alert-override-kill-switch');
    alert.decision.subject = 'device:8c1f0e5a7b2d4c3e9f6a1b0c2d3e4f5a';
    const doc = encodeEcs(alert);
    expect(get(doc, 'host')).toEqual({ id: '8c1f0e5a7b2d4c3e9f6a1b0c2d3e4f5a' });

    const withBadIp = fixtureAlert('alert-block-agent-endpoint');
    withBadIp.signals[0]!.attributes['ip'] = '10.20.30.999';
    expect(get(encodeEcs(withBadIp), 'source')).toBeUndefined();
  });
});

describe('checkEcsDocument', () => {
  const good = (): Doc => encodeEcs(fixtureAlert('alert-block-agent-endpoint'));

  it('reports fields outside the set, wrong types and arrays where ECS expects one value', () => {
    const doc = good();
    (doc['event'] as Doc)['severity'] = 'high';
    (doc['event'] as Doc)['action'] = ['block'];
    (doc['source'] as Doc)['ip'] = '10.0.0.300';
    doc['@timestamp'] = 'yesterday';
    doc['agent'] = { name: 'finance-bot' };
    expect(checkEcsDocument(doc)).toEqual([
      '@timestamp: "yesterday" is not a valid date',
      'event.action: ECS does not expect an array here',
      'event.severity: "high" is not a valid long',
      'source.ip: "10.0.0.300" is not a valid ip',
      'agent.name: not in the ECS field set',
    ]);
  });

  it('rejects event.kind signal and categorisation ECS does not allow', () => {
    const doc = good();
    Object.assign(doc['event'] as Doc, { kind: 'signal', category: ['authentication', 'agentic'], type: ['denied'], outcome: 'blocked' });
    expect(checkEcsDocument(doc)).toEqual([
      'event.kind: signal is reserved for Elastic Security',
      'event.type: none of denied is expected for category authentication',
      'event.category: agentic is not an ECS value',
      'event.type: denied is expected by none of the categories',
      'event.outcome: blocked is not an ECS value',
    ]);
  });
});

describe('ecsIndexMappings', () => {
  it('maps every field of the set at its path with its type, vigil payloads flattened', () => {
    const m = ecsIndexMappings();
    const at = (path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o as { properties: Doc }).properties[k], m);
    for (const [name, field] of Object.entries(ECS_FIELDS)) expect((at(name) as { type: string }).type, name).toBe(field.type);
    expect(at('vigil.evidence')).toEqual({ type: 'flattened' });
    expect(at('related.ip')).toEqual({ type: 'ip' });
    expect(m.dynamic).toBe(false);
  });
});
