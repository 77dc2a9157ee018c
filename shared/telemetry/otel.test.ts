import { describe, expect, it } from 'vitest';
import { otelRequested } from './otel.js';

describe('Vigil own telemetry', () => {
  it('starts only when OTEL_* variables ask for it', () => {
    expect(otelRequested({})).toBe(false);
    expect(otelRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(otelRequested({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
    expect(otelRequested({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x' })).toBe(false);
    expect(otelRequested({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toBe(false);
  });
});
