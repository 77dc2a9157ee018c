// `vigil start`'s preflight: every check of every selected service run before anything is connected, all
// problems gathered into one ConfigError (DESIGN.md §7). Nothing here opens a socket. The checks are the
// services' own prepare steps (those a standalone service runs); what they read is handed to their start.
import { existsSync } from 'node:fs';
import { ConfigError, type Settings } from '@vigil/core';
import { prepareCorrelator } from '@vigil/correlator';
import { prepareDecisionApi } from '@vigil/decision-api';
import { prepareIngest } from '@vigil/ingest';
import { prepareOutputs } from '@vigil/outputs';
import { checkSettings, resolveTopics, type PrepareContext } from '@vigil/runtime';
import { loadSigningKey, type SigningKey } from '@vigil/signing';
import type { Prepared, ServiceName } from './services.js';

export interface Preflight {
  settings: Readonly<Settings>;
  /** The key from VIGIL_SIGNING_KEY, loaded once here; undefined means the runtime makes an ephemeral one. */
  signingKey?: SigningKey;
  /** What each selected service's prepare step read, for startServices. */
  prepared: Prepared;
}

export interface PreflightOptions {
  env?: NodeJS.ProcessEnv;
  /** `--config vigil.yaml` */
  file?: string;
}

/** Runs every validator for `names`; throws one ConfigError listing every problem found. */
export async function preflight(names: readonly ServiceName[], options: PreflightOptions = {}): Promise<Preflight> {
  const env = options.env ?? process.env;
  const { settings, problems, origin } = checkSettings({ env, ...(options.file ? { file: options.file } : {}) });
  problems.push(...resolveTopics(settings.topics).problems);
  const ctx: PrepareContext = { env, origin };
  const run = async <T>(prepare: () => T | Promise<T>): Promise<T | undefined> => {
    try {
      return await prepare();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };

  let signingKey: SigningKey | undefined;
  if (settings.signingKey) {
    const value = settings.signingKey;
    if (looksLikePath(value) && !existsSync(value)) problems.push(`${origin('signingKey')}: no such file ${value}`);
    else signingKey = await run(() => loadSigningKey(value));
  }
  const prepared: Prepared = {};
  if (names.includes('api')) prepared.api = await run(() => prepareDecisionApi(settings));
  if (names.includes('outputs')) prepared.outputs = await run(() => prepareOutputs(settings, ctx));
  if (names.includes('correlator')) prepared.correlator = await run(() => prepareCorrelator(settings, ctx));
  if (names.includes('ingest')) prepared.ingest = await run(() => prepareIngest(settings));
  // The API and the correlator both read the trusted keys: a problem with them is listed once.
  if (problems.length) throw new ConfigError([...new Set(problems)]);
  return { settings, prepared, ...(signingKey ? { signingKey } : {}) };
}

function looksLikePath(value: string): boolean {
  const v = value.trim();
  return !v.startsWith('{') && !v.includes('-----BEGIN');
}
