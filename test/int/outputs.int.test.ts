// The outputs service through Kafka (the shared mock cluster): alerts the correlator would write to
// vigil.alerts reach a fake Splunk HEC; two sinks are two consumer groups, so one that is down holds back
// nothing of the other, and catches up without loss once it is back; unreadable records are dead-lettered.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { loadSettings } from '@vigil/core';
import { alertTopicValue, startOutputs, type OutputsService } from '@vigil/outputs';
import { createRuntime, type Runtime } from '@vigil/runtime';
import { AlertSchema, DeadLetterSchema, type Alert } from '@vigil/schemas';
import { silentLogger } from '@vigil/telemetry';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createTopics, sharedKafka, uniqueTopics, type TestTopics, testKafka } from '../helpers/kafka.js';
import { waitFor } from '../helpers/wait-for.js';
import { kafkaBus } from './pipeline.js';

const FIXTURES = new URL('../../services/outputs/formats/fixtures/', import.meta.url);
const TOKEN = 'int-hec-token';

interface FakeHec {
  port: number;
  ids: string[];
  healthy: boolean;
  server: Server;
}

async function fakeHec(healthy: boolean): Promise<FakeHec> {
  const hec: FakeHec = { port: 0, ids: [], healthy, server: createServer() };
  hec.server.on('request', (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      if (req.headers.authorization !== `Splunk ${TOKEN}` || !hec.healthy) {
        res.writeHead(hec.healthy ? 401 : 503, { 'content-type': 'application/json' }).end('{"text":"Server is busy","code":9}');
        return;
      }
      for (const line of body.split('\n')) hec.ids.push((JSON.parse(line) as { fields: { vigil_alert_id: string } }).fields.vigil_alert_id);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"text":"Success","code":0}');
    });
  });
  await new Promise<void>((resolve) => hec.server.listen(0, '127.0.0.1', resolve));
  hec.port = (hec.server.address() as AddressInfo).port;
  return hec;
}

function alerts(n: number): Alert[] {
  const fixtures = ['alert-block-agent-endpoint', 'alert-override-kill-switch', 'alert-shadow-retrieval', 'alert-step-up-auth-failures'].map((f) =>
    AlertSchema.parse(JSON.parse(readFileSync(new URL(`${f}.json`, FIXTURES), 'utf8'))),
  );
  return Array.from({ length: n }, (_, i) => ({ ...structuredClone(fixtures[i % fixtures.length]!), id: `alr_int_${i}` }));
}

describe('outputs through Kafka', () => {
  let topics: TestTopics;
  let up: FakeHec;
  let down: FakeHec;
  let rt: Runtime;
  let producerRt: Runtime;
  let service: OutputsService;
  const kafka = testKafka('outputs-int');

  beforeAll(async () => {
    topics = uniqueTopics('out');
    await createTopics(sharedKafka(), [...Object.values(topics), `${topics.deadletter}.up`, `${topics.deadletter}.down`]);
    [up, down] = await Promise.all([fakeHec(true), fakeHec(false)]);
    const settings = (outputs?: string) =>
      loadSettings({
        env: {},
        overrides: {
          kafkaBrokers: inject('kafkaBrokers'),
          groupPrefix: `g${randomBytes(4).toString('hex')}`,
          topics,
          logLevel: 'silent',
          ...(outputs ? { outputs } : {}),
        },
      });
    const hec = `splunk-hec+http://127.0.0.1`;
    rt = await createRuntime(
      settings(
        `${hec}:${up.port}?token_env=HEC_TOKEN&name=up&batch_size=10,${hec}:${down.port}?token_env=HEC_TOKEN&name=down&retries=1000&min_backoff=50ms&max_backoff=200ms`,
      ),
      { bus: kafkaBus('outputs'), logger: silentLogger() },
    );
    producerRt = await createRuntime(settings(), { bus: kafkaBus('correlator'), logger: silentLogger() });
    service = await startOutputs(rt, { env: { HEC_TOKEN: TOKEN } });
  });

  afterAll(async () => {
    await service?.stop();
    await rt?.close();
    await producerRt?.close();
    for (const h of [up, down]) await new Promise<void>((resolve) => (h ? h.server.close(() => resolve()) : resolve()));
  });

  it('delivers every alert to the healthy sink while the other is down, and to the other once it is back', async () => {
    const sent = alerts(40);
    await producerRt.bus.publish(sent.map((a) => ({ topic: topics.alerts, key: a.decision.subject, value: alertTopicValue(a) })));
    const all = new Set(sent.map((a) => a.id));

    await waitFor(() => new Set(up.ids).size === all.size, { timeoutMs: 45_000, message: 'all alerts at the healthy HEC' });
    expect(new Set(up.ids)).toEqual(all);
    expect(down.ids).toHaveLength(0);
    expect(service.runners.map((r) => r.sink.name)).toEqual(['up', 'down']);

    down.healthy = true;
    await waitFor(() => new Set(down.ids).size === all.size, { timeoutMs: 45_000, message: 'all alerts at the HEC that came back' });
    expect(new Set(down.ids)).toEqual(all);
  });

  it('dead-letters an unreadable record on vigil.alerts once, with its bytes', async () => {
    const garbage = Buffer.from('{"not": "an alert"');
    await producerRt.bus.publish([{ topic: topics.alerts, key: 'x', value: garbage }]);
    const consumer = kafka.consumer({ groupId: `reader-${randomBytes(4).toString('hex')}`, maxWaitTimeInMs: 200 });
    const seen: Buffer[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: topics.deadletter, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!) });
    try {
      await waitFor(() => seen.length >= 1, { timeoutMs: 30_000, message: 'dead-letter on vigil.deadletter' });
      const dl = DeadLetterSchema.parse(JSON.parse(seen[0]!.toString('utf8')));
      expect(dl).toMatchObject({ component: 'outputs', code: 'VIGIL_ERR_PARSE', source: { topic: topics.alerts } });
      expect(Buffer.from(dl.value_b64, 'base64')).toEqual(garbage);
    } finally {
      await consumer.disconnect();
    }
    // Both sinks read it; only the first reports it.
    expect(seen).toHaveLength(1);
  });
});
