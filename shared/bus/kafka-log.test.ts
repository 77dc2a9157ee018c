// kafkajs log lines arrive in pino at sensible levels, structured, and filtered by pino's level.
import { Writable } from 'node:stream';
import kafkajs from './kafkajs.js';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { kafkaLogLevel, pinoLogCreator } from './kafka-log.js';

const { logLevel } = kafkajs;

function capture(level = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write: (c: Buffer, _e, done) => (lines.push(JSON.parse(c.toString())), done()) });
  return { logger: pino({ level }, sink), lines };
}

const entry = (namespace: string, level: number, message: string, extra: object = {}) => ({
  namespace,
  level,
  label: 'X',
  log: { timestamp: '2026-01-01T00:00:00.000Z', logger: 'kafkajs', message, ...extra },
});

describe('kafkajs → pino', () => {
  it('maps levels and keeps the extra fields structured', () => {
    const { logger, lines } = capture();
    const write = pinoLogCreator(logger)(logLevel.DEBUG);
    write(entry('Consumer', logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded', { groupId: 'g' }));
    write(entry('Consumer', logLevel.WARN, 'rebalancing'));
    write(entry('Consumer', logLevel.INFO, 'Starting'));
    write(entry('Fetcher', logLevel.DEBUG, 'fetching'));
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [50, 'Crash: KafkaJSNumberOfRetriesExceeded'],
      [40, 'rebalancing'],
      [30, 'Starting'],
      [20, 'fetching'],
    ]);
    expect(lines[0]).toMatchObject({ component: 'kafkajs', kafka: 'Consumer', groupId: 'g' });
    expect(lines[0]).not.toHaveProperty('logger');
  });

  it('reports connection errors, which kafkajs retries itself, as warnings', () => {
    const { logger, lines } = capture();
    pinoLogCreator(logger)(logLevel.DEBUG)(entry('Connection', logLevel.ERROR, 'Connection error: connect ECONNREFUSED'));
    expect(lines[0]!.level).toBe(40);
  });

  it('keeps broker error answers that the caller handles (a rebalance heartbeat) at debug', () => {
    const { logger, lines } = capture();
    pinoLogCreator(logger)(logLevel.DEBUG)(
      entry('Connection', logLevel.ERROR, 'Response Heartbeat(key: 12, version: 3)', { error: 'The group is rebalancing' }),
    );
    expect(lines[0]!.level).toBe(20);
  });

  it('asks kafkajs for no more than pino will print', () => {
    expect(kafkaLogLevel(pino({ level: 'silent' }))).toBe(logLevel.NOTHING);
    expect(kafkaLogLevel(pino({ level: 'warn' }))).toBe(logLevel.WARN);
    expect(kafkaLogLevel(pino({ level: 'info' }))).toBe(logLevel.INFO);
    expect(kafkaLogLevel(pino({ level: 'trace' }))).toBe(logLevel.DEBUG);
  });
});
