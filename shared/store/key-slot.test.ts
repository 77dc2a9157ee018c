import { describe, expect, it } from 'vitest';
import { groupBySlotOwner, keySlot } from './key-slot.js';
import { subjectStateKey } from './store.js';

describe('keySlot', () => {
  it('computes the Redis Cluster slot (CRC16 mod 16384, as CLUSTER KEYSLOT does)', () => {
    // Reference values from the Redis Cluster specification and `CLUSTER KEYSLOT`.
    expect(keySlot('123456789')).toBe(12739);
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('{user1000}.following')).toBe(keySlot('user1000'));
  });

  it('puts every key of one subject in one slot, whatever the prefix and suffix', () => {
    const subject = 'user:alice@acme.example';
    const slots = new Set(['', ':w', ':risk', ':r1:window'].map((suffix) => keySlot(`vigil:${subjectStateKey(subject)}${suffix}`)));
    expect([...slots]).toEqual([keySlot(subject)]);
    expect(keySlot(`vigil:${subjectStateKey('user:bob@acme.example')}`)).not.toBe(keySlot(subject));
  });
});

describe('groupBySlotOwner', () => {
  it('groups positions by the owner of each key slot and keeps their order', () => {
    const keys = ['{a}', '{b}', '{a}:x', '{c}', '{b}:y'];
    const owner = (slot: number) => (slot < 8192 ? 'low' : 'high');
    const groups = groupBySlotOwner(keys, 'p:', owner);
    const expected = new Map<string, number[]>();
    keys.forEach((k, i) => {
      const o = owner(keySlot(`p:${k}`));
      expected.set(o, [...(expected.get(o) ?? []), i]);
    });
    expect(groups).toEqual(expected);
    expect([...groups.values()].flat().sort()).toEqual([0, 1, 2, 3, 4]);
    expect(groupBySlotOwner(keys, 'p:', () => 'one')).toEqual(new Map([['one', [0, 1, 2, 3, 4]]]));
  });
});
