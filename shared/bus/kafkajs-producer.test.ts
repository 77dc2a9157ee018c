// The producer replacements give what kafkajs's own functions give: the checksum against kafkajs's byte-wise
// CRC32C (the file the replacement does not touch), the grouping against kafkajs's own function compiled from
// its source; and a fresh process that loads Vigil's services runs kafkajs with both in place.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupByPartition, recordBatchCrc } from './kafkajs-producer.js';

const require = createRequire(import.meta.url);
const kafkajsRoot = dirname(require.resolve('kafkajs/package.json'));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** kafkajs's table-driven CRC32C, one byte at a time (crc32C.js; its index.js, the replaced file, only makes it unsigned). */
const theirCrc = require(join(kafkajsRoot, 'src/protocol/recordBatch/crc32C/crc32C.js')) as (b: Uint8Array) => number;

/** kafkajs's own groupMessagesPerPartition, compiled from its file (require would give the replacement). */
function theirGrouping(): typeof groupByPartition {
  const file = join(kafkajsRoot, 'src/producer/groupMessagesPerPartition.js');
  const m = new Module(file) as Module & { _compile(code: string, filename: string): void };
  m.filename = file;
  m._compile(readFileSync(file, 'utf8'), file);
  return m.exports as typeof groupByPartition;
}

describe('kafkajs producer replacements', () => {
  it('checksum a record batch as kafkajs does, at any length and byte offset', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.nat(7), (bytes, skip) => {
        const view = bytes.subarray(Math.min(skip, bytes.length));
        expect(recordBatchCrc(view)).toBe(theirCrc(view));
      }),
      { numRuns: 500 },
    );
    // The CRC32C check value (RFC 3720, B.4): 32 bytes of zeros.
    expect(recordBatchCrc(new Uint8Array(32))).toBe(0x8a9136aa);
  });

  it('group a send by partition as kafkajs does, in send order within each partition', () => {
    const theirs = theirGrouping();
    fc.assert(
      fc.property(fc.array(fc.record({ key: fc.string(), n: fc.nat(5) }), { maxLength: 300 }), fc.integer({ min: 0, max: 6 }), (messages, partitions) => {
        const args = {
          topic: 't',
          partitionMetadata: Array.from({ length: partitions }, (_, partitionId) => ({ partitionId })),
          messages,
          partitioner: ({ message }: { message: { n: number } }) => message.n % Math.max(1, partitions),
        };
        const ours = groupByPartition(args);
        expect(ours).toEqual(theirs(args));
        expect(Object.keys(ours)).toEqual(Object.keys(theirs(args)));
      }),
      { numRuns: 300 },
    );
  });

  it('are what kafkajs runs with in a process that starts the services', () => {
    // A fresh process: this worker may have loaded kafkajs before (another test file, the gateway SDK).
    const script = `
      import { createRequire } from 'node:module';
      await import('@vigil/ingest');
      await import('@vigil/correlator');
      const { kafkajsProducerPatch } = await import('@vigil/bus');
      const { groupByPartition, recordBatchCrc } = await import('@vigil/bus/kafkajs-producer');
      const require = createRequire(${JSON.stringify(join(ROOT, 'shared/bus/index.ts'))});
      console.log(JSON.stringify({
        patch: kafkajsProducerPatch(),
        crc: require('kafkajs/src/protocol/recordBatch/crc32C/index.js') === recordBatchCrc,
        grouping: require('kafkajs/src/producer/groupMessagesPerPartition.js') === groupByPartition,
      }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ patch: 'applied', crc: true, grouping: true });
  });
});
