import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './rate-limit.js';

describe('token buckets', () => {
  it('allows a burst, then refills at the configured rate, per client', () => {
    let now = 0;
    const b = new TokenBuckets({ capacity: 3, perSecond: 2, now: () => now });
    expect([1, 2, 3].map(() => b.take('a').ok)).toEqual([true, true, true]);
    expect(b.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(b.take('b').ok).toBe(true);
    now += 500;
    expect(b.take('a').ok).toBe(true);
    expect(b.take('a').ok).toBe(false);
    now += 10_000;
    expect([1, 2, 3, 4].map(() => b.take('a').ok)).toEqual([true, true, true, false]);
  });

  it('forgets the least recently seen client beyond maxClients (a forgotten client starts full)', () => {
    const b = new TokenBuckets({ capacity: 1, perSecond: 0.001, maxClients: 2, now: () => 0 });
    expect(b.take('a').ok).toBe(true);
    expect(b.take('b').ok).toBe(true);
    expect(b.take('c').ok).toBe(true);
    expect(b.take('b').ok).toBe(false);
    expect(b.take('a').ok).toBe(true);
  });
});
