// ensureTopics against admin clients that behave like real brokers, locked-down brokers and the mock.
import { VigilError } from '@vigil/core';
import type { Admin } from 'kafkajs';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ensureKafkaTopics } from './kafka-topics.js';

const log = pino({ level: 'silent' });
const options = { defaultPartitions: -1, replicationFactor: -1 };

interface FakeBroker {
  topics: Set<string>;
  createTopics?: (topics: { topic: string; numPartitions?: number; configEntries?: { name: string; value: string }[] }[]) => void;
  autoCreate?: boolean;
  calls: string[];
}

function fakeAdmin(b: FakeBroker): Admin {
  return {
    listTopics: async () => [...b.topics],
    createTopics: async ({ topics }: { topics: { topic: string }[] }) => {
      b.calls.push(`create ${topics.map((t) => t.topic).join(',')}`);
      if (!b.createTopics) throw Object.assign(new Error('Broker 0 not found in the cached metadata'), { name: 'KafkaJSBrokerNotFound' });
      b.createTopics(topics);
      return true;
    },
    fetchTopicMetadata: async ({ topics }: { topics: string[] }) => {
      b.calls.push(`metadata ${topics.join(',')}`);
      if (!b.autoCreate) throw Object.assign(new Error('This server does not host this topic-partition'), { type: 'UNKNOWN_TOPIC_OR_PARTITION' });
      for (const t of topics) b.topics.add(t);
      return { topics: [] };
    },
  } as unknown as Admin;
}

describe('ensureKafkaTopics', () => {
  it('creates only missing topics, with the partition count and compaction asked for', async () => {
    const created: unknown[] = [];
    const b: FakeBroker = { topics: new Set(['vigil.signals']), calls: [], createTopics: (ts) => ts.forEach((t) => (created.push(t), b.topics.add(t.topic))) };
    await ensureKafkaTopics(
      fakeAdmin(b),
      [{ topic: 'vigil.signals', partitions: 12 }, { topic: 'vigil.decisions', partitions: 6, cleanupPolicy: 'compact' }, { topic: 'vigil.audit' }],
      options,
      log,
    );
    expect(b.calls).toEqual(['create vigil.decisions,vigil.audit']);
    expect(created).toEqual([
      { topic: 'vigil.decisions', numPartitions: 6, replicationFactor: -1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
      { topic: 'vigil.audit', numPartitions: -1, replicationFactor: -1 },
    ]);
  });

  it('does nothing when every topic exists', async () => {
    const b: FakeBroker = { topics: new Set(['a']), calls: [] };
    await ensureKafkaTopics(fakeAdmin(b), [{ topic: 'a' }], options, log);
    expect(b.calls).toEqual([]);
  });

  it('tolerates topics created by someone else in the meantime', async () => {
    const b: FakeBroker = {
      topics: new Set(),
      calls: [],
      createTopics: (ts) => {
        for (const t of ts) b.topics.add(t.topic);
        throw Object.assign(new Error('Topic with this name already exists'), { errors: ts.map(() => ({ type: 'TOPIC_ALREADY_EXISTS' })) });
      },
    };
    await ensureKafkaTopics(fakeAdmin(b), [{ topic: 'a' }, { topic: 'b' }], options, log);
    expect(b.calls).toEqual(['create a,b']);
  });

  it('falls back to auto-creation through metadata when CreateTopics is refused', async () => {
    const b: FakeBroker = { topics: new Set(), calls: [], autoCreate: true };
    await ensureKafkaTopics(fakeAdmin(b), [{ topic: 'a' }, { topic: 'b', cleanupPolicy: 'compact' }], options, log);
    expect(b.calls).toEqual(['create a,b', 'metadata a,b']);
    expect([...b.topics].sort()).toEqual(['a', 'b']);
  });

  it('fails with VIGIL_ERR_BUS naming exactly the topics that are still missing', async () => {
    const b: FakeBroker = { topics: new Set(['here']), calls: [] };
    const err = await ensureKafkaTopics(fakeAdmin(b), [{ topic: 'here' }, { topic: 'x' }, { topic: 'y' }], options, log).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VigilError);
    expect((err as VigilError).code).toBe('VIGIL_ERR_BUS');
    expect((err as VigilError).message).toContain('x, y');
    expect((err as VigilError).details).toEqual({ topics: ['x', 'y'] });
  });
});
