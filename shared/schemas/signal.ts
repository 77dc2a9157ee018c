// Canonical signal v1 (DESIGN.md §5): what every ingest source emits on `vigil.signals`.
import { z } from 'zod';
import { SubjectsSchema } from './subjects.js';

export const SIGNAL_SOURCES = ['otlp', 'okta', 'entra', 'crowdstrike', 'defender', 'ocsf', 'caep', 'custom'] as const;
export type SignalSource = (typeof SIGNAL_SOURCES)[number];

/** Known signal types; custom producers may use other dotted names. */
export const SIGNAL_TYPES = [
  'auth.success',
  'auth.failure',
  'auth.mfa_denied',
  'auth.lockout',
  'identity.risk',
  'identity.threat',
  'identity.privilege_grant',
  'identity.account_disabled',
  'identity.credential_change',
  'identity.credential_compromise',
  'identity.assurance_change',
  'identity.claims_change',
  'session.revoked',
  'endpoint.detection',
  'device.compliance',
  'agent.invocation',
  'agent.tool_call',
  'agent.llm_call',
  'agent.retrieval',
] as const;

export const DATA_CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;
export type DataClassification = (typeof DATA_CLASSIFICATIONS)[number];

/** RFC 3339 with milliseconds, always UTC: `2026-01-31T12:00:00.000Z`. */
export const TimeSchema = z.iso.datetime({ offset: false, precision: 3 });

export const TraceRefSchema = z
  .object({
    trace_id: z.string().regex(/^[0-9a-f]{32}$/, 'trace_id must be 32 lower-case hex digits'),
    span_id: z.string().regex(/^[0-9a-f]{16}$/, 'span_id must be 16 lower-case hex digits'),
    parent_span_id: z
      .string()
      .regex(/^[0-9a-f]{16}$/)
      .optional(),
  })
  .strict();
export type TraceRef = z.infer<typeof TraceRefSchema>;

export const RawRefSchema = z
  .object({
    topic: z.string().min(1),
    partition: z.number().int().min(0),
    offset: z.string().regex(/^\d+$/, 'offset is a decimal string'),
  })
  .strict();
export type RawRef = z.infer<typeof RawRefSchema>;

const AttributeValueSchema = z.union([
  z.string().max(8192),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string().max(8192), z.number(), z.boolean()])).max(256),
  z.record(z.string(), z.unknown()),
]);

export const SignalSchema = z
  .object({
    v: z.literal(1).default(1),
    id: z.string().min(1).max(256),
    time: TimeSchema,
    source: z.enum(SIGNAL_SOURCES),
    type: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'type is dotted lower-case, e.g. auth.failure'),
    severity: z.number().int().min(0).max(100),
    // minProperties tells JSON Schema users (and ajv in parseSignal) what the refine below tells zod.
    subjects: SubjectsSchema.meta({ minProperties: 1 }),
    attributes: z.record(z.string().max(128), AttributeValueSchema).default({}),
    trace: TraceRefSchema.optional(),
    raw_ref: RawRefSchema.optional(),
  })
  .strict()
  .refine((s) => Object.keys(s.subjects).length > 0, { message: 'a signal names at least one subject', path: ['subjects'] });

export type Signal = z.infer<typeof SignalSchema>;
/** A signal as producers write it (defaults not yet applied). */
export type SignalInput = z.input<typeof SignalSchema>;
