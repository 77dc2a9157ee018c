// Decision v1 (DESIGN.md §6): what the correlator and the kill switch publish on `vigil.decisions`, keyed by subject.
import { z } from 'zod';
import { SubjectKeySchema } from './subjects.js';
import { SIGNAL_SOURCES, TimeSchema, TraceRefSchema } from './signal.js';

export const ACTIONS = ['allow', 'step_up', 'block'] as const;
export type Action = (typeof ACTIONS)[number];
export const ActionSchema = z.enum(ACTIONS);

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SeveritySchema = z.enum(SEVERITIES);

export const MODES = ['enforce', 'shadow'] as const;
export type Mode = (typeof MODES)[number];

/** Precedence used for conflict resolution: block > step_up > allow. */
export const ACTION_RANK: Record<Action, number> = { allow: 0, step_up: 1, block: 2 };

export const EvidenceSchema = z
  .object({
    signal_id: z.string().min(1),
    source: z.enum(SIGNAL_SOURCES),
    type: z.string(),
    time: TimeSchema,
  })
  .strict();
export type Evidence = z.infer<typeof EvidenceSchema>;

export const ScopeSchema = z
  .object({
    agents: z.array(z.string()).optional(),
    tools: z.array(z.string()).optional(),
    sessions: z.array(z.string()).optional(),
  })
  .strict();

export const DecisionSchema = z
  .object({
    v: z.literal(1).default(1),
    id: z.string().min(1).max(256),
    subject: SubjectKeySchema,
    action: ActionSchema,
    scope: ScopeSchema.optional(),
    reason: z.string().max(2048),
    rule: z.object({ id: z.string(), version: z.string() }).strict().optional(),
    override: z.object({ by: z.string() }).strict().optional(),
    risk: z.number().min(0).max(100),
    severity: SeveritySchema,
    evidence: z.array(EvidenceSchema).max(100).default([]),
    trace: TraceRefSchema.optional(),
    issued_at: TimeSchema,
    expires_at: TimeSchema,
    mode: z.enum(MODES),
  })
  .strict()
  .refine((d) => Boolean(d.rule) !== Boolean(d.override), {
    message: 'a decision names exactly one of rule or override',
    path: ['rule'],
  });
export type Decision = z.infer<typeof DecisionSchema>;
export type DecisionInput = z.input<typeof DecisionSchema>;

/** Name of the Kafka record header that carries the detached JWS over the value bytes. */
export const SIGNATURE_HEADER = 'vigil-signature';

/**
 * The record key of an override on `vigil.decisions`: `<subject>|override`. Rule decisions are keyed by the
 * subject; an override has a key of its own so that log compaction keeps the latest of each, and a later
 * rule decision never compacts a kill switch away. Consumers read the subject from the value.
 */
export function overrideRecordKey(subject: string): string {
  return `${subject}|override`;
}
