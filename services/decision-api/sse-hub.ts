// Server-sent events for GET /v1/stream: every decision applied to the table as `event: decision` with the
// decision id as event id, a heartbeat comment so proxies keep the connection, a bounded number of
// clients, and a short replay buffer so a client reconnecting with Last-Event-ID misses nothing recent.
import type { ServerResponse } from 'node:http';
import { VigilError } from '@vigil/core';
import type { Decision } from '@vigil/schemas';

export interface SseHubOptions {
  maxClients?: number;
  heartbeatMs?: number;
  /** Events kept for Last-Event-ID replay. */
  replay?: number;
  /** A client whose unsent data exceeds this is too slow and is dropped. */
  maxBufferedBytes?: number;
}

export class SseHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly recent: { id: string; frame: string }[] = [];
  private readonly heartbeat: NodeJS.Timeout;
  private readonly maxClients: number;
  private readonly replay: number;
  private readonly maxBufferedBytes: number;

  constructor(options: SseHubOptions = {}) {
    this.maxClients = options.maxClients ?? 100;
    this.replay = options.replay ?? 1000;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
    this.heartbeat = setInterval(() => this.broadcast(': heartbeat\n\n'), options.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Starts an event stream on `res`; replays what followed `lastEventId` when it is still buffered. */
  attach(res: ServerResponse, lastEventId: string | undefined): void {
    if (this.clients.size >= this.maxClients) {
      throw new VigilError('VIGIL_ERR_RATE_LIMITED', `the stream serves at most ${this.maxClients} clients at once`, {
        details: { headers: { 'retry-after': '30' } },
      });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 3000\n\n');
    const from = lastEventId ? this.recent.findIndex((e) => e.id === lastEventId) : -1;
    if (from >= 0) for (const e of this.recent.slice(from + 1)) res.write(e.frame);
    this.clients.add(res);
    res.once('close', () => this.clients.delete(res));
  }

  publish(d: Decision): void {
    const frame = `id: ${d.id.replace(/[\r\n]/g, '')}\nevent: decision\ndata: ${JSON.stringify(d)}\n\n`;
    this.recent.push({ id: d.id, frame });
    if (this.recent.length > this.replay) this.recent.splice(0, this.recent.length - this.replay);
    this.broadcast(frame);
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private broadcast(frame: string): void {
    for (const res of this.clients) {
      if (res.writableLength > this.maxBufferedBytes) {
        this.clients.delete(res);
        res.destroy();
        continue;
      }
      res.write(frame);
    }
  }
}
