// The first vertical slice, as separate instances through the mock Kafka cluster with Redis state:
// Okta failures → ingest → signals → correlator (rule r1) → signed decision → decision API check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCorrelator } from '@vigil/correlator';
import { startDecisionApi, type DecisionApi } from '@vigil/decision-api';
import { startIngest } from '@vigil/ingest';
import type { Runtime, Started } from '@vigil/runtime';
import { DeadLetterSchema, DecisionSchema, SIGNATURE_HEADER } from '@vigil/schemas';
import { createTopics, sharedKafka, uniqueTopics, type TestTopics, testKafka } from '../helpers/kafka.js';
import { connectTestRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait-for.js';
import { instance, newPipelineEnv, type PipelineEnv } from './pipeline.js';

const kafka = testKafka('slice-test');
const producer = kafka.producer({ allowAutoTopicCreation: false });

function oktaFailure(user: string, i: number, at = Date.now()): string {
  return JSON.stringify({
    uuid: `slice-${user}-${i}`,
    published: new Date(at - (10 - i) * 1000).toISOString(),
    eventType: 'user.session.start',
    actor: { alternateId: user, type: 'User' },
    client: { ipAddress: '198.51.100.7' },
    outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
  });
}

async function readAll(topic: string, until: (values: { value: Buffer; headers: Record<string, string> }[]) => boolean) {
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Math.random()}`, maxWaitTimeInMs: 200 });
  const seen: { value: Buffer; headers: Record<string, string> }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
      seen.push({ value: message.value!, headers });
    },
  });
  try {
    await waitFor(() => until(seen), { timeoutMs: 30_000, message: `records on ${topic}` });
    return seen;
  } finally {
    await consumer.disconnect();
  }
}

describe('slice through Kafka and Redis, separate instances', () => {
  let topics: TestTopics;
  let redis: TestRedis;
  let env: PipelineEnv;
  const runtimes: Runtime[] = [];
  const started: Started[] = [];
  let api: DecisionApi;

  beforeAll(async () => {
    topics = uniqueTopics('slice');
    await createTopics(sharedKafka(), topics);
    redis = await connectTestRedis();
    env = await newPipelineEnv(topics, redis.prefix);
    await producer.connect();
    const [ingestRt, correlatorRt, apiRt] = await Promise.all([instance(env, 'ingest'), instance(env, 'correlator'), instance(env, 'api')]);
    runtimes.push(ingestRt, correlatorRt, apiRt);
    api = await startDecisionApi(apiRt, { port: 0 });
    started.push(api, await startCorrelator(correlatorRt), await startIngest(ingestRt));
  });

  afterAll(async () => {
    for (const s of started.reverse()) await s.stop();
    for (const r of runtimes) await r.close();
    await producer.disconnect();
    await redis?.cleanup();
  });

  it('steps up a brute-forced user, dead-letters garbage, and keeps processing after it', async () => {
    const user = 'Slice.User@Acme.example';
    const check = () => fetch(`http://127.0.0.1:${api.port}/v1/check?user=slice.user@acme.example`);
    expect((await check()).status).toBe(200);

    const garbage = Buffer.from('{"this is":not json');
    await producer.send({ topic: topics.rawOkta, messages: [0, 1, 2, 3].map((i) => ({ value: oktaFailure(user, i) })) });
    await producer.send({ topic: topics.rawOkta, messages: [{ value: garbage }] });
    await producer.send({ topic: topics.rawOkta, messages: [{ value: oktaFailure(user, 4) }] });

    const res = await waitFor(
      async () => {
        const r = await check();
        return r.status === 401 ? r : undefined;
      },
      { timeoutMs: 30_000, message: 'check answers 401' },
    );
    expect(res.headers.get('x-vigil-action')).toBe('step_up');
    expect(await res.json()).toMatchObject({ action: 'step_up', subject: 'user:slice.user@acme.example' });

    const dead = await readAll(topics.deadletter, (v) => v.length >= 1);
    const record = DeadLetterSchema.parse(JSON.parse(dead[0]!.value.toString()));
    expect(record.code).toBe('VIGIL_ERR_PARSE');
    expect(record.reason).toMatch(/not valid JSON/);
    expect(Buffer.from(record.value_b64, 'base64')).toEqual(garbage);
    expect(record.source.topic).toBe(topics.rawOkta);

    const decisions = await readAll(topics.decisions, (v) => v.length >= 1);
    const d = DecisionSchema.parse(JSON.parse(decisions[0]!.value.toString()));
    expect(d).toMatchObject({ subject: 'user:slice.user@acme.example', action: 'step_up', rule: { id: 'r1-brute-force' } });
    expect(decisions[0]!.headers[SIGNATURE_HEADER]).toMatch(/^[\w-]+\.\.[\w-]+$/);
  });
});
