// Sliding event-time windows for aggregate rules: count, distinct count, sum and average per key.
import type { WindowState } from './state.js';

export interface WindowFacts {
  count: number;
  distinct: number;
  sum: number;
  avg: number;
}

/**
 * Inserts one signal (unless its fingerprint is already there: redelivery) keeping entries sorted by time,
 * evicts what fell out of the window plus lateness, merges the oldest entries past `cap`, and returns the
 * aggregates over the window that ends at the newest signal (or at this one, if it is older than that window).
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
  if (!w.h.includes(fp)) {
    let i = w.t.length;
    while (i > 0 && w.t[i - 1]! > time) i--;
    if (mode !== 'count' && !w.v) w.v = w.t.map(() => null);
    w.t.splice(i, 0, time);
    w.h.splice(i, 0, fp);
    w.c.splice(i, 0, 1);
    w.v?.splice(i, 0, value ?? null);
  }
  const newest = w.t[w.t.length - 1]!;
  let drop = 0;
  while (drop < w.t.length && w.t[drop]! < newest - windowMs - latenessMs) drop++;
  if (drop) {
    w.t.splice(0, drop);
    w.h.splice(0, drop);
    w.c.splice(0, drop);
    w.v?.splice(0, drop);
  }
  while (w.t.length > cap) mergeOldest(w);
  // A late signal still inside the newest window is judged with everything after it in that window.
  const end = time >= newest - windowMs ? newest : time;
  return aggregate(w, mode, end - windowMs, end);
}

function mergeOldest(w: WindowState): void {
  // Two oldest entries become one at the older time: counts and sums stay exact, the window a bit long.
  w.c[1] = w.c[0]! + w.c[1]!;
  w.t[1] = w.t[0]!;
  // Distinct values of the older entry are dropped (the newer value is kept); sums are added.
  if (w.v && typeof w.v[0] === 'number' && typeof w.v[1] === 'number') w.v[1] = w.v[0] + w.v[1];
  w.t.shift();
  w.h.shift();
  w.c.shift();
  w.v?.shift();
}

function aggregate(w: WindowState, mode: 'count' | 'distinct' | 'sum', from: number, to: number): WindowFacts {
  let count = 0;
  let sum = 0;
  let distinct = 0;
  const seen = mode === 'distinct' ? new Set<string | number>() : undefined;
  for (let i = 0; i < w.t.length; i++) {
    const t = w.t[i]!;
    if (t < from || t > to) continue;
    count += w.c[i]!;
    const v = w.v?.[i];
    if (mode === 'sum' && typeof v === 'number') sum += v;
    if (seen && v !== null && v !== undefined && !seen.has(v)) {
      seen.add(v);
      distinct++;
    }
  }
  return { count, distinct, sum, avg: count ? sum / count : 0 };
}
