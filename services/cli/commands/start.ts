// `vigil start`: the services in one process (or a selection with --only), until SIGINT / SIGTERM.
// The whole config is checked first (start-preflight.ts); only then is anything connected.
import { parseArgs } from 'node:util';
import { ConfigError } from '@vigil/core';
import { createRuntime, untilSignal } from '@vigil/runtime';
import { preflight } from './start-preflight.js';
import { parseOnly, startServices } from './services.js';

export async function runStart(argv: string[]): Promise<number> {
  let values: { only?: string; config?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { only: { type: 'string' }, config: { type: 'string' } }, strict: true }));
  } catch (err) {
    throw new ConfigError([`vigil start: ${(err as Error).message}`]);
  }
  const names = parseOnly(values.only);
  const { settings, signingKey, prepared } = await preflight(names, values.config ? { file: values.config } : {});
  // Listen before starting: a SIGTERM while a consumer group is still joining stops gracefully once the
  // start completes, instead of killing the process mid-way.
  const signalled = untilSignal();
  const rt = await createRuntime(settings, signingKey ? { signingKey } : {});
  const services = await startServices(rt, names, { prepared });
  rt.logger.info({ services: names, bus: rt.bus.kind, store: rt.store.kind }, 'vigil started');
  const signal = await signalled;
  rt.logger.info({ signal }, 'vigil stopping');
  await services.stop();
  await rt.close();
  return 0;
}
