// Loading a rules folder: every rule file, list and settings validated, each problem reported with its
// file, JSON path and a plain sentence. A folder with any problem yields no rule set at all.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { z } from 'zod';
import { VigilError } from '@vigil/core';
import { compileRule, type CompiledRule } from '../engine/compiled-rule.js';
import { buildRuleSet, type RuleSet } from '../engine/rule-set.js';
import { ListFileSchema, RuleSchema, RuleSettingsSchema, type Rule, type RuleSettings } from './schema.js';

export interface RuleProblem {
  file: string;
  path: string;
  message: string;
}

export type LoadResult = { ok: true; ruleSet: RuleSet; rules: Rule[]; files: Map<string, string> } | { ok: false; problems: RuleProblem[] };

export function formatProblem(p: RuleProblem): string {
  return `${p.file}${p.path ? ` at ${p.path}` : ''}: ${p.message}`;
}

export function loadRules(dir: string): LoadResult {
  const problems: RuleProblem[] = [];
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return { ok: false, problems: [{ file: dir, path: '', message: 'rules folder does not exist' }] };

  const lists: Record<string, string[]> = {};
  const listDir = join(dir, 'lists');
  if (existsSync(listDir)) {
    for (const f of jsonFiles(listDir)) {
      const data = readJson(join(listDir, f), `lists/${f}`, problems);
      if (data === undefined) continue;
      const r = ListFileSchema.safeParse(data);
      if (!r.success) problems.push(...zodProblems(`lists/${f}`, r.error));
      else lists[basename(f, '.json')] = Array.isArray(r.data) ? r.data : r.data.items;
    }
  }

  let settings: RuleSettings = RuleSettingsSchema.parse({});
  if (existsSync(join(dir, 'settings.json'))) {
    const data = readJson(join(dir, 'settings.json'), 'settings.json', problems);
    const r = RuleSettingsSchema.safeParse(data ?? {});
    if (!r.success) problems.push(...zodProblems('settings.json', r.error));
    else settings = r.data;
  }

  const rules: Rule[] = [];
  const files = new Map<string, string>();
  for (const f of jsonFiles(dir).filter((f) => f !== 'settings.json')) {
    const data = readJson(join(dir, f), f, problems);
    if (data === undefined) continue;
    const r = RuleSchema.safeParse(data);
    if (!r.success) {
      problems.push(...zodProblems(f, r.error));
      continue;
    }
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
    try {
      if (rule.enabled) compiled.push(compileRule(rule, { lists }));
    } catch (err) {
      problems.push({ file: files.get(rule.id)!, path: '', message: err instanceof VigilError ? err.message : String(err) });
    }
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, ruleSet: buildRuleSet(compiled, settings, lists), rules, files };
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && statSync(join(dir, f)).isFile())
    .sort();
}

function readJson(path: string, label: string, problems: RuleProblem[]): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (err) {
    problems.push({ file: label, path: '', message: `is not valid JSON: ${(err as Error).message}` });
    return undefined;
  }
}

function zodProblems(file: string, error: z.ZodError): RuleProblem[] {
  return error.issues.map((i) => ({
    file,
    path: i.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, ''),
    message: i.message,
  }));
}
