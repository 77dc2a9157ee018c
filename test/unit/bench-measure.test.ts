// The benchmark's ratio method: sides alternated after one warm-up each, the median of per-pair ratios.
import { describe, expect, it } from 'vitest';
import { pairedRuns } from '../bench/measure.js';

describe('pairedRuns', () => {
  it('warms each side once, alternates them, and reports the median of the ratios of back-to-back pairs', async () => {
    const order: string[] = [];
    // The machine halves its speed from the fourth pair on: both sides of a pair see the same speed.
    let pair = 0;
    const speed = (): number => (pair > 3 ? 0.5 : 1);
    const result = await pairedRuns(
      5,
      () => {
        order.push('b');
        pair++;
        return 100 * speed();
      },
      () => {
        order.push('w');
        return 300 * speed();
      },
    );
    expect(order.join('')).toBe('bwbwbwbwbwbw');
    expect(result.ratio).toBe(3);
    // Warm-up (pair 1) excluded; pairs 4–6 of the five timed ones ran at half speed.
    expect(result.baseline).toBe(50);
    expect(result.work).toBe(150);
    expect(result.ratios).toEqual([3, 3, 3, 3, 3]);
  });

  it('with swap, runs work first in every other pair and still pairs each work with its own baseline', async () => {
    const order: string[] = [];
    let n = 0;
    // Every run is slower than the one before: the side that runs second in a pair is always at a disadvantage.
    const next = (): number => 1 / ++n;
    const result = await pairedRuns(
      4,
      () => (order.push('b'), 100 * next()),
      () => (order.push('w'), 100 * next()),
      { swap: true },
    );
    expect(order.join('')).toBe('bwbwwbbwwb');
    // Pairs (after the warm-up runs 1–2): b3 w4, w5 b6, b7 w8, w9 b10.
    const want = [3 / 4, 6 / 5, 7 / 8, 10 / 9];
    expect(result.ratios).toHaveLength(want.length);
    want.forEach((r, i) => expect(result.ratios[i]).toBeCloseTo(r, 12));
  });
});
