// Dead-letter record: what any consumer writes to `vigil.deadletter` when it cannot use a message.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { TimeSchema } from './signal.js';

export const DeadLetterSchema = z
  .object({
    v: z.literal(1).default(1),
    time: TimeSchema,
    component: z.string().min(1),
    /** A stable VIGIL_ERR_* code. */
    code: z.string().regex(/^VIGIL_ERR_[A-Z0-9_]+$/),
    /** A precise, human-readable reason. */
    reason: z.string().max(4096),
    source: z
      .object({
        topic: z.string(),
        partition: z.number().int().min(0),
        offset: z.string(),
        key_b64: z.string().optional(),
      })
      .strict(),
    /** The original record value, byte for byte, base64; only its first bytes when `truncated`. */
    value_b64: z.string(),
    /** Length of the original value in bytes (before any truncation). */
    value_bytes: z.number().int().min(0).optional(),
    /** SHA-256 of the whole original value, hex: finds the record again when only a prefix is kept. */
    value_sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    /** Set when `value_b64` holds only a prefix of the value (the record was larger than the cap). */
    truncated: z.literal(true).optional(),
    /** Every problem found in the record when there were several (`code`/`reason` hold the first or a summary). */
    problems: z
      .array(z.object({ code: z.string().regex(/^VIGIL_ERR_[A-Z0-9_]+$/), reason: z.string().max(4096) }).strict())
      .max(100)
      .optional(),
  })
  .strict();
export type DeadLetter = z.infer<typeof DeadLetterSchema>;

/**
 * The most original bytes a dead-letter carries by default (256 KiB; base64 makes it ~342 KiB), so a
 * dead-letter stays well under Kafka's default 1 MB message limit whatever the size of the record.
 */
export const DEAD_LETTER_MAX_VALUE_BYTES = 256 * 1024;

export interface DeadLetterOptions {
  /** Keep at most this many bytes of the original value (default DEAD_LETTER_MAX_VALUE_BYTES). */
  maxValueBytes?: number;
  problems?: { code: string; reason: string }[];
}

/**
 * Builds the dead-letter record for an unusable message: the original bytes (base64, cut to a prefix of
 * `maxValueBytes` with `truncated: true` when longer), always with their length and SHA-256.
 */
export function buildDeadLetter(
  component: string,
  record: { topic: string; partition: number; offset: string; key: Uint8Array | null; value: Uint8Array },
  code: string,
  reason: string,
  now: number = Date.now(),
  opts: DeadLetterOptions = {},
): DeadLetter {
  const value = Buffer.from(record.value.buffer, record.value.byteOffset, record.value.byteLength);
  const max = Math.max(0, opts.maxValueBytes ?? DEAD_LETTER_MAX_VALUE_BYTES);
  const truncated = value.length > max;
  return {
    v: 1,
    time: new Date(now).toISOString(),
    component,
    code,
    reason,
    source: {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      ...(record.key ? { key_b64: Buffer.from(record.key).toString('base64') } : {}),
    },
    value_b64: (truncated ? value.subarray(0, max) : value).toString('base64'),
    value_bytes: value.length,
    value_sha256: createHash('sha256').update(value).digest('hex'),
    ...(truncated ? { truncated: true as const } : {}),
    ...(opts.problems && opts.problems.length > 1 ? { problems: opts.problems.slice(0, 100) } : {}),
  };
}
