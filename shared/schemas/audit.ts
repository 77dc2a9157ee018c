// Audit record on `vigil.audit`: every decision, override and rule-set change, append-only.
import { z } from 'zod';
import { DecisionSchema } from './decision.js';
import { TimeSchema } from './signal.js';

export const AuditSchema = z.discriminatedUnion('kind', [
  z.object({ v: z.literal(1).default(1), kind: z.literal('decision'), time: TimeSchema, decision: DecisionSchema }).strict(),
  z
    .object({
      v: z.literal(1).default(1),
      kind: z.literal('override'),
      time: TimeSchema,
      by: z.string(),
      reason: z.string(),
      decision: DecisionSchema,
    })
    .strict(),
  z
    .object({
      v: z.literal(1).default(1),
      kind: z.literal('rules'),
      time: TimeSchema,
      status: z.enum(['loaded', 'rejected']),
      rules: z.array(
        z
          .object({
            id: z.string(),
            version: z.string(),
            sha256: z
              .string()
              .regex(/^[0-9a-f]{64}$/)
              .optional()
              .describe('sha256 of the rule file: changes with every edit, even without a version bump'),
          })
          .strict(),
      ),
      errors: z.array(z.string()).default([]),
    })
    .strict(),
]);
export type Audit = z.infer<typeof AuditSchema>;
