// vitest global setup of the `int` and `e2e` projects: one 3-broker mock Kafka cluster for the run
// (shared by both projects when they run together) and a check that the test Redis answers.
import type { TestProject } from 'vitest/node';
import { serveClusterControl, type ControlServer } from './kafka-control.js';
import { startKafkaCluster, type KafkaCluster } from './kafka-cluster.js';
import { assertRedisReachable, testRedisUrl } from './redis.js';

interface Shared {
  cluster: KafkaCluster;
  control: ControlServer;
  users: number;
}

// Each project imports this file on its own; the cluster is kept on globalThis so there is only one.
const KEY = Symbol.for('vigil.test.sharedKafka');
type Holder = { [KEY]?: Promise<Shared> };

async function acquire(): Promise<Shared> {
  const holder = globalThis as Holder;
  holder[KEY] ??= (async () => {
    const cluster = await startKafkaCluster({ brokers: 3 });
    const control = await serveClusterControl(cluster.command);
    return { cluster, control, users: 0 };
  })();
  const shared = await holder[KEY];
  shared.users++;
  return shared;
}

async function release(shared: Shared): Promise<void> {
  if (--shared.users > 0) return;
  delete (globalThis as Holder)[KEY];
  await shared.control.close();
  await shared.cluster.stop();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redisUrl = testRedisUrl();
  await assertRedisReachable(redisUrl);
  const shared = await acquire();
  project.provide('kafkaBrokers', shared.cluster.bootstrap);
  project.provide('kafkaControlUrl', shared.control.url);
  project.provide('redisUrl', redisUrl);
  return () => release(shared);
}
