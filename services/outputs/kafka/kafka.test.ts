import { MemoryBus } from '@vigil/bus';
import { describe, expect, it } from 'vitest';
import { encodeCef, parseCef } from '../formats/index.js';
import { fixtureAlerts } from '../formats/testing/alerts.js';
import { configOf, problemsOf, readExample, sinksOf } from '../testing/config.js';
import { expectedFixture, expectedText } from '../testing/fixtures.js';
import { kafkaRecord } from './encode.js';
import { KafkaTransport } from './deliver.js';
import { kafkaSink } from './index.js';

describe('kafka config', () => {
  it('treats kafka:vigil.alerts?format=ecs (the default) as nothing to do: the correlator writes that', () => {
    const [sink] = sinksOf('kafka:vigil.alerts?format=ecs');
    expect(sink!.noop).toMatch(/already writes ECS alerts to vigil.alerts/);
    expect(sinksOf('kafka:vigil.alerts')[0]!.noop).toBeDefined();
  });

  it('writes another format to another topic', () => {
    const c = configOf(kafkaSink, 'kafka:acme.siem.alerts?format=ocsf&name=lake&batch_size=50');
    expect(c).toMatchObject({ name: 'lake', topic: 'acme.siem.alerts', format: 'ocsf' });
    expect(c.noop).toBeUndefined();
    expect(c.delivery.batchSize).toBe(50);
  });

  it('refuses other formats on the alerts topic (the sinks would read them back), hosts and bad topics', () => {
    expect(problemsOf('kafka:vigil.alerts?format=cef')).toEqual([expect.stringMatching(/format: vigil.alerts is the topic the sinks read/)]);
    expect(problemsOf('kafka://broker:9092/t')).toEqual(expect.arrayContaining([expect.stringMatching(/host: write kafka:<topic>/)]));
    expect(problemsOf('kafka:bad%20topic')).toEqual([expect.stringMatching(/path: expected a topic name/)]);
    expect(problemsOf('kafka:?format=ecs')).toEqual([expect.stringMatching(/path: expected a topic name/)]);
  });

  it('parses its example.env: two kafka sinks, the no-op one needs no name of its own', () => {
    const vars = readExample('kafka');
    const sinks = sinksOf(vars.VIGIL_OUTPUTS!, vars);
    expect(sinks.map((s) => [s.type, Boolean(s.noop)])).toEqual([
      ['kafka', true],
      ['kafka', false],
    ]);
  });
});

describe('kafka encode and deliver', () => {
  it('keys each record by subject and carries the chosen format', () => {
    for (const { name, alert } of fixtureAlerts()) {
      const r = kafkaRecord(alert, 't', 'ecs');
      expect(r).toMatchObject({
        topic: 't',
        key: alert.decision.subject,
        headers: { 'vigil-format': 'ecs', 'vigil-alert-id': alert.id, 'content-type': 'application/json' },
      });
      expect(JSON.parse(r.value as string)).toEqual(expectedFixture(name, 'ecs.json'));
      expect(kafkaRecord(alert, 't', 'cef').value).toBe(expectedText(name, 'cef.txt').trimEnd());
    }
  });

  it('publishes through the bus', async () => {
    const bus = new MemoryBus();
    const alerts = fixtureAlerts().map((f) => f.alert);
    const out = await new KafkaTransport(bus, 'acme.cef', 'cef').deliver(alerts);
    expect(out.every((o) => o.ok)).toBe(true);
    const got = bus.records('acme.cef').map((r) => parseCef(r.value.toString('utf8')).extension.externalId);
    expect(got.sort()).toEqual(alerts.map((a) => a.id).sort());
    expect(
      bus
        .records('acme.cef')
        .map((r) => r.value.toString('utf8'))
        .sort(),
    ).toEqual(alerts.map((a) => encodeCef(a)).sort());
  });
});
