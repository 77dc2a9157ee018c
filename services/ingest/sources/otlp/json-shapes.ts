// OTLP/JSON shapes (zod), one level at a time so a bad span or resource costs only itself. Keys are
// lowerCamelCase per OTLP/JSON; the proto names (snake_case) that protobuf-JSON parsers also accept are read too.
import { z } from 'zod';

/** `{"start_time_unix_nano": …}` → `{"startTimeUnixNano": …}`; a camelCase key already present wins. */
export function camelKeys(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const src = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(src)) {
    if (!key.includes('_')) continue;
    const camel = key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
    if (camel === key) continue;
    out ??= { ...src };
    if (!Object.hasOwn(out, camel)) out[camel] = src[key];
  }
  return out ?? value;
}

const obj = <T extends z.ZodRawShape>(shape: T) => z.preprocess(camelKeys, z.looseObject(shape));

/** An OTLP enum: the integer OTLP/JSON writes, or the enum's name that protobuf-JSON also allows. */
const otlpEnum = (names: readonly [string, ...string[]]) =>
  z.union([
    z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
    z.enum(names).transform((n) => names.indexOf(n)),
  ]);

const SPAN_KINDS = ['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'] as const;
const STATUS_CODES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'] as const;

/** uint64 nanos: a decimal string (OTLP/JSON) or a bare number (older producers; rounded past 2^53). */
const Nanos = z.union([
  z.string().regex(/^\d{1,20}$/, 'expected unsigned decimal nanoseconds'),
  // zod's .int() stops at 2^53; nanos are past it, so wholeness is checked directly.
  z
    .number()
    .min(0)
    .max(2 ** 64)
    .refine(Number.isInteger, 'expected whole nanoseconds'),
]);

const id = z.string().max(256).nullish();
const list = z.array(z.unknown()).nullish();

export const RequestShape = obj({ resourceSpans: list });

export const ResourceSpansShape = obj({
  resource: obj({ attributes: list }).nullish(),
  scopeSpans: list,
});

export const ScopeSpansShape = obj({
  scope: obj({ name: z.string().nullish(), version: z.string().nullish() }).nullish(),
  spans: list,
});

export const SpanShape = obj({
  traceId: id,
  spanId: id,
  parentSpanId: id,
  name: z.string().nullish(),
  kind: otlpEnum(SPAN_KINDS).nullish(),
  startTimeUnixNano: Nanos.nullish(),
  endTimeUnixNano: Nanos.nullish(),
  attributes: list,
  status: obj({ code: otlpEnum(STATUS_CODES).nullish(), message: z.string().nullish() }).nullish(),
});
export type SpanJson = z.infer<typeof SpanShape>;
