import { describe, expect, it } from 'vitest';
import { createAliasMap } from './aliases.js';
import { MAX_PROBLEMS_LISTED, processRecord } from './process.js';
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

  it(`dead-letters a record once with all its problems, listing the first ${MAX_PROBLEMS_LISTED}`, async () => {
    const problems = Array.from({ length: 100 }, (_, i) => ({ code: 'VIGIL_ERR_VALIDATION' as const, reason: `span ${i} is bad` }));
    const out = await processRecord(
      source(() => ({ signals: [], ignored: 0, problems })),
      record,
      ctx,
      { maxRecordBytes: 100 },
    );
    expect(out.deadletters).toHaveLength(1);
    expect(out.deadlettered).toBe(100);
    const dl = out.deadletters[0]!;
    expect(dl.problems).toHaveLength(MAX_PROBLEMS_LISTED);
    expect(dl.problems![19]).toEqual({ code: 'VIGIL_ERR_VALIDATION', reason: 'span 19 is bad' });
    expect(dl.reason).toMatch(/^100 problems in this record: \(1\) span 0 is bad; \(2\) span 1 is bad;/);
    expect(dl.reason).toMatch(/\(20\) span 19 is bad; and 80 more$/);
    expect(dl.value_b64).toBe(Buffer.from('payload').toString('base64'));
  });

  it('keeps only a prefix of an oversized record, with its length and hash', async () => {
    const big = { ...record, value: Buffer.alloc(4096, 0x7b) };
    const out = await processRecord(
      source(() => ({ signals: [], ignored: 0, problems: [] })),
      big,
      ctx,
      { maxRecordBytes: 1024, maxDeadLetterValueBytes: 100 },
    );
    expect(out.deadletters).toHaveLength(1);
    expect(out.deadletters[0]).toMatchObject({ code: 'VIGIL_ERR_TOO_LARGE', truncated: true, value_bytes: 4096 });
    expect(Buffer.from(out.deadletters[0]!.value_b64, 'base64')).toHaveLength(100);
    expect(out.deadletters[0]!.value_sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
