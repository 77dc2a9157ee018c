// @vigil/telemetry: pino loggers (one child per component) and Prometheus metrics (prom-client).
export { createLogger, componentLogger, silentLogger, REDACT_PATHS, type Logger, type LoggerSettings } from './logger.js';
export { createMetricsRegistry, counter, gauge, histogram, Counter, Gauge, Histogram, Registry } from './metrics.js';
