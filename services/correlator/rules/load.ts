// Loading a rules folder: every rule file, list and settings validated, each problem reported with its
// file, JSON path and a plain sentence. A folder with any problem yields no rule set at all.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compileRule, type CompiledRule } from '../engine/compiled-rule.js';
import { buildRuleSet, type RuleSet } from '../engine/rule-set.js';
import { compileProblem, conditionProblems } from './condition-check.js';
import { zodProblems, type RuleProblem } from './problems.js';
import { schemaKeys } from './schema-keys.js';
import { ListFileSchema, RuleSchema, RuleSettingsSchema, type Rule, type RuleSettings } from './schema.js';
import { unknownTypeWarnings } from './signal-types.js';

export { formatProblem, type RuleProblem } from './problems.js';

export type LoadResult =
  | {
      ok: true;
      ruleSet: RuleSet;
      rules: Rule[];
      /** Rule id → its file, relative to the folder. */
      files: Map<string, string>;
      /** Rule id → sha256 (hex) of its file's bytes: an edit without a version bump still changes it. */
      hashes: Map<string, string>;
      /** Legitimate but suspicious (a signal type no source emits): printed, never fatal. */
      warnings: RuleProblem[];
    }
  | { ok: false; problems: RuleProblem[]; warnings: RuleProblem[] };

const VOCABULARY = schemaKeys(RuleSchema, RuleSettingsSchema, ListFileSchema);

export function loadRules(dir: string): LoadResult {
  const problems: RuleProblem[] = [];
  const warnings: RuleProblem[] = [];
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    return { ok: false, problems: [{ file: '', path: '', message: 'rules folder does not exist' }], warnings };

  const lists: Record<string, string[]> = {};
  const listDir = join(dir, 'lists');
  if (existsSync(listDir)) {
    for (const f of jsonFiles(listDir)) {
      const data = readJson(join(listDir, f), `lists/${f}`, problems);
      if (data === undefined) continue;
      const r = ListFileSchema.safeParse(data, { reportInput: true });
      if (!r.success) problems.push(...zodProblems(`lists/${f}`, r.error, VOCABULARY, data));
      else lists[basename(f, '.json')] = Array.isArray(r.data) ? r.data : r.data.items;
    }
  }

  let settings: RuleSettings = RuleSettingsSchema.parse({});
  if (existsSync(join(dir, 'settings.json'))) {
    const data = readJson(join(dir, 'settings.json'), 'settings.json', problems);
    const r = RuleSettingsSchema.safeParse(data ?? {}, { reportInput: true });
    if (!r.success) problems.push(...zodProblems('settings.json', r.error, VOCABULARY, data));
    else settings = r.data;
  }

  const rules: Rule[] = [];
  const files = new Map<string, string>();
  const hashes = new Map<string, string>();
  const clean = new Set<string>();
  for (const f of jsonFiles(dir).filter((f) => f !== 'settings.json')) {
    const bytes = readBytes(join(dir, f), f, problems);
    const data = bytes === undefined ? undefined : parseJson(bytes, f, problems);
    if (data === undefined) continue;
    const r = RuleSchema.safeParse(data, { reportInput: true });
    // Conditions compile on their own, so a file that fails the schema still lists its broken conditions.
    const shape = r.success ? [] : zodProblems(f, r.error, VOCABULARY, data);
    const conditions = conditionProblems(f, data, lists).filter((c) => !shape.some((z) => samePlace(z.path, c.path)));
    problems.push(...shape, ...conditions);
    warnings.push(...unknownTypeWarnings(f, data));
    if (!r.success) continue;
    if (!conditions.length) clean.add(r.data.id);
    hashes.set(r.data.id, createHash('sha256').update(bytes!).digest('hex'));
    const dup = rules.find((x) => x.id === r.data.id);
    if (dup) problems.push({ file: f, path: 'id', message: `rule id "${r.data.id}" is already used by ${files.get(dup.id)}` });
    rules.push(r.data);
    files.set(r.data.id, f);
  }

  for (const rule of rules) {
    for (const lifted of rule.decision?.lifts ?? []) {
      if (!rules.some((r) => r.id === lifted))
        problems.push({ file: files.get(rule.id)!, path: 'decision.lifts', message: `names rule "${lifted}", which does not exist` });
    }
    if (rule.decision?.lifts && rule.decision.action !== 'allow') {
      problems.push({ file: files.get(rule.id)!, path: 'decision.lifts', message: 'only an allow decision can lift other rules' });
    }
  }

  rules.sort((a, b) => a.id.localeCompare(b.id));
  const compiled: CompiledRule[] = [];
  for (const rule of rules) {
    if (!rule.enabled || !clean.has(rule.id)) continue;
    try {
      compiled.push(compileRule(rule, { lists }));
    } catch (err) {
      problems.push(compileProblem(files.get(rule.id)!, err, `${rule.id}: `));
    }
  }
  if (problems.length) return { ok: false, problems, warnings };
  const ruleSet = buildRuleSet(compiled, settings, lists);
  // The file's hash travels with each version into audit records: an edit without a version bump shows.
  for (const v of ruleSet.versions) {
    const sha256 = hashes.get(v.id);
    if (sha256) v.sha256 = sha256;
  }
  return { ok: true, ruleSet, rules, files, hashes, warnings };
}

/** Whether two JSON paths point into the same condition node (one is the other or inside it). */
function samePlace(a: string, b: string): boolean {
  const inside = (x: string, y: string) => x === y || x.startsWith(`${y}.`) || x.startsWith(`${y}[`);
  return inside(a, b) || inside(b, a);
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && isFile(join(dir, f)))
    .sort();
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false; // removed since the folder was listed
  }
}

function readJson(path: string, label: string, problems: RuleProblem[]): unknown {
  const bytes = readBytes(path, label, problems);
  return bytes === undefined ? undefined : parseJson(bytes, label, problems);
}

// A file can vanish between listing and reading (an editor's save); that is a problem, not a crash.
function readBytes(path: string, label: string, problems: RuleProblem[]): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (err) {
    problems.push({ file: label, path: '', message: `cannot be read: ${(err as Error).message}` });
    return undefined;
  }
}

function parseJson(bytes: Buffer, label: string, problems: RuleProblem[]): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (err) {
    problems.push({ file: label, path: '', message: `is not valid JSON: ${(err as Error).message}` });
    return undefined;
  }
}
