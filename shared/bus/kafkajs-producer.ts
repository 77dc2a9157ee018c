// Two of kafkajs 2.2.4's producer functions cost more than the rest of a send (docs/performance.md):
// * the CRC32C of every record batch, a loop of one table lookup per byte (about 2.4 ns a byte here) —
//   replaced by crc-32's (SheetJS) CRC32C, which takes the same checksum 16 bytes at a time (about 0.55 ns);
// * grouping a send's messages by partition, which copies the partition's array for every message it adds
//   (quadratic in the send; tulios/kafkajs#1576, not released) — replaced by one push per message.
// Both are captured by the modules that use them when kafkajs loads, so they cannot be swapped afterwards:
// they go into Node's module cache under kafkajs's own file names before kafkajs is first loaded, and its
// require finds them there. Only on the kafkajs version and file texts they were written against; a
// process that loaded kafkajs before the bus keeps kafkajs's own (kafkajsProducerPatch() says which).
// kafkajs.ts installs them and then loads kafkajs: the bus's (and Vigil's) one way to kafkajs's values.
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import crc32c from 'crc-32/crc32c';

const PATCHED_VERSION = '2.2.4';

/** kafkajs's files, relative to its package, and text each must hold for its replacement to fit. */
const CRC_FILE = 'src/protocol/recordBatch/crc32C/index.js';
const GROUP_FILE = 'src/producer/groupMessagesPerPartition.js';
const ORIGINALS: Record<string, string> = {
  [CRC_FILE]: 'module.exports = buffer => unsigned(crc32C(buffer))',
  [GROUP_FILE]: 'Object.assign(result, { [partition]: [...current, message] })',
};
/** Loaded when kafkajs is: if it is in the cache already, kafkajs has loaded and captured its own functions. */
const LOADED_WITH_KAFKAJS = 'src/producer/sendMessages.js';

export type KafkajsProducerPatch = 'applied' | 'kafkajs loaded first' | 'not applicable';

/** The checksum of a record batch, unsigned, as kafkajs's own gives it. */
export function recordBatchCrc(buffer: Uint8Array): number {
  return crc32c.buf(buffer) >>> 0;
}

interface GroupArgs<M> {
  topic: string;
  partitionMetadata: readonly unknown[];
  messages: readonly M[];
  partitioner: (args: { topic: string; partitionMetadata: readonly unknown[]; message: M }) => number;
}

/** A send's messages by partition, in send order within each: what kafkajs's groupMessagesPerPartition returns. */
export function groupByPartition<M>({ topic, partitionMetadata, messages, partitioner }: GroupArgs<M>): Record<number, M[]> {
  const out: Record<number, M[]> = {};
  if (partitionMetadata.length === 0) return out;
  for (const message of messages) (out[partitioner({ topic, partitionMetadata, message })] ??= []).push(message);
  return out;
}

let state: KafkajsProducerPatch | undefined;

/** Puts the replacements in place if kafkajs has not loaded yet (idempotent); returns the outcome. */
export function installKafkajsProducerPatch(): KafkajsProducerPatch {
  return (state ??= install());
}

function install(): KafkajsProducerPatch {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('kafkajs/package.json'));
  const { version } = require('kafkajs/package.json') as { version: string };
  if (version !== PATCHED_VERSION) return 'not applicable';
  for (const [file, text] of Object.entries(ORIGINALS)) if (!readFileSync(join(root, file), 'utf8').includes(text)) return 'not applicable';
  if (require.cache[join(root, LOADED_WITH_KAFKAJS)]) return 'kafkajs loaded first';
  const put = (file: string, exports: unknown): void => {
    const filename = join(root, file);
    const module = new Module(filename);
    module.filename = filename;
    module.loaded = true;
    module.exports = exports;
    require.cache[filename] = module;
  };
  put(CRC_FILE, recordBatchCrc);
  put(GROUP_FILE, groupByPartition);
  return 'applied';
}

/** Whether this process's kafkajs producers use the replacements (undefined: the bus has not loaded kafkajs yet). */
export function kafkajsProducerPatch(): KafkajsProducerPatch | undefined {
  return state;
}
