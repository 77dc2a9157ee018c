// Vendor timestamps → canonical RFC 3339 ms UTC, and the canonical shape kept as it is.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochToIso, parseTime } from './time.js';

describe('parseTime', () => {
  it('renders ISO 8601 of any fraction length and offset as UTC milliseconds', () => {
    expect(parseTime('2026-03-02T09:15:00.123Z')).toBe('2026-03-02T09:15:00.123Z');
    expect(parseTime('2026-03-02T09:15:00Z')).toBe('2026-03-02T09:15:00.000Z');
    expect(parseTime('2026-03-02T09:15:00.1234567Z')).toBe('2026-03-02T09:15:00.123Z');
    expect(parseTime('2026-03-02T09:15:00+02:00')).toBe('2026-03-02T07:15:00.000Z');
    expect(parseTime('2026-03-02T09:15:00-0530')).toBe('2026-03-02T14:45:00.000Z');
    expect(parseTime('2026-03-02 09:15')).toBe('2026-03-02T09:15:00.000Z');
    expect(parseTime('2022-09-09T8:48:50Z')).toBe('2022-09-09T08:48:50.000Z');
    expect(parseTime(' 2026-03-02T09:15:00.123Z ')).toBe('2026-03-02T09:15:00.123Z');
  });

  it('reads US-locale times as UTC and epoch numbers by magnitude', () => {
    expect(parseTime('8/22/2022 6:07:16 PM')).toBe('2022-08-22T18:07:16.000Z');
    expect(parseTime('8/22/2022 12:07:16 AM')).toBe('2022-08-22T00:07:16.000Z');
    const ms = Date.UTC(2026, 2, 2, 9, 15, 0, 123);
    expect(parseTime(ms / 1000)).toBe('2026-03-02T09:15:00.123Z');
    expect(parseTime(ms)).toBe('2026-03-02T09:15:00.123Z');
    expect(parseTime(ms * 1000)).toBe('2026-03-02T09:15:00.123Z');
    expect(parseTime(String(ms * 1_000_000))).toBe('2026-03-02T09:15:00.123Z');
    expect(epochToIso(-1)).toBeUndefined();
  });

  it('refuses what is not a time', () => {
    for (const v of ['', 'yesterday', '2026-13-02T09:15:00Z', '2026-03-32T09:15:00Z', '2026-03-02T24:00:00Z', '13/01/2026 10:00', null, {}, NaN])
      expect(parseTime(v), String(v)).toBeUndefined();
  });

  it('keeps a canonical time as the same string, and answers every UTC time of that shape as the general path does', () => {
    const canonical = '2026-03-02T09:15:00.123Z';
    expect(parseTime(canonical)).toBe(canonical);
    expect(parseTime('2023-04-20T21:06:43.5407393Z')).toBe('2023-04-20T21:06:43.540Z');
    expect(parseTime('2023-04-20T21:06:43.5Z')).toBe('2023-04-20T21:06:43.500Z');
    expect(parseTime('2023-04-20T21:06:43Z')).toBe('2023-04-20T21:06:43.000Z');
    // Rolled over or refused by the general path, never passed through: 30 February, a leap second, year 0050.
    expect(parseTime('2026-02-30T10:00:00.000Z')).toBe('2026-03-02T10:00:00.000Z');
    expect(parseTime('2026-03-02T23:59:60.000Z')).toBe('2026-03-03T00:00:00.000Z');
    expect(parseTime('0050-03-02T10:00:00.000Z')).toBe('1950-03-02T10:00:00.000Z');
    const digits = (n: number, max: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(n, '0'));
    // No fraction, a bare dot, 1–12 fraction digits (the fast path takes up to 9), or another separator or digit.
    const fraction = fc.oneof(fc.constant(''), fc.constant('.'), fc.stringMatching(/^\.[0-9]{1,12}$/), fc.stringMatching(/^[,:x0-9][0-9]{1,4}$/));
    fc.assert(
      fc.property(digits(4, 9999), digits(2, 13), digits(2, 32), digits(2, 25), digits(2, 60), digits(2, 61), fraction, (y, mo, d, h, mi, s, frac) => {
        const time = `${y}-${mo}-${d}T${h}:${mi}:${s}${frac}Z`;
        // Ranges just past the valid ones, so that most draws take the fast path and the rest the edges of it.
        // A leading space is trimmed by the general path and never matches the fast path's shape.
        expect(parseTime(time)).toBe(parseTime(` ${time}`));
      }),
      { numRuns: 8000 },
    );
  });
});
