// Compiles every condition tree of a rule file on its own, so a file lists each broken condition (with the
// JSON path of the leaf) even when another part of it fails the schema.
import { VigilError } from '@vigil/core';
import type { TopLevelCondition } from 'json-rules-engine';
import { compileConditions } from '../conditions/index.js';
import type { RuleProblem } from './problems.js';

/** The condition trees in a rule file's raw JSON, by JSON path. */
export function conditionSpots(data: unknown): { at: string; conditions: unknown }[] {
  if (!isObject(data)) return [];
  const spots: { at: string; conditions: unknown }[] = [];
  const where = (sel: unknown, at: string): void => {
    if (isObject(sel) && sel.where !== undefined) spots.push({ at: `${at}.where`, conditions: sel.where });
  };
  where(data.select, 'select');
  where(data.until, 'until');
  where(data.expect, 'expect');
  if (Array.isArray(data.steps)) data.steps.forEach((s, i) => where(s, `steps[${i}]`));
  if (data.when !== undefined) spots.push({ at: 'when', conditions: data.when });
  if (Array.isArray(data.exceptions)) data.exceptions.forEach((e, i) => spots.push({ at: `exceptions[${i}]`, conditions: e }));
  return spots;
}

/** One problem per condition tree that does not compile (the first problem in it). */
export function conditionProblems(file: string, data: unknown, lists: Record<string, string[]>): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const { at, conditions } of conditionSpots(data)) {
    try {
      compileConditions(conditions as TopLevelCondition, { lists, at });
    } catch (err) {
      problems.push(compileProblem(file, err, ''));
    }
  }
  return problems;
}

/** A compile error as a problem: the path from the error's details, the sentence without it. */
export function compileProblem(file: string, err: unknown, prefix: string): RuleProblem {
  if (!(err instanceof VigilError)) return { file, path: '', message: String(err) };
  const raw = (err.details as { path?: unknown } | undefined)?.path;
  const full = typeof raw === 'string' ? raw : '';
  const path = prefix && full.startsWith(prefix) ? full.slice(prefix.length) : full;
  const message = full && err.message.startsWith(`${full}: `) ? err.message.slice(full.length + 2) : err.message;
  return { file, path, message };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
