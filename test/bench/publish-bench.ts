// Vigil's publish path alone: KafkaBus.publish of signal-sized records, in sends of a batch's size, on the
// mock cluster — the partitioner, kafkajs's grouping, record encoding and checksums, and the produce round
// trips. ingest publishes every signal this way, the correlator its decisions, alerts and audit records.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { KafkaBus, OutRecord } from '@vigil/bus';
import type * as Kafkajs from 'kafkajs';
import type { KafkaCluster } from '../helpers/kafka-cluster.js';
import { createBenchTopic } from './kafka-bench.js';
import { rate } from './measure.js';

export interface PublishRunResult {
  recordsPerSecond: number;
  /**
   * Records per second of this thread's own CPU time (user + system) over the timed sends: what a record
   * costs the publishing process, without the mock brokers' work, which shares the machine's cores.
   */
  recordsPerCpuSecond: number;
  /** Records the topic holds afterwards (its partitions' end offsets added up): every record sent, once. */
  stored: number;
}

/** This thread's CPU time so far in µs (the whole process's where Node lacks process.threadCpuUsage). */
function threadCpu(): number {
  const { user, system } = process.threadCpuUsage?.() ?? process.cpuUsage();
  return user + system;
}

/** A signal as ingest publishes it (a 333-byte value, its subject as key, one header), for user `i`. */
function signalRecord(topic: string, i: number): OutRecord {
  const subject = `user:bench-u${i}@acme.example`;
  return {
    topic,
    key: subject,
    value: JSON.stringify({
      v: 1,
      id: `01JBENCH${String(i).padStart(18, '0')}`,
      type: 'auth.failure',
      time: '2026-12-04T05:00:00.000Z',
      source: 'okta',
      subjects: { user: subject },
      attrs: { ip: '198.51.100.7', reason: 'INVALID_CREDENTIALS', app: 'okta', country: 'NL' },
      raw_ref: { topic: 'vigil.raw.okta', partition: i % 4, offset: String(i) },
      risk: 10,
    }),
    headers: { 'vigil-source': 'okta' },
  };
}

/**
 * `sizes.records` records in publishes of `sizes.perSend`, after one untimed publish (the producer's
 * connections and producer id), to a fresh topic of the bench's layout.
 */
export async function publishRun(Bus: typeof KafkaBus, cluster: KafkaCluster, sizes: { records: number; perSend: number }): Promise<PublishRunResult> {
  const topic = `bench-publish-${randomUUID().slice(0, 8)}`;
  await createBenchTopic(cluster, topic);
  const records = Array.from({ length: sizes.records + sizes.perSend }, (_, i) => signalRecord(topic, i));
  const bus = new Bus({ brokers: cluster.bootstrap, clientId: 'bench-publish' });
  try {
    await bus.publish(records.slice(0, sizes.perSend));
    const started = performance.now();
    const cpu = threadCpu();
    for (let i = sizes.perSend; i < records.length; i += sizes.perSend) await bus.publish(records.slice(i, i + sizes.perSend));
    const cpuMs = (threadCpu() - cpu) / 1000;
    const recordsPerSecond = rate(sizes.records, performance.now() - started);
    // This worker's kafkajs, loaded by the side's own bus: read the end offsets back.
    const { Kafka, logLevel } = createRequire(import.meta.url)('kafkajs') as typeof Kafkajs;
    const admin = new Kafka({ brokers: cluster.bootstrap, clientId: 'bench-publish-check', logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return { recordsPerSecond, recordsPerCpuSecond: rate(sizes.records, cpuMs), stored: offsets.reduce((n, o) => n + Number(o.high), 0) };
    } finally {
      await admin.disconnect();
    }
  } finally {
    await bus.close();
  }
}
