// The shared producer is idempotent whenever the cluster names a controller it can reach, and falls back
// (acks=all, one request in flight) only when it cannot: kafkajs stubbed, so no broker is needed.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as KafkaJs from 'kafkajs';
import type { ProducerConfig } from 'kafkajs';

const kafka = vi.hoisted(() => ({
  cluster: { brokers: [] as { nodeId: number; host: string; port: number }[], controller: null as number | null, clusterId: 'stub' },
  producers: [] as ProducerConfig[],
  sent: [] as unknown[],
  describeCalls: 0,
}));

// The bus takes kafkajs from its own kafkajs module (which patches the producer first): stub that one.
vi.mock('./kafkajs.js', async (importOriginal) => {
  const actual = (await importOriginal<{ default: typeof KafkaJs }>()).default;
  class StubKafka {
    producer(config: ProducerConfig) {
      kafka.producers.push(config);
      return {
        connect: async () => undefined,
        disconnect: async () => undefined,
        sendBatch: async (batch: unknown) => void kafka.sent.push(batch),
      };
    }
    admin() {
      return {
        connect: async () => undefined,
        disconnect: async () => undefined,
        describeCluster: async () => {
          kafka.describeCalls++;
          return kafka.cluster;
        },
      };
    }
  }
  return { default: { ...actual, Kafka: StubKafka } };
});

const { KafkaBus } = await import('./kafka-bus.js');

const broker = (nodeId: number) => ({ nodeId, host: '127.0.0.1', port: 9092 + nodeId });

async function producerConfigAfterPublish(options: { idempotent?: boolean } = {}): Promise<ProducerConfig> {
  const bus = new KafkaBus({ brokers: ['127.0.0.1:9092'], clientId: 'test', ...options });
  await bus.publish([{ topic: 'vigil.signals', key: 'user:a', value: '{}' }]);
  await bus.publish([{ topic: 'vigil.signals', key: 'user:b', value: '{}' }]);
  await bus.close();
  expect(kafka.producers).toHaveLength(1); // one shared producer for every publish
  expect(kafka.sent).toHaveLength(2);
  return kafka.producers[0]!;
}

describe('KafkaBus producer', () => {
  beforeEach(() => {
    kafka.producers.length = 0;
    kafka.sent.length = 0;
    kafka.describeCalls = 0;
  });

  it('is idempotent when the cluster reports a controller among its brokers', async () => {
    kafka.cluster = { brokers: [broker(1), broker(2), broker(3)], controller: 2, clusterId: 'stub' };
    expect(await producerConfigAfterPublish()).toMatchObject({ idempotent: true, maxInFlightRequests: 1 });
    expect(kafka.describeCalls).toBe(1);
  });

  it('falls back to a plain producer when no controller is reported (librdkafka mock)', async () => {
    kafka.cluster = { brokers: [broker(1), broker(2)], controller: null, clusterId: 'stub' };
    expect(await producerConfigAfterPublish()).toMatchObject({ idempotent: false, maxInFlightRequests: 1 });
  });

  it('falls back when the reported controller is not a broker it knows', async () => {
    kafka.cluster = { brokers: [broker(1), broker(2)], controller: 7, clusterId: 'stub' };
    expect(await producerConfigAfterPublish()).toMatchObject({ idempotent: false });
  });

  it('does not ask the cluster when idempotence is turned off', async () => {
    kafka.cluster = { brokers: [broker(1)], controller: 1, clusterId: 'stub' };
    expect(await producerConfigAfterPublish({ idempotent: false })).toMatchObject({ idempotent: false });
    expect(kafka.describeCalls).toBe(0);
  });
});
