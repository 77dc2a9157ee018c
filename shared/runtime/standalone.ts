// Running one service on its own (`node services/ingest/main.ts`): settings from the env, a runtime,
// the service started, and a graceful stop on SIGINT / SIGTERM.
import { ConfigError, loadSettings } from '@vigil/core';
import { createRuntime, type Runtime } from './runtime.js';

export interface Started {
  stop(): Promise<void>;
}

export async function runStandalone(name: string, start: (rt: Runtime) => Promise<Started>): Promise<void> {
  let rt: Runtime;
  try {
    rt = await createRuntime(loadSettings());
  } catch (err) {
    process.stderr.write(`vigil ${name}: ${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(2);
  }
  const started = await start(rt);
  const shutdown = async (signal: string): Promise<void> => {
    rt.logger.info({ signal }, `${name} stopping`);
    await started.stop();
    await rt.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

/** True when the module at `metaUrl` is the process entry point. */
export function isEntryPoint(metaUrl: string): boolean {
  const entry = process.argv[1];
  return Boolean(entry) && new URL(metaUrl).pathname === entry;
}
