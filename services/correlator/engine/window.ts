// Sliding event-time windows for aggregate rules: count, distinct count, sum and average per key.
// One flat array per window, 4 slots an entry [time − base, fingerprint, count, value], times stored as
// small-integer offsets from a base: state for millions of subjects stays small (no boxed numbers, one
// array object per window instead of four).
import type { WindowState } from './state.js';

export interface WindowFacts {
  count: number;
  distinct: number;
  sum: number;
  avg: number;
}

const W = 4;

export function emptyWindow(base: number): WindowState {
  return { b: base, e: [] };
}

/**
 * Inserts one signal (unless its fingerprint is already there: redelivery) keeping entries sorted by time,
 * evicts what fell out of the window plus lateness, merges the oldest entries past `cap`, and returns the
 * aggregates over the window that ends at the newest signal (or at this one, if it is older than that window).
 * The result object is reused by the next call: read it, do not keep it.
 */
export function updateWindow(
  w: WindowState,
  time: number,
  fp: number,
  value: string | number | null | undefined,
  mode: 'count' | 'distinct' | 'sum',
  windowMs: number,
  latenessMs: number,
  cap: number,
): WindowFacts {
  const e = w.e;
  // A redelivered signal has the same fingerprint and the same event time: both must match, so two
  // different signals whose 30-bit fingerprints collide are still both counted.
  let dup = false;
  const at = time - w.b;
  for (let i = 1; i < e.length; i += W) {
    if (e[i] === fp && e[i - 1] === at) {
      dup = true;
      break;
    }
  }
  if (!dup) {
    if (e.length === 0 || time < w.b) rebase(w, Math.min(time, e.length ? w.b : time));
    const dt = time - w.b;
    let i = e.length;
    while (i > 0 && (e[i - W] as number) > dt) i -= W;
    const v = mode === 'count' ? 0 : (value ?? null);
    // In order (the common case) it is an append; a late signal is inserted in its place.
    if (i === e.length) e.push(dt, fp, 1, v);
    else e.splice(i, 0, dt, fp, 1, v);
  }
  const newest = w.b + (e[e.length - W] as number);
  const horizon = newest - windowMs - latenessMs - w.b;
  let drop = 0;
  while (drop < e.length && (e[drop] as number) < horizon) drop += W;
  if (drop) e.splice(0, drop);
  while (e.length / W > cap) mergeOldest(e);
  // Keep offsets small: move the base up to the oldest entry once it has drifted far.
  if (e.length && (e[0] as number) > 86_400_000) rebase(w, w.b + (e[0] as number));
  const end = time >= newest - windowMs ? newest : time;
  return aggregate(w, mode, end - windowMs, end);
}

function rebase(w: WindowState, base: number): void {
  const shift = w.b - base;
  for (let i = 0; i < w.e.length; i += W) w.e[i] = (w.e[i] as number) + shift;
  w.b = base;
}

function mergeOldest(e: (string | number | null)[]): void {
  // Two oldest entries become one at the older time: counts and sums stay exact, the window a bit long.
  // Distinct values of the older entry are dropped (the newer value is kept); sums are added.
  e[W + 2] = (e[2] as number) + (e[W + 2] as number);
  e[W] = e[0]!;
  if (typeof e[3] === 'number') e[W + 3] = typeof e[W + 3] === 'number' ? e[3] + (e[W + 3] as number) : e[3];
  e.splice(0, W);
}

/** The aggregates of the last update: read at once by the caller (evaluation is synchronous), never kept. */
const RESULT: WindowFacts = { count: 0, distinct: 0, sum: 0, avg: 0 };

/** Reused for every distinct count (evaluation is synchronous): no Set allocated per signal. */
const SEEN = new Set<string | number>();

function aggregate(w: WindowState, mode: 'count' | 'distinct' | 'sum', from: number, to: number): WindowFacts {
  const e = w.e;
  let count = 0;
  let sum = 0;
  let counted = 0;
  let distinct = 0;
  const seen = mode === 'distinct' ? SEEN : undefined;
  seen?.clear();
  const lo = from - w.b;
  const hi = to - w.b;
  for (let i = 0; i < e.length; i += W) {
    const t = e[i] as number;
    if (t < lo || t > hi) continue;
    count += e[i + 2] as number;
    const v = e[i + 3];
    if (mode === 'sum' && typeof v === 'number') {
      sum += v;
      counted += e[i + 2] as number;
    }
    if (seen && v !== null && v !== undefined && !seen.has(v)) {
      seen.add(v);
      distinct++;
    }
  }
  // The average is over the signals that carried a number (a signal without the field is counted, not averaged).
  seen?.clear();
  RESULT.count = count;
  RESULT.distinct = distinct;
  RESULT.sum = sum;
  RESULT.avg = counted ? sum / counted : 0;
  return RESULT;
}
