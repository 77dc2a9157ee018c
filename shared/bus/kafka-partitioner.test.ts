// The partitioner must put every keyed record where Kafka's Java producer and kafkajs's DefaultPartitioner
// put it: the hash is checked against kafkajs's own (BigInt) murmur2 on generated keys, and the partitions
// against values computed by the Java client.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import kafkajs from './kafkajs.js';
import { describe, expect, it } from 'vitest';
import { keyHashPartitioner, murmur2 } from './kafka-partitioner.js';

const require = createRequire(import.meta.url);
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: Buffer | string) => number;

const metadata = (n: number, leaderless: number[] = []) =>
  Array.from({ length: n }, (_, partitionId) => ({
    partitionId,
    leader: leaderless.includes(partitionId) ? -1 : 1,
    partitionErrorCode: 0,
    replicas: [1],
    isr: [1],
  }));

describe('murmur2', () => {
  it('equals kafkajs’s murmur2 on any string key (ASCII, other UTF-8, every length modulo 4)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 64 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.emailAddress()), (key) => {
        expect(murmur2(key)).toBe(kafkajsMurmur2(key));
      }),
      { numRuns: 3000 },
    );
  });

  it('equals kafkajs’s murmur2 on any Buffer key', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const key = Buffer.from(bytes);
        expect(murmur2(key)).toBe(kafkajsMurmur2(key));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the partitions the Java client’s DefaultPartitioner gives', () => {
    // Computed with org.apache.kafka.clients.producer.internals.DefaultPartitioner (key → partition count → partition).
    const java: Record<string, Record<number, number>> = {
      wu: { 10: 0, 11: 7, 12: 4, 13: 3, 14: 6, 15: 10 },
      defgh: { 10: 8, 11: 4, 12: 6, 13: 1, 14: 12, 15: 3 },
      thing: { 10: 4, 11: 0, 12: 4, 13: 11, 14: 0, 15: 4 },
      thingäöüÄÖÜ: { 10: 2, 11: 1, 12: 10, 13: 12, 14: 12, 15: 7 },
      äöüÄÖÜ: { 10: 2, 11: 3, 12: 8 },
    };
    const partition = keyHashPartitioner();
    for (const [key, byCount] of Object.entries(java))
      for (const [count, expected] of Object.entries(byCount))
        expect(partition({ topic: 't', partitionMetadata: metadata(Number(count)), message: { key, value: 'v' } }), `${key} over ${count}`).toBe(expected);
  });
});

describe('keyHashPartitioner', () => {
  it('chooses what kafkajs’s DefaultPartitioner chooses for keyed records', () => {
    const ours = keyHashPartitioner();
    const theirs = kafkajs.Partitioners.DefaultPartitioner();
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 48 }), fc.integer({ min: 1, max: 64 }), (key, n) => {
        const args = { topic: 't', partitionMetadata: metadata(n), message: { key, value: 'v' } };
        expect(ours(args)).toBe(theirs(args));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps an explicit partition, and spreads keyless records over the partitions with a leader', () => {
    const partition = keyHashPartitioner();
    expect(partition({ topic: 't', partitionMetadata: metadata(4), message: { key: 'k', value: 'v', partition: 3 } })).toBe(3);
    const chosen = Array.from({ length: 30 }, () => partition({ topic: 't', partitionMetadata: metadata(4, [1]), message: { value: 'v' } }));
    expect(new Set(chosen)).toEqual(new Set([0, 2, 3]));
    // Round robin: each of the three leaders in turn.
    expect(chosen.slice(0, 3).sort()).toEqual([0, 2, 3]);
    expect(partition({ topic: 'u', partitionMetadata: metadata(2, [0, 1]), message: { value: 'v' } })).toBeLessThan(2);
  });
});
