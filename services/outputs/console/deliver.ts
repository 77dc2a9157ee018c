// Writes alert lines to a stream, waiting for it to take them (a piped stdout applies backpressure).
import type { Writable } from 'node:stream';
import { VigilError } from '@vigil/core';
import type { Alert } from '@vigil/schemas';
import type { ItemOutcome, SinkTransport } from '../sink.js';
import type { ConsoleFormat } from './config.js';
import { consoleLine } from './encode.js';

export class ConsoleTransport implements SinkTransport {
  constructor(
    private readonly stream: Writable,
    private readonly format: ConsoleFormat,
  ) {}

  async deliver(alerts: readonly Alert[]): Promise<ItemOutcome[]> {
    const text = alerts.map((a) => `${consoleLine(a, this.format)}\n`).join('');
    await new Promise<void>((resolve, reject) =>
      this.stream.write(text, (err) => (err ? reject(new VigilError('VIGIL_ERR_DELIVERY', `console: ${err.message}`, { cause: err })) : resolve())),
    );
    return alerts.map(() => ({ ok: true }));
  }

  async close(): Promise<void> {}
}
