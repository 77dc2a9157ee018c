// The console sink: alerts as lines on stdout (or stderr). The embedded default when VIGIL_OUTPUTS is unset.
import { defineSink } from '../sink.js';
import { consoleSchema } from './config.js';
import { ConsoleTransport } from './deliver.js';

export const consoleSink = defineSink({
  type: 'console',
  schemes: ['console'],
  schema: consoleSchema,
  create: (config) => new ConsoleTransport(config.stream === 'stderr' ? process.stderr : process.stdout, config.format),
});
