// Hot reload on Kafka: a broken rule set pushed into the watched folder is rejected (audited with its
// errors) and the previous rules keep deciding; a valid change is loaded and audited with its versions.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCorrelator } from '@vigil/correlator';
import type { Runtime, Started } from '@vigil/runtime';
import { AuditSchema, type Audit, type SignalInput } from '@vigil/schemas';
import { createTopics, sharedKafka, uniqueTopics, type TestTopics, testKafka } from '../helpers/kafka.js';
import { connectTestRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait-for.js';
import { instance, newPipelineEnv } from './pipeline.js';

const RULES = fileURLToPath(new URL('../../rules/', import.meta.url));
const kafka = testKafka('reload-test');
const producer = kafka.producer();

describe('rules hot reload', () => {
  let topics: TestTopics;
  let redis: TestRedis;
  let rt: Runtime;
  let correlator: Started;
  let dir: string;
  const audits: Audit[] = [];
  const decisions: string[] = [];
  const consumer = kafka.consumer({ groupId: `reload-reader-${Math.random()}`, maxWaitTimeInMs: 200 });

  beforeAll(async () => {
    topics = uniqueTopics('reload');
    await createTopics(sharedKafka(), topics);
    redis = await connectTestRedis();
    dir = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
    cpSync(RULES, dir, { recursive: true });
    rt = await instance(await newPipelineEnv(topics, redis.prefix, dir), 'reload');
    correlator = await startCorrelator(rt);
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: [topics.audit, topics.decisions], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        if (topic === topics.audit) audits.push(AuditSchema.parse(JSON.parse(message.value!.toString())));
        else decisions.push(JSON.parse(message.value!.toString()).subject);
      },
    });
  });

  afterAll(async () => {
    await consumer.disconnect();
    await producer.disconnect();
    await correlator.stop();
    await rt.close();
    await redis.cleanup();
  });

  const failures = (user: string) =>
    [0, 1, 2, 3, 4].map((i) => ({
      key: `user:${user}`,
      value: JSON.stringify({
        id: `${user}-${i}`,
        time: new Date(Date.now() - (10 - i) * 1000).toISOString(),
        source: 'okta',
        type: 'auth.failure',
        severity: 30,
        subjects: { user },
      } satisfies SignalInput),
    }));

  it('rejects a broken rule set, keeps the old rules, then loads a fixed one', async () => {
    await waitFor(() => audits.some((a) => a.kind === 'rules' && a.status === 'loaded'), { message: 'initial rule set audited' });

    writeFileSync(
      join(dir, 'r99-broken.json'),
      JSON.stringify({
        id: 'r99-broken',
        version: '1',
        name: 'broken',
        kind: 'match',
        severity: 'low',
        select: { types: ['auth.failure'], where: { all: [{ fact: 'signal', operator: 'nope', value: 1 }] } },
      }),
    );
    const rejected = await waitFor(() => audits.find((a) => a.kind === 'rules' && a.status === 'rejected'), {
      timeoutMs: 20_000,
      message: 'rejection audited',
    });
    expect(rejected.kind === 'rules' && rejected.errors.join('\n')).toMatch(/r99-broken\.json.*unknown operator "nope"/);

    await producer.send({ topic: topics.signals, messages: failures('still@acme.example') });
    await waitFor(() => decisions.includes('user:still@acme.example'), { timeoutMs: 20_000, message: 'old rules still decide' });

    const r1 = JSON.parse(readFileSync(join(dir, 'r1-brute-force.json'), 'utf8'));
    const fixed = JSON.stringify({ ...r1, id: 'r99-fixed', version: '7', cases: [] });
    writeFileSync(join(dir, 'r99-broken.json'), fixed);
    const loaded = await waitFor(() => audits.find((a) => a.kind === 'rules' && a.status === 'loaded' && a.rules.some((r) => r.id === 'r99-fixed')), {
      timeoutMs: 20_000,
      message: 'fixed set loaded',
    });
    // The file's hash rides along, so an edit without a version bump is visible in the audit too.
    expect(loaded.kind === 'rules' && loaded.rules).toContainEqual({ id: 'r99-fixed', version: '7', sha256: createHash('sha256').update(fixed).digest('hex') });
  });
});
