// Mapping between kafkajs messages and Bus records: what handlers see and how publishes are grouped.
import { describe, expect, it } from 'vitest';
import { headersToStrings, toBusRecord, toTopicMessages } from './kafka-records.js';

describe('kafka records', () => {
  it('turns a fetched message into a BusRecord with string headers and a numeric timestamp', () => {
    const r = toBusRecord('vigil.signals', 2, {
      key: Buffer.from('user:alice@acme.example'),
      value: Buffer.from('{"a":1}'),
      timestamp: '1767225600123',
      attributes: 0,
      offset: '41',
      headers: { 'vigil-signature': Buffer.from('eyJhbGciOiJFZERTQSJ9..sig'), repeated: [Buffer.from('first'), 'last'] },
    });
    expect(r).toEqual({
      topic: 'vigil.signals',
      partition: 2,
      offset: '41',
      key: Buffer.from('user:alice@acme.example'),
      value: Buffer.from('{"a":1}'),
      headers: { 'vigil-signature': 'eyJhbGciOiJFZERTQSJ9..sig', repeated: 'last' },
      timestamp: 1767225600123,
    });
  });

  it('reads a tombstone (null value) as an empty value and a missing key as null', () => {
    const r = toBusRecord('vigil.decisions', 0, { key: null, value: null, timestamp: '1', attributes: 0, offset: '0', headers: {} });
    expect(r.key).toBeNull();
    expect(r.value.length).toBe(0);
  });

  it('drops undefined header values', () => {
    expect(headersToStrings({ a: undefined, b: 'x' })).toEqual({ b: 'x' });
    expect(headersToStrings(undefined)).toEqual({});
  });

  it('groups a publish by topic, keeping each topic in order', () => {
    const grouped = toTopicMessages([
      { topic: 'a', key: 'k1', value: '1' },
      { topic: 'b', value: Buffer.from('2'), headers: { h: 'v' } },
      { topic: 'a', key: null, value: '3' },
    ]);
    expect(grouped).toEqual([
      {
        topic: 'a',
        messages: [
          { key: 'k1', value: '1' },
          { key: null, value: '3' },
        ],
      },
      { topic: 'b', messages: [{ key: null, value: Buffer.from('2'), headers: { h: 'v' } }] },
    ]);
  });
});
