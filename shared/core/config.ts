// Config loading: env (VIGIL_*) over an optional YAML/JSON file, validated once by zod, every problem
// reported at once, the result frozen.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from './errors.js';

/** Formats every zod issue as `path: message`, one per entry. */
export function describeIssues(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((i) => {
    const path = i.path.length ? i.path.join('.') : '(root)';
    return `${prefix}${path}: ${i.message}`;
  });
}

/** Parses `input` with `schema` or throws one ConfigError listing every problem. */
export function parseConfig<S extends z.ZodType>(schema: S, input: unknown, label = ''): Readonly<z.output<S>> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ConfigError(describeIssues(result.error, label));
  return deepFreeze(result.data) as Readonly<z.output<S>>;
}

/** Reads a config file (`vigil.yaml` / `.json`) into a plain object; problems are ConfigErrors. */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([`--config ${path}: ${(err as Error).message}`]);
  }
  try {
    const data: unknown = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    if (data === null || data === undefined) return {};
    if (typeof data !== 'object' || Array.isArray(data)) throw new Error('top level must be a mapping');
    return data as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError([`--config ${path}: ${(err as Error).message}`]);
  }
}

/**
 * Maps VIGIL_* env vars onto config keys: VIGIL_KAFKA_BROKERS → kafkaBrokers. Env wins over the file.
 * Only keys named in `keys` are taken, so unrelated env does not leak in.
 */
export function envOverlay(env: NodeJS.ProcessEnv, keys: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [envName, key] of Object.entries(keys)) {
    const v = env[envName];
    if (v !== undefined && v !== '') out[key] = v;
  }
  return out;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
