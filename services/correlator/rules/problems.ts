// Rule-folder problems as authors read them: the file, the JSON path down to the offending leaf, and a
// plain sentence. zod's issues are flattened here: a union reports the branch the input was meant for.
import { join } from 'node:path';
import type { z } from 'zod';
import { closest, didYouMean } from './did-you-mean.js';

export interface RuleProblem {
  /** Relative to the rules folder: `r1-brute-force.json`, `lists/x.json`; empty for the folder itself. */
  file: string;
  /** JSON path to the leaf: `select.where.all[0].operator`; empty for the whole file. */
  path: string;
  message: string;
}

/** `rules/a.json: select.where.all[0].operater: unknown key "operater" (did you mean "operator"?)` */
export function formatProblem(p: RuleProblem, dir?: string): string {
  const file = dir === undefined ? p.file : join(dir, p.file);
  const where = p.path ? `${p.path}: ` : '';
  // A problem of the folder itself (it does not exist) names the folder once, or nothing without one.
  return file ? `${file}: ${where}${p.message}` : `${where}${p.message}`;
}

type Issue = z.core.$ZodIssue;
type Key = PropertyKey;

export function pathText(path: readonly Key[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
}

/** Every issue of a failed parse as a problem; `vocabulary` holds the keys the schema knows (for suggestions). */
export function zodProblems(file: string, error: z.ZodError, vocabulary: ReadonlySet<string>, data: unknown): RuleProblem[] {
  const flat = flatten(error.issues, [], data);
  // "operator is required" says nothing more than "unknown key operater (did you mean operator?)".
  const meant = new Set(
    flat.flatMap((f) => (f.issue.code === 'unrecognized_keys' ? f.issue.keys.map((k) => pathText([...f.path, closest(k, f.siblings) ?? k])) : [])),
  );
  return flat.filter((f) => !(f.missing && meant.has(pathText(f.path)))).map((f) => describe(file, f, vocabulary));
}

interface Flat {
  issue: Issue;
  path: Key[];
  /** The field is absent from the input (rather than present and wrong). */
  missing: boolean;
  /** Keys the same object was missing: the likeliest meaning of an unknown key next to them. */
  siblings: string[];
}

function flatten(issues: readonly Issue[], base: Key[], data: unknown): Flat[] {
  const out: Flat[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    const missing = issue.code !== 'unrecognized_keys' && valueAt(data, path) === undefined;
    if (issue.code === 'invalid_union' && issue.errors.length > 0 && !missing) {
      out.push(...flatten(bestBranch(issue.errors), path, data));
      continue;
    }
    out.push({ issue, path, missing, siblings: [] });
  }
  for (const f of out) {
    if (f.issue.code !== 'unrecognized_keys') continue;
    f.siblings = out.filter((o) => o.missing && o.path.length === f.path.length + 1 && sameStart(o.path, f.path)).map((o) => String(o.path.at(-1)));
  }
  return out;
}

function valueAt(data: unknown, path: readonly Key[]): unknown {
  let v = data;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<Key, unknown>)[k];
  }
  return v;
}

/**
 * The branch the input was meant for: the one whose complaints about the object's own keys (unknown keys,
 * missing required keys, wrong type of the object itself) are fewest; then the one with fewest issues.
 */
function bestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] {
  const shapeMisses = (issues: readonly Issue[]): number =>
    issues.reduce((n, i) => {
      if (i.code === 'unrecognized_keys' && i.path.length === 0) return n + i.keys.length;
      if (isMissing(i) && i.path.length === 1) return n + 1;
      if (i.code === 'invalid_type' && i.path.length === 0) return n + 10;
      return n;
    }, 0);
  let best = branches[0]!;
  for (const b of branches.slice(1)) {
    const d = shapeMisses(b) - shapeMisses(best);
    if (d < 0 || (d === 0 && b.length < best.length)) best = b;
  }
  return best;
}

/** Inside a union branch (paths relative to the branch): a missing required key of the object. */
function isMissing(i: Issue): boolean {
  return i.code === 'invalid_type' && i.input === undefined && / received undefined$/.test(i.message);
}

function sameStart(a: readonly Key[], prefix: readonly Key[]): boolean {
  return prefix.every((k, i) => a[i] === k);
}

function describe(file: string, { issue, path, siblings, missing }: Flat, vocabulary: ReadonlySet<string>): RuleProblem {
  const at = pathText(path);
  if (missing) return { file, path: at, message: issue.code === 'invalid_type' ? `is required (${article(issue.expected)})` : 'is required' };
  switch (issue.code) {
    case 'unrecognized_keys': {
      const keys = issue.keys;
      // One problem per key would be noisier; the path names the first so editors can jump to it.
      const [first] = keys;
      const leaf = keys.length === 1 ? pathText([...path, first!]) : at;
      const candidates = siblings.length ? siblings : vocabulary;
      const parts = keys.map((k) => `"${k}"${didYouMean(k, candidates)}`);
      return { file, path: leaf, message: `unknown key${keys.length === 1 ? '' : 's'} ${parts.join(', ')}` };
    }
    case 'invalid_union':
      return { file, path: at, message: 'does not match any allowed form' };
    case 'invalid_type':
      return { file, path: at, message: `must be ${article(issue.expected)}${'input' in issue ? `, not ${typeName(issue.input)}` : ''}` };
    case 'invalid_value':
      return {
        file,
        path: at,
        message: `must be ${issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`}${
          typeof issue.input === 'string' ? `, not "${issue.input}"${didYouMean(issue.input, issue.values.map(String))}` : ''
        }`,
      };
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = String(small ? issue.minimum : issue.maximum);
      const word = small ? (issue.inclusive === false ? 'more than' : 'at least') : issue.inclusive === false ? 'less than' : 'at most';
      if (issue.origin === 'string' && small && bound === '1') return { file, path: at, message: 'must not be empty' };
      if (issue.origin === 'array' || issue.origin === 'string') {
        return { file, path: at, message: `must have ${word} ${bound} ${issue.origin === 'array' ? 'entries' : 'characters'}` };
      }
      return { file, path: at, message: `must be ${word} ${bound}` };
    }
    case 'invalid_format':
      return {
        file,
        path: at,
        message: issue.format === 'regex' ? `${issue.message.replace(/^Invalid string: must match pattern /, 'must match ')}` : issue.message,
      };
    default:
      return { file, path: at, message: issue.message };
  }
}

function article(type: string): string {
  if (type === 'array') return 'an array';
  if (type === 'object') return 'an object';
  if (type === 'int') return 'an integer';
  return `a ${type}`;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  return `${typeof v} ${String(v)}`;
}
