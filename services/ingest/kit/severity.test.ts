import { describe, expect, it } from 'vitest';
import { FIVE_LEVELS, severityFromLevel, severityFromName, severityFromScore } from './severity.js';

describe('severity helpers', () => {
  it('maps names case-insensitively and rejects unknown ones', () => {
    expect(['Informational', 'LOW', 'medium', 'High', 'critical'].map(severityFromName)).toEqual([10, 30, 50, 70, 90]);
    expect(severityFromName('unknownFutureValue')).toBeUndefined();
    expect(severityFromName(3)).toBeUndefined();
  });

  it('finds nothing for names on the object prototype', () => {
    for (const name of ['constructor', '__proto__', 'hasOwnProperty', 'toString']) expect(severityFromName(name)).toBeUndefined();
  });

  it('keeps 0–100 scores, rescales other scales, rejects out-of-range values', () => {
    expect(severityFromScore(79)).toBe(79);
    expect(severityFromScore('64')).toBe(64);
    expect(severityFromScore(7, 10)).toBe(70);
    expect(severityFromScore(101)).toBeUndefined();
    expect(severityFromScore(-1)).toBeUndefined();
    expect(severityFromScore('')).toBeUndefined();
  });

  it('reads 1-based levels from a table', () => {
    expect([1, 2, 3, 4, 5].map((l) => severityFromLevel(l, FIVE_LEVELS))).toEqual([10, 30, 50, 70, 90]);
    expect(severityFromLevel(0, FIVE_LEVELS)).toBeUndefined();
    expect(severityFromLevel(6, FIVE_LEVELS)).toBeUndefined();
    expect(severityFromLevel(2.5, FIVE_LEVELS)).toBeUndefined();
  });
});
