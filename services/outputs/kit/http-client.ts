// A small HTTP(S) client for the HTTP sinks over node:http / node:https (not fetch) so that a sink's own CA
// bundle, client certificate and verification switch apply; keep-alive connections, one deadline per request.
import http from 'node:http';
import https from 'node:https';
import { VigilError } from '@vigil/core';
import { tlsOptions, type TlsSettings } from './tls.js';

export interface HttpEndpoint {
  protocol: 'http' | 'https';
  host: string;
  port: number;
  tls: TlsSettings;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Bodies beyond this are cut: a SIEM's answer is small, a huge one is not worth holding in memory. */
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export class HttpClient {
  private readonly agent: http.Agent;

  constructor(private readonly endpoint: HttpEndpoint) {
    this.agent =
      endpoint.protocol === 'https'
        ? new https.Agent({ keepAlive: true, maxSockets: 4, ...tlsOptions(endpoint.tls, endpoint.host) })
        : new http.Agent({ keepAlive: true, maxSockets: 4 });
  }

  /** Where requests go, for messages: `https://hec.example:8088`. */
  get origin(): string {
    const host = this.endpoint.host.includes(':') ? `[${this.endpoint.host}]` : this.endpoint.host;
    return `${this.endpoint.protocol}://${host}:${this.endpoint.port}`;
  }

  /** Resolves with any HTTP answer; rejects (retriable VIGIL_ERR_DELIVERY) when there is none in time. */
  request(r: HttpRequest): Promise<HttpResponse> {
    const mod = this.endpoint.protocol === 'https' ? https : http;
    const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8');
    const what = `${r.method} ${this.origin}${r.path.split('?')[0]}`;
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const fail = (err: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(r.signal?.aborted ? new VigilError('VIGIL_ERR_SHUTDOWN', `${what}: stopped`, { cause: err }) : deliveryError(what, err));
      };
      const req = mod.request(
        {
          host: this.endpoint.host,
          port: this.endpoint.port,
          method: r.method,
          path: r.path,
          agent: this.agent,
          headers: { ...r.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
          ...(r.signal ? { signal: r.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size <= MAX_RESPONSE_BYTES) chunks.push(c);
          });
          res.on('error', fail);
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
          });
        },
      );
      const timer = setTimeout(() => req.destroy(new Error(`no complete answer within ${r.timeoutMs} ms`)), r.timeoutMs);
      req.on('error', fail);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function deliveryError(what: string, err: Error): VigilError {
  const code = (err as NodeJS.ErrnoException).code;
  return new VigilError('VIGIL_ERR_DELIVERY', `${what}: ${code && !err.message.includes(code) ? `${code} ` : ''}${err.message}`, { cause: err });
}
