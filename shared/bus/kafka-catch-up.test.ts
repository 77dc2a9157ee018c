// "Caught up" bookkeeping: every assigned partition read to its end at least once, then latched.
import { describe, expect, it } from 'vitest';
import { CatchUpTracker } from './kafka-catch-up.js';

const at = (topic: string, partition: number, position: number, hw: number) => ({ topic, partition, position: BigInt(position), highWatermark: BigInt(hw) });

describe('CatchUpTracker', () => {
  it('is caught up only when every assigned partition reached its high watermark', () => {
    const t = new CatchUpTracker();
    t.assign({ a: [0, 1], b: [0] });
    t.observe(at('a', 0, 10, 10));
    t.observe(at('b', 0, 5, 5));
    expect(t.caughtUp).toBe(false);
    t.observe(at('a', 1, 3, 7));
    expect(t.caughtUp).toBe(false);
    t.observe(at('a', 1, 7, 7));
    expect(t.caughtUp).toBe(true);
  });

  it('is caught up at once with an empty assignment (more consumers than partitions)', () => {
    const t = new CatchUpTracker();
    t.assign({});
    expect(t.caughtUp).toBe(true);
  });

  it('ignores partitions it was not assigned and answers from an older generation', () => {
    const t = new CatchUpTracker();
    const old = t.assign({ a: [0] });
    t.assign({ a: [1] });
    t.observe(at('a', 0, 1, 1));
    t.observe(at('a', 1, 1, 1), old);
    expect(t.caughtUp).toBe(false);
    t.observe(at('a', 1, 1, 1));
    expect(t.caughtUp).toBe(true);
  });

  it('stays caught up after a rebalance', () => {
    const t = new CatchUpTracker();
    t.assign({ a: [0] });
    t.observe(at('a', 0, 2, 2));
    t.assign({ a: [0, 1, 2] });
    expect(t.caughtUp).toBe(true);
  });
});
