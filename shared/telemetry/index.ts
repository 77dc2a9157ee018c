// @vigil/telemetry: pino loggers (one child per component), Prometheus metrics (prom-client) and
// Vigil's own OpenTelemetry traces (OTEL_* variables).
export { createLogger, componentLogger, silentLogger, REDACT_PATHS, type Logger, type LoggerSettings } from './logger.js';
export { createMetricsRegistry, counter, gauge, histogram, Counter, Gauge, Histogram, Registry } from './metrics.js';
export { startOtel, stopOtel, otelRequested, vigilTracer, inSpan } from './otel.js';
