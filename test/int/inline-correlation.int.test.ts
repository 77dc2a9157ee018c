// VIGIL_INLINE_CORRELATION: one process, ingest hands each raw batch's signals to the correlator (one Kafka
// hop). Signals still land on vigil.signals; the decision comes out once; garbage is dead-lettered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServices } from '../../services/cli/commands/services.js';
import type { Runtime, Started } from '@vigil/runtime';
import { DeadLetterSchema, DecisionSchema, SignalSchema } from '@vigil/schemas';
import { createTopics, sharedKafka, uniqueTopics, type TestTopics, testKafka } from '../helpers/kafka.js';
import { connectTestRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait-for.js';
import { instance, newPipelineEnv } from './pipeline.js';

const kafka = testKafka('inline-test');
const producer = kafka.producer({ allowAutoTopicCreation: false });

const failure = (user: string, i: number): string =>
  JSON.stringify({
    uuid: `inline-${user}-${i}`,
    published: new Date(Date.now() - (10 - i) * 1000).toISOString(),
    eventType: 'user.session.start',
    actor: { alternateId: user, type: 'User' },
    client: { ipAddress: '198.51.100.7' },
    outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
  });

/** Every record of a topic so far (a fresh group from the beginning). */
async function readTopic(topic: string, atLeast: number): Promise<Buffer[]> {
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Math.random()}`, maxWaitTimeInMs: 100 });
  const seen: Buffer[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!) });
  try {
    await waitFor(() => seen.length >= atLeast, { timeoutMs: 30_000, message: `${atLeast} records on ${topic}` });
    return seen;
  } finally {
    await consumer.disconnect();
  }
}

describe('inline correlation (one process, one hop)', () => {
  let topics: TestTopics;
  let redis: TestRedis;
  let rt: Runtime;
  let services: Started;

  beforeAll(async () => {
    topics = uniqueTopics('inline');
    await createTopics(sharedKafka(), topics);
    redis = await connectTestRedis();
    rt = await instance(await newPipelineEnv(topics, redis.prefix), 'inline', undefined, { inlineCorrelation: true });
    await producer.connect();
    services = await startServices(rt, ['correlator', 'ingest']);
  });

  afterAll(async () => {
    await services?.stop();
    await rt?.close();
    await producer.disconnect();
    await redis?.cleanup();
  });

  it('decides from raw events without reading vigil.signals, writes the signals, dead-letters garbage', async () => {
    const user = `inline-${Date.now()}@acme.example`;
    await producer.send({ topic: topics.rawOkta, messages: [{ value: 'not json' }, ...[0, 1, 2, 3, 4, 5].map((i) => ({ value: failure(user, i) }))] });
    const decisions = (await readTopic(topics.decisions, 1)).map((v) => DecisionSchema.parse(JSON.parse(v.toString())));
    expect(decisions.map((d) => [d.subject, d.action, d.rule?.id])).toEqual([[`user:${user}`, 'step_up', 'r1-brute-force']]);
    const signals = (await readTopic(topics.signals, 6)).map((v) => SignalSchema.parse(JSON.parse(v.toString())));
    expect(signals.filter((s) => s.subjects.user === user)).toHaveLength(6);
    const dead = (await readTopic(topics.deadletter, 1)).map((v) => DeadLetterSchema.parse(JSON.parse(v.toString())));
    expect(dead[0]).toMatchObject({ source: { topic: topics.rawOkta } });
    // The correlator's group never joined vigil.signals: nothing was evaluated twice.
    const groups = kafka.admin();
    await groups.connect();
    try {
      const offsets = await groups.fetchOffsets({ groupId: `${rt.settings.groupPrefix}-correlator`, topics: [topics.signals] });
      expect(offsets.flatMap((t) => t.partitions).every((p) => p.offset === '-1')).toBe(true);
    } finally {
      await groups.disconnect();
    }
    const hits = (await rt.metrics.getSingleMetric('vigil_correlator_signals_total')!.get()).values[0]?.value;
    expect(hits).toBe(6);
  });
});
