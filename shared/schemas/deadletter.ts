// Dead-letter record: what any consumer writes to `vigil.deadletter` when it cannot use a message.
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
    /** The original record value, byte for byte, base64. */
    value_b64: z.string(),
  })
  .strict();
export type DeadLetter = z.infer<typeof DeadLetterSchema>;

/** Builds the dead-letter record for an unusable message (original bytes kept, base64). */
export function buildDeadLetter(
  component: string,
  record: { topic: string; partition: number; offset: string; key: Uint8Array | null; value: Uint8Array },
  code: string,
  reason: string,
  now: number = Date.now(),
): DeadLetter {
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
    value_b64: Buffer.from(record.value).toString('base64'),
  };
}
