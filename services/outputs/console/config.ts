// `console:` (stdout) or `console:stderr`: one readable line per alert, for a terminal or a container log.
// The schema below is the documentation of every parameter; unknown ones are rejected.
import { z } from 'zod';
import { ALERT_FORMATS } from '../formats/index.js';
import { deliveryParams, deliverySettings, type DeliverySettings } from '../kit/delivery-params.js';
import type { ConfigContext } from '../sink.js';

export const CONSOLE_FORMATS = ['line', ...ALERT_FORMATS] as const;
export type ConsoleFormat = (typeof CONSOLE_FORMATS)[number];

export function consoleParams(_ctx?: ConfigContext) {
  return z.strictObject({
    /** `line` (default): one human-readable line; or one document per line in an alert format. */
    format: z.enum(CONSOLE_FORMATS, { error: `expected one of ${CONSOLE_FORMATS.join(', ')}` }).prefault('line'),
    ...deliveryParams({ batchSize: 100 }),
  });
}

export interface ConsoleConfig {
  name: string;
  delivery: DeliverySettings;
  stream: 'stdout' | 'stderr';
  format: ConsoleFormat;
}

export function consoleSchema(ctx: ConfigContext): z.ZodType<ConsoleConfig> {
  return z
    .object({
      host: z.literal('', { error: 'console: takes no host (write console: or console:stderr)' }),
      path: z.enum(['', 'stdout', 'stderr'], { error: 'expected console:, console:stdout or console:stderr' }),
      params: consoleParams(ctx),
    })
    .transform((u) => ({ ...deliverySettings('console', u.params), stream: u.path || 'stdout', format: u.params.format }));
}
