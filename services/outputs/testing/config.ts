// Helpers for sink config tests: a sink URL through its schema (the parsed config), or through
// parseOutputs (the problems VIGIL_OUTPUTS would report at start), and the example.env files.
import { readFileSync } from 'node:fs';
import { ConfigError } from '@vigil/core';
import { TOPICS } from '@vigil/schemas';
import type { z } from 'zod';
import { parseSinkUrl } from '../kit/sink-url.js';
import { parseOutputs } from '../outputs-config.js';
import type { ConfigContext, ConfiguredSink, SinkConfigBase, SinkDefinition } from '../sink.js';

export function context(env: Record<string, string> = {}): ConfigContext {
  return { env, alertsTopic: TOPICS.alerts };
}

/** The config a sink's schema makes of a URL; throws with the zod issues when it does not parse. */
export function configOf<C extends SinkConfigBase>(sink: { definition: SinkDefinition<C> }, url: string, env: Record<string, string> = {}): C {
  const parsed = parseSinkUrl(url);
  if (!parsed.ok) throw new Error(parsed.problem);
  const result = (sink.definition.schema(context(env)) as z.ZodType<C>).safeParse(parsed.url);
  if (!result.success) throw new Error(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return result.data;
}

/** Every problem VIGIL_OUTPUTS=<value> is refused with at start; [] when it is accepted. */
export function problemsOf(value: string, env: Record<string, string> = {}): string[] {
  try {
    parseOutputs(value, { ...context(env), defaultConsole: false });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
}

export function sinksOf(value: string, env: Record<string, string> = {}): ConfiguredSink[] {
  return parseOutputs(value, { ...context(env), defaultConsole: false });
}

/** A sink folder's example.env: its variables, VIGIL_OUTPUTS among them. */
export function readExample(sinkFolder: string): Record<string, string> {
  const text = readFileSync(new URL(`../${sinkFolder}/example.env`, import.meta.url), 'utf8');
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) vars[m[1]!] = m[2]!;
  }
  return vars;
}
