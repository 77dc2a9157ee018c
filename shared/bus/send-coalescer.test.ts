// Publishes made while a send is in flight leave together, in arrival order, within the byte cap; a failed
// send fails every publish it carried, and later publishes still go out.
import { describe, expect, it } from 'vitest';
import type { OutRecord } from './bus.js';
import { SendCoalescer } from './send-coalescer.js';

const rec = (value: string): OutRecord => ({ topic: 't', key: value, value });

function gatedSender() {
  const sends: string[][] = [];
  const gates: { open: () => void; fail: (err: Error) => void }[] = [];
  const send = (records: OutRecord[]): Promise<void> => {
    sends.push(records.map((r) => String(r.value)));
    return new Promise((resolve, reject) => gates.push({ open: resolve, fail: reject }));
  };
  return { sends, gates, send };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('SendCoalescer', () => {
  it('sends a publish to an idle producer at once, and merges the ones that wait behind it', async () => {
    const { sends, gates, send } = gatedSender();
    const c = new SendCoalescer(send);
    const first = c.push([rec('a')]);
    expect(sends).toEqual([['a']]);
    const second = c.push([rec('b'), rec('c')]);
    const third = c.push([rec('d')]);
    gates[0]!.open();
    await first;
    await settle();
    expect(sends).toEqual([['a'], ['b', 'c', 'd']]);
    gates[1]!.open();
    await Promise.all([second, third]);
  });

  it('fails every publish of a failed send, then goes on with the next ones', async () => {
    const { sends, gates, send } = gatedSender();
    const c = new SendCoalescer(send);
    const first = c.push([rec('a')]);
    const second = c.push([rec('b')]);
    const third = c.push([rec('c')]);
    gates[0]!.open();
    await first;
    await settle();
    const boom = new Error('broker gone');
    gates[1]!.fail(boom);
    await expect(second).rejects.toBe(boom);
    await expect(third).rejects.toBe(boom);
    const fourth = c.push([rec('d')]);
    expect(sends.at(-1)).toEqual(['d']);
    gates[2]!.open();
    await fourth;
  });

  it('keeps merged sends within the byte cap, but always sends at least one publish', async () => {
    const { sends, gates, send } = gatedSender();
    const c = new SendCoalescer(send, 4);
    const all = [c.push([rec('a')]), c.push([rec('bb')]), c.push([rec('cc')]), c.push([rec('dddddd')]), c.push([rec('e')])];
    for (let i = 0; i < 4; i++) {
      gates[i]!.open();
      await settle();
    }
    expect(sends).toEqual([['a'], ['bb', 'cc'], ['dddddd'], ['e']]);
    await Promise.all(all);
  });
});
