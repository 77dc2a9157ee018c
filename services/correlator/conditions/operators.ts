// Vigil's own condition operators, one data list registered into both the compiler and json-rules-engine
// (like json-rules-engine's engine-default-operators), so the two can never disagree.

/** What an operator's `prepare` may read: the named lists of `rules/lists/`. */
export interface OperatorContext {
  readonly lists: Readonly<Record<string, readonly string[]>>;
}

export interface CustomOperator {
  /** Name used in conditions; no `:` (that separates decorators). */
  readonly name: string;
  /**
   * Compares a fact value with the condition's value (after `prepare`). Must return a boolean and must not
   * throw: check types here, as json-rules-engine's operators do with their fact validators.
   */
  evaluate(factValue: unknown, compareValue: unknown): boolean;
  /** Checks a literal `value` at compile time; returns the problem, or undefined when it is fine. */
  validate?(value: unknown): string | undefined;
  /**
   * Turns the literal `value` into what `evaluate` receives, once per rule (a RegExp, a Set). Throws an
   * Error saying what is wrong. Operators with `prepare` accept only literal values, not fact references.
   */
  prepare?(value: unknown, context: OperatorContext): unknown;
}

// Lists are shared by many rules: build each list's Set once per array instance.
const listSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function listSet(name: unknown, context: OperatorContext): ReadonlySet<string> {
  if (typeof name !== 'string') throw new Error('the value must be a list name (a string)');
  const items = Object.hasOwn(context.lists, name) ? context.lists[name] : undefined;
  if (!items) throw new Error(`unknown list "${name}" (known: ${Object.keys(context.lists).join(', ') || 'none'})`);
  let set = listSets.get(items);
  if (!set) listSets.set(items, (set = new Set(items)));
  return set;
}

const mustBeString = (value: unknown): string | undefined => (typeof value === 'string' ? undefined : 'the value must be a string');

export const VIGIL_OPERATORS: readonly CustomOperator[] = [
  {
    name: 'inList',
    prepare: listSet,
    evaluate: (a, set) => (set as ReadonlySet<unknown>).has(a),
  },
  {
    name: 'notInList',
    prepare: listSet,
    evaluate: (a, set) => !(set as ReadonlySet<unknown>).has(a),
  },
  {
    name: 'matches',
    prepare: (pattern) => {
      if (typeof pattern !== 'string') throw new Error('the value must be a regular expression (a string)');
      try {
        // No flags: a stateless RegExp (no g / y), so test() gives the same answer every call.
        return new RegExp(pattern);
      } catch (err) {
        throw new Error(`invalid regular expression: ${(err as Error).message}`, { cause: err });
      }
    },
    evaluate: (a, re) => typeof a === 'string' && (re as RegExp).test(a),
  },
  {
    name: 'startsWith',
    validate: mustBeString,
    evaluate: (a, b) => typeof a === 'string' && typeof b === 'string' && a.startsWith(b),
  },
  {
    name: 'endsWith',
    validate: mustBeString,
    evaluate: (a, b) => typeof a === 'string' && typeof b === 'string' && a.endsWith(b),
  },
];
