// Running one service on its own (`node services/ingest/main.ts`): settings from the env, a runtime,
// the service started, and a graceful stop on SIGINT / SIGTERM.
import { ConfigError, configProblems, VigilError, type Settings } from '@vigil/core';
import { checkSettings } from './check-settings.js';
import { createRuntime, type Runtime } from './runtime.js';

export interface Started {
  stop(): Promise<void>;
}

/**
 * `check` runs the service's own checks of its settings (tokens, key files, outputs) before anything is
 * connected, as `vigil start`'s preflight does: a ConfigError it throws joins the settings' problems, and
 * the process exits 2 at once instead of after connecting to Kafka and Redis (or failing to, for a minute).
 */
export async function runStandalone(name: string, start: (rt: Runtime) => Promise<Started>, check?: (settings: Readonly<Settings>) => void): Promise<void> {
  // Listening before starting: a signal while a consumer group is still joining stops once the start completes.
  const signalled = untilSignal();
  let rt: Runtime;
  try {
    const { settings, problems } = checkSettings();
    if (check && !problems.length) problems.push(...configProblems(() => check(settings)));
    if (problems.length) throw new ConfigError(problems);
    rt = await createRuntime(settings);
  } catch (err) {
    process.stderr.write(`vigil ${name}: ${describeFailure(err)}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  }
  let started: Started;
  try {
    started = await start(rt);
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
