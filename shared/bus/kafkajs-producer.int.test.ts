// Record batches the bus produces with the replaced checksum and grouping, read back by librdkafka (kcat)
// with its CRC check on: a batch whose checksum were wrong would be refused, not delivered.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createTopics, sharedKafka, TEST_KAFKA_RETRY, uniqueTopic } from '../../test/helpers/kafka.js';
import { KafkaBus } from './kafka-bus.js';
import { kafkajsProducerPatch } from './kafkajs-producer.js';

const run = promisify(execFile);

describe('kafkajs producer replacements on the wire', () => {
  const cluster = sharedKafka();
  const bus = new KafkaBus({ brokers: cluster.bootstrap, clientId: 'vigil-int-crc', retry: TEST_KAFKA_RETRY });
  afterAll(() => bus.close());

  it('produce record batches that librdkafka checks and accepts, every record in order per key', async () => {
    // This file's worker loaded kafkajs through the bus: the records below went through both replacements.
    expect(kafkajsProducerPatch()).toBe('applied');
    const topic = uniqueTopic('crc');
    await createTopics(cluster, [topic], 3);
    // Sizes from empty to a few KB, in sends of many records over every partition (batches of one and of many).
    const sent: { key: string; value: string }[] = [];
    for (let send = 0; send < 4; send++) {
      const records = Array.from({ length: 50 * (send + 1) }, (_, i) => {
        const n = sent.length + i;
        return { topic, key: `k${n % 7}`, value: JSON.stringify({ n, pad: 'x'.repeat((n * 37) % 4000) }) };
      });
      await bus.publish(records);
      sent.push(...records.map(({ key, value }) => ({ key, value })));
    }
    const { stdout, stderr } = await run(
      'kcat',
      ['-C', '-b', cluster.bootstrap.join(','), '-t', topic, '-o', 'beginning', '-e', '-q', '-X', 'check.crcs=true', '-f', '%k\t%s\n'],
      { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
    );
    expect(stderr).not.toMatch(/crc|error/i);
    const got = stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => ({ key: line.slice(0, line.indexOf('\t')), value: line.slice(line.indexOf('\t') + 1) }));
    expect(got).toHaveLength(sent.length);
    // One key stays in one partition, so its records come back in the order they were sent.
    for (let k = 0; k < 7; k++) {
      const key = `k${k}`;
      expect(got.filter((r) => r.key === key).map((r) => r.value)).toEqual(sent.filter((r) => r.key === key).map((r) => r.value));
    }
  });
});
