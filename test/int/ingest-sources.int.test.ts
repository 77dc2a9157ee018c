// Every source end to end on Kafka: raw records produced onto the source's raw topic of a running ingest
// instance (with kafkajs; Okta also with kcat, a non-JavaScript client) come out as signals on
// `vigil.signals`, keyed by their primary subject.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { SOURCES, startIngest } from '@vigil/ingest';
import type { Runtime, Started } from '@vigil/runtime';
import { SignalSchema, primarySubjectKey, type Signal } from '@vigil/schemas';
import { createTopics, sharedKafka, uniqueTopics, type TestTopics } from '../helpers/kafka.js';
import { connectTestRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait-for.js';
import { instance, newPipelineEnv } from './pipeline.js';
import { caepIssuerSettings, signedCaepRecords } from './caep-tokens.js';

const fixture = (source: string, name: string): string =>
  readFileSync(new URL(`../../services/ingest/sources/${source}/fixtures/${name}`, import.meta.url), 'utf8');

/** One raw record per source and the signal types it must yield. */
const CASES: { source: string; topicKey: keyof TestTopics; records: () => Promise<string[]> | string[]; types: string[] }[] = [
  {
    source: 'otlp',
    topicKey: 'rawOtlp',
    records: () => [fixture('otlp', 'agent-trace.json')],
    types: ['agent.invocation', 'agent.llm_call', 'agent.tool_call'],
  },
  {
    source: 'okta',
    topicKey: 'rawOkta',
    records: () => [fixture('okta', 'threat-and-grant.json')],
    types: ['auth.success', 'identity.privilege_grant', 'identity.threat'],
  },
  { source: 'entra', topicKey: 'rawEntra', records: () => [fixture('entra', 'risk-detection.json')], types: ['identity.risk'] },
  { source: 'caep', topicKey: 'rawCaep', records: () => signedCaepRecords(), types: ['session.revoked', 'identity.risk'] },
  { source: 'crowdstrike', topicKey: 'rawCrowdstrike', records: () => [fixture('crowdstrike', 'epp-detection.json')], types: ['endpoint.detection'] },
  { source: 'defender', topicKey: 'rawDefender', records: () => [fixture('defender', 'graph-alert.json')], types: ['endpoint.detection'] },
  {
    source: 'ocsf',
    topicKey: 'rawOcsf',
    records: () => [fixture('ocsf', 'detection-finding.json'), fixture('ocsf', 'authentication-failure.json')],
    types: ['endpoint.detection', 'auth.failure'],
  },
  { source: 'signals', topicKey: 'rawSignals', records: () => [fixture('signals', 'dlp-signal.json')], types: [] },
];

const kafka = new Kafka({ brokers: inject('kafkaBrokers'), clientId: 'ingest-sources-test', logLevel: logLevel.NOTHING });
const producer = kafka.producer();

describe('ingest sources on Kafka', () => {
  let topics: TestTopics;
  let redis: TestRedis;
  let rt: Runtime;
  let ingest: Started;
  const signals: { key: string | null; signal: Signal }[] = [];
  const consumer = kafka.consumer({ groupId: `signals-reader-${Math.random()}`, maxWaitTimeInMs: 200 });

  beforeAll(async () => {
    topics = uniqueTopics('src');
    await createTopics(sharedKafka(), topics);
    redis = await connectTestRedis();
    const env = await newPipelineEnv(topics, redis.prefix);
    rt = await instance(env, 'ingest', undefined, { sources: { caep: await caepIssuerSettings() } });
    ingest = await startIngest(rt);
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic: topics.signals, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) =>
        void signals.push({ key: message.key?.toString() ?? null, signal: SignalSchema.parse(JSON.parse(message.value!.toString())) }),
    });
  });

  afterAll(async () => {
    await consumer.disconnect();
    await producer.disconnect();
    await ingest.stop();
    await rt.close();
    await redis.cleanup();
  });

  it('registers a case for every source', () => {
    expect(CASES.map((c) => c.source).sort()).toEqual(SOURCES.map((s) => s.name).sort());
  });

  for (const c of CASES) {
    it(`${c.source}: raw records on its topic become signals on vigil.signals`, async () => {
      await producer.send({ topic: topics[c.topicKey], messages: (await c.records()).map((value) => ({ value })) });
      const mine = await waitFor(
        () => {
          const got = signals.filter((s) => s.signal.raw_ref?.topic === topics[c.topicKey]);
          return got.length > 0 && c.types.every((t) => got.some((s) => s.signal.type === t)) ? got : undefined;
        },
        { timeoutMs: 30_000, message: `signals from ${c.source}` },
      );
      for (const s of mine) expect(s.key).toBe(primarySubjectKey(s.signal.subjects));
    });
  }

  it('okta: records produced with kcat (librdkafka) are ingested too', async () => {
    const event = JSON.parse(fixture('okta', 'session-start-failure.json'));
    event.uuid = 'kcat-produced-1';
    execFileSync('kcat', ['-b', inject('kafkaBrokers').join(','), '-t', topics.rawOkta, '-P'], { input: `${JSON.stringify(event)}\n` });
    await waitFor(() => signals.some((s) => s.signal.raw_ref?.topic === topics.rawOkta && s.signal.type === 'auth.failure'), {
      timeoutMs: 30_000,
      message: 'kcat-produced okta event ingested',
    });
  });
});
