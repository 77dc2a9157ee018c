// Publishes through Vigil's bus (kafkajs: idempotent producer, acks=all). A failed publish is a retriable
// VIGIL_ERR_BUS, so the runner backs off and tries again; its outcome is all or nothing.
import type { Bus } from '@vigil/bus';
import type { Alert } from '@vigil/schemas';
import type { AlertFormat } from '../formats/index.js';
import type { ItemOutcome, SinkTransport } from '../sink.js';
import { kafkaRecord } from './encode.js';

export class KafkaTransport implements SinkTransport {
  constructor(
    private readonly bus: Bus,
    private readonly topic: string,
    private readonly format: AlertFormat,
  ) {}

  async deliver(alerts: readonly Alert[]): Promise<ItemOutcome[]> {
    await this.bus.publish(alerts.map((a) => kafkaRecord(a, this.topic, this.format)));
    return alerts.map(() => ({ ok: true }));
  }

  async close(): Promise<void> {}
}
