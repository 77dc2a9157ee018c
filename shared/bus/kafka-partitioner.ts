// The partition of a keyed record, as Kafka's Java producer and kafkajs's DefaultPartitioner choose it:
// murmur2 of the key's UTF-8 bytes, made positive, modulo the topic's partition count. Same partitions, so
// Vigil's records of one subject land where a Java or kafkajs producer's would (and where consumers keyed
// on partitions expect them).
//
// kafkajs 2.2.4 computes murmur2 with its BigInt-backed Long (an object and a BigInt per step, and a Buffer
// per key): 3–5 µs for a 30-byte subject key on this project's 2-core benchmark VM, about 7 % of an inline
// ingest + correlator process's CPU (docs/performance.md). The hash only ever keeps the low 32 bits of each
// product, which is what Math.imul gives: the same value in 0.1–0.2 µs.
import type { ICustomPartitioner } from 'kafkajs';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** An ASCII key's bytes, copied here to be hashed (grown for longer keys): no Buffer per key. */
let scratch = new Uint8Array(256);

/** Kafka's murmur2 (Utils.murmur2 of the Java client) of a key: a signed 32-bit integer. */
export function murmur2(key: Buffer | string): number {
  if (typeof key !== 'string') return murmur2Bytes(key, key.length);
  if (key.length > scratch.length) scratch = new Uint8Array(key.length * 2);
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    // Not ASCII: its UTF-8 bytes are not its char codes.
    if (c > 0x7f) {
      const bytes = Buffer.from(key);
      return murmur2Bytes(bytes, bytes.length);
    }
    scratch[i] = c;
  }
  return murmur2Bytes(scratch, key.length);
}

/** murmur2 of the first `length` bytes of `data`. */
function murmur2Bytes(data: Uint8Array, length: number): number {
  let h = SEED ^ length;
  const blocks = length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    h = mixBlock(h, data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24));
  }
  switch (length & 3) {
    case 3:
      h ^= data[blocks + 2]! << 16;
    // falls through
    case 2:
      h ^= data[blocks + 1]! << 8;
    // falls through
    case 1:
      h ^= data[blocks]!;
      h = Math.imul(h, M);
  }
  return finish(h);
}

function mixBlock(h: number, block: number): number {
  let k = Math.imul(block, M);
  k ^= k >>> 24;
  k = Math.imul(k, M);
  return Math.imul(h, M) ^ k;
}

function finish(h: number): number {
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition of a key: positive murmur2 modulo the partition count. */
export function keyPartition(key: Buffer | string, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}

/**
 * kafkajs's DefaultPartitioner with this murmur2: an explicit partition wins, a keyed record goes to
 * `positive(murmur2(key)) % partitions`, a record without a key round-robins over the partitions that have
 * a leader (from a random start per topic), as kafkajs does.
 */
export const keyHashPartitioner: ICustomPartitioner = () => {
  const counters = new Map<string, number>();
  return ({ topic, partitionMetadata, message }) => {
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    if (message.key !== null && message.key !== undefined) return keyPartition(message.key, partitionMetadata.length);
    const counter = (counters.get(topic) ?? Math.floor(Math.random() * 0x7fffffff)) + 1;
    counters.set(topic, counter);
    const available = partitionMetadata.filter((p) => p.leader >= 0);
    if (available.length) return available[(counter & 0x7fffffff) % available.length]!.partitionId;
    return (counter & 0x7fffffff) % partitionMetadata.length;
  };
};
