// The Kafka bus over the real wire protocol (librdkafka's mock brokers): round trips, consumer groups,
// caught-up, and at-least-once under failures (handler errors, graceful stop, a broker going away).
import { VigilError } from '@vigil/core';
import type { Admin } from 'kafkajs';
import kafkajs from './kafkajs.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTopics, sharedKafka, TEST_KAFKA_RETRY, uniqueGroup, uniqueTopic } from '../../test/helpers/kafka.js';
import { startKafkaCluster, type KafkaCluster } from '../../test/helpers/kafka-cluster.js';
import { captureLogger } from '../../test/helpers/log-capture.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import type { BusBatch, BusRecord, OutRecord } from './bus.js';
import { KafkaBus, type KafkaBusOptions } from './kafka-bus.js';

const { Kafka, logLevel } = kafkajs;

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of opened.splice(0).reverse()) await c.close();
});

function newBus(brokers: string[], extra: Partial<KafkaBusOptions> = {}): KafkaBus {
  const bus = new KafkaBus({
    brokers,
    clientId: 'vigil-int-test',
    retry: TEST_KAFKA_RETRY,
    maxWaitTimeMs: 200,
    // The mock lets a rebalance of a known group run for (session timeout - 1 s); keep that short.
    sessionTimeoutMs: 4000,
    heartbeatIntervalMs: 500,
    ...extra,
  });
  opened.push(bus);
  return bus;
}

async function testAdmin(brokers: string[]): Promise<Admin> {
  const admin = new Kafka({ clientId: 'vigil-int-test-admin', brokers, logLevel: logLevel.NOTHING, retry: TEST_KAFKA_RETRY }).admin();
  await admin.connect();
  opened.push({ close: () => admin.disconnect() });
  return admin;
}

async function committedOffset(admin: Admin, groupId: string, topic: string, partition = 0): Promise<string> {
  const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return t?.partitions.find((p) => p.partition === partition)?.offset ?? 'none';
}

function collector(into: BusRecord[], out: (b: BusBatch) => OutRecord[] = () => []) {
  return async (batch: BusBatch): Promise<OutRecord[]> => {
    into.push(...batch.records);
    return out(batch);
  };
}

/**
 * Reads a topic from the beginning in its own group, for checking what was published. Every new group
 * costs the mock's fixed 3 s initial rebalance delay, so tests start readers alongside other joins.
 */
async function readAll(bus: KafkaBus, topic: string): Promise<BusRecord[]> {
  const seen: BusRecord[] = [];
  await bus.subscribe({ groupId: uniqueGroup('reader'), topics: [topic], fromBeginning: true, handler: collector(seen) });
  return seen;
}

describe('KafkaBus on the shared mock cluster', () => {
  const cluster = sharedKafka();

  it('round-trips keyed records with headers, keeping one key on one partition in order', async () => {
    const topic = uniqueTopic('roundtrip');
    await createTopics(cluster, [topic], 4);
    const bus = newBus(cluster.bootstrap);
    const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await bus.publish([
      { topic, key: 'user:alice@acme.example', value: 'a1', headers: { 'vigil-signature': 'eyJhbGciOiJFZERTQSJ9..c2ln', source: 'okta' } },
      { topic, key: Buffer.from('device:laptop-carol'), value: binary },
      { topic, key: null, value: 'no key' },
    ]);
    await bus.publish([
      { topic, key: 'user:alice@acme.example', value: 'a2' },
      { topic, key: 'user:alice@acme.example', value: 'a3' },
    ]);

    const seen = await readAll(bus, topic);
    await waitFor(() => seen.length === 5, { message: 'all five records consumed' });

    const alice = seen.filter((r) => r.key?.toString() === 'user:alice@acme.example');
    expect(alice.map((r) => r.value.toString())).toEqual(['a1', 'a2', 'a3']);
    expect(new Set(alice.map((r) => r.partition)).size).toBe(1);
    expect(alice[0]!.headers).toEqual({ 'vigil-signature': 'eyJhbGciOiJFZERTQSJ9..c2ln', source: 'okta' });
    expect(alice[1]!.headers).toEqual({});
    expect(seen.find((r) => r.key?.toString() === 'device:laptop-carol')!.value.equals(binary)).toBe(true);
    expect(seen.find((r) => r.key === null)!.value.toString()).toBe('no key');
    for (const r of seen) {
      expect(r.topic).toBe(topic);
      expect(r.offset).toMatch(/^\d+$/);
      expect(Number.isInteger(r.timestamp) && r.timestamp > 0).toBe(true);
    }
  });

  it('is caught up only after the backlog is handled, and at once for a new group reading from the end', async () => {
    const topic = uniqueTopic('catchup');
    await createTopics(cluster, [topic], 4);
    const bus = newBus(cluster.bootstrap);
    // One key: one partition holds the backlog, three stay empty (those never reach eachBatch).
    await bus.publish(Array.from({ length: 10 }, (_, i) => ({ topic, key: 'user:bob@acme.example', value: String(i) })));

    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const handled: BusRecord[] = [];
    const latest = bus.subscribe({ groupId: uniqueGroup('latest'), topics: [topic], handler: collector([]) });
    const sub = await bus.subscribe({
      groupId: uniqueGroup('catchup'),
      topics: [topic],
      fromBeginning: true,
      maxBatchSize: 3,
      handler: async (b) => {
        await gate;
        handled.push(...b.records);
        return [];
      },
    });
    expect(sub.caughtUp).toBe(false);
    release();
    await waitFor(() => sub.caughtUp, { message: 'caught up' });
    expect(handled.map((r) => r.value.toString())).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

    const fromEnd = await latest;
    await waitFor(() => fromEnd.caughtUp, { message: 'a group starting at the end is caught up without reading' });
  });

  it('splits the partitions between two consumers of one group', async () => {
    const topic = uniqueTopic('split');
    await createTopics(cluster, [topic], 4);
    const bus = newBus(cluster.bootstrap);
    const groupId = uniqueGroup('split');
    const a: BusRecord[] = [];
    const b: BusRecord[] = [];
    const subA = await bus.subscribe({ groupId, topics: [topic], fromBeginning: true, handler: collector(a) });
    await waitFor(() => subA.caughtUp, { message: 'first consumer joined' });
    const subB = await bus.subscribe({ groupId, topics: [topic], fromBeginning: true, handler: collector(b) });
    // B's join completes only once A has rejoined in the same generation: both hold their share now.
    await waitFor(() => subB.caughtUp, { message: 'second consumer joined' });

    await bus.publish(Array.from({ length: 60 }, (_, i) => ({ topic, key: `user:${i}@acme.example`, value: String(i) })));
    await waitFor(() => new Set([...a, ...b].map((r) => r.value.toString())).size === 60, { message: 'all records consumed' });

    const partsA = new Set(a.map((r) => r.partition));
    const partsB = new Set(b.map((r) => r.partition));
    expect(partsA.size).toBeGreaterThan(0);
    expect(partsB.size).toBeGreaterThan(0);
    expect([...partsA].filter((p) => partsB.has(p))).toEqual([]);
    expect([...partsA, ...partsB].sort()).toEqual([0, 1, 2, 3]);
  });

  it('redelivers a batch whose handler throws, with growing backoff, committing nothing until it succeeds', async () => {
    const [input, output] = [uniqueTopic('in'), uniqueTopic('out')];
    await createTopics(cluster, [input, output], 1);
    const bus = newBus(cluster.bootstrap);
    const admin = await testAdmin(cluster.bootstrap);
    const groupId = uniqueGroup('poison');
    await bus.publish(['a', 'b', 'c'].map((v) => ({ topic: input, key: 'k', value: v })));

    const attempts: { at: number; offsets: string[] }[] = [];
    let healed = false;
    const reading = readAll(bus, output);
    await bus.subscribe({
      groupId,
      topics: [input],
      fromBeginning: true,
      handler: async (batch) => {
        attempts.push({ at: performance.now(), offsets: batch.records.map((r) => r.offset) });
        if (!healed) throw new TypeError('bug in a rule');
        return batch.records.map((r) => ({ topic: output, key: r.key, value: `${r.value.toString()}!` }));
      },
    });
    await waitFor(() => attempts.length >= 4, { message: 'four attempts' });
    expect(await committedOffset(admin, groupId, input)).toBe('-1');
    healed = true;

    const out = await reading;
    await waitFor(() => out.length === 3, { message: 'outputs published after the handler healed' });
    expect(out.map((r) => r.value.toString())).toEqual(['a!', 'b!', 'c!']);
    await waitFor(async () => (await committedOffset(admin, groupId, input)) === '3', { message: 'offsets committed' });
    for (const a of attempts) expect(a.offsets).toEqual(['0', '1', '2']);
    const gap = (i: number): number => attempts[i + 1]!.at - attempts[i]!.at;
    expect(gap(2)).toBeGreaterThan(gap(0));
  });

  it('stop() lets the batch in flight finish: its outputs are published and its offsets committed', async () => {
    const [input, output] = [uniqueTopic('in'), uniqueTopic('out')];
    await createTopics(cluster, [input, output], 1);
    const bus = newBus(cluster.bootstrap);
    const admin = await testAdmin(cluster.bootstrap);
    const groupId = uniqueGroup('graceful');
    await bus.publish(['x', 'y'].map((v) => ({ topic: input, key: 'k', value: v })));

    let entered = false;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const reading = readAll(bus, output);
    const sub = await bus.subscribe({
      groupId,
      topics: [input],
      fromBeginning: true,
      handler: async (batch) => {
        entered = true;
        await gate;
        return batch.records.map((r) => ({ topic: output, key: r.key, value: r.value }));
      },
    });
    await waitFor(() => entered, { message: 'handler running' });
    const stopping = sub.stop();
    release();
    await stopping;
    expect(await committedOffset(admin, groupId, input)).toBe('2');

    const out = await reading;
    await waitFor(() => out.length === 2, { message: 'outputs of the last batch published' });

    const again: BusRecord[] = [];
    const next = await bus.subscribe({ groupId, topics: [input], fromBeginning: true, handler: collector(again) });
    await waitFor(() => next.caughtUp, { message: 'next consumer caught up' });
    expect(again).toEqual([]);
  });

  it('ensureTopics creates missing topics on the mock (which refuses CreateTopics) and tolerates existing ones', async () => {
    const [existing, fresh, compacted] = [uniqueTopic('existing'), uniqueTopic('fresh'), uniqueTopic('decisions')];
    await createTopics(cluster, [existing], 2);
    const capture = captureLogger('warn');
    const bus = newBus(cluster.bootstrap, { logger: capture.logger });
    await bus.ensureTopics([{ topic: existing }, { topic: fresh, partitions: 3 }, { topic: compacted, cleanupPolicy: 'compact' }]);
    const admin = await testAdmin(cluster.bootstrap);
    const topics = await admin.listTopics();
    expect(topics).toEqual(expect.arrayContaining([existing, fresh, compacted]));
    expect(capture.find('not log-compacted')[0]).toMatchObject({ topics: [compacted] });
    await bus.ensureTopics([{ topic: existing }, { topic: fresh }]);
  });
});

describe('KafkaBus with brokers going away (private mock cluster)', () => {
  let cluster: KafkaCluster;
  beforeAll(async () => {
    cluster = await startKafkaCluster({ brokers: 3 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('commits nothing when the publish fails; a new consumer of the group gets the batch again', async () => {
    const [input, output] = [uniqueTopic('in'), uniqueTopic('out')];
    const groupId = uniqueGroup('outage');
    await createTopics(cluster, [input, output], 1);
    // Input and coordinator on broker 1, output on broker 2: taking 2 down breaks only the publish.
    await cluster.setLeader(input, 0, 1);
    await cluster.setLeader(output, 0, 2);
    await cluster.setCoordinator(groupId, 1);
    const capture = captureLogger('warn');
    const bus = newBus(cluster.bootstrap, { logger: capture.logger, retry: { initialRetryTime: 100, retries: 3, maxRetryTime: 1000 } });
    const admin = await testAdmin(cluster.bootstrap);
    await bus.publish(['1', '2', '3', '4', '5'].map((v) => ({ topic: input, key: `k${v}`, value: v })));

    await cluster.brokerDown(2);
    const toOutput = (b: BusBatch): OutRecord[] => b.records.map((r) => ({ topic: output, key: r.key, value: r.value, headers: { from: r.offset } }));
    const first: BusRecord[] = [];
    const subA = await bus.subscribe({ groupId, topics: [input], fromBeginning: true, handler: collector(first, toOutput) });
    await waitFor(() => capture.find('batch failed').length > 0, { message: 'publish failed' });
    expect(capture.find('batch failed')[0]).toMatchObject({ topic: input, firstOffset: '0' });
    expect(await committedOffset(admin, groupId, input)).toBe('-1');
    await subA.stop();
    await cluster.brokerUp(2);

    const second: BusRecord[] = [];
    const [out] = await Promise.all([
      readAll(bus, output),
      bus.subscribe({ groupId, topics: [input], fromBeginning: true, handler: collector(second, toOutput) }),
    ]);
    await waitFor(() => new Set(out.map((r) => r.value.toString())).size === 5, { timeoutMs: 30_000, message: 'every output published' });
    expect(second.slice(0, 5).map((r) => r.offset)).toEqual(['0', '1', '2', '3', '4']);
    expect([...new Set(out.map((r) => r.value.toString()))].sort()).toEqual(['1', '2', '3', '4', '5']);
    await waitFor(async () => (await committedOffset(admin, groupId, input)) === '5', { message: 'committed after publishing' });
  });

  it('restarts a consumer that kafkajs gave up on (a non-retriable broker answer) and keeps consuming', async () => {
    const topic = uniqueTopic('crash');
    await createTopics(cluster, [topic], 2);
    const capture = captureLogger('warn');
    const bus = newBus(cluster.bootstrap, { logger: capture.logger });
    await bus.publish(['1', '2', '3'].map((v) => ({ topic, key: v, value: v })));
    // SyncGroup (API 14) answered with INVALID_REQUEST (42): kafkajs crashes the consumer for good.
    await cluster.pushRequestErrors(14, 1, 42);
    const seen: BusRecord[] = [];
    const sub = await bus.subscribe({ groupId: uniqueGroup('crash'), topics: [topic], fromBeginning: true, handler: collector(seen) });
    await waitFor(() => seen.length === 3, { timeoutMs: 30_000, message: 'records consumed after the restart' });
    expect(capture.find('restarting it').length).toBeGreaterThan(0);
    // Caught up follows the handled batch (and, for a partition the keys left empty, an admin query of its
    // start position): it may come a moment after the third record reaches the handler.
    await waitFor(() => sub.caughtUp, { timeoutMs: 10_000, message: 'caught up after the restart' });
  });

  it('retries a publish while the leader is down and succeeds once it is back', async () => {
    const topic = uniqueTopic('retry');
    await createTopics(cluster, [topic], 1);
    await cluster.setLeader(topic, 0, 3);
    const capture = captureLogger('warn');
    const bus = newBus(cluster.bootstrap, { logger: capture.logger });
    await bus.publish([{ topic, key: 'k', value: 'before' }]);

    await cluster.brokerDown(3);
    const publishing = bus.publish([{ topic, key: 'k', value: 'during' }]);
    await waitFor(() => capture.lines.some((l) => l.component === 'kafkajs'), { message: 'kafkajs reported the broker failure' });
    await cluster.brokerUp(3);
    await publishing;

    const seen = await readAll(bus, topic);
    await waitFor(() => seen.length >= 2, { timeoutMs: 30_000, message: 'both records readable' });
    expect(seen.map((r) => r.value.toString())).toEqual(['before', 'during']);
  });

  it('fails a publish with a retriable VIGIL_ERR_BUS once the retries run out', async () => {
    const topic = uniqueTopic('gone');
    await createTopics(cluster, [topic], 1);
    await cluster.setLeader(topic, 0, 3);
    const bus = newBus(cluster.bootstrap, { retry: { initialRetryTime: 50, retries: 1, maxRetryTime: 100 } });
    await bus.publish([{ topic, value: 'warm-up' }]);
    await cluster.brokerDown(3);
    try {
      const err = await bus.publish([{ topic, value: 'lost?' }]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(VigilError);
      expect((err as VigilError).code).toBe('VIGIL_ERR_BUS');
      expect((err as VigilError).retriable).toBe(true);
      expect((err as VigilError).message).toContain(topic);
    } finally {
      await cluster.brokerUp(3);
    }
  });
});
