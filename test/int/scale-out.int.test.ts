// Two correlator instances in one consumer group on the mock cluster, Redis state. Signals are keyed by
// their user, so one agent acting for many users is evaluated by both instances at once: the starter
// pack's data-sprawl rule (r6, keyed by the agent) still counts every source and decides once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCorrelator } from '@vigil/correlator';
import type { Runtime, Started } from '@vigil/runtime';
import type { SignalInput } from '@vigil/schemas';
import { createTopics, sharedKafka, uniqueTopics, testKafka } from '../helpers/kafka.js';
import { allDecisionsOn, caughtUp } from '../helpers/kafka-read.js';
import { connectTestRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait-for.js';
import { instance, newPipelineEnv } from './pipeline.js';

const kafka = testKafka('scale-out-test');
const producer = kafka.producer();
const admin = kafka.admin();
const USERS = 30;

const retrieval = (agent: string, i: number): SignalInput => ({
  id: `scale-${agent}-${i}`,
  time: new Date(Date.now() - (USERS - i) * 1000).toISOString(),
  source: 'otlp',
  type: 'agent.retrieval',
  severity: 0,
  subjects: { user: `u${i}@acme.example`, agent },
  attributes: { data_source: `source-${i}` },
});

const warmUp = (partition: number): SignalInput => ({
  id: `warm-${partition}-${Date.now()}`,
  time: new Date().toISOString(),
  source: 'okta',
  type: 'auth.success',
  severity: 0,
  subjects: { user: `warm-${partition}@acme.example` },
});

const signalsSeen = async (rt: Runtime) => (await rt.metrics.getSingleMetric('vigil_correlator_signals_total')!.get()).values[0]?.value ?? 0;

describe('two correlator instances, one agent', () => {
  let redis: TestRedis;
  const runtimes: Runtime[] = [];
  const started: Started[] = [];

  beforeAll(async () => {
    redis = await connectTestRedis();
    await producer.connect();
    await admin.connect();
  });
  afterAll(async () => {
    for (const s of started) await s.stop();
    for (const rt of runtimes) await rt.close();
    await producer.disconnect();
    await admin.disconnect();
    await redis?.cleanup();
  });

  it('counts the sources of an agent whose users sit on both instances and steps it up once', async () => {
    const topics = uniqueTopics('scale');
    await createTopics(sharedKafka(), topics);
    const env = await newPipelineEnv(topics, redis.prefix);
    const group = `${env.groupPrefix}-correlator`;
    runtimes.push(...(await Promise.all(['a', 'b'].map((name) => instance(env, name)))));
    // Started together, they join the group in one round instead of the second forcing a rebalance.
    started.push(...(await Promise.all(runtimes.map((rt) => startCorrelator(rt)))));
    // One signal on each partition: once both instances have evaluated one, both hold partitions.
    await producer.send({
      topic: topics.signals,
      messages: [0, 1, 2, 3].map((partition) => ({ partition, value: JSON.stringify({ v: 1, ...warmUp(partition) }) })),
    });
    await waitFor(async () => (await Promise.all(runtimes.map(signalsSeen))).every((n) => n > 0), { timeoutMs: 30_000, message: 'both instances evaluating' });
    const agent = `sprawler-${Date.now()}`;
    await producer.send({
      topic: topics.signals,
      messages: Array.from({ length: USERS }, (_, i) => ({ key: `user:u${i}@acme.example`, value: JSON.stringify({ v: 1, ...retrieval(agent, i) }) })),
    });
    await caughtUp(admin, group, topics.signals);
    const sprawl = (await allDecisionsOn(kafka, admin, topics.decisions)).filter((d) => d.rule?.id === 'r6-data-sprawl');
    // A lost update of the agent's window leaves it short of 21 sources, or a lost suppression decides twice.
    expect(sprawl.map((d) => [d.subject, d.action, d.reason])).toEqual([[`agent:${agent}`, 'step_up', '21 distinct data sources within an hour']]);
    const seen = await Promise.all(runtimes.map(signalsSeen));
    expect(seen.every((n) => n > 0)).toBe(true);
    expect(seen[0]! + seen[1]!).toBe(USERS + 4);
  });
});
