// Alert v1: the format-neutral alert that sinks encode to ECS, OCSF 2004 or CEF (DESIGN.md §8).
import { z } from 'zod';
import { DecisionSchema, SeveritySchema } from './decision.js';
import { SignalSchema, TimeSchema } from './signal.js';

export const ALERT_KINDS = ['decision', 'shadow', 'override'] as const;

export const AlertSchema = z
  .object({
    v: z.literal(1).default(1),
    id: z.string().min(1).max(256),
    kind: z.enum(ALERT_KINDS),
    created_at: TimeSchema,
    severity: SeveritySchema,
    risk: z.number().min(0).max(100),
    title: z.string().max(512),
    rule: z
      .object({
        id: z.string(),
        version: z.string(),
        name: z.string(),
        description: z.string().optional(),
        mitre: z.array(z.string().regex(/^T\d{4}(\.\d{3})?$/)).default([]),
      })
      .strict()
      .optional(),
    decision: DecisionSchema,
    /** The signals that led here (at most 20, newest last). */
    signals: z.array(SignalSchema).max(20).default([]),
  })
  .strict();
export type Alert = z.infer<typeof AlertSchema>;
export type AlertInput = z.input<typeof AlertSchema>;
