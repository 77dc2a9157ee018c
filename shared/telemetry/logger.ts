// The pino logger factory: one root logger per process, one child per component, secrets redacted.
import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

export interface LoggerSettings {
  level?: string;
  /** Pretty single-line output for people at a terminal (the embedded demo); JSON otherwise. */
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}

/** Paths that may carry secrets anywhere in a log object. */
export const REDACT_PATHS = [
  'token',
  'password',
  'secret',
  'authorization',
  '*.token',
  '*.password',
  '*.secret',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["x-vigil-gateway-secret"]',
  'config.signingKey',
  'config.apiTokens',
  'config.gatewaySecret',
];

export function createLogger(settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    name: 'vigil',
    level: settings.level ?? process.env.VIGIL_LOG_LEVEL ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (settings.destination) return pino(options, settings.destination as pino.DestinationStream);
  return pino(options, pino.destination({ fd: 2, sync: false }));
}

/** One child logger per component: `componentLogger(root, 'correlator')`. */
export function componentLogger(root: Logger, component: string): Logger {
  return root.child({ component });
}

/** A logger that drops everything (tests, benchmarks). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
