// "Nothing lost": a correlator process that consumed a batch is SIGKILLed before it published what the
// batch caused; a fresh process in the same group re-reads the uncommitted batch and publishes the decision
// exactly once. And with Redis state, a window started by one instance is finished by the next.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startCorrelator } from '@vigil/correlator';
import type { Runtime } from '@vigil/runtime';
import type { SignalInput } from '@vigil/schemas';
import { createTopics, sharedKafka, uniqueTopics, testKafka } from '../helpers/kafka.js';
import { connectTestRedis, type TestRedis } from '../helpers/redis.js';
import { allDecisionsOn, caughtUp } from '../helpers/kafka-read.js';
import { waitFor } from '../helpers/wait-for.js';
import { instance, newPipelineEnv, type PipelineEnv } from './pipeline.js';

const kafka = testKafka('restart-test');
const producer = kafka.producer();
const admin = kafka.admin();
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'services/cli/bin/vigil.js');

const failure = (user: string, i: number): SignalInput => ({
  id: `restart-${user}-${i}`,
  time: new Date(Date.now() - (10 - i) * 1000).toISOString(),
  source: 'okta',
  type: 'auth.failure',
  severity: 30,
  subjects: { user },
});

/** `vigil start --only correlator` as its own process on the mock cluster and Redis. */
function correlatorProcess(env: PipelineEnv, config: string, extra: Record<string, string> = {}): { child: ChildProcess; stderr: () => string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VIGIL_')));
  const child = spawn(process.execPath, [BIN, 'start', '--only', 'correlator', '--config', config], {
    cwd: ROOT,
    env: {
      ...clean,
      VIGIL_KAFKA_BROKERS: inject('kafkaBrokers').join(','),
      VIGIL_REDIS_URL: inject('redisUrl'),
      VIGIL_REDIS_PREFIX: env.redisPrefix,
      VIGIL_GROUP_PREFIX: env.groupPrefix,
      VIGIL_SIGNING_KEY: env.signingKey,
      VIGIL_LOG_LEVEL: 'warn',
      // A killed process keeps its partitions for a session: the broker's minimum, not kafkajs's 30 s.
      VIGIL_KAFKA_SESSION_TIMEOUT_MS: '6000',
      ...extra,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return { child, stderr: () => stderr };
}

const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

describe('correlator restarts', () => {
  let redis: TestRedis;
  const runtimes: Runtime[] = [];

  beforeAll(async () => {
    redis = await connectTestRedis();
    await producer.connect();
    await admin.connect();
  });
  afterEach(async () => {
    for (const r of runtimes.splice(0)) await r.close().catch(() => undefined);
  });
  afterAll(async () => {
    await producer.disconnect();
    await admin.disconnect();
    await redis.cleanup();
  });

  // Two process starts plus the group's session timeout (kafkajs default 30 s) for the killed member.
  it('publishes the decision exactly once after the process is killed between consuming and publishing', { timeout: 180_000 }, async () => {
    const topics = uniqueTopics('crash');
    await createTopics(sharedKafka(), topics);
    const env = await newPipelineEnv(topics, redis.prefix);
    const dir = mkdtempSync(join(tmpdir(), 'vigil-restart-'));
    const config = join(dir, 'vigil.json');
    writeFileSync(config, JSON.stringify({ topics }));
    const user = 'kill@acme.example';
    const children: ChildProcess[] = [];
    try {
      await producer.send({
        topic: topics.signals,
        messages: [0, 1, 2, 3, 4].map((i) => ({ key: `user:${user}`, value: JSON.stringify(failure(user, i)) })),
      });

      // First process: the test-only hook holds its publish of the decision; then it is killed outright.
      const doomed = correlatorProcess(env, config, { VIGIL_TEST_HOLD_PUBLISH_TO: topics.decisions });
      children.push(doomed.child);
      await waitFor(() => doomed.stderr().includes(`VIGIL_TEST_HOLD_PUBLISH_TO: holding a publish`), {
        timeoutMs: 60_000,
        message: 'the first correlator consumed the batch and reached its publish',
      });
      doomed.child.kill('SIGKILL');
      expect(await exitOf(doomed.child)).toEqual({ code: null, signal: 'SIGKILL' });

      // A fresh process, same consumer group and Redis: it re-reads the uncommitted batch.
      const survivor = correlatorProcess(env, config);
      children.push(survivor.child);
      await caughtUp(admin, `${env.groupPrefix}-correlator`, topics.signals);
      const decisions = await allDecisionsOn(kafka, admin, topics.decisions);
      expect(decisions).toHaveLength(1);
      expect(decisions[0]).toMatchObject({ subject: `user:${user}`, action: 'step_up', rule: { id: 'r1-brute-force' } });
      survivor.child.kill('SIGTERM');
      expect(await exitOf(survivor.child)).toEqual({ code: 0, signal: null });
    } finally {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
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
    // Not "at least one": wait until b has committed every signal, then count everything on the topic.
    await caughtUp(admin, `${env.groupPrefix}-correlator`, topics.signals);
    const decisions = await allDecisionsOn(kafka, admin, topics.decisions);
    await secondRun.stop();
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ subject: `user:${user}`, reason: '5 failed sign-ins within 10 minutes' });
  });
});
