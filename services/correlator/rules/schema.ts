// The rule language (rules/README.md): JSON files validated by zod, with a JSON Schema generated for
// editors. Conditions use json-rules-engine's format; the correlator compiles them (../conditions).
import { z } from 'zod';
import { ActionSchema, SeveritySchema, SubjectKindSchema, MODES } from '@vigil/schemas';
import { parseDurationMs } from '@vigil/core';
import { ConditionsSchema } from '../conditions/index.js';

export const DurationSchema = z
  .union([z.string(), z.number().nonnegative()])
  .refine((v) => parseDurationMs(v) !== undefined, { message: 'a duration like "90s", "15m", "1h", "7d" or a number of seconds' })
  .describe('Duration: "90s", "15m", "1h", "7d", or seconds');

/** Which signals a rule (or a step of it) looks at. */
export const SelectorSchema = z
  .strictObject({
    types: z.array(z.string().min(1)).min(1).describe('Signal types; "*" for any'),
    where: ConditionsSchema.optional().describe('json-rules-engine conditions over the facts signal, user, device, agent, risk'),
  })
  .describe('Signals a rule or step matches');

export const StepSchema = SelectorSchema.extend({ name: z.string().min(1).optional() });

/** A group-by key: a subject kind, or a list of signal paths (`subjects.user`, `attributes.provider`). */
export const KeySchema = z.union([SubjectKindSchema, z.array(z.string().regex(/^(subjects|attributes)\.[A-Za-z0-9_.-]+$|^(type|source)$/)).min(1)]);

export const DecisionSpecSchema = z.strictObject({
  action: ActionSchema,
  target: SubjectKindSchema.describe('Which subject of the triggering signal the decision is for'),
  ttl: DurationSchema,
  reason: z.string().min(1).max(512).describe('Plain sentence; {{count}}, {{distinct}}, {{sum}}, {{key}}, {{signal.<path>}} are filled in'),
  lifts: z.array(z.string()).optional().describe('For action allow: only issued while the target has an active decision from these rules'),
});

const SIGNAL_CASE = z.looseObject({ type: z.string(), time: z.string() });

export const CaseSchema = z.strictObject({
  name: z.string().min(1),
  with: z.array(z.string()).optional().describe('Other rule ids active during this case (for rules that interact, e.g. lifts)'),
  signals: z.array(SIGNAL_CASE).min(1).describe('Signals in (defaults filled in: id, source custom, severity 0)'),
  expect: z
    .array(z.strictObject({ subject: z.string(), action: ActionSchema, mode: z.enum(MODES).optional() }))
    .describe('Decisions out, in order; [] means "no decision"'),
  until: z.iso
    .datetime({ offset: false })
    .optional()
    .describe('Event time the case runs to (RFC 3339, UTC); default: the last signal. Absence deadlines up to it fire'),
  advance: DurationSchema.optional().describe('Or: how far past the last signal the case runs ("20m")'),
});

const BaseRule = {
  $schema: z.string().optional(),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'rule ids are lower-case kebab-case'),
  version: z.string().min(1),
  name: z.string().min(1),
  description: z.string().optional(),
  enabled: z.boolean().default(true),
  mode: z.enum(MODES).default('enforce'),
  severity: SeveritySchema,
  mitre: z.array(z.string().regex(/^T\d{4}(\.\d{3})?$/)).default([]),
  risk: z
    .strictObject({ add: z.number().min(-100).max(100), to: SubjectKindSchema.optional() })
    .optional()
    .describe('Adds to the decaying risk score of a subject when the rule fires'),
  exceptions: z.array(ConditionsSchema).default([]).describe('When any matches (facts as in where/when), the rule stays silent'),
  suppress: DurationSchema.optional().describe('At most one decision per subject per rule per period (default: the ttl)'),
  decision: DecisionSpecSchema.optional().describe('Omit for risk-only rules'),
  cases: z.array(CaseSchema).default([]),
};

export const MatchRuleSchema = z.strictObject({
  ...BaseRule,
  kind: z.literal('match'),
  select: SelectorSchema,
  when: ConditionsSchema.optional(),
});

export const AggregateRuleSchema = z.strictObject({
  ...BaseRule,
  kind: z.literal('aggregate'),
  key: KeySchema,
  window: DurationSchema,
  select: SelectorSchema,
  distinct: z.string().optional().describe('Signal path whose distinct values are counted: fact `distinct`'),
  sum: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe('Numeric signal path(s) summed per signal: facts `sum`, `avg`'),
  when: ConditionsSchema.describe('Conditions over count, distinct, sum, avg and the signal facts'),
});

export const SequenceRuleSchema = z.strictObject({
  ...BaseRule,
  kind: z.literal('sequence'),
  key: KeySchema,
  window: DurationSchema,
  ordered: z.boolean().default(true),
  steps: z.array(StepSchema).min(2).max(8),
  until: SelectorSchema.optional().describe('A signal that cancels partial matches (e.g. the device became compliant)'),
});

export const AbsenceRuleSchema = z.strictObject({
  ...BaseRule,
  kind: z.literal('absence'),
  key: KeySchema,
  select: SelectorSchema.describe('A: the signal that starts the clock'),
  expect: SelectorSchema.describe('B: the signal that must follow within `within`'),
  within: DurationSchema,
});

export const RuleSchema = z.discriminatedUnion('kind', [MatchRuleSchema, AggregateRuleSchema, SequenceRuleSchema, AbsenceRuleSchema]);
export type Rule = z.output<typeof RuleSchema>;
export type RuleInput = z.input<typeof RuleSchema>;
export type Selector = z.output<typeof SelectorSchema>;
export type DecisionSpec = z.output<typeof DecisionSpecSchema>;
export type RuleCase = z.output<typeof CaseSchema>;

/** rules/settings.json: engine-wide settings. */
export const RuleSettingsSchema = z.strictObject({
  $schema: z.string().optional(),
  risk: z.strictObject({ half_life: DurationSchema.default('1h') }).default({ half_life: '1h' }),
  allowed_lateness: DurationSchema.default('5m'),
  max_events_per_key: z.number().int().min(1).max(100_000).default(1000),
});
export type RuleSettings = z.output<typeof RuleSettingsSchema>;

/** rules/lists/<name>.json: `["a", "b"]` or `{ "description": "...", "items": [...] }`. */
export const ListFileSchema = z.union([
  z.array(z.string()),
  z.strictObject({ $schema: z.string().optional(), description: z.string().optional(), items: z.array(z.string()) }),
]);
