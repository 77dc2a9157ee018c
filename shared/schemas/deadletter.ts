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
