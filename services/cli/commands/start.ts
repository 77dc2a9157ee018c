// `vigil start`: the services in one process (or a selection with --only), until SIGINT / SIGTERM.
import { parseArgs } from 'node:util';
import { loadSettings } from '@vigil/core';
import { createRuntime } from '@vigil/runtime';
import { parseOnly, startServices } from './services.js';

export async function runStart(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { only: { type: 'string' }, config: { type: 'string' } }, strict: true });
  const names = parseOnly(values.only);
  const settings = loadSettings(values.config ? { file: values.config } : {});
  const rt = await createRuntime(settings);
  const services = await startServices(rt, names);
  rt.logger.info({ services: names, bus: rt.bus.kind, store: rt.store.kind }, 'vigil started');
  await untilSignal();
  rt.logger.info('vigil stopping');
  await services.stop();
  await rt.close();
  return 0;
}

export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const done = (sig: string) => () => resolve(sig);
    process.once('SIGINT', done('SIGINT'));
    process.once('SIGTERM', done('SIGTERM'));
  });
}
