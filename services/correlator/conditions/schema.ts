// The shape of a condition tree (json-rules-engine's format) for rule files and the generated JSON Schema.
// compileConditions checks the same shape itself and goes further (operators, paths, values).
import { z } from 'zod';

const priority = z.number().int().min(1).optional().describe('Higher runs first within its all / any; default 1');
const name = z.string().optional().describe('Label shown in results; not a reference');
const params = z.record(z.string(), z.json()).optional().describe('Fact parameters (ignored by Vigil facts, accepted for compatibility)');
const path = z.string().optional().describe("JSONPath into the fact value: $.a.b, $.a[0], $['gen_ai.tool.name']");

export const FactReferenceSchema = z.strictObject({ fact: z.string().min(1), path, params }).describe('Compare with the value of another fact');

// An object with a `fact` key is always read as a fact reference (json-rules-engine's rule), never a literal.
const literal = z.json().refine((v) => v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, 'fact'), {
  message: 'a fact reference takes only fact, path and params',
});

export const LeafConditionSchema = z
  .strictObject({
    fact: z.string().min(1).describe('Fact name: signal, count, distinct, sum, avg, risk, user, device, agent …'),
    operator: z
      .string()
      .min(1)
      .describe(
        'equal, notEqual, lessThan(Inclusive), greaterThan(Inclusive), in, notIn, contains, doesNotContain, inList, notInList, matches, startsWith, endsWith; decorators prefix it: not:, someFact:, everyFact:, someValue:, everyValue:, swap:',
      ),
    value: z.union([FactReferenceSchema, literal]).describe('A literal, or {"fact": …} to compare with another fact'),
    path,
    params,
    priority,
    name,
  })
  .describe('Compares a fact (or a path into it) with a value');

export type LeafCondition = z.output<typeof LeafConditionSchema>;
export type AllCondition = { all: ConditionNode[]; priority?: number | undefined; name?: string | undefined };
export type AnyCondition = { any: ConditionNode[]; priority?: number | undefined; name?: string | undefined };
export type NotCondition = { not: ConditionNode; priority?: number | undefined; name?: string | undefined };
export type ConditionNode = LeafCondition | AllCondition | AnyCondition | NotCondition;
export type Conditions = AllCondition | AnyCondition | NotCondition;

export const AllConditionSchema: z.ZodType<AllCondition, AllCondition> = z
  .strictObject({
    get all() {
      return z.array(ConditionNodeSchema);
    },
    priority,
    name,
  })
  .describe('True when every condition holds (an empty list is true)');

export const AnyConditionSchema: z.ZodType<AnyCondition, AnyCondition> = z
  .strictObject({
    get any() {
      return z.array(ConditionNodeSchema);
    },
    priority,
    name,
  })
  .describe('True when at least one condition holds (an empty list is true, as in json-rules-engine)');

export const NotConditionSchema: z.ZodType<NotCondition, NotCondition> = z
  .strictObject({
    get not() {
      return ConditionNodeSchema;
    },
    priority,
    name,
  })
  .describe('True when the condition does not hold');

export const ConditionNodeSchema: z.ZodType<ConditionNode, ConditionNode> = z.union([
  LeafConditionSchema,
  AllConditionSchema,
  AnyConditionSchema,
  NotConditionSchema,
]);

/** A rule's conditions: all / any / not at the root, nesting conditions and leaves below. */
export const ConditionsSchema: z.ZodType<Conditions, Conditions> = z
  .union([AllConditionSchema, AnyConditionSchema, NotConditionSchema])
  .describe('json-rules-engine conditions: all / any / not of {fact, operator, value, path?}');
