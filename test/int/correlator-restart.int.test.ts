// "Nothing lost": a correlator that consumed a batch but died before publishing what it caused is
// replaced by a new instance in the same group, which re-reads the uncommitted batch and publishes the
// decision. And with Redis state, a window started by one instance is finished by the next.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startCorrelator } from '@vigil/correlator';
import type { Runtime } from '@vigil/runtime';
import { DecisionSchema, type Decision, type SignalInput } from '@vigil/schemas';
import { createTopics, sharedKafka, uniqueTopics } from '../helpers/kafka.js';
import { connectTestRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait-for.js';
import { instance, kafkaBus, newPipelineEnv } from './pipeline.js';

const kafka = new Kafka({ brokers: inject('kafkaBrokers'), clientId: 'restart-test', logLevel: logLevel.NOTHING });
const producer = kafka.producer();

const failure = (user: string, i: number): SignalInput => ({
  id: `restart-${user}-${i}`,
  time: new Date(Date.now() - (10 - i) * 1000).toISOString(),
  source: 'okta',
  type: 'auth.failure',
  severity: 30,
  subjects: { user },
});

async function decisionsOn(topic: string, count: number): Promise<Decision[]> {
  const consumer = kafka.consumer({ groupId: `reader-${Math.random()}`, maxWaitTimeInMs: 200 });
  const out: Decision[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void out.push(DecisionSchema.parse(JSON.parse(message.value!.toString()))) });
  try {
    await waitFor(() => out.length >= count, { timeoutMs: 30_000, message: `${count} decision(s) on ${topic}` });
    return out;
  } finally {
    await consumer.disconnect();
  }
}

describe('correlator restarts', () => {
  let redis: TestRedis;
  const runtimes: Runtime[] = [];

  beforeAll(async () => {
    redis = await connectTestRedis();
    await producer.connect();
  });
  afterEach(async () => {
    for (const r of runtimes.splice(0)) await r.close().catch(() => undefined);
  });
  afterAll(async () => {
    await producer.disconnect();
    await redis.cleanup();
  });

  it('publishes the decision after a crash between consuming and publishing', async () => {
    const topics = uniqueTopics('crash');
    await createTopics(sharedKafka(), topics);
    const env = await newPipelineEnv(topics, redis.prefix);

    // First instance: its publish of the decision fails, as if the process died right there.
    const doomedBus = kafkaBus('doomed');
    let attempts = 0;
    const realPublish = doomedBus.publish.bind(doomedBus);
    doomedBus.publish = async (records) => {
      if (records.some((r) => r.topic === topics.decisions)) {
        attempts++;
        throw new Error('process killed before publishing');
      }
      return realPublish(records);
    };
    const doomed = await instance(env, 'doomed', doomedBus);
    runtimes.push(doomed);
    const first = await startCorrelator(doomed);
    await producer.send({
      topic: topics.signals,
      messages: [0, 1, 2, 3, 4].map((i) => ({ key: 'user:kill@acme.example', value: JSON.stringify(failure('kill@acme.example', i)) })),
    });
    await waitFor(() => attempts > 0, { timeoutMs: 30_000, message: 'the doomed correlator evaluated the batch' });
    await first.stop().catch(() => undefined);
    await doomed.close().catch(() => undefined);

    // Second instance, same consumer group and Redis: it re-reads the uncommitted batch.
    const survivor = await instance(env, 'survivor');
    runtimes.push(survivor);
    const second = await startCorrelator(survivor);
    const decisions = await decisionsOn(topics.decisions, 1);
    await second.stop();
    expect(decisions[0]).toMatchObject({ subject: 'user:kill@acme.example', action: 'step_up', rule: { id: 'r1-brute-force' } });
  });

  it('continues a window across a restart with Redis state', async () => {
    const topics = uniqueTopics('window');
    await createTopics(sharedKafka(), topics);
    const env = await newPipelineEnv(topics, redis.prefix);
    const user = 'window@acme.example';

    const a = await instance(env, 'a');
    runtimes.push(a);
    const firstRun = await startCorrelator(a);
    await producer.send({ topic: topics.signals, messages: [0, 1, 2].map((i) => ({ key: `user:${user}`, value: JSON.stringify(failure(user, i)) })) });
    await waitFor(async () => (await a.store.scan('{user:window@acme.example}')).length > 0, { timeoutMs: 30_000, message: 'window state written to Redis' });
    await firstRun.stop();
    await a.close();

    const b = await instance(env, 'b');
    runtimes.push(b);
    const secondRun = await startCorrelator(b);
    await producer.send({ topic: topics.signals, messages: [3, 4].map((i) => ({ key: `user:${user}`, value: JSON.stringify(failure(user, i)) })) });
    const decisions = await decisionsOn(topics.decisions, 1);
    await secondRun.stop();
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ subject: `user:${user}`, reason: '5 failed sign-ins within 10 minutes' });
  });
});
