// Creating Vigil's topics on a Kafka cluster. Admin CreateTopics first; when a broker refuses it
// (ACLs, managed services, librdkafka's mock), a metadata request lets brokers that auto-create do so;
// then every topic is checked, and only topics that are still missing are an error.
import { VigilError } from '@vigil/core';
import type { Admin, ITopicConfig } from 'kafkajs';
import type { Logger } from 'pino';
import type { TopicSpec } from './bus.js';

export interface EnsureTopicsOptions {
  /** Used when a spec names no partition count; -1 means the broker's `num.partitions`. */
  defaultPartitions: number;
  /** -1 means the broker's `default.replication.factor`. */
  replicationFactor: number;
}

function toTopicConfig(spec: TopicSpec, options: EnsureTopicsOptions): ITopicConfig {
  const config: ITopicConfig = {
    topic: spec.topic,
    numPartitions: spec.partitions ?? options.defaultPartitions,
    replicationFactor: options.replicationFactor,
  };
  if (spec.cleanupPolicy) config.configEntries = [{ name: 'cleanup.policy', value: spec.cleanupPolicy }];
  return config;
}

function isAlreadyExists(err: unknown): boolean {
  const e = err as { type?: string; errors?: { type?: string }[] } | undefined;
  return e?.type === 'TOPIC_ALREADY_EXISTS' || (Array.isArray(e?.errors) && e.errors.every((x) => x.type === 'TOPIC_ALREADY_EXISTS'));
}

export async function ensureKafkaTopics(admin: Admin, specs: TopicSpec[], options: EnsureTopicsOptions, log: Logger): Promise<void> {
  const wanted = dedupe(specs);
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((s) => !existing.has(s.topic));
  if (!missing.length) return;
  let createError: unknown;
  try {
    await admin.createTopics({ topics: missing.map((s) => toTopicConfig(s, options)), waitForLeaders: true });
    log.info({ topics: missing.map((s) => s.topic) }, 'kafka topics created');
  } catch (err) {
    if (!isAlreadyExists(err)) {
      createError = err;
      log.warn({ err, topics: missing.map((s) => s.topic) }, 'kafka refused CreateTopics; asking the brokers to auto-create the topics instead');
      await autoCreate(admin, missing, log);
    }
  }
  const present = new Set(await admin.listTopics());
  const still = missing.filter((s) => !present.has(s.topic)).map((s) => s.topic);
  if (still.length) {
    throw new VigilError('VIGIL_ERR_BUS', `kafka topics missing and could not be created: ${still.join(', ')}`, {
      cause: createError,
      details: { topics: still },
    });
  }
}

async function autoCreate(admin: Admin, missing: TopicSpec[], log: Logger): Promise<void> {
  try {
    // kafkajs sends metadata requests with allowAutoTopicCreation=true; brokers with
    // auto.create.topics.enable create the topics with their defaults.
    await admin.fetchTopicMetadata({ topics: missing.map((s) => s.topic) });
  } catch (err) {
    log.debug({ err }, 'metadata request did not auto-create every topic');
    return;
  }
  const compacted = missing.filter((s) => s.cleanupPolicy === 'compact').map((s) => s.topic);
  if (compacted.length) {
    log.warn({ topics: compacted }, 'topics were auto-created with the broker defaults, not log-compacted; set cleanup.policy=compact on them');
  }
  const sized = missing.filter((s) => s.partitions !== undefined).map((s) => `${s.topic} (${s.partitions})`);
  if (sized.length) log.warn({ topics: sized }, 'topics were auto-created with the broker default partition count, not the one asked for');
}

function dedupe(specs: TopicSpec[]): TopicSpec[] {
  const byName = new Map<string, TopicSpec>();
  for (const s of specs) byName.set(s.topic, { ...byName.get(s.topic), ...s });
  return [...byName.values()];
}
