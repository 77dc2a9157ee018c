// Kafka on the mock cluster: the kafkajs pass-through ceiling (consume → JSON.parse → produce) against the
// real ingest and correlator services with Redis state, on the same records count and the same cluster.
import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { kafkajs, keyHashPartitioner } from '@vigil/bus';
import type { KafkaCluster } from '../helpers/kafka-cluster.js';
import { rate } from './measure.js';

/**
 * Kafka workload: Okta sign-in failures, record i for user i % users. `workloadUsers` gives most users four
 * and about one in twenty a fifth, so rule r1 decides for those few — traffic where decisions are the
 * exception, as in production, and a known set of decisions the run must produce.
 */
export function workloadUsers(count: number): number {
  return Math.ceil(count / 4.05);
}

/** The users with five failures (and so one r1 step-up each): those below count − 4 × users. */
export function fiveFailureUsers(count: number, tag: string): string[] {
  const users = workloadUsers(count);
  return Array.from({ length: count - 4 * users }, (_, u) => `user:${tag}-u${u}@acme.example`);
}

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

export const PARTITIONS = 4;

/**
 * A bench topic of PARTITIONS partitions, led round-robin by the cluster's brokers (1, 2, 3, 1), as a real
 * cluster spreads preferred leaders. The mock picks leaders at random, and the figures depended on the draw:
 * with all of the raw topic's partitions on one broker, ingest no longer ran ahead of the correlator and the
 * two-services figure came out about 1.6× lower (docs/performance.md, *Where the targets are missed*).
 */
export async function createBenchTopic(cluster: KafkaCluster, name: string): Promise<void> {
  await cluster.createTopic(name, PARTITIONS);
  for (let p = 0; p < PARTITIONS; p++) await cluster.setLeader(name, p, (p % cluster.bootstrap.length) + 1);
}

export async function produceAll(kafka: Kafka, topic: string, values: string[]): Promise<void> {
  const producer = kafka.producer({ createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
  await producer.connect();
  for (let i = 0; i < values.length; i += 1000)
    await producer.send({ topic, messages: values.slice(i, i + 1000).map((value, j) => ({ key: String(i + j), value })) });
  await producer.disconnect();
}

export async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('benchmark timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * consume → JSON.parse → produce with plain kafkajs: the ceiling a Kafka-connected service is measured against.
 * `count` records timed after the first `skip`, as kafkaE2e times the services. With `hops` 2, two such stages
 * in this process, the second reading what the first wrote (in → mid → out), timed at the second as kafkaE2e
 * times the correlator: the services' figure with Vigil's work taken out and the hop left in. (The first stage
 * runs ahead of the second, as ingest does of the correlator, so this measures what a hop in front of the timed
 * stage costs it, not two stages sharing the core all along.)
 */
export async function kafkaPipe(cluster: KafkaCluster, count: number, skip = 0, hops: 1 | 2 = 1): Promise<number> {
  const total = skip + count;
  // The same kafkajs for both sides, as @vigil/bus loads it (the request-queue fix and the producer
  // replacements of docs/kafka.md), and Vigil's partitioner (kafkajs's own spends about 1 µs hashing each of
  // these short keys).
  const kafka = new kafkajs.Kafka({ brokers: cluster.bootstrap, clientId: 'bench-pipe', logLevel: kafkajs.logLevel.NOTHING });
  const tag = randomBytes(3).toString('hex');
  const topics = [`bench${tag}.in`, ...(hops === 2 ? [`bench${tag}.mid`] : []), `bench${tag}.out`];
  for (const t of topics) await createBenchTopic(cluster, t);
  await produceAll(
    kafka,
    topics[0]!,
    Array.from({ length: total }, (_, i) => signInFailure(i, workloadUsers(total), `pipe${tag}`)),
  );
  const stages: PipeStage[] = [];
  try {
    for (let h = 0; h < hops; h++) stages.push(await pipeStage(kafka, topics[h]!, topics[h + 1]!, `bench-pipe-${tag}-${h}`, skip));
    const last = stages[stages.length - 1]!;
    await until(() => last.done >= total, 120_000);
    return rate(total - last.first, performance.now() - last.start);
  } finally {
    for (const stage of stages) await stage.stop();
  }
}

interface PipeStage {
  /** Records passed on so far; when timing started (the first batch at or past `skip`) and how many were done then. */
  done: number;
  start: number;
  first: number;
  stop(): Promise<void>;
}

/** One pass-through stage: consume `from`, JSON.parse and JSON.stringify each value, produce to `to`, commit. */
async function pipeStage(kafka: Kafka, from: string, to: string, groupId: string, skip: number): Promise<PipeStage> {
  // The mock reports no usable controller, so idempotence is off here, as it is for Vigil's KafkaBus on it.
  const producer = kafka.producer({ maxInFlightRequests: 1, createPartitioner: keyHashPartitioner });
  await producer.connect();
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic: from, fromBeginning: true });
  const stage: PipeStage = {
    done: 0,
    start: 0,
    first: 0,
    stop: async () => {
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
  await consumer.run({
    eachBatchAutoResolve: false,
    autoCommit: false,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat }) => {
      if (!stage.start && stage.done >= skip) {
        stage.start = performance.now();
        stage.first = stage.done;
      }
      const messages = batch.messages.map((m) => ({ key: m.key, value: JSON.stringify(JSON.parse(m.value!.toString())) }));
      await producer.send({ topic: to, messages });
      const last = batch.messages[batch.messages.length - 1]!;
      resolveOffset(last.offset);
      await commitOffsetsIfNecessary({
        topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: String(BigInt(last.offset) + 1n) }] }],
      });
      await heartbeat();
      stage.done += messages.length;
    },
  });
  return stage;
}
