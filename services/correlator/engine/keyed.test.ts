import { describe, expect, it } from 'vitest';
import { setKey, withKey, withoutKey } from './keyed.js';

describe('keyed objects', () => {
  it('withKey builds the object with its keys sorted, whatever order they were added in', () => {
    let a: Record<string, number> | undefined;
    for (const k of ['r9', 'r1', 'r7|openai', 'r2']) a = withKey(a, k, k.length);
    let b: Record<string, number> | undefined;
    for (const k of ['r2', 'r7|openai', 'r9', 'r1']) b = withKey(b, k, k.length);
    expect(Object.keys(a!)).toEqual(['r1', 'r2', 'r7|openai', 'r9']);
    expect(Object.keys(b!)).toEqual(Object.keys(a!));
    expect(a).toEqual({ r1: 2, r2: 2, 'r7|openai': 9, r9: 2 });
  });

  it('withKey adds a key that sorts last in place, and gives a new object for one that sorts before', () => {
    const o = { b: 1 };
    const before = withKey(o, 'a', 2);
    expect(before).not.toBe(o);
    expect(o).toEqual({ b: 1 });
    expect(before).toEqual({ a: 2, b: 1 });
    const after = withKey(o, 'c', 3);
    expect(after).toBe(o);
    expect(Object.keys(o)).toEqual(['b', 'c']);
  });

  it('withKey on a key the object holds as undefined sets it once', () => {
    expect(Object.keys(withKey({ a: undefined, c: 1 } as Record<string, number | undefined>, 'a', 3))).toEqual(['a', 'c']);
  });

  it('withKey sorts the keys of an object written before they were kept sorted', () => {
    const legacy = { r9: 9, r1: 1, r5: 5 };
    const out = withKey(legacy, 'r3', 3);
    expect(Object.keys(out)).toEqual(['r1', 'r3', 'r5', 'r9']);
    expect(out).toEqual({ r1: 1, r3: 3, r5: 5, r9: 9 });
  });

  it('withKey puts a new key first, between or last', () => {
    const o = { b: 1, d: 2 };
    expect(Object.keys(withKey(o, 'a', 0))).toEqual(['a', 'b', 'd']);
    expect(Object.keys(withKey(o, 'c', 0))).toEqual(['b', 'c', 'd']);
    expect(Object.keys(withKey(o, 'e', 0))).toEqual(['b', 'd', 'e']);
  });

  it('setKey writes a held key in place and adds a new one in sorted order', () => {
    const o = { b: 1, d: 2 };
    const same = setKey(o, 'd', 5, true);
    expect(same).toBe(o);
    expect(o).toEqual({ b: 1, d: 5 });
    const added = setKey(o, 'a', 0, false);
    expect(added).not.toBe(o);
    expect(Object.keys(added)).toEqual(['a', 'b', 'd']);
  });

  it('withoutKey keeps the other keys in order and gives undefined when none is left', () => {
    const o = withKey(withKey(withKey(undefined, 'c', 3), 'a', 1), 'b', 2);
    expect(Object.keys(withoutKey(o, 'b')!)).toEqual(['a', 'c']);
    expect(withoutKey(o, 'missing')).toEqual(o);
    expect(withoutKey({ a: 1 }, 'a')).toBeUndefined();
  });
});
