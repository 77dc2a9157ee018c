// What a Kafka test file needs: the run's shared mock cluster, unique topic names per test (created
// through the mock API before any traffic, because the mock auto-creates with 4 partitions on the
// first metadata request), and the fast retry settings tests use.
import { randomBytes } from 'node:crypto';
import { TOPICS } from '@vigil/schemas';
import type { Kafka, KafkaConfig } from 'kafkajs';
import kafkajs from '@vigil/bus/kafkajs';
import { inject } from 'vitest';
import type { KafkaCluster } from './kafka-cluster.js';
import { remoteCluster } from './kafka-control.js';

/** Fast kafkajs retries for tests: failures show up in seconds, not minutes. */
export const TEST_KAFKA_RETRY = { initialRetryTime: 100, retries: 8, maxRetryTime: 2000 };

/** The cluster started by global setup. Tests must not take its brokers down: use startKafkaCluster(). */
export function sharedKafka(): KafkaCluster {
  return remoteCluster(inject('kafkaBrokers'), inject('kafkaControlUrl'));
}

/**
 * A plain kafkajs client on the shared cluster, for a test's own producers and readers: kafkajs as Vigil's bus
 * and the gateway SDK load it (@vigil/bus/kafkajs), without the 1 ms timer loop per connection of an unpatched
 * kafkajs 2.2.4, which also prints TimeoutNegativeWarning into the test log (docs/kafka.md).
 */
export function testKafka(clientId: string, config: Partial<KafkaConfig> = {}): Kafka {
  return new kafkajs.Kafka({ brokers: inject('kafkaBrokers'), clientId, logLevel: kafkajs.logLevel.NOTHING, ...config });
}

export type TestTopics = { [K in keyof typeof TOPICS]: string };

/** Vigil's standard topic names under a random prefix, e.g. `t3f9a1c.vigil.signals`. */
export function uniqueTopics(prefix = 't'): TestTopics {
  const tag = `${prefix}${randomBytes(4).toString('hex')}`;
  return Object.fromEntries(Object.entries(TOPICS).map(([k, name]) => [k, `${tag}.${name}`])) as TestTopics;
}

/** A fresh topic name for tests that need just one. */
export function uniqueTopic(name = 'topic'): string {
  return `t${randomBytes(4).toString('hex')}.${name}`;
}

/** A fresh consumer group id. */
export function uniqueGroup(name = 'group'): string {
  return `g${randomBytes(4).toString('hex')}.${name}`;
}

/** Creates topics on the mock before traffic. */
export async function createTopics(cluster: KafkaCluster, topics: string[] | TestTopics, partitions = 4): Promise<void> {
  for (const t of Array.isArray(topics) ? topics : Object.values(topics)) await cluster.createTopic(t, partitions);
}
