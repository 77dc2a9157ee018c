// A source's own settings (`sources.<name>` in vigil.yaml), validated by its zod schema once per settings
// object (they are frozen at start) rather than once per record — and the same parse for the start's check
// and the records, so what a source builds from its settings (CAEP's key sets) is built once.
import { describeIssues } from '@vigil/core';
import type { Source } from '../source.js';

export type SettingsRead = { ok: true; settings: unknown } | { ok: false; problems: string[] };

const reads = new WeakMap<Source, WeakMap<object, SettingsRead>>();

/** The settings as the source's schema reads them (as given when it has none), or the schema's problems. */
export function readSourceSettings(source: Source, raw: unknown): SettingsRead {
  const schema = source.settingsSchema;
  if (!schema) return { ok: true, settings: raw };
  let cache = reads.get(source);
  if (!cache) reads.set(source, (cache = new WeakMap()));
  const key = typeof raw === 'object' && raw !== null ? raw : undefined;
  const hit = key && cache.get(key);
  if (hit) return hit;
  const parsed = schema.safeParse(raw);
  const result: SettingsRead = parsed.success
    ? { ok: true, settings: parsed.data }
    : { ok: false, problems: describeIssues(parsed.error, `sources.${source.name}.`) };
  if (key) cache.set(key, result);
  return result;
}
