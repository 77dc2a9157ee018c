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
  });
});
