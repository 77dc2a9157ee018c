import { describe, expect, it } from 'vitest';
import { createAliasMap } from './aliases.js';
import { MAX_DEADLETTERS_PER_RECORD, processRecord } from './process.js';
import type { Source } from './source.js';

const ctx = { aliases: createAliasMap(), settings: {}, now: () => 0 };
const record = { topic: 'raw', partition: 1, offset: '7', key: Buffer.from('k'), value: Buffer.from('payload') };
const source = (handle: Source['handle']): Source => ({ name: 'fake', signalSource: 'custom', topic: 'raw', handle });

describe('processRecord', () => {
  it('turns a throwing source into a dead-letter that keeps the original bytes and position', async () => {
    const out = await processRecord(
      source(() => {
        throw new Error('boom');
      }),
      record,
      ctx,
      { maxRecordBytes: 100 },
    );
    expect(out.deadletters).toHaveLength(1);
    expect(out.deadletters[0]).toMatchObject({
      component: 'ingest/fake',
      code: 'VIGIL_ERR_INTERNAL',
      source: { topic: 'raw', partition: 1, offset: '7', key_b64: Buffer.from('k').toString('base64') },
      value_b64: Buffer.from('payload').toString('base64'),
    });
    expect(out.deadletters[0]!.reason).toMatch(/boom/);
  });

  it('dead-letters a normalized signal that breaks the schema instead of emitting it', async () => {
    const out = await processRecord(
      source(() => ({
        signals: [{ id: 'x', time: 'yesterday', source: 'custom', type: 'a.b', severity: 0, subjects: { user: 'u' } }],
        ignored: 0,
        problems: [],
      })),
      record,
      ctx,
      { maxRecordBytes: 100 },
    );
    expect(out.signals).toEqual([]);
    expect(out.deadletters[0]!.reason).toMatch(/time/);
  });

  it(`caps dead-letters at ${MAX_DEADLETTERS_PER_RECORD} per record and sums up the rest`, async () => {
    const problems = Array.from({ length: 100 }, (_, i) => ({ code: 'VIGIL_ERR_VALIDATION' as const, reason: `span ${i} is bad` }));
    const out = await processRecord(
      source(() => ({ signals: [], ignored: 0, problems })),
      record,
      ctx,
      { maxRecordBytes: 100 },
    );
    expect(out.deadletters).toHaveLength(MAX_DEADLETTERS_PER_RECORD);
    expect(out.deadletters.at(-1)!.reason).toBe('81 more problems in this record, the first: span 19 is bad');
  });
});
