// Compiles json-rules-engine conditions into one synchronous predicate over already-computed facts, with
// json-rules-engine 7.3.1's results (reference.ts is the oracle; compile.differential.test.ts checks it).
import type { TopLevelCondition } from 'json-rules-engine';
import { VigilError } from '@vigil/core';
import { JRE_OPERATORS, type OperatorSpec } from './jre-operators.js';
import { compileOperator, OperatorProblem } from './operator-chain.js';
import { VIGIL_OPERATORS, type CustomOperator, type OperatorContext } from './operators.js';
import { compilePathAccessor } from './path.js';

/** Fact values by name (`signal`, `count`, `risk`, `user` …), computed before evaluation. */
export type Facts = Readonly<Record<string, unknown>>;

export interface CompiledCondition {
  /** True when the conditions hold for these facts. */
  readonly test: (facts: Facts) => boolean;
  /** Names of the facts the conditions read (including fact references in values). */
  readonly facts: Set<string>;
  /**
   * True when `test` can throw a VIGIL_ERR_RULE VigilError, for the inputs where json-rules-engine rejects
   * the run: `in` / `notIn` / `someValue` / `everyValue` against a fact reference that is not an array.
   */
  readonly mayThrow: boolean;
}

export interface CompileOptions {
  /** Operators beyond json-rules-engine's built-ins; default VIGIL_OPERATORS. A same-named one replaces a built-in. */
  operators?: readonly CustomOperator[];
  /** Named lists for `inList` / `notInList`. */
  lists?: OperatorContext['lists'];
  /** Where the conditions sit, for error paths; default `conditions`. */
  at?: string;
}

type Test = (facts: Facts) => boolean;
type Getter = (facts: Facts) => unknown;
interface Node {
  test: Test;
  mayThrow: boolean;
  priority: number;
}
interface Scope {
  operators: ReadonlyMap<string, OperatorSpec>;
  context: OperatorContext;
  facts: Set<string>;
}

const BOOLEAN_KEYS = ['all', 'any', 'not'] as const;
const LEAF_KEYS = new Set(['fact', 'operator', 'value', 'path', 'params', 'priority', 'name']);
const REF_KEYS = new Set(['fact', 'path', 'params']);
const TRUE: Test = () => true;

/** Compiles a rule's conditions; throws VigilError VIGIL_ERR_RULE naming the offending node's path. */
export function compileConditions(conditions: TopLevelCondition, options: CompileOptions = {}): CompiledCondition {
  const at = options.at ?? 'conditions';
  const scope: Scope = { operators: operatorMap(options.operators ?? VIGIL_OPERATORS), context: { lists: options.lists ?? {} }, facts: new Set() };
  if (!isObject(conditions) || !BOOLEAN_KEYS.some((k) => Object.hasOwn(conditions, k))) {
    throw problem(at, 'must be an object with one of "all", "any" or "not" at its root');
  }
  const root = compileNode(conditions, at, scope);
  return { test: root.test, facts: scope.facts, mayThrow: root.mayThrow };
}

function compileNode(node: unknown, at: string, scope: Scope): Node {
  if (!isObject(node)) throw problem(at, 'a condition must be an object');
  if (Object.hasOwn(node, 'condition')) throw problem(`${at}.condition`, 'named condition references are not supported; write the condition inline');
  const kinds = BOOLEAN_KEYS.filter((k) => Object.hasOwn(node, k));
  if (kinds.length > 1) throw problem(at, `has ${kinds.join(' and ')}; use one per condition`);
  const kind = kinds[0];
  const priority = priorityOf(node, at);
  if (node.name !== undefined && typeof node.name !== 'string') throw problem(`${at}.name`, 'must be a string');
  if (kind === undefined) return { ...compileLeaf(node, at, scope), priority };
  for (const key of Object.keys(node)) {
    if (key !== kind && key !== 'name' && key !== 'priority') throw problem(`${at}.${key}`, `unknown field for an "${kind}" condition`);
  }
  const inner = node[kind];
  if (kind === 'not') {
    if (Array.isArray(inner)) throw problem(`${at}.not`, '"not" takes one condition, not an array');
    const child = compileNode(inner, `${at}.not`, scope);
    const t = child.test;
    return { test: (f) => !t(f), mayThrow: child.mayThrow, priority };
  }
  if (!Array.isArray(inner)) throw problem(`${at}.${kind}`, `"${kind}" must be an array of conditions`);
  const children = inner.map((c, i) => compileNode(c, `${at}.${kind}[${i}]`, scope));
  return { test: group(children, kind === 'all'), mayThrow: children.some((c) => c.mayThrow), priority };
}

function compileLeaf(node: Record<string, unknown>, at: string, scope: Scope): Omit<Node, 'priority'> {
  for (const key of Object.keys(node)) if (!LEAF_KEYS.has(key)) throw problem(`${at}.${key}`, 'unknown field for a condition');
  const { fact, operator } = node;
  if (typeof fact !== 'string' || fact === '') throw problem(`${at}.fact`, 'must be a fact name (a non-empty string)');
  if (typeof operator !== 'string' || operator === '') throw problem(`${at}.operator`, 'must be an operator name');
  if (!Object.hasOwn(node, 'value')) throw problem(`${at}.value`, 'is required (a literal, or {"fact": …} to compare with another fact)');
  checkParams(node.params, `${at}.params`);
  const getA = factGetter(fact, node.path, `${at}.path`, scope);

  const value = node.value;
  const ref = isObject(value) && Object.hasOwn(value, 'fact') ? value : undefined;
  if (ref) {
    for (const key of Object.keys(ref)) if (!REF_KEYS.has(key)) throw problem(`${at}.value.${key}`, 'unknown field for a fact reference');
    if (typeof ref.fact !== 'string' || ref.fact === '') throw problem(`${at}.value.fact`, 'must be a fact name (a non-empty string)');
    checkParams(ref.params, `${at}.value.params`);
  }
  let op;
  try {
    // The engine compares against a deep copy of the rule's value: no shared references with the facts.
    op = compileOperator(operator, scope.operators, ref ? { literal: false } : { literal: true, value: copyOf(value, `${at}.value`) }, scope.context);
  } catch (err) {
    if (!(err instanceof OperatorProblem)) throw err;
    throw problem(`${at}.${err.field}${err.suffix}`, err.message);
  }
  const evaluate = op.evaluate;
  let test: Test;
  if (ref) {
    const getB = factGetter(ref.fact as string, ref.path, `${at}.value.path`, scope);
    test = (f) => evaluate(getA(f), getB(f));
  } else {
    const b = op.value;
    test = (f) => evaluate(getA(f), b);
  }
  if (!op.mayThrow) return { test, mayThrow: false };
  const unguarded = test;
  const guarded: Test = (f) => {
    try {
      return unguarded(f);
    } catch (err) {
      throw new VigilError('VIGIL_ERR_RULE', `${at}: "${operator}" cannot compare these values: ${(err as Error).message}`, {
        cause: err,
        details: { path: at },
      });
    }
  };
  return { test: guarded, mayThrow: true };
}

/** Reads a fact (own properties only, like the engine's fact map), then its path. Missing facts are undefined. */
function factGetter(name: string, path: unknown, at: string, scope: Scope): Getter {
  scope.facts.add(name);
  if (path !== undefined && typeof path !== 'string') throw problem(at, 'must be a JSONPath string');
  if (!path) return (f) => (Object.hasOwn(f, name) ? f[name] : undefined);
  let read;
  try {
    read = compilePathAccessor(path);
  } catch (err) {
    throw problem(at, (err as Error).message);
  }
  return (f) => read(Object.hasOwn(f, name) ? f[name] : undefined);
}

/**
 * The engine's all / any: an empty list is true (for `any` too); one condition is itself; otherwise conditions
 * run in sets by descending priority, every member of a set is evaluated (so its errors surface), and the
 * next set runs only while the result is undecided. Members that cannot throw are skipped once decided.
 */
function group(children: Node[], isAll: boolean): Test {
  if (children.length === 0) return TRUE;
  if (children.length === 1) return children[0]!.test;
  const priorities = [...new Set(children.map((c) => c.priority))].sort((x, y) => y - x);
  const sets = priorities.map((p) => children.filter((c) => c.priority === p));
  if (sets.length === 1 && !children.some((c) => c.mayThrow)) {
    const tests = children.map((c) => c.test);
    const n = tests.length;
    return isAll
      ? (f) => {
          for (let i = 0; i < n; i++) if (!tests[i]!(f)) return false;
          return true;
        }
      : (f) => {
          for (let i = 0; i < n; i++) if (tests[i]!(f)) return true;
          return false;
        };
  }
  const setTests = sets.map((s) => s.map((c) => c.test));
  const setThrows = sets.map((s) => s.map((c) => c.mayThrow));
  return (f) => {
    for (let s = 0; s < setTests.length; s++) {
      const tests = setTests[s]!;
      const throws = setThrows[s]!;
      let decided = false;
      for (let i = 0; i < tests.length; i++) {
        if (!decided) decided = tests[i]!(f) !== isAll;
        else if (throws[i]) tests[i]!(f);
      }
      if (decided) return !isAll;
    }
    return isAll;
  };
}

function priorityOf(node: Record<string, unknown>, at: string): number {
  const p = node.priority;
  if (p === undefined) return 1;
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 1) throw problem(`${at}.priority`, 'must be an integer of 1 or more');
  return p;
}

function checkParams(params: unknown, at: string): void {
  if (params !== undefined && !isObject(params)) throw problem(at, 'must be an object');
}

const operatorMaps = new WeakMap<readonly CustomOperator[], ReadonlyMap<string, OperatorSpec>>();

function operatorMap(custom: readonly CustomOperator[]): ReadonlyMap<string, OperatorSpec> {
  let map = operatorMaps.get(custom);
  if (!map) {
    const m = new Map<string, OperatorSpec>(JRE_OPERATORS.map((o) => [o.name, o]));
    for (const o of custom) {
      if (!o.name || o.name.includes(':')) throw new VigilError('VIGIL_ERR_CONFIG', `operator name "${o.name}" must be non-empty and without ":"`);
      m.set(o.name, o);
    }
    operatorMaps.set(custom, (map = m));
  }
  return map;
}

function copyOf(value: unknown, at: string): unknown {
  try {
    return structuredClone(value);
  } catch (err) {
    throw new VigilError('VIGIL_ERR_RULE', `${at}: must be JSON data`, { cause: err, details: { path: at } });
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function problem(path: string, reason: string): VigilError {
  return new VigilError('VIGIL_ERR_RULE', `${path}: ${reason}`, { details: { path } });
}
