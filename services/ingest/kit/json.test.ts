import { describe, expect, it } from 'vitest';
import { maybeJson } from './json.js';

describe('maybeJson', () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    [' { "a" : [1, 2] } ', { a: [1, 2] }],
    ['{}', {}],
    ['{\n\t"a": true}', { a: true }],
    ['[1, 2]', [1, 2]],
    ['["New Device", "New IP"]', ['New Device', 'New IP']],
    ['[]', []],
    ['[{"a":1}]', [{ a: 1 }]],
    ['[-1, true, false, null]', [-1, true, false, null]],
    ['[[1]]', [[1]]],
  ])('parses JSON held in a string: %s', (text, value) => {
    expect(maybeJson(text)).toEqual(value);
  });

  it.each(['{level=LOW}', '{reasons=Anomalous Device, level=HIGH}', '[New Device, New IP]', '{', '[', '{"a":', '[nope]', 'plain', '', '  '])(
    'returns a string that is not JSON as it is: %j',
    (text) => {
      expect(maybeJson(text)).toBe(text);
    },
  );

  it('returns non-strings as they are', () => {
    const o = { level: 'LOW' };
    expect(maybeJson(o)).toBe(o);
    expect(maybeJson(3)).toBe(3);
    expect(maybeJson(undefined)).toBeUndefined();
  });
});
