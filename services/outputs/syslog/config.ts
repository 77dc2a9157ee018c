// `syslog+tls://siem:6514`, `syslog+tcp://127.0.0.1:514?format=cef`, `syslog+udp://…`: RFC 5424 syslog
// carrying CEF (default) or a JSON alert format. The schema below is the documentation of every parameter.
import { hostname } from 'node:os';
import { z } from 'zod';
import { ALERT_FORMATS, SYSLOG_FACILITIES, type AlertFormat, type SyslogFacility } from '../formats/index.js';
import { deliveryParams, deliverySettings, type DeliverySettings } from '../kit/delivery-params.js';
import { durationParam, formatParam, hostRequired } from '../kit/params.js';
import { clientCertProblem, tlsParams, tlsSettings, type TlsSettings } from '../kit/tls.js';
import type { ConfigContext } from '../sink.js';

export const SYSLOG_TRANSPORTS = ['tcp', 'tls', 'udp'] as const;
export type SyslogTransport = (typeof SYSLOG_TRANSPORTS)[number];
const DEFAULT_PORT: Record<SyslogTransport, number> = { tcp: 514, tls: 6514, udp: 514 };
const FACILITIES = Object.keys(SYSLOG_FACILITIES) as [SyslogFacility, ...SyslogFacility[]];

export function syslogParams(_ctx?: ConfigContext) {
  return z.strictObject({
    format: formatParam(ALERT_FORMATS).prefault('cef'),
    facility: z.enum(FACILITIES, { error: `expected a facility name: ${FACILITIES.join(', ')}` }).prefault('local4'),
    app_name: z.string().min(1).max(48).prefault('vigil'),
    hostname: z.string().min(1).max(255).optional(),
    framing: z.enum(['octet-counting', 'lf'], { error: 'expected octet-counting or lf' }).prefault('octet-counting'),
    servername: z.string().min(1).optional(),
    timeout: durationParam(100, 600_000).prefault('10s'),
    ...tlsParams(),
    ...deliveryParams({ batchSize: 100 }),
  });
}

export interface SyslogConfig {
  name: string;
  delivery: DeliverySettings;
  transport: SyslogTransport;
  host: string;
  port: number;
  format: AlertFormat;
  facility: SyslogFacility;
  appName: string;
  hostname: string;
  framing: 'octet-counting' | 'lf';
  tls: TlsSettings;
  timeoutMs: number;
}

const TLS_ONLY = ['ca_file', 'cert_file', 'key_file', 'servername'] as const;

export function syslogSchema(ctx: ConfigContext): z.ZodType<SyslogConfig> {
  return z
    .object({
      transport: z.enum(SYSLOG_TRANSPORTS, { error: 'write syslog+tls://, syslog+tcp:// or syslog+udp://' }),
      host: hostRequired(),
      port: z.number().int().min(1, 'port 0 is not a destination').max(65535).optional(),
      path: z.enum(['', '/'], { error: 'a syslog URL has no path' }),
      params: syslogParams(ctx),
    })
    .superRefine((u, c) => {
      const p = u.params;
      const problem = clientCertProblem(p);
      if (problem) c.addIssue({ code: 'custom', path: ['cert_file'], message: problem });
      if (u.transport !== 'tls')
        for (const k of TLS_ONLY) if (p[k] !== undefined) c.addIssue({ code: 'custom', path: [k], message: `applies to syslog+tls only` });
      if (u.transport === 'udp' && p.framing !== 'octet-counting')
        c.addIssue({ code: 'custom', path: ['framing'], message: 'UDP sends one message per datagram: no framing' });
    })
    .transform((u) => {
      const p = u.params;
      return {
        ...deliverySettings('syslog', p),
        transport: u.transport,
        host: u.host,
        port: u.port ?? DEFAULT_PORT[u.transport],
        format: p.format,
        facility: p.facility,
        appName: p.app_name,
        hostname: p.hostname ?? hostname(),
        framing: p.framing,
        tls: tlsSettings(p, p.servername),
        timeoutMs: p.timeout,
      };
    });
}
