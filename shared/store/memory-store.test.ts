import { describe, expect, it } from 'vitest';
import { MemoryStore } from './memory-store.js';
import { subjectStateKey } from './store.js';

describe('memory store', () => {
  it('returns what was written and undefined for missing keys', async () => {
    const s = new MemoryStore();
    await s.write({ set: [{ key: 'a', value: { n: 1 }, ttlMs: 1000 }] });
    expect(await s.getMany(['a', 'b'])).toEqual([{ n: 1 }, undefined]);
  });

  it('expires keys after their ttl and sweeps them out of memory', async () => {
    let now = 0;
    const s = new MemoryStore({ now: () => now, sweepPerWrite: 10 });
    await s.write({ set: [{ key: 'old', value: 1, ttlMs: 10 }] });
    now = 11;
    await s.write({ set: [{ key: 'new', value: 2, ttlMs: 10 }] });
    expect(s.size).toBe(1);
    expect(await s.getMany(['old', 'new'])).toEqual([undefined, 2]);
  });

  it('deletes and scans by prefix', async () => {
    const s = new MemoryStore();
    await s.write({
      set: [
        { key: 'x:1', value: 1, ttlMs: 1e6 },
        { key: 'x:2', value: 2, ttlMs: 1e6 },
        { key: 'y', value: 3, ttlMs: 1e6 },
      ],
    });
    await s.write({ del: ['x:1'] });
    expect(await s.scan('x:')).toEqual(['x:2']);
  });

  it('puts the subject in a Redis Cluster hash tag', () => {
    expect(subjectStateKey('user:alice@acme.example', 'r1')).toBe('{user:alice@acme.example}:r1');
  });
});
