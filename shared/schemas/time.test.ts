import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoMs, toIsoMs } from './time.js';

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
