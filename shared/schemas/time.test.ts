import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoMs, toIsoMs } from './time.js';

describe('toIsoMs', () => {
  it('renders every instant with a four-digit year exactly as Date#toISOString does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (ms) => {
        expect(toIsoMs(ms)).toBe(new Date(ms).toISOString());
        expect(toIsoMs(new Date(ms))).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
    for (const ms of [0, -1, 951_782_400_000, 1_709_164_800_000, -62_167_219_200_000, 253_402_300_799_999])
      expect(toIsoMs(ms)).toBe(new Date(ms).toISOString());
  });

  it('truncates fractions as Date does, and refuses what has no four-digit year or is not a time', () => {
    expect(toIsoMs(1.9)).toBe(new Date(1.9).toISOString());
    expect(toIsoMs(-1.9)).toBe(new Date(-1.9).toISOString());
    expect(toIsoMs(-62_167_219_200_001)).toBeUndefined();
    expect(toIsoMs(253_402_300_800_000)).toBeUndefined();
    expect(toIsoMs(Number.NaN)).toBeUndefined();
    expect(toIsoMs(new Date('nope'))).toBeUndefined();
  });
});

describe('parseIsoMs', () => {
  it('agrees with Date.parse on every canonical time from year 1 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), (ms) => {
        const iso = toIsoMs(ms)!;
        expect(parseIsoMs(iso)).toBe(Date.parse(iso));
      }),
      { numRuns: 5000 },
    );
  });

  it('falls back to Date.parse for other shapes', () => {
    expect(parseIsoMs('2026-03-02T09:00:00+01:00')).toBe(Date.parse('2026-03-02T08:00:00Z'));
    expect(parseIsoMs('not a time')).toBeNaN();
  });
});
