// Replay progress off a terminal: a plain line every N records or every second, whichever comes first.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Progress } from './progress.js';

function capture(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { out, text: () => chunks.join('') };
}

describe('replay progress', () => {
  it('non-tty: one line per N records and one per second of wall time', () => {
    let now = 0;
    const { out, text } = capture();
    const p = new Progress(1000, out, { tty: false, everyLines: 100, now: () => now });
    for (let i = 1; i <= 250; i++) p.update(i * 2, i);
    expect(text().trim().split('\n')).toEqual(['replay: 100 lines (20%), 100000/s', 'replay: 200 lines (40%), 200000/s']);
    now = 1500;
    p.update(510, 255);
    expect(text().trim().split('\n').at(-1)).toBe('replay: 255 lines (51%), 170/s');
    p.done();
    expect(text()).not.toMatch(/\r/);
  });

  it('tty: redraws a bar in place', () => {
    let now = 0;
    const { out, text } = capture();
    const p = new Progress(100, out, { tty: true, now: () => now });
    now = 200;
    p.update(50, 10);
    p.done();
    expect(text()).toMatch(/^\r█{15}░{15} {2}50% {2}10 lines {2}50\/s\n$/);
  });
});
