// The otlp source's settings (`sources.otlp` in vigil.yaml), validated once per settings object.
import { z } from 'zod';
import { describeIssues } from '@vigil/core';

export const ENCODINGS = ['otlp_proto', 'otlp_json', 'auto'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export const DEFAULT_CLASSIFICATION_ATTRIBUTES = ['vigil.data.classification', 'data.classification'] as const;

/** "a, b" → ["a", "b"], so the list can also be given as one string. */
const commaList = (v: unknown): unknown =>
  typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : v;

export const OtlpSettingsSchema = z.strictObject({
  /** How record values are encoded; `auto` reads a value starting with `{` as JSON, anything else as protobuf. */
  encoding: z.enum(ENCODINGS).default('auto'),
  /** Spans read per record; more are reported as one dead-letter (the spans read are still emitted). */
  maxSpansPerRecord: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** Nesting depth of one attribute value (arrays / maps inside attributes). */
  maxAttributeDepth: z.coerce.number().int().min(1).max(128).default(32),
  /** Span attributes read, in order, for the data classification of what a tool or retrieval touched. */
  classificationAttributes: z.preprocess(commaList, z.array(z.string().min(1)).min(1)).default([...DEFAULT_CLASSIFICATION_ATTRIBUTES]),
});
export type OtlpSettings = z.output<typeof OtlpSettingsSchema>;

export type SettingsResult = { ok: true; settings: OtlpSettings } | { ok: false; problems: string[] };

const cache = new WeakMap<object, SettingsResult>();

/** Validates `sources.otlp` settings; the result is cached per settings object (they are frozen at start). */
export function readOtlpSettings(raw: Record<string, unknown>): SettingsResult {
  const hit = cache.get(raw);
  if (hit) return hit;
  const parsed = OtlpSettingsSchema.safeParse(raw);
  const result: SettingsResult = parsed.success ? { ok: true, settings: parsed.data } : { ok: false, problems: describeIssues(parsed.error, 'sources.otlp.') };
  cache.set(raw, result);
  return result;
}
