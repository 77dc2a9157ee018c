import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEAD_LETTER_MAX_VALUE_BYTES, DeadLetterSchema, buildDeadLetter } from './deadletter.js';

const record = (value: Buffer) => ({ topic: 'vigil.raw.okta', partition: 2, offset: '41', key: Buffer.from('k'), value });

describe('buildDeadLetter', () => {
  it('keeps a small value whole, with its length and SHA-256, and no truncated flag', () => {
    const value = Buffer.from('{"not":"an event"}');
    const dl = buildDeadLetter('ingest/okta', record(value), 'VIGIL_ERR_VALIDATION', 'uuid: required', 0);
    expect(DeadLetterSchema.parse(dl)).toEqual(dl);
    expect(dl).toMatchObject({
      value_b64: value.toString('base64'),
      value_bytes: value.length,
      value_sha256: createHash('sha256').update(value).digest('hex'),
      source: { topic: 'vigil.raw.okta', partition: 2, offset: '41', key_b64: Buffer.from('k').toString('base64') },
    });
    expect(dl.truncated).toBeUndefined();
  });

  it(`keeps only the first ${DEAD_LETTER_MAX_VALUE_BYTES} bytes of a larger value and says so`, () => {
    const value = Buffer.alloc(5 << 20, 0x61);
    const dl = buildDeadLetter('ingest/okta', record(value), 'VIGIL_ERR_TOO_LARGE', 'record is too large', 0);
    expect(DeadLetterSchema.safeParse(dl).success).toBe(true);
    expect(dl.truncated).toBe(true);
    expect(dl.value_bytes).toBe(5 << 20);
    expect(dl.value_sha256).toBe(createHash('sha256').update(value).digest('hex'));
    expect(Buffer.from(dl.value_b64, 'base64')).toEqual(value.subarray(0, DEAD_LETTER_MAX_VALUE_BYTES));
    expect(JSON.stringify(dl).length).toBeLessThan(1_000_000);
  });

  it('takes the cap from its options and lists several problems', () => {
    const problems = [
      { code: 'VIGIL_ERR_VALIDATION', reason: 'event 0: bad' },
      { code: 'VIGIL_ERR_PARSE', reason: 'event 1: worse' },
    ];
    const dl = buildDeadLetter('ingest/okta', record(Buffer.from('abcdef')), 'VIGIL_ERR_VALIDATION', '2 problems', 0, { maxValueBytes: 4, problems });
    expect(Buffer.from(dl.value_b64, 'base64').toString()).toBe('abcd');
    expect(dl).toMatchObject({ truncated: true, value_bytes: 6, problems });
    expect(DeadLetterSchema.safeParse(dl).success).toBe(true);
  });

  it('still accepts a record written before the size fields existed', () => {
    const old = {
      v: 1,
      time: '2026-01-01T00:00:00.000Z',
      component: 'ingest/okta',
      code: 'VIGIL_ERR_PARSE',
      reason: 'x',
      source: { topic: 't', partition: 0, offset: '0' },
      value_b64: '',
    };
    expect(DeadLetterSchema.safeParse(old).success).toBe(true);
  });
});
