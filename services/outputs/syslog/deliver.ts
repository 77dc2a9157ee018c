// Writes syslog lines over TCP or TLS (one kept-open connection, reconnected on the next attempt after any
// error, so the runner's backoff is the reconnect backoff) or UDP (one datagram per alert). Syslog has no
// acknowledgement: a line counts as delivered once the kernel accepted it.
import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import { VigilError } from '@vigil/core';
import type { Alert } from '@vigil/schemas';
import type { Logger } from '@vigil/telemetry';
import { tlsOptions } from '../kit/tls.js';
import type { DeliverContext, ItemOutcome, SinkTransport } from '../sink.js';
import type { SyslogConfig } from './config.js';
import { frameSyslog, syslogLine } from './encode.js';

/** The largest UDP payload over IPv4; receivers often cut far shorter (rsyslog: 8 KiB by default). */
export const MAX_UDP_BYTES = 65_507;

export class SyslogTransport implements SinkTransport {
  private socket: net.Socket | undefined;
  private udp: dgram.Socket | undefined;

  constructor(
    private readonly config: SyslogConfig,
    private readonly log: Logger,
  ) {}

  private get where(): string {
    return `syslog+${this.config.transport}://${this.config.host}:${this.config.port}`;
  }

  async deliver(alerts: readonly Alert[], ctx: DeliverContext): Promise<ItemOutcome[]> {
    const c = this.config;
    const lines = alerts.map((a) => syslogLine(a, { format: c.format, facility: c.facility, appName: c.appName, hostname: c.hostname, procId: process.pid }));
    if (c.transport === 'udp') return this.sendUdp(lines);
    const socket = await this.connected(ctx.signal);
    await this.write(socket, Buffer.concat(lines.map((l) => frameSyslog(l, c.framing))));
    return alerts.map(() => ({ ok: true }));
  }

  private connected(signal: AbortSignal): Promise<net.Socket> {
    const current = this.socket;
    if (current && !current.destroyed && current.writable) return Promise.resolve(current);
    const c = this.config;
    return new Promise<net.Socket>((resolve, reject) => {
      const s = c.transport === 'tls' ? tls.connect({ host: c.host, port: c.port, ...tlsOptions(c.tls, c.host) }) : net.connect({ host: c.host, port: c.port });
      const fail = (err: Error): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        s.destroy();
        reject(this.error('connect', err));
      };
      const onAbort = (): void => fail(new Error('stopped'));
      const timer = setTimeout(() => fail(new Error(`not connected within ${c.timeoutMs} ms`)), c.timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      s.once('error', fail);
      s.once(c.transport === 'tls' ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        s.off('error', fail);
        s.setKeepAlive(true, 30_000);
        // A receiver that closes or breaks the connection: the next delivery reconnects.
        s.on('error', (err) => this.log.warn({ err: err.message, to: this.where }, 'syslog connection error'));
        s.on('close', () => {
          if (this.socket === s) this.socket = undefined;
        });
        s.on('end', () => s.destroy());
        s.resume();
        this.socket = s;
        this.log.info({ to: this.where }, 'syslog connected');
        resolve(s);
      });
    });
  }

  private write(s: net.Socket, bytes: Buffer): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        s.destroy();
        reject(this.error('write', new Error(`the receiver took no data for ${this.config.timeoutMs} ms`)));
      }, this.config.timeoutMs);
      s.write(bytes, (err) => {
        clearTimeout(timer);
        if (!err) return resolve();
        s.destroy();
        reject(this.error('write', err));
      });
    });
  }

  private async sendUdp(lines: string[]): Promise<ItemOutcome[]> {
    const c = this.config;
    this.udp ??= dgram.createSocket(net.isIPv6(c.host) ? 'udp6' : 'udp4');
    const udp = this.udp;
    const out: ItemOutcome[] = [];
    for (const line of lines) {
      const bytes = Buffer.from(line, 'utf8');
      if (bytes.length > MAX_UDP_BYTES) {
        out.push({
          ok: false,
          retriable: false,
          reason: `${bytes.length} bytes do not fit in one UDP datagram (max ${MAX_UDP_BYTES}); use syslog+tcp or syslog+tls`,
        });
        continue;
      }
      try {
        await new Promise<void>((resolve, reject) => udp.send(bytes, c.port, c.host, (err) => (err ? reject(err) : resolve())));
        out.push({ ok: true });
      } catch (err) {
        out.push({ ok: false, retriable: true, reason: this.error('send', err as Error).message });
      }
    }
    return out;
  }

  private error(what: string, err: Error): VigilError {
    const code = (err as NodeJS.ErrnoException).code;
    return new VigilError('VIGIL_ERR_DELIVERY', `${this.where} ${what}: ${code && !err.message.includes(code) ? `${code} ` : ''}${err.message}`, {
      cause: err,
    });
  }

  async close(): Promise<void> {
    const s = this.socket;
    this.socket = undefined;
    // Flush what was written, but do not wait on a receiver that stopped reading.
    if (s && !s.destroyed) await new Promise<void>((resolve) => setTimeout(resolve, 1000).unref() && s.end(() => resolve()));
    s?.destroy();
    this.udp?.close();
    this.udp = undefined;
  }
}
