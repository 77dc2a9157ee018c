import { describe, expect, it } from 'vitest';
import { MemoryStore } from './memory-store.js';

describe('due index (memory store)', () => {
  it('returns what is due, earliest first, at most limit; a re-added member moves; removed ones are gone', async () => {
    const store = new MemoryStore();
    store.writeSync({
      due: {
        add: [
          { member: 'c', at: 30 },
          { member: 'a', at: 10 },
          { member: 'b', at: 20 },
        ],
      },
    });
    expect(await store.due(25, 10)).toEqual([
      { member: 'a', at: 10 },
      { member: 'b', at: 20 },
    ]);
    expect(await store.due(100, 2)).toEqual([
      { member: 'a', at: 10 },
      { member: 'b', at: 20 },
    ]);
    store.writeSync({ due: { add: [{ member: 'a', at: 40 }], remove: ['b'] } });
    expect(await store.due(100, 10)).toEqual([
      { member: 'c', at: 30 },
      { member: 'a', at: 40 },
    ]);
    store.writeSync({ due: { remove: ['a', 'c', 'never-there'] } });
    expect(await store.due(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
  });

  it('keeps members with the same time apart', async () => {
    const store = new MemoryStore();
    store.writeSync({
      due: {
        add: [
          { member: 'x', at: 5 },
          { member: 'y', at: 5 },
          { member: 'z', at: 5 },
        ],
      },
    });
    store.writeSync({ due: { remove: ['y'] } });
    expect((await store.due(5, 10)).map((e) => e.member)).toEqual(['x', 'z']);
  });
});
