// Turns an operator name with json-rules-engine decorators (`not:someFact:greaterThan`) into one evaluator
// built at compile time, and prepares the literal value the base operator will see (regex, list set).
import { JRE_DECORATORS, type DecoratorName, type OperatorSpec } from './jre-operators.js';
import type { OperatorContext } from './operators.js';

export type Evaluate = (factValue: unknown, compareValue: unknown) => boolean;

/** Which field of the condition a problem is about, with a sub-path into `value` when known. */
export class OperatorProblem extends Error {
  constructor(
    readonly field: 'operator' | 'value',
    message: string,
    public suffix = '',
  ) {
    super(message);
  }
}

/** Whether a side of the comparison is known when the rule is compiled (the rule's literal value) or not. */
type Side = 'literal' | 'dynamic';
type Prepare = (value: unknown) => unknown;

interface Level {
  evaluate: Evaluate;
  /** Prepare the literal when it sits on the fact side (after `swap`) or the value side. */
  prepareA: Prepare;
  prepareB: Prepare;
  /** json-rules-engine would throw for some inputs (it then rejects the whole run). */
  mayThrow: boolean;
}

export interface CompiledOperator {
  evaluate: Evaluate;
  /** The literal value, prepared; undefined for fact references. */
  value: unknown;
  mayThrow: boolean;
}

const identity: Prepare = (v) => v;

export function compileOperator(
  name: string,
  operators: ReadonlyMap<string, OperatorSpec>,
  value: { literal: true; value: unknown } | { literal: false },
  context: OperatorContext,
): CompiledOperator {
  const parts = name.split(':');
  const baseName = parts.pop()!;
  const base = operators.get(baseName);
  if (!base) throw new OperatorProblem('operator', `unknown operator "${baseName}" (known: ${[...operators.keys()].join(', ')})`);
  for (const d of parts) {
    if (!(JRE_DECORATORS as readonly string[]).includes(d)) {
      throw new OperatorProblem('operator', `unknown decorator "${d}" in "${name}" (known: ${JRE_DECORATORS.join(', ')})`);
    }
  }
  const top = level(parts as DecoratorName[], 0, base, 'dynamic', value.literal ? 'literal' : 'dynamic', context);
  return { evaluate: top.evaluate, value: value.literal ? top.prepareB(value.value) : undefined, mayThrow: top.mayThrow };
}

function level(decorators: readonly DecoratorName[], i: number, base: OperatorSpec, a: Side, b: Side, context: OperatorContext): Level {
  if (i === decorators.length) return baseLevel(base, b, context);
  const d = decorators[i]!;
  if (d === 'swap') {
    const inner = level(decorators, i + 1, base, b, a, context);
    const next = inner.evaluate;
    return { evaluate: (x, y) => next(y, x), prepareA: inner.prepareB, prepareB: inner.prepareA, mayThrow: inner.mayThrow };
  }
  const inner = level(decorators, i + 1, base, a, b, context);
  const next = inner.evaluate;
  switch (d) {
    case 'not':
      return { ...inner, evaluate: (x, y) => !next(x, y) };
    // someFact / everyFact validate the fact side with Array.isArray, as the engine's decorators do.
    case 'someFact':
      return { ...inner, prepareA: eachIfArray(inner.prepareA), evaluate: (x, y) => Array.isArray(x) && some(x, y, next, true) };
    case 'everyFact':
      return { ...inner, prepareA: eachIfArray(inner.prepareA), evaluate: (x, y) => Array.isArray(x) && every(x, y, next, true) };
    // someValue / everyValue call `value.some(…)` unchecked: a non-array value is a TypeError in the engine.
    case 'someValue':
      return {
        evaluate: (x, y) => some(arrayOrThrow(y, d), x, next, false),
        prepareA: inner.prepareA,
        prepareB: eachOf(inner.prepareB, d),
        mayThrow: inner.mayThrow || b === 'dynamic',
      };
    case 'everyValue':
      return {
        evaluate: (x, y) => every(arrayOrThrow(y, d), x, next, false),
        prepareA: inner.prepareA,
        prepareB: eachOf(inner.prepareB, d),
        mayThrow: inner.mayThrow || b === 'dynamic',
      };
  }
}

function baseLevel(base: OperatorSpec, b: Side, context: OperatorContext): Level {
  if (base.prepare && b === 'dynamic') {
    throw new OperatorProblem('operator', `"${base.name}" compares with a literal value only (not a fact reference, not swapped)`);
  }
  const prepareB: Prepare = (v) => {
    const problem = base.validate?.(v);
    if (problem) throw new OperatorProblem('value', `"${base.name}": ${problem}`);
    if (!base.prepare) return v;
    try {
      return base.prepare(v, context);
    } catch (err) {
      throw new OperatorProblem('value', `"${base.name}": ${(err as Error).message}`);
    }
  };
  return { evaluate: base.evaluate.bind(base), prepareA: identity, prepareB, mayThrow: Boolean(base.throwsOnDynamic) && b === 'dynamic' };
}

// Loops instead of Array#some/every so no callback is allocated per evaluation; `k in list` skips holes as
// some/every do. `listIsFact` says which argument of `next` the elements take.
function some(list: readonly unknown[], other: unknown, next: Evaluate, listIsFact: boolean): boolean {
  for (let k = 0; k < list.length; k++) {
    if (k in list && (listIsFact ? next(list[k], other) : next(other, list[k]))) return true;
  }
  return false;
}

function every(list: readonly unknown[], other: unknown, next: Evaluate, listIsFact: boolean): boolean {
  for (let k = 0; k < list.length; k++) {
    if (k in list && !(listIsFact ? next(list[k], other) : next(other, list[k]))) return false;
  }
  return true;
}

function arrayOrThrow(value: unknown, decorator: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`"${decorator}" needs an array to compare with, got ${value === null ? 'null' : typeof value}`);
  return value;
}

const eachIfArray =
  (prepare: Prepare): Prepare =>
  (v) =>
    Array.isArray(v) && prepare !== identity ? v.map(prepare) : v;

const eachOf =
  (prepare: Prepare, decorator: string): Prepare =>
  (v) => {
    if (!Array.isArray(v)) throw new OperatorProblem('value', `"${decorator}" needs an array value`);
    return v.map((item, k) => {
      try {
        return prepare(item);
      } catch (err) {
        if (err instanceof OperatorProblem) err.suffix = `[${k}]${err.suffix}`;
        throw err;
      }
    });
  };
