// The ingest and correlator services through the mock cluster, state in Redis: as two processes (as deployed,
// `vigil start --only ingest` / `--only correlator`), as two services in one process, or inline (one process,
// VIGIL_INLINE_CORRELATION: ingest hands each batch's signals to the correlator, one Kafka hop).
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Kafka } from 'kafkajs';
import { kafkajs, KafkaBus } from '@vigil/bus';
import { loadSettings, type Settings } from '@vigil/core';
import { startCorrelator } from '@vigil/correlator';
import { startIngest } from '@vigil/ingest';
import { createRuntime, type Runtime } from '@vigil/runtime';
import { TOPICS } from '@vigil/schemas';
import type { RedisStore } from '@vigil/store';
import { silentLogger } from '@vigil/telemetry';
import type { KafkaCluster } from '../helpers/kafka-cluster.js';
import { deletePrefix } from '../helpers/redis.js';
import { createBenchTopic, fiveFailureUsers, produceAll, signInFailure, until, workloadUsers } from './kafka-bench.js';
import { rate } from './measure.js';

export type E2eMode = 'processes' | 'services' | 'inline';

export interface E2eResult {
  perSecond: number;
  roundTripsPerBatch: number;
  batches: number;
}

/** What a service process needs to join the run (sent to the child as JSON). */
export interface E2eSetup {
  bootstrap: string[];
  redisUrl: string;
  prefix: string;
  topics: Record<keyof typeof TOPICS, string>;
  groupPrefix: string;
  inline: boolean;
}

export function e2eSettings(setup: E2eSetup): Readonly<Settings> {
  return loadSettings({
    env: {},
    overrides: {
      kafkaBrokers: setup.bootstrap,
      redisUrl: setup.redisUrl,
      redisPrefix: setup.prefix,
      topics: setup.topics,
      groupPrefix: setup.groupPrefix,
      logLevel: 'silent',
      inlineCorrelation: setup.inline,
    },
  });
}

export function benchRuntime(setup: E2eSetup, name: string): Promise<Runtime> {
  const bus = new KafkaBus({ brokers: setup.bootstrap, clientId: `bench-${name}`, maxWaitTimeMs: 50, logger: silentLogger() });
  return createRuntime(e2eSettings(setup), { bus, logger: silentLogger() });
}

/**
 * Timed from the correlator's first batch at or past `skip` evaluated signals (group joins and, with `skip`, the
 * warm-up of a cold process excluded, as for the pass-through) until `count` are evaluated.
 */
export async function timeCorrelator(rt: Runtime, count: number, skip = 0): Promise<E2eResult> {
  const evaluated = rt.metrics.getSingleMetric('vigil_correlator_signals_total') as { get(): Promise<{ values: { value: number }[] }> };
  const processed = async (): Promise<number> => (await evaluated.get()).values[0]?.value ?? 0;
  let start = 0;
  let first = 0;
  for (;;) {
    const n = await processed();
    if (n > 0 && n >= skip && !start) {
      start = performance.now();
      first = n;
    }
    if (n >= count) break;
    if (start && performance.now() - start > 180_000) throw new Error('benchmark timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
  const perSecond = rate(count - first, performance.now() - start);
  const metrics = await rt.metrics.getSingleMetricAsString('vigil_correlator_batch_seconds');
  const batches = Number(/vigil_correlator_batch_seconds_count (\d+)/.exec(metrics)?.[1] ?? 0);
  const trips = (rt.store as RedisStore).roundTrips;
  return { perSecond, roundTripsPerBatch: batches ? trips / batches : NaN, batches };
}

/** `count` events through the services in `mode`, timed after the first `skip` (which run through them first, untimed). */
export async function kafkaE2e(cluster: KafkaCluster, redisUrl: string, count: number, mode: E2eMode, skip = 0): Promise<E2eResult> {
  const total = skip + count;
  const tag = randomBytes(3).toString('hex');
  const topics = Object.fromEntries(Object.entries(TOPICS).map(([k, v]) => [k, `bench${tag}.${v}`])) as E2eSetup['topics'];
  for (const t of Object.values(topics)) await createBenchTopic(cluster, t);
  const kafka = new kafkajs.Kafka({ brokers: cluster.bootstrap, clientId: 'bench-e2e', logLevel: kafkajs.logLevel.NOTHING });
  const users = workloadUsers(total);
  await produceAll(
    kafka,
    topics.rawOkta,
    Array.from({ length: total }, (_, i) => signInFailure(i, users, `e2e${tag}`)),
  );
  const setup: E2eSetup = {
    bootstrap: cluster.bootstrap,
    redisUrl,
    prefix: `vigil-test:bench${tag}:`,
    topics,
    groupPrefix: `bench${tag}`,
    inline: mode === 'inline',
  };
  try {
    const result = mode === 'processes' ? await inProcesses(setup, total, skip) : await inProcess(setup, total, skip, mode === 'inline');
    await expectDecisions(kafka, topics.decisions, fiveFailureUsers(total, `e2e${tag}`));
    return result;
  } finally {
    await deletePrefix(redisUrl, setup.prefix);
  }
}

async function inProcess(setup: E2eSetup, count: number, skip: number, inline: boolean): Promise<E2eResult> {
  const runtimes = inline ? [await benchRuntime(setup, 'inline')] : [await benchRuntime(setup, 'ingest'), await benchRuntime(setup, 'correlator')];
  const [ingestRt, correlatorRt] = [runtimes[0]!, runtimes.at(-1)!];
  const correlator = await startCorrelator(correlatorRt, { inline });
  const ingest = await startIngest(ingestRt, inline ? { handOff: (signals, records) => correlator.service.evaluateInline(signals, records) } : {});
  try {
    return await timeCorrelator(correlatorRt, count, skip);
  } finally {
    await ingest.stop();
    await correlator.stop();
    for (const r of runtimes) await r.close();
  }
}

const SERVICE_MAIN = fileURLToPath(new URL('./kafka-service.ts', import.meta.url));

/** Each service in a Node process of its own, started as the in-process ones are: correlator first. */
async function inProcesses(setup: E2eSetup, count: number, skip: number): Promise<E2eResult> {
  const children: ChildProcess[] = [];
  const start = async (service: 'ingest' | 'correlator'): Promise<ChildProcess> => {
    // fork passes on the parent's node flags: `--import tsx`, and `--cpu-prof` when profiling the bench.
    const child = fork(SERVICE_MAIN, [service, JSON.stringify(setup), String(count), String(skip)]);
    children.push(child);
    await message(child, 'ready');
    return child;
  };
  try {
    const correlator = await start('correlator');
    const result = message<E2eResult>(correlator, 'result');
    await start('ingest');
    return await result;
  } finally {
    await Promise.all(
      children.map(async (c) => {
        if (c.exitCode !== null) return;
        const exited = new Promise((r) => c.once('exit', r));
        c.send('stop');
        await exited;
      }),
    );
  }
}

/** The next IPC message `{ kind, value }` of that kind; rejects if the child exits first or reports an error. */
function message<T = undefined>(child: ChildProcess, kind: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { kind: string; value?: unknown }): void => {
      if (m.kind === 'error') done(() => reject(new Error(`bench service failed: ${String(m.value)}`)));
      else if (m.kind === kind) done(() => resolve(m.value as T));
    };
    const onExit = (code: number | null): void => done(() => reject(new Error(`bench service exited (${code}) before "${kind}"`)));
    const done = (settle: () => void): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      settle();
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Reads the decisions topic to its end: exactly one r1 step-up for each user with five failures, nothing else. */
async function expectDecisions(kafka: Kafka, topic: string, expected: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const total = ends.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  const seen: { subject: string; action: string; rule?: { id: string } }[] = [];
  const consumer = kafka.consumer({ groupId: `${topic}-check`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message: m }) => void seen.push(JSON.parse(m.value!.toString())) });
  try {
    await until(() => seen.length >= total, 60_000);
  } finally {
    await consumer.disconnect();
  }
  const subjects = seen.filter((d) => d.rule?.id === 'r1-brute-force' && d.action === 'step_up').map((d) => d.subject);
  const want = new Set(expected);
  if (seen.length !== expected.length || subjects.length !== want.size || !subjects.every((s) => want.has(s)) || new Set(subjects).size !== want.size)
    throw new Error(
      `kafka e2e: expected one r1 step-up for each of ${want.size} users, the decisions topic holds ${seen.length} records (${subjects.length} r1 step-ups)`,
    );
}
