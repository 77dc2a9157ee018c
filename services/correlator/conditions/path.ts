// The JSONPath subset conditions may use (`$.a.b`, `$.a[0]`, `$['gen_ai.tool.name']`), parsed once into a
// key list and read with plain property reads, giving what json-rules-engine's jsonpath-plus call gives.

/** Reads a path out of a fact value; `undefined` when the path leads nowhere. */
export type PathAccessor = (factValue: unknown) => unknown;

const NAME = /^\.([A-Za-z_][A-Za-z0-9_-]*)/;
const INDEX = /^\[(0|[1-9][0-9]*)\]/;
// Quoted keys: words of letters, digits, `_` and `-` joined by single `.`, `/` or spaces. jsonpath-plus gives
// other characters meaning (`,` unions, `*`, `..`, `@type()`, `(…)` scripts, `#` placeholders, slices with `:`).
const QUOTED = /^\[(['"])([A-Za-z0-9_-]+(?:[./ ][A-Za-z0-9_-]+)*)\1\]/;

export const PATH_SUBSET =
  '`$`, then any of `.name` (letters, digits, _ and -, not starting with a digit or -), `[0]` (an index), ' +
  "`['key']` / `[\"key\"]` (words of letters, digits, _ and - joined by single '.', '/' or spaces)";

/** Splits a path into the keys it reads; throws an Error saying where it leaves the supported subset. */
export function parsePath(path: string): string[] {
  if (!path.startsWith('$')) throw new Error(`path "${path}" must start with "$" (supported: ${PATH_SUBSET})`);
  const keys: string[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const m = NAME.exec(rest) ?? INDEX.exec(rest) ?? QUOTED.exec(rest);
    if (!m) throw new Error(`path "${path}" is outside the supported JSONPath subset at "${rest}" (supported: ${PATH_SUBSET})`);
    keys.push((m[2] ?? m[1])!);
    rest = rest.slice(m[0].length);
  }
  return keys;
}

/**
 * json-rules-engine applies a path only to a non-null object fact; any other fact value is compared as it is.
 * jsonpath-plus follows a key only when the current value is truthy and has it as an own property (so a
 * string has `length` and `[0]`, and `constructor` is never found), and returns the single match unwrapped.
 */
export function compilePathAccessor(path: string): PathAccessor {
  const keys = parsePath(path);
  const n = keys.length;
  return (value) => {
    if (value === null || typeof value !== 'object') return value;
    let cur: unknown = value;
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      if (!cur || !Object.hasOwn(cur as object, key)) return undefined;
      cur = (cur as Record<string, unknown>)[key];
    }
    return cur;
  };
}
