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
  let e = w.e;
  if (!holds(e, time - w.b, fp)) {
    if (e.length === 0 || time < w.b) rebase(w, Math.min(time, e.length ? w.b : time));
    const dt = time - w.b;
    let i = e.length;
    while (i > 0 && (e[i - W] as number) > dt) i -= W;
    const newest = e.length ? Math.max(dt, e[e.length - W] as number) : dt;
    w.e = e = withEntry(e, i, dt, fp, mode === 'count' ? 0 : (value ?? null), newest - windowMs - latenessMs);
  } else {
    const horizon = (e[e.length - W] as number) - windowMs - latenessMs;
    let drop = 0;
    while (drop < e.length && (e[drop] as number) < horizon) drop += W;
    if (drop) w.e = e = e.slice(drop);
  }
  while (e.length / W > cap) mergeOldest(e);
  // Keep offsets small: move the base up to the oldest entry once it has drifted far.
  if (e.length && (e[0] as number) > 86_400_000) rebase(w, w.b + (e[0] as number));
  const newest = w.b + (e[e.length - W] as number);
  const end = time >= newest - windowMs ? newest : time;
  return aggregate(w, mode, end - windowMs, end);
}

/**
 * A redelivered signal has the same fingerprint and the same event time: both must match, so two different
 * signals whose 30-bit fingerprints collide are still both counted. Entries are sorted by time, so only the
 * newest few (those at or after `at`) are looked at.
 */
function holds(e: WindowState['e'], at: number, fp: number): boolean {
  for (let i = e.length - W; i >= 0 && (e[i] as number) >= at; i -= W) if (e[i] === at && e[i + 1] === fp) return true;
  return false;
}

/**
 * The entries with one more at index i, less those older than `horizon`, in one new array of exactly the
 * right size: V8 grows a pushed-to array by half its length plus 16 slots, spare capacity that was about
 * 200 of the 1,100 bytes per subject.
 */
function withEntry(e: WindowState['e'], i: number, dt: number, fp: number, v: string | number | null, horizon: number): WindowState['e'] {
  const n = e.length;
  let d = 0;
  while (d < n && (e[d] as number) < horizon) d += W;
  // Sorted by time: an entry older than the horizon has every entry before it older too.
  if (dt < horizon) return e.slice(d);
  const out = new Array<string | number | null>(n - d + W);
  let o = 0;
  for (let k = d; k < i; k++) out[o++] = e[k]!;
  out[o++] = dt;
  out[o++] = fp;
  out[o++] = 1;
  out[o++] = v;
  for (let k = i; k < n; k++) out[o++] = e[k]!;
  return out;
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

/** Reused for distinct counts over large windows (evaluation is synchronous): no Set allocated per signal. */
const SEEN = new Set<string | number>();

/** Up to this many entries a distinct count compares values directly: clearing a Set costs more than that. */
const SMALL = 32;

function aggregate(w: WindowState, mode: 'count' | 'distinct' | 'sum', from: number, to: number): WindowFacts {
  const e = w.e;
  let count = 0;
  let sum = 0;
  let counted = 0;
  let distinct = 0;
  const seen = mode === 'distinct' && e.length > SMALL * W ? SEEN : undefined;
  const lo = from - w.b;
  const hi = to - w.b;
  for (let i = 0; i < e.length; i += W) {
    const t = e[i] as number;
    if (t < lo || t > hi) continue;
    count += e[i + 2] as number;
    const v = e[i + 3];
    if (mode === 'sum') {
      if (typeof v === 'number') {
        sum += v;
        counted += e[i + 2] as number;
      }
    } else if (mode === 'distinct' && v !== null && v !== undefined) {
      if (seen) {
        if (!seen.has(v)) {
          seen.add(v);
          distinct++;
        }
      } else if (!seenBefore(e, i, v, lo, hi)) distinct++;
    }
  }
  seen?.clear();
  // The average is over the signals that carried a number (a signal without the field is counted, not averaged).
  RESULT.count = count;
  RESULT.distinct = distinct;
  RESULT.sum = sum;
  RESULT.avg = counted ? sum / counted : 0;
  return RESULT;
}

/** True when an entry before index `i` inside [lo, hi] holds the value v (SameValueZero, as a Set compares). */
function seenBefore(e: WindowState['e'], i: number, v: string | number, lo: number, hi: number): boolean {
  for (let j = 0; j < i; j += W) {
    const t = e[j] as number;
    if (t < lo || t > hi) continue;
    const u = e[j + 3];
    if (u === v || Object.is(u, v)) return true;
  }
  return false;
}
