// Signal types a rule selects that no Vigil source emits: custom producers may use them legitimately, so
// they are warnings (`vigil rules validate` prints them), with the closest known type when it looks like a typo.
import { SIGNAL_TYPES } from '@vigil/schemas';
import { didYouMean } from './did-you-mean.js';
import type { RuleProblem } from './problems.js';

const KNOWN: ReadonlySet<string> = new Set(SIGNAL_TYPES);

/** Warnings for the selectors' types in a rule file's raw JSON (so a file that fails the schema gets them too). */
export function unknownTypeWarnings(file: string, data: unknown): RuleProblem[] {
  if (!isObject(data)) return [];
  const selectors: [string, unknown][] = [
    ['select', data.select],
    ['until', data.until],
    ['expect', data.expect],
  ];
  if (Array.isArray(data.steps)) data.steps.forEach((s, i) => selectors.push([`steps[${i}]`, s]));
  const warnings: RuleProblem[] = [];
  for (const [at, sel] of selectors) {
    if (!isObject(sel) || !Array.isArray(sel.types)) continue;
    sel.types.forEach((t: unknown, i) => {
      if (typeof t !== 'string' || t === '*' || KNOWN.has(t)) return;
      warnings.push({
        file,
        path: `${at}.types[${i}]`,
        message: `signal type "${t}" is not one Vigil's sources emit${didYouMean(t, KNOWN)}; fine for a custom producer`,
      });
    });
  }
  return warnings;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
