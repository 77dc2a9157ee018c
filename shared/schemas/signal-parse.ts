// Validating canonical signals where every one passes: each signal ingest emits, each record the correlator
// reads from `vigil.signals`, each line replay reads. zod's SignalSchema is the contract and words the errors.
// A valid signal is answered by the same schema compiled by ajv from zod's own JSON Schema, about ten times
// faster; see fastSchema for the one rewrite, and zodOnlyRulesHold for what the JSON Schema cannot carry.
// ajv's yes is only taken where it cannot be wider than zod's (a differential test checks it); anything ajv
// refuses goes to zod, which decides and explains.
import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { z } from 'zod';
import { SignalSchema, type Signal } from './signal.js';

export type SignalParse = { success: true; data: Signal } | { success: false; error: z.ZodError };

/** SignalSchema.safeParse, several times faster for valid signals. A valid input is given its defaults in place. */
export function parseSignal(input: unknown): SignalParse {
  if ((fast ??= compileFast())(input) && zodOnlyRulesHold(input as Signal)) return { success: true, data: input as Signal };
  return SignalSchema.safeParse(input) as SignalParse;
}

type JsonSchema = { [keyword: string]: unknown };

/** Keywords that constrain one JSON type only (they let other types through). */
const TYPE_KEYWORDS: Record<string, readonly string[]> = {
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  boolean: [],
  null: [],
  array: ['items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems', 'contains'],
  object: ['properties', 'required', 'additionalProperties', 'propertyNames', 'patternProperties', 'minProperties', 'maxProperties'],
};

/**
 * zod's JSON Schema for SignalSchema with its type unions merged, which keeps what it accepts: an `anyOf`
 * whose branches are each one distinct type with only that type's keywords becomes one schema of all those
 * types and keywords (`maxLength` constrains strings only, `maxItems` arrays only, …). ajv tries anyOf
 * branches one by one, recording an error for each miss: the attribute values' union of six types was
 * almost all of its time. (String lengths need nothing: ajv and zod both count code points.)
 */
export function fastSchema(schema: JsonSchema): JsonSchema {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out: JsonSchema = {};
    for (const [k, v] of Object.entries(node)) out[k] = walk(v);
    return Array.isArray(out.anyOf) ? (mergeTypes(out) ?? out) : out;
  };
  return walk(schema) as JsonSchema;
}

function mergeTypes(node: JsonSchema): JsonSchema | undefined {
  const { anyOf, ...rest } = node as { anyOf: JsonSchema[] };
  if (Object.keys(rest).some((k) => k !== 'default')) return undefined;
  const merged: JsonSchema = { ...rest, type: [] as string[] };
  for (const branch of anyOf) {
    const type = branch.type;
    if (typeof type !== 'string' || !(type in TYPE_KEYWORDS) || (merged.type as string[]).includes(type)) return undefined;
    for (const [k, v] of Object.entries(branch)) {
      if (k === 'type') continue;
      if (!TYPE_KEYWORDS[type]!.includes(k)) return undefined;
      merged[k] = v;
    }
    (merged.type as string[]).push(type);
  }
  return merged;
}

let fast: ValidateFunction | undefined;

/**
 * The ajv validator, compiled at the first parse (about 50 ms): a process that loads this module and never
 * parses a signal does not pay it at start. The module itself is `@vigil/schemas/parse-signal`, apart from
 * the package's index, so that what only reads decisions (the decision API, outputs, the gateway SDK) does
 * not load ajv (about 90 ms) at all.
 */
function compileFast(): ValidateFunction {
  const ajv = new Ajv2020({
    strict: true,
    // Keywords of several types side by side in one schema are the point of the rewrite above.
    strictTypes: false,
    // NaN and ±Infinity are not numbers to zod.
    strictNumbers: true,
    // Defaults (v, attributes) are written into the input, as zod writes them into its output.
    useDefaults: true,
    // `time` carries zod's exact pattern; the `date-time` format beside it adds nothing.
    validateFormats: false,
  });
  return ajv.compile(fastSchema(z.toJSONSchema(SignalSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema));
}

/** What SignalSchema checks and its JSON Schema cannot say: attribute objects are plain objects. */
function zodOnlyRulesHold(s: Signal): boolean {
  if (!isPlain(s.attributes)) return false;
  for (const k in s.attributes) {
    const v = s.attributes[k];
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && !isPlain(v)) return false;
  }
  return true;
}

/** An object zod's records take: made by a literal or JSON.parse, or without a prototype. */
function isPlain(o: object): boolean {
  const p: unknown = Object.getPrototypeOf(o);
  return p === Object.prototype || p === null;
}
