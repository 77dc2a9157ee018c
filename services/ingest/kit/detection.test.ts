import { describe, expect, it } from 'vitest';
import { clip, compactAttributes, countryOf, fileHash, mitreIds, statusName, text } from './detection.js';

describe('detection value helpers', () => {
  it('cleans text and clips long values', () => {
    expect(text('  a ')).toBe('a');
    expect(text('null')).toBeUndefined();
    expect(text(42)).toBe('42');
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(countryOf(' pt ')).toBe('PT');
    expect(countryOf('Portugal')).toBe('PT');
    expect(countryOf(null)).toBeUndefined();
  });

  it('keeps real hashes lower-cased and drops zero placeholders', () => {
    expect(fileHash('ABCDEF0123456789ABCDEF0123456789')).toBe('abcdef0123456789abcdef0123456789');
    expect(fileHash('0'.repeat(64))).toBeUndefined();
    expect(fileHash('not-a-hash')).toBeUndefined();
  });

  it('keeps MITRE technique ids only, de-duplicated', () => {
    expect(mitreIds(['t1059.001', 'T1059.001', 'CST0007', 'TA0002', null, 'T1105'])).toEqual(['T1059.001', 'T1105']);
  });

  it('spells statuses one way', () => {
    expect(['inProgress', 'In Progress', 'in_progress', 'InProgress', 'Resolved', 'true-positive'].map(statusName)).toEqual([
      'in_progress',
      'in_progress',
      'in_progress',
      'in_progress',
      'resolved',
      'true_positive',
    ]);
  });

  it('drops undefined values and empty lists', () => {
    expect(compactAttributes({ a: 'x', b: undefined, c: [], d: false, e: 0 })).toEqual({ a: 'x', d: false, e: 0 });
  });
});
