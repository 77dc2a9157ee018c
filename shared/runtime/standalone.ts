// Running one service on its own (`node services/ingest/main.ts`): settings from the env, a runtime,
// the service started, and a graceful stop on SIGINT / SIGTERM.
import { ConfigError, configProblems, VigilError, type Settings } from '@vigil/core';
import { checkSettings } from './check-settings.js';
import type { PrepareContext } from './prepare.js';
import { createRuntime, type Runtime } from './runtime.js';

export interface Started {
  stop(): Promise<void>;
}

/**
 * A service's start in two steps. `prepare` reads and checks what the service needs beyond the settings'
 * schema (rules, tokens, key files, sinks), before anything is connected, and throws one ConfigError naming
 * every problem; `start` gets its result, so nothing is read or compiled twice. `vigil start`'s preflight
 * calls the same prepare steps.
 */
export async function runStandalone<P>(
  name: string,
  prepare: (settings: Readonly<Settings>, ctx: PrepareContext) => P,
  start: (rt: Runtime, prepared: P) => Promise<Started>,
): Promise<void> {
  // Listening before starting: a signal while a consumer group is still joining stops once the start completes.
  const signalled = untilSignal();
  let rt: Runtime;
  let prepared: P;
  try {
    const { settings, problems, origin } = checkSettings();
    // Exit 2 at once with every problem, instead of after connecting to Kafka and Redis (or failing to, for a minute).
    let result: P | undefined;
    if (!problems.length) problems.push(...configProblems(() => (result = prepare(settings, { env: process.env, origin }))));
    if (problems.length) throw new ConfigError(problems);
    prepared = result as P;
    rt = await createRuntime(settings);
  } catch (err) {
    process.stderr.write(`vigil ${name}: ${describeFailure(err)}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  }
  let started: Started;
  try {
    started = await start(rt, prepared);
  } catch (err) {
    // A clear one-line reason (the pino record keeps the cause), then a non-zero exit.
    rt.logger.fatal({ err }, `${name} failed to start`);
    process.stderr.write(`vigil ${name}: ${describeFailure(err)}\n`);
    await rt.close().catch(() => undefined);
    process.exit(err instanceof ConfigError ? 2 : 1);
  }
  const signal = await signalled;
  rt.logger.info({ signal }, `${name} stopping`);
  await started.stop();
  await rt.close();
  process.exit(0);
}

/**
 * Resolves with the first SIGINT / SIGTERM. Until then it holds the process open itself: on the embedded
 * bus, services without a listening socket (ingest, correlator, outputs) leave Node nothing to wait for,
 * and it would exit at once (status 13, an unsettled top-level await) instead of running.
 */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const keepAlive = setInterval(() => undefined, 1 << 30);
    const done = (sig: string) => () => {
      clearInterval(keepAlive);
      resolve(sig);
    };
    process.once('SIGINT', done('SIGINT'));
    process.once('SIGTERM', done('SIGTERM'));
  });
}

/**
 * For an operator: one line (the Vigil code and message) for the failures Vigil knows; the stack of anything
 * else, an unexpected failure, where the stack is what a bug report needs.
 */
export function describeFailure(err: unknown): string {
  if (err instanceof ConfigError) return err.message;
  if (err instanceof VigilError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/** True when the module at `metaUrl` is the process entry point. */
export function isEntryPoint(metaUrl: string): boolean {
  const entry = process.argv[1];
  return Boolean(entry) && new URL(metaUrl).pathname === entry;
}
