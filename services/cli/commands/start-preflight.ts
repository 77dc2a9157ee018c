// `vigil start`'s preflight: every check of every selected service run before anything is connected, all
// problems gathered into one ConfigError (DESIGN.md §7). Nothing here opens a socket.
import { existsSync } from 'node:fs';
import { ConfigError, configProblems, readConfigFile, type Settings } from '@vigil/core';
import { formatProblem, loadRules } from '@vigil/correlator';
import { parseApiTokens } from '@vigil/decision-api';
import { ingestSettingsProblems } from '@vigil/ingest';
import { parseOutputs } from '@vigil/outputs';
import { checkSettings, resolveTopics } from '@vigil/runtime';
import { loadSigningKey, loadTrustedKeys, type SigningKey } from '@vigil/signing';
import type { ServiceName } from './services.js';

export interface Preflight {
  settings: Readonly<Settings>;
  /** The key from VIGIL_SIGNING_KEY, loaded once here; undefined means the runtime makes an ephemeral one. */
  signingKey?: SigningKey;
}

export interface PreflightOptions {
  env?: NodeJS.ProcessEnv;
  /** `--config vigil.yaml` */
  file?: string;
}

/** Runs every validator for `names`; throws one ConfigError listing every problem found. */
export async function preflight(names: readonly ServiceName[], options: PreflightOptions = {}): Promise<Preflight> {
  const env = options.env ?? process.env;
  const { settings, problems } = checkSettings({ env, ...(options.file ? { file: options.file } : {}) });
  const { topics, problems: topicProblems } = resolveTopics(settings.topics);
  problems.push(...topicProblems);
  // A setting's problems are named where it came from: the variable (which wins), else the file and key.
  const fileKeys = options.file ? keysOf(options.file) : new Set<string>();
  const origin = (variable: string, key: keyof Settings): string => (!env[variable] && fileKeys.has(key) ? `${options.file}: ${key}` : variable);
  const collect = (check: () => unknown): void => void problems.push(...configProblems(check));

  let signingKey: SigningKey | undefined;
  if (settings.signingKey) {
    const value = settings.signingKey;
    if (looksLikePath(value) && !existsSync(value)) problems.push(`${origin('VIGIL_SIGNING_KEY', 'signingKey')}: no such file ${value}`);
    else
      try {
        signingKey = await loadSigningKey(value);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        problems.push(...err.problems);
      }
  }
  if (settings.trustedKeys && (names.includes('api') || names.includes('correlator'))) collect(() => loadTrustedKeys(settings.trustedKeys!));
  if (names.includes('api') && settings.apiTokens) collect(() => parseApiTokens(settings.apiTokens!));
  if (names.includes('outputs')) collect(() => parseOutputs(settings.outputs, { env, alertsTopic: topics.alerts, defaultConsole: false }));
  if (names.includes('correlator')) {
    const dir = settings.rulesDir;
    const loaded = loadRules(dir);
    const where = origin('VIGIL_RULES_DIR', 'rulesDir');
    if (!loaded.ok) problems.push(...loaded.problems.map((p) => `${where} ${dir}: ${formatProblem(p)}`));
  }
  if (names.includes('ingest')) {
    problems.push(...ingestSettingsProblems(settings));
  }
  if (problems.length) throw new ConfigError(problems);
  return { settings, ...(signingKey ? { signingKey } : {}) };
}

/** The top-level keys of a config file; none when it cannot be read (checkSettings has reported why). */
function keysOf(file: string): Set<string> {
  try {
    return new Set(Object.keys(readConfigFile(file)));
  } catch {
    return new Set();
  }
}

function looksLikePath(value: string): boolean {
  const v = value.trim();
  return !v.startsWith('{') && !v.includes('-----BEGIN');
}
