// OTLP times are uint64 Unix nanoseconds, past 2^53: split exactly into whole ms and the ns remainder.

/** Whole milliseconds of a uint64 given as two uint32 words (exact, no BigInt). */
export function u64NanosMs(lo: number, hi: number): number {
  // hi·2^32 = hi·4294·10^6 + hi·967296, and hi·967296 + lo < 2^53 stays exact.
  const low = hi * 967_296 + lo;
  let q = Math.floor(low / 1e6);
  if (q * 1e6 > low) q--;
  return hi * 4294 + q;
}

/** Nanoseconds past the whole millisecond (0–999999) of a uint64 given as two uint32 words. */
export function u64NanosRem(lo: number, hi: number): number {
  const low = hi * 967_296 + lo;
  let q = Math.floor(low / 1e6);
  if (q * 1e6 > low) q--;
  return low - q * 1e6;
}

/**
 * A decimal nanos string (OTLP/JSON's int64 form) → [ms, ns remainder], exact; or a bare JSON number,
 * already rounded by JSON.parse past 2^53 (sub-microsecond precision lost, the millisecond kept).
 */
export function jsonNanos(value: string | number): [ms: number, rem: number] {
  if (typeof value === 'number') {
    const ms = Math.floor(value / 1e6);
    return [ms, Math.min(Math.max(value - ms * 1e6, 0), 999_999)];
  }
  const s = value.replace(/^0+(?=\d)/, '');
  if (s.length <= 6) return [0, Number(s)];
  return [Number(s.slice(0, -6)), Number(s.slice(-6))];
}

/** End − start in ms rounded to µs; undefined when there is no end or it precedes the start. */
export function durationMs(startMs: number, startRem: number, endMs: number, endRem: number): number | undefined {
  if (endMs === 0 && endRem === 0) return undefined;
  const ns = (endMs - startMs) * 1e6 + (endRem - startRem);
  if (!(ns >= 0) || !Number.isFinite(ns)) return undefined;
  return Math.round(ns / 1e3) / 1e3;
}
