// The URL part of an HTTP sink: `<sink>://` and `<sink>+https://` are HTTPS, `<sink>+http://` is plain HTTP
// (for a local receiver or a test), the host is required and the port defaults per sink.
import { z } from 'zod';
import type { HttpEndpoint } from './http-client.js';
import { hostRequired } from './params.js';
import type { TlsSettings } from './tls.js';

export const httpUrlShape = {
  transport: z
    .enum(['https', 'http'], { error: 'expected +https or +http after the sink name (or nothing, which means https)' })
    .optional()
    .transform((t) => t ?? 'https'),
  host: hostRequired(),
  port: z.number().int().min(1, 'port 0 is not a destination').max(65535).optional(),
};

export function httpEndpoint(
  u: { transport: 'https' | 'http'; host: string; port?: number | undefined },
  defaultPort: { https: number; http: number },
  tls: TlsSettings,
): HttpEndpoint {
  return { protocol: u.transport, host: u.host, port: u.port ?? defaultPort[u.transport], tls };
}
