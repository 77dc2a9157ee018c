// Sliding event-time windows for aggregate rules: count, distinct count, sum and average per key.
// One flat array per window: the base time in whole minutes, then 4 slots an entry [time − base (ms),
// fingerprint, count, value]. Every number is a V8 small integer (an epoch-ms base would be a boxed double,
// one more object per window and one more pointer to follow per signal), one array object per window.
import type { WindowState } from './state.js';

export interface WindowFacts {
  /** The window after the update: the stored array or its replacement (store it in place of the one given). */
  window: WindowState;
  count: number;
  distinct: number;
  sum: number;
  avg: number;
}

const W = 4;
const MINUTE = 60_000;

/** The window's base time in epoch ms. */
function baseOf(w: WindowState): number {
  return (w[0] as number) * MINUTE;
}

/**
 * Inserts one signal into the stored window (unless its fingerprint is already there:
 * redelivery) keeping entries sorted by time, evicts what fell out of the window plus lateness, merges the
 * oldest entries past `cap`, and returns the aggregates over the window that ends at the newest signal (or
 * at this one, if it is older than that window). The window array is replaced, not grown in place: the
 * result's `window` is the one to store. The result object is reused by the next call: read it, do not keep it.
 */
export function updateWindow(
  stored: unknown,
  time: number,
  fp: number,
  value: string | number | null | undefined,
  mode: 'count' | 'distinct' | 'sum',
  windowMs: number,
  latenessMs: number,
  cap: number,
): WindowFacts {
  // State is versionless: a window stored in an older layout (not an array) starts over.
  let w: WindowState = Array.isArray(stored) ? (stored as WindowState) : [Math.floor(time / MINUTE)];
  if (!holds(w, time - baseOf(w), fp)) {
    if (w.length === 1) w[0] = Math.floor(time / MINUTE);
    else if (time < baseOf(w)) rebase(w, time);
    const dt = time - baseOf(w);
    let i = w.length;
    while (i > 1 && (w[i - W] as number) > dt) i -= W;
    const newest = w.length > 1 ? Math.max(dt, w[w.length - W] as number) : dt;
    w = withEntry(w, i, dt, fp, mode === 'count' ? 0 : (value ?? null), newest - windowMs - latenessMs);
  } else {
    w = evicted(w, (w[w.length - W] as number) - windowMs - latenessMs);
  }
  while ((w.length - 1) / W > cap) mergeOldest(w);
  // Keep offsets small: move the base up to the oldest entry once it has drifted far.
  if (w.length > 1 && (w[1] as number) > 86_400_000) rebase(w, baseOf(w) + (w[1] as number));
  RESULT.window = w;
  const newest = baseOf(w) + (w[w.length - W] as number);
  const end = time >= newest - windowMs ? newest : time;
  return aggregate(w, mode, end - windowMs, end);
}

/**
 * A redelivered signal has the same fingerprint and the same event time: both must match, so two different
 * signals whose 30-bit fingerprints collide are still both counted. Entries are sorted by time, so only the
 * newest few (those at or after `at`) are looked at.
 */
function holds(w: WindowState, at: number, fp: number): boolean {
  for (let i = w.length - W; i >= 1 && (w[i] as number) >= at; i -= W) if (w[i] === at && w[i + 1] === fp) return true;
  return false;
}

/** Index of the first entry at or after `horizon` (entries are sorted by time). */
function firstKept(w: WindowState, horizon: number): number {
  let d = 1;
  while (d < w.length && (w[d] as number) < horizon) d += W;
  return d;
}

function evicted(w: WindowState, horizon: number): WindowState {
  const d = firstKept(w, horizon);
  return d === 1 ? w : [w[0]!, ...w.slice(d)];
}

/**
 * The window with one more entry at index i, less the entries older than `horizon`, in one new array of
 * exactly the right size: V8 grows a pushed-to array by half its length plus 16 slots, spare capacity
 * that was about 200 of the 1,100 bytes per subject.
 */
function withEntry(w: WindowState, i: number, dt: number, fp: number, v: string | number | null, horizon: number): WindowState {
  // Sorted by time: an entry older than the horizon has every entry before it older too.
  if (dt < horizon) return evicted(w, horizon);
  const n = w.length;
  const d = firstKept(w, horizon);
  const out = new Array<string | number | null>(n - d + 1 + W);
  out[0] = w[0]!;
  let o = 1;
  for (let k = d; k < i; k++) out[o++] = w[k]!;
  out[o++] = dt;
  out[o++] = fp;
  out[o++] = 1;
  out[o++] = v;
  for (let k = i; k < n; k++) out[o++] = w[k]!;
  return out;
}

/** Moves the base to the minute of `time` (at or before it), keeping every entry's time. */
function rebase(w: WindowState, time: number): void {
  const base = Math.floor(time / MINUTE);
  const shift = baseOf(w) - base * MINUTE;
  for (let i = 1; i < w.length; i += W) w[i] = (w[i] as number) + shift;
  w[0] = base;
}

function mergeOldest(w: WindowState): void {
  // Two oldest entries become one at the older time: counts and sums stay exact, the window a bit long.
  // Distinct values of the older entry are dropped (the newer value is kept); sums are added.
  w[W + 3] = (w[3] as number) + (w[W + 3] as number);
  w[W + 1] = w[1]!;
  if (typeof w[4] === 'number') w[W + 4] = typeof w[W + 4] === 'number' ? w[4] + (w[W + 4] as number) : w[4];
  w.splice(1, W);
}

/** The aggregates of the last update: read at once by the caller (evaluation is synchronous), never kept. */
const RESULT: WindowFacts = { window: [], count: 0, distinct: 0, sum: 0, avg: 0 };

/** Reused for distinct counts over large windows (evaluation is synchronous): no Set allocated per signal. */
const SEEN = new Set<string | number>();

/** Up to this many entries a distinct count compares values directly: clearing a Set costs more than that. */
const SMALL = 32;

function aggregate(w: WindowState, mode: 'count' | 'distinct' | 'sum', from: number, to: number): WindowFacts {
  let count = 0;
  let sum = 0;
  let counted = 0;
  let distinct = 0;
  const seen = mode === 'distinct' && w.length > SMALL * W ? SEEN : undefined;
  const lo = from - baseOf(w);
  const hi = to - baseOf(w);
  for (let i = 1; i < w.length; i += W) {
    const t = w[i] as number;
    if (t < lo || t > hi) continue;
    count += w[i + 2] as number;
    const v = w[i + 3];
    if (mode === 'sum') {
      if (typeof v === 'number') {
        sum += v;
        counted += w[i + 2] as number;
      }
    } else if (mode === 'distinct' && v !== null && v !== undefined) {
      if (seen) {
        if (!seen.has(v)) {
          seen.add(v);
          distinct++;
        }
      } else if (!seenBefore(w, i, v, lo, hi)) distinct++;
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
function seenBefore(w: WindowState, i: number, v: string | number, lo: number, hi: number): boolean {
  for (let j = 1; j < i; j += W) {
    const t = w[j] as number;
    if (t < lo || t > hi) continue;
    const u = w[j + 3];
    // === is SameValueZero but for NaN, the one value unequal to itself.
    if (u === v || (u !== u && v !== v)) return true;
  }
  return false;
}
