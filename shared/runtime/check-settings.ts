// Settings for a start, with every problem named where it came from: `VIGIL_HTTP_PORT: …` for the env,
// `vigil.yaml: httpPort: …` for the config file. Values are never echoed (some are secrets).
import { ConfigError, readConfigFile, SETTINGS_ENV, SettingsSchema, type Settings } from '@vigil/core';

export interface SettingsCheck {
  /** The settings, or — when some are invalid — the valid rest with defaults, so later checks still run. */
  settings: Readonly<Settings>;
  problems: string[];
  /**
   * How a problem names a setting a service reads (a rules folder, a key file): its VIGIL_* variable, or
   * `<file>: <key>` when the config file set it and the env did not.
   */
  origin(key: keyof Settings): string;
}

const ENV_OF: Record<string, string> = Object.fromEntries(Object.entries(SETTINGS_ENV).map(([env, key]) => [key, env]));

/** The VIGIL_* variable of a setting (the key itself for the few that only a config file sets). */
export function settingName(key: keyof Settings): string {
  return ENV_OF[key] ?? key;
}

export function checkSettings(options: { env?: NodeJS.ProcessEnv; file?: string } = {}): SettingsCheck {
  const env = options.env ?? process.env;
  const problems: string[] = [];
  let fromFile: Record<string, unknown> = {};
  if (options.file) {
    try {
      fromFile = readConfigFile(options.file);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
  }
  const fromEnv: Record<string, string> = {};
  for (const [name, key] of Object.entries(SETTINGS_ENV)) {
    const v = env[name];
    if (v !== undefined && v !== '') fromEnv[key] = v;
  }
  const input: Record<string, unknown> = { ...fromFile, ...fromEnv };
  const origin = (key: keyof Settings): string => (!(key in fromEnv) && key in fromFile ? `${options.file}: ${key}` : settingName(key));
  const result = SettingsSchema.safeParse(input);
  if (result.success) return { settings: Object.freeze(result.data), problems, origin };

  const bad = new Set<string>();
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) {
        bad.add(k);
        problems.push(`${options.file ?? 'config'}: unknown setting "${k}" (see docs/configuration.md)`);
      }
      continue;
    }
    const key = String(issue.path[0] ?? '');
    bad.add(key);
    const rest = issue.path.slice(1).join('.');
    const where = key in fromEnv ? ENV_OF[key]! : `${options.file ?? 'config'}: ${key}`;
    const message = issue.message.startsWith(`${ENV_OF[key]} `) ? issue.message.slice(ENV_OF[key]!.length + 1) : issue.message;
    problems.push(`${where}${rest ? ` ${rest}` : ''}: ${message}`);
  }
  const rest = SettingsSchema.safeParse(Object.fromEntries(Object.entries(input).filter(([k]) => !bad.has(k))));
  return { settings: Object.freeze(rest.success ? rest.data : SettingsSchema.parse({})), problems, origin };
}
