// VIGIL_OUTPUTS → the configured sinks, validated once at start: every problem of every URL listed in one
// ConfigError. Unset means `kafka:<alerts topic>?format=ecs` (nothing to do: the correlator writes that)
// plus, on the embedded in-process bus, one readable line per alert on stdout.
import { ConfigError } from '@vigil/core';
import { parseSinkUrl, redactSinkUrl, splitOutputs } from './kit/sink-url.js';
import { SINKS, sinkForScheme } from './registry.js';
import type { ConfigContext, ConfiguredSink } from './sink.js';

export interface OutputsConfigContext extends ConfigContext {
  /** Add the console sink when VIGIL_OUTPUTS is unset (the embedded default). */
  defaultConsole: boolean;
}

export function defaultOutputs(alertsTopic: string, withConsole: boolean): string[] {
  return [`kafka:${alertsTopic}?format=ecs`, ...(withConsole ? ['console:'] : [])];
}

/** VIGIL_OUTPUTS unset (or blank): the default sinks apply. */
export function outputsUnset(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

export function parseOutputs(value: string | undefined, ctx: OutputsConfigContext): ConfiguredSink[] {
  const urls = outputsUnset(value) ? defaultOutputs(ctx.alertsTopic, ctx.defaultConsole) : splitOutputs(value!);
  const problems: string[] = [];
  const sinks: ConfiguredSink[] = [];
  urls.forEach((text, i) => {
    const where = `VIGIL_OUTPUTS[${i}] ${redactSinkUrl(text)}`;
    const parsed = parseSinkUrl(text);
    if (!parsed.ok) return void problems.push(`${where}: ${parsed.problem}`);
    const full = parsed.url.transport ? `${parsed.url.scheme}+${parsed.url.transport}` : parsed.url.scheme;
    const plugin = sinkForScheme(full);
    if (!plugin) return void problems.push(`${where}: ${unknownScheme(full, parsed.url.scheme)}`);
    const result = plugin.configure(parsed.url, ctx);
    if (!result.ok) return void problems.push(...result.problems.map((p) => `${where}: ${p}`));
    sinks.push(result.sink);
  });
  const seen = new Map<string, number>();
  for (const s of sinks.filter((x) => !x.noop)) seen.set(s.name, (seen.get(s.name) ?? 0) + 1);
  for (const [name, n] of seen)
    if (n > 1) problems.push(`VIGIL_OUTPUTS: ${n} sinks are named "${name}"; give each its own name=… (it names the consumer group and dead-letter topic)`);
  if (problems.length) throw new ConfigError(problems);
  return sinks;
}

function unknownScheme(full: string, base: string): string {
  const same = SINKS.find((s) => s.schemes.some((x) => x.split('+')[0] === base));
  if (same) return `${full}: expected ${same.schemes.map((s) => `${s}:`).join(', ')}`;
  return `unknown sink ${full} (choose from ${SINKS.map((s) => s.type).join(', ')})`;
}
