// A pino logger whose lines land in an array, so tests can wait for what a component reported
// (a retry, a failure) instead of sleeping. Set VIGIL_TEST_LOG=1 to also see them on stderr.
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

export interface LogLine {
  level: number;
  msg?: string;
  [field: string]: unknown;
}

export interface CapturedLogger {
  logger: Logger;
  lines: LogLine[];
  /** Lines whose message contains `text` (and, optionally, with a level at or above `minLevel`). */
  find(text: string, minLevel?: number): LogLine[];
}

export function captureLogger(level = 'debug'): CapturedLogger {
  const lines: LogLine[] = [];
  const echo = process.env.VIGIL_TEST_LOG === '1';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const raw of chunk.toString('utf8').split('\n')) {
        if (!raw) continue;
        lines.push(JSON.parse(raw) as LogLine);
        if (echo) process.stderr.write(`${raw}\n`);
      }
      done();
    },
  });
  const logger = pino({ level }, sink);
  return {
    logger,
    lines,
    find: (text, minLevel = 0) => lines.filter((l) => l.level >= minLevel && typeof l.msg === 'string' && l.msg.includes(text)),
  };
}
