// Kafka on the mock cluster: the kafkajs pass-through ceiling (consume → JSON.parse → produce) against the
// real ingest and correlator services with Redis state, on the same records count and the same cluster.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { KafkaBus } from '@vigil/bus';
import { loadSettings } from '@vigil/core';
import { startCorrelator } from '@vigil/correlator';
import { startIngest } from '@vigil/ingest';
import { createRuntime, type Runtime } from '@vigil/runtime';
import { TOPICS } from '@vigil/schemas';
import type { RedisStore } from '@vigil/store';
import { silentLogger } from '@vigil/telemetry';
import type { KafkaCluster } from '../helpers/kafka-cluster.js';
import { deletePrefix } from '../helpers/redis.js';
import { rate } from './measure.js';

/**
 * Kafka workload: Okta sign-in failures over count/4 users (about four each, so rule r1 decides for the
 * few that reach five) — traffic where decisions are the exception, as in production.
 */
export function signInFailure(i: number, users: number, tag: string): string {
  return JSON.stringify({
    uuid: `${tag}-${i}`,
    published: new Date(Date.now() - 60_000 + (i % 1000)).toISOString(),
    eventType: 'user.session.start',
    actor: { alternateId: `${tag}-u${i % users}@acme.example`, type: 'User' },
    client: { ipAddress: '198.51.100.7' },
    outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
  });
}

const PARTITIONS = 4;

async function produceAll(kafka: Kafka, topic: string, values: string[]): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (let i = 0; i < values.length; i += 1000)
    await producer.send({ topic, messages: values.slice(i, i + 1000).map((value, j) => ({ key: String(i + j), value })) });
  await producer.disconnect();
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('benchmark timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** consume → JSON.parse → produce with plain kafkajs: the ceiling a Kafka-connected service is measured against. */
export async function kafkaPipe(cluster: KafkaCluster, count: number): Promise<number> {
  const kafka = new Kafka({ brokers: cluster.bootstrap, clientId: 'bench-pipe', logLevel: logLevel.NOTHING });
  const tag = randomBytes(3).toString('hex');
  const [input, output] = [`bench${tag}.in`, `bench${tag}.out`];
  await cluster.createTopic(input, PARTITIONS);
  await cluster.createTopic(output, PARTITIONS);
  await produceAll(
    kafka,
    input,
    Array.from({ length: count }, (_, i) => signInFailure(i, Math.ceil(count / 4), `pipe${tag}`)),
  );
  // The mock reports no usable controller, so idempotence is off here, as it is for Vigil's KafkaBus on it.
  const producer = kafka.producer({ maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: `bench-pipe-${tag}`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic: input, fromBeginning: true });
  let done = 0;
  let start = 0;
  await consumer.run({
    eachBatchAutoResolve: false,
    autoCommit: false,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat }) => {
      if (!start) start = performance.now();
      const messages = batch.messages.map((m) => ({ key: m.key, value: JSON.stringify(JSON.parse(m.value!.toString())) }));
      await producer.send({ topic: output, messages });
      const last = batch.messages[batch.messages.length - 1]!;
      resolveOffset(last.offset);
      await commitOffsetsIfNecessary({
        topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: String(BigInt(last.offset) + 1n) }] }],
      });
      await heartbeat();
      done += messages.length;
    },
  });
  await until(() => done >= count, 120_000);
  const perSecond = rate(count, performance.now() - start);
  await consumer.disconnect();
  await producer.disconnect();
  return perSecond;
}

/**
 * The ingest and correlator services through the mock cluster, state in Redis: as two services (separate
 * runtimes, raw → ingest → vigil.signals → correlator), or `inline` (one process, VIGIL_INLINE_CORRELATION:
 * ingest hands each batch's signals to the correlator, one Kafka hop).
 */
export async function kafkaE2e(
  cluster: KafkaCluster,
  redisUrl: string,
  count: number,
  mode: 'services' | 'inline' = 'services',
): Promise<{ perSecond: number; roundTripsPerBatch: number; batches: number }> {
  const tag = randomBytes(3).toString('hex');
  const topics = Object.fromEntries(Object.entries(TOPICS).map(([k, v]) => [k, `bench${tag}.${v}`])) as Record<keyof typeof TOPICS, string>;
  for (const t of Object.values(topics)) await cluster.createTopic(t, PARTITIONS);
  const kafka = new Kafka({ brokers: cluster.bootstrap, clientId: 'bench-e2e', logLevel: logLevel.NOTHING });
  await produceAll(
    kafka,
    topics.rawOkta,
    Array.from({ length: count }, (_, i) => signInFailure(i, Math.ceil(count / 4), `e2e${tag}`)),
  );
  const prefix = `vigil-test:bench${tag}:`;
  const settings = loadSettings({
    env: {},
    overrides: {
      kafkaBrokers: cluster.bootstrap,
      redisUrl,
      redisPrefix: prefix,
      topics,
      groupPrefix: `bench${tag}`,
      logLevel: 'silent',
      inlineCorrelation: mode === 'inline',
    },
  });
  const bus = (name: string) => new KafkaBus({ brokers: cluster.bootstrap, clientId: `bench-${name}`, maxWaitTimeMs: 50, logger: silentLogger() });
  const runtimes: Runtime[] =
    mode === 'inline'
      ? [await createRuntime(settings, { bus: bus('inline'), logger: silentLogger() })]
      : [
          await createRuntime(settings, { bus: bus('ingest'), logger: silentLogger() }),
          await createRuntime(settings, { bus: bus('correlator'), logger: silentLogger() }),
        ];
  const [ingestRt, correlatorRt] = [runtimes[0]!, runtimes.at(-1)!];
  const correlator = await startCorrelator(correlatorRt, { inline: mode === 'inline' });
  const ingest = await startIngest(ingestRt, mode === 'inline' ? { handOff: (signals, records) => correlator.service.evaluateInline(signals, records) } : {});
  const evaluated = correlatorRt.metrics.getSingleMetric('vigil_correlator_signals_total') as { get(): Promise<{ values: { value: number }[] }> };
  const processed = async (): Promise<number> => (await evaluated.get()).values[0]?.value ?? 0;
  try {
    // Timed from the correlator's first batch, as the pass-through is timed from its first: group joins excluded.
    let start = 0;
    let first = 0;
    for (;;) {
      const n = await processed();
      if (n > 0 && !start) {
        start = performance.now();
        first = n;
      }
      if (n >= count) break;
      if (start && performance.now() - start > 180_000) throw new Error('benchmark timed out');
      await new Promise((r) => setTimeout(r, 2));
    }
    const perSecond = rate(count - first, performance.now() - start);
    const metrics = await correlatorRt.metrics.getSingleMetricAsString('vigil_correlator_batch_seconds');
    const batches = Number(/vigil_correlator_batch_seconds_count (\d+)/.exec(metrics)?.[1] ?? 0);
    const trips = (correlatorRt.store as RedisStore).roundTrips;
    return { perSecond, roundTripsPerBatch: batches ? trips / batches : NaN, batches };
  } finally {
    await ingest.stop();
    await correlator.stop();
    for (const r of runtimes) await r.close();
    await deletePrefix(redisUrl, prefix);
  }
}
