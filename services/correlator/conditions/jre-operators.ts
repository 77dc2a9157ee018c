// json-rules-engine 7.3.1's built-in operators (dist/engine-default-operators.js) restated for the compiler,
// byte for byte in behaviour: each is the engine's fact validator followed by its callback.
import type { CustomOperator } from './operators.js';

export interface OperatorSpec extends CustomOperator {
  /** True when evaluate throws for some non-literal compare values (json-rules-engine then rejects). */
  readonly throwsOnDynamic?: boolean;
}

type Searchable = { indexOf(x: unknown): number };

// The engine's numberValidator: Number.parseFloat(x).toString() !== 'NaN'. Numbers take a shortcut with the
// same answer; everything else (strings like "12abc", arrays like ["5"]) goes through parseFloat as it does.
const isNumberish = (a: unknown): boolean => (typeof a === 'number' ? a === a : Number.parseFloat(a as string).toString() !== 'NaN');

const mustBeArray = (value: unknown): string | undefined =>
  Array.isArray(value) ? undefined : 'the value must be an array (json-rules-engine would search a string as text)';

// Relational operators compare with plain JS `<` after the validator, exactly as the engine: "10" < "9" is true.
type Loose = number;

export const JRE_OPERATORS: readonly OperatorSpec[] = [
  { name: 'equal', evaluate: (a, b) => a === b },
  { name: 'notEqual', evaluate: (a, b) => a !== b },
  { name: 'in', validate: mustBeArray, throwsOnDynamic: true, evaluate: (a, b) => (b as Searchable).indexOf(a) > -1 },
  { name: 'notIn', validate: mustBeArray, throwsOnDynamic: true, evaluate: (a, b) => (b as Searchable).indexOf(a) === -1 },
  { name: 'contains', evaluate: (a, b) => Array.isArray(a) && a.indexOf(b) > -1 },
  { name: 'doesNotContain', evaluate: (a, b) => Array.isArray(a) && a.indexOf(b) === -1 },
  { name: 'lessThan', evaluate: (a, b) => isNumberish(a) && (a as Loose) < (b as Loose) },
  { name: 'lessThanInclusive', evaluate: (a, b) => isNumberish(a) && (a as Loose) <= (b as Loose) },
  { name: 'greaterThan', evaluate: (a, b) => isNumberish(a) && (a as Loose) > (b as Loose) },
  { name: 'greaterThanInclusive', evaluate: (a, b) => isNumberish(a) && (a as Loose) >= (b as Loose) },
];

export const JRE_DECORATORS = ['someFact', 'everyFact', 'someValue', 'everyValue', 'swap', 'not'] as const;
export type DecoratorName = (typeof JRE_DECORATORS)[number];
