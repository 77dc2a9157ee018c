// Publishes that arrive while a send is in flight go out together in the next send. The shared producer
// has one request in flight per broker, so they would have waited anyway; together they cost one produce
// round trip instead of one each, and downstream consumers get fewer, larger record batches. No linger:
// a publish to an idle producer is sent at once.
import type { OutRecord } from './bus.js';

interface Waiting {
  records: OutRecord[];
  bytes: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Value bytes per merged send, so that merging stays well below Kafka's default 1 MiB message.max.bytes. */
export const MAX_COALESCED_BYTES = 512 * 1024;

export class SendCoalescer {
  private readonly waiting: Waiting[] = [];
  private draining = false;

  constructor(
    private readonly send: (records: OutRecord[]) => Promise<void>,
    private readonly maxBytes = MAX_COALESCED_BYTES,
  ) {}

  /** Resolves once a send carrying these records succeeded; rejects with that send's error (the whole merged send failed). */
  push(records: OutRecord[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ records, bytes: records.reduce((n, r) => n + r.value.length, 0), resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.waiting.length) {
      // In arrival order (each key's order), at least one publish, then as many as fit.
      let n = 1;
      let bytes = this.waiting[0]!.bytes;
      while (n < this.waiting.length && bytes + this.waiting[n]!.bytes <= this.maxBytes) bytes += this.waiting[n++]!.bytes;
      const group = this.waiting.splice(0, n);
      try {
        await this.send(group.length === 1 ? group[0]!.records : group.flatMap((g) => g.records));
        for (const g of group) g.resolve();
      } catch (err) {
        for (const g of group) g.reject(err);
      }
    }
    this.draining = false;
  }
}
