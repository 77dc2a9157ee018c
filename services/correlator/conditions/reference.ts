// json-rules-engine itself, run on the same conditions and facts: the reference semantics the compiler is
// tested against, and the naive per-signal baseline the benchmark compares with.
import { Engine, Operator, type TopLevelCondition } from 'json-rules-engine';
import type { Facts } from './compile.js';
import { VIGIL_OPERATORS, type CustomOperator, type OperatorContext } from './operators.js';

export interface ReferenceOptions {
  /** Same meaning as CompileOptions.operators: default VIGIL_OPERATORS. */
  operators?: readonly CustomOperator[];
  lists?: OperatorContext['lists'];
}

/** Adds custom operators to an engine from the same definitions the compiler uses. */
export function registerOperators(engine: Engine, operators: readonly CustomOperator[], context: OperatorContext): void {
  for (const op of operators) engine.addOperator(toEngineOperator(op, context));
}

function toEngineOperator(op: CustomOperator, context: OperatorContext): Operator {
  const prepare = op.prepare;
  if (!prepare) return new Operator(op.name, (a: unknown, b: unknown) => op.evaluate(a, b));
  // The engine hands over the raw value on every run; prepare each distinct (string) value once.
  const prepared = new Map<unknown, unknown>();
  return new Operator(op.name, (a: unknown, b: unknown) => {
    if (typeof b !== 'string') return op.evaluate(a, prepare.call(op, b, context));
    if (!prepared.has(b)) prepared.set(b, prepare.call(op, b, context));
    return op.evaluate(a, prepared.get(b));
  });
}

/**
 * Builds one engine holding one rule with these conditions (`allowUndefinedFacts: true`, so a missing fact is
 * undefined). The returned function resolves true when the rule fires; await one call before the next.
 */
export function createEngineEvaluator(conditions: TopLevelCondition, options: ReferenceOptions = {}): (facts: Facts) => Promise<boolean> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  registerOperators(engine, options.operators ?? VIGIL_OPERATORS, { lists: options.lists ?? {} });
  // A copy: the engine normalises some fields (priority) of the object it is given in place.
  engine.addRule({ conditions: structuredClone(conditions), event: { type: 'vigil.match' } });
  return async (facts) => {
    const { events } = await engine.run(facts);
    return events.length > 0;
  };
}

/** One-shot json-rules-engine evaluation; rejects where the engine rejects (unknown operator, bad shape, TypeError). */
export async function evaluateWithEngine(conditions: TopLevelCondition, facts: Facts, options: ReferenceOptions = {}): Promise<boolean> {
  return createEngineEvaluator(conditions, options)(facts);
}
