// What a service's prepare step (its checks before anything connects; see runStandalone) is given.
import type { Settings } from '@vigil/core';
import { settingName } from './check-settings.js';

/**
 * What a service's prepare step is given besides the settings: where `*_env` parameters are looked up, and
 * how a problem names a setting (see SettingsCheck.origin).
 */
export interface PrepareContext {
  env: Readonly<Record<string, string | undefined>>;
  origin(key: keyof Settings): string;
}

/** For a service started without a preflight (tests, the benchmarks): the process env, settings named by variable. */
export function envContext(env: Readonly<Record<string, string | undefined>> = process.env): PrepareContext {
  return { env, origin: settingName };
}
