// Routes kafkajs's own log lines into pino, so the Kafka client writes to the same structured stream as
// the rest of Vigil and obeys VIGIL_LOG_LEVEL instead of printing JSON to the console on its own.
import type { logCreator, LogEntry, logLevel as LogLevel } from 'kafkajs';
import kafkajs from './kafkajs.js';
import type { Logger } from 'pino';

const { logLevel } = kafkajs;

/** The kafkajs level that lets through exactly what the pino logger would print (no wasted formatting). */
export function kafkaLogLevel(logger: Logger): LogLevel {
  const v = logger.levelVal;
  if (!Number.isFinite(v)) return logLevel.NOTHING;
  if (v <= 20) return logLevel.DEBUG;
  if (v <= 30) return logLevel.INFO;
  if (v <= 40) return logLevel.WARN;
  return logLevel.ERROR;
}

/**
 * Known kafkajs messages about choices Vigil makes on purpose. Bounded producer retries: a publish that
 * cannot finish must fail its batch, which is then redelivered, rather than block a consumer forever.
 */
const DELIBERATE = new Set(['Limiting retries for the idempotent producer may invalidate EoS guarantees']);

/**
 * kafkajs ERROR → error, WARN → warn, INFO → info, DEBUG → debug; except connection-level errors, which
 * kafkajs retries by itself and which surface as a final error to the caller if the retries run out:
 * those are warnings (error answers from a broker, which the caller handles, are debug), so that a
 * broker restart or a rebalance does not page anyone.
 */
export function pinoLogCreator(logger: Logger): logCreator {
  const log = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log: entry }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _name, ...extra } = entry as LogEntry['log'] & { logger?: string };
      const fields = { kafka: namespace, ...extra };
      if (DELIBERATE.has(message)) return log.debug(fields, message);
      switch (level) {
        case logLevel.ERROR:
          // "Response Heartbeat … rebalancing": an error answer that the layer above handles and reports.
          if (namespace === 'Connection' && message.startsWith('Response ')) log.debug(fields, message);
          else if (namespace === 'Connection' || namespace === 'BrokerPool') log.warn(fields, message);
          else log.error(fields, message);
          return;
        case logLevel.WARN:
          log.warn(fields, message);
          return;
        case logLevel.INFO:
          log.info(fields, message);
          return;
        default:
          log.debug(fields, message);
      }
    };
}
