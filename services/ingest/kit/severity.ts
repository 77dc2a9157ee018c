// Vendor severities onto Vigil's one 0–100 scale (docs/signals.md): informational 10, low 30, medium 50,
// high 70, critical 90; 0–100 scores kept, other scales rescaled. One table so every source agrees.

// A Map, not an object literal: a vendor's "constructor" or "__proto__" must not find Object.prototype.
export const SEVERITY_BY_NAME: ReadonlyMap<string, number> = new Map([
  ['informational', 10],
  ['info', 10],
  ['low', 30],
  ['medium', 50],
  ['moderate', 50],
  ['high', 70],
  ['critical', 90],
]);

/** Level 1..5 of a five-step vendor scale (CrowdStrike's retired 1–5 Severity) on the name scale. */
export const FIVE_LEVELS: readonly number[] = [10, 30, 50, 70, 90];

/** What a detection gets when its vendor gives no usable severity at all. */
export const DEFAULT_DETECTION_SEVERITY = 50;

/** `High`, `informational`, `MEDIUM` … → the scale; unknown names → undefined. */
export function severityFromName(name: unknown): number | undefined {
  if (typeof name !== 'string') return undefined;
  return SEVERITY_BY_NAME.get(name.trim().toLowerCase());
}

/** A numeric vendor score on 0..scaleMax (number or numeric string) → 0–100, rounded; anything else undefined. */
export function severityFromScore(score: unknown, scaleMax = 100): number | undefined {
  const n = typeof score === 'string' && score.trim() !== '' ? Number(score) : score;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > scaleMax) return undefined;
  return Math.round((n / scaleMax) * 100);
}

/** A 1-based ordinal level (1 = lowest) → its entry in `table`; out of range → undefined. */
export function severityFromLevel(level: unknown, table: readonly number[]): number | undefined {
  const n = typeof level === 'string' && level.trim() !== '' ? Number(level) : level;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) return undefined;
  return table[n - 1];
}
