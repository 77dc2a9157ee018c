import { describe, expect, it } from 'vitest';
import { readDebugData, toMap } from './debug-data.js';

describe('okta debugData', () => {
  it('splits a Java map only where the next key starts, so values keep their commas', () => {
    expect({ ...toMap('{reasons=Anomalous Device, Anomalous Location, level=HIGH}') }).toEqual({
      reasons: 'Anomalous Device, Anomalous Location',
      level: 'HIGH',
    });
    expect({ ...toMap('{New Geo-Location=NEGATIVE, New Device=POSITIVE}') }).toEqual({ 'New Geo-Location': 'NEGATIVE', 'New Device': 'POSITIVE' });
    expect(toMap('{}')).toEqual({});
    expect(toMap(['a'])).toEqual({});
  });

  it('reads behaviors as a map, a Java-map string, a list and a JSON list', () => {
    expect(readDebugData({ behaviors: { 'New IP': 'POSITIVE', 'New City': 'NEGATIVE' } }).behaviors).toEqual(['New IP']);
    expect(readDebugData({ behaviors: '{New IP=POSITIVE, New City=NEGATIVE}' }).behaviors).toEqual(['New IP']);
    expect(readDebugData({ behaviors: ['New Device', ' ', 7] }).behaviors).toEqual(['New Device']);
    expect(readDebugData({ behaviors: '["New Device","New IP"]' }).behaviors).toEqual(['New Device', 'New IP']);
  });

  it('keeps prototype-named keys as data and ignores non-string levels', () => {
    const m = toMap('{__proto__=x, constructor=y}');
    expect(Object.keys(m)).toEqual(['__proto__', 'constructor']);
    expect(readDebugData({ risk: { level: { toString: 1 } }, behaviors: { a: { toString: 1 } } })).toEqual({ threatSuspected: false, behaviors: [] });
  });
});
