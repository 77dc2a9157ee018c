import { describe, expect, it } from 'vitest';
import { heldValue, MemoryStore } from './memory-store.js';
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

  it('keeps a record written with setRecord as it is, expiring at its own x', () => {
    let now = 0;
    const s = new MemoryStore({ now: () => now });
    const rec = { x: 100, p: { r: 5 } };
    s.setRecord('user', 'alice@x', rec);
    expect(s.heldRecord('user', 'alice@x')).toBe(rec);
    expect(s.getSync(subjectStateKey('user:alice@x'))).toBe(rec);
    // Moving x moves the expiry: no write needed.
    rec.x = 200;
    now = 150;
    s.refreshClock();
    expect(s.heldRecord('user', 'alice@x')).toBe(rec);
    now = 200;
    s.refreshClock();
    expect(s.heldRecord('user', 'alice@x')).toBeUndefined();
    expect(s.size).toBe(0);
  });

  it('reads back any value written by a subject key, in an entry with the ttl given', async () => {
    let now = 0;
    const s = new MemoryStore({ now: () => now });
    await s.write({ set: [{ key: subjectStateKey('device:d1'), value: { n: 1, x: 5 }, ttlMs: 1000 }] });
    const held = s.heldRecord('device', 'd1')!;
    expect(held).not.toEqual({ n: 1, x: 5 });
    expect(heldValue(held)).toEqual({ n: 1, x: 5 });
    // The ttl decides, not the value's own x.
    now = 999;
    expect(await s.getMany([subjectStateKey('device:d1')])).toEqual([{ n: 1, x: 5 }]);
    now = 1000;
    expect(await s.getMany([subjectStateKey('device:d1')])).toEqual([undefined]);
  });

  it('puts the subject in a Redis Cluster hash tag', () => {
    expect(subjectStateKey('user:alice@acme.example', 'r1')).toBe('{user:alice@acme.example}:r1');
  });
});
