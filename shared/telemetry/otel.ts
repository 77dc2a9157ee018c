// Vigil's own traces: the OpenTelemetry Node SDK, configured by the standard OTEL_* variables
// (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_TRACES_EXPORTER, OTEL_SERVICE_NAME …). Started only when one of
// them asks for it, so the embedded default exports nothing and pays nothing.
import { trace, SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';

let sdk: NodeSDK | undefined;

/** True when the environment configures trace export. */
export function otelRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  const exporter = env.OTEL_TRACES_EXPORTER;
  if (env.OTEL_SDK_DISABLED === 'true' || exporter === 'none') return false;
  return Boolean(exporter || env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Starts the SDK once per process when OTEL_* asks for it; returns whether it runs. */
export function startOtel(serviceName = 'vigil', env: NodeJS.ProcessEnv = process.env): boolean {
  if (sdk) return true;
  if (!otelRequested(env)) return false;
  env.OTEL_SERVICE_NAME ??= serviceName;
  sdk = new NodeSDK({ instrumentations: [] });
  sdk.start();
  return true;
}

export async function stopOtel(): Promise<void> {
  const s = sdk;
  sdk = undefined;
  await s?.shutdown();
}

export function vigilTracer(component: string): Tracer {
  return trace.getTracer(`vigil.${component}`);
}

/** Runs `fn` in a span; records the error and rethrows. A no-op tracer costs next to nothing. */
export async function inSpan<T>(tracer: Tracer, name: string, attributes: Record<string, string | number>, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  });
}
