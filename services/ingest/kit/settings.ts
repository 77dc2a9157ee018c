// A source's own settings (`sources.<name>` in vigil.yaml), validated by its zod schema once per settings
// object (they are frozen at start) rather than once per record.
import type { z } from 'zod';
import { describeIssues } from '@vigil/core';

export type SettingsRead<T> = { ok: true; settings: T } | { ok: false; reason: string };

export function settingsReader<S extends z.ZodType>(schema: S, sourceName: string): (raw: Record<string, unknown>) => SettingsRead<z.output<S>> {
  const cache = new WeakMap<object, SettingsRead<z.output<S>>>();
  return (raw) => {
    const hit = cache.get(raw);
    if (hit) return hit;
    const parsed = schema.safeParse(raw);
    const result: SettingsRead<z.output<S>> = parsed.success
      ? { ok: true, settings: parsed.data }
      : { ok: false, reason: describeIssues(parsed.error, `sources.${sourceName}.`).join('; ') };
    cache.set(raw, result);
    return result;
  };
}
