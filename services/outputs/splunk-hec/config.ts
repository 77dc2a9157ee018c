// `splunk-hec://hec.example:8088?token_env=HEC_TOKEN&index=security`: Splunk's HTTP Event Collector.
// `splunk-hec+http://` for a local HEC without TLS. The schema below is the documentation of every parameter.
import { hostname } from 'node:os';
import { z } from 'zod';
import { ALERT_FORMATS, type AlertFormat } from '../formats/index.js';
import { deliveryParams, deliverySettings, type DeliverySettings } from '../kit/delivery-params.js';
import type { HttpEndpoint } from '../kit/http-client.js';
import { httpEndpoint, httpUrlShape } from '../kit/http-params.js';
import { boolParam, durationParam, formatParam, secretParam } from '../kit/params.js';
import type { Secret } from '../kit/secret.js';
import { clientCertProblem, tlsParams, tlsSettings } from '../kit/tls.js';
import type { ConfigContext } from '../sink.js';

export const HEC_EVENT_PATH = '/services/collector/event';

export function hecParams(ctx: ConfigContext) {
  return z.strictObject({
    token_env: secretParam(ctx),
    index: z.string().min(1).optional(),
    source: z.string().min(1).prefault('vigil'),
    sourcetype: z.string().min(1).optional(),
    event_host: z.string().min(1).optional(),
    format: formatParam(ALERT_FORMATS).prefault('ecs'),
    ack: boolParam().prefault('false'),
    ack_timeout: durationParam(1000, 3_600_000).prefault('60s'),
    ack_interval: durationParam(10, 60_000).prefault('1s'),
    channel: z.guid('expected a GUID, e.g. 3f0e5c4e-7b1a-4c39-9a51-0d2f7c1e8b44').optional(),
    timeout: durationParam(100, 600_000).prefault('10s'),
    ...tlsParams(),
    ...deliveryParams({ batchSize: 100 }),
  });
}

export interface HecConfig {
  name: string;
  delivery: DeliverySettings;
  endpoint: HttpEndpoint;
  eventPath: string;
  ackPath: string;
  token: Secret;
  index: string | undefined;
  source: string;
  sourcetype: string;
  eventHost: string;
  format: AlertFormat;
  /** Indexer acknowledgement: wait until Splunk says the events are indexed, polling every `ackIntervalMs`. */
  ack: { timeoutMs: number; intervalMs: number; channel: string | undefined } | undefined;
  timeoutMs: number;
}

export function hecSchema(ctx: ConfigContext): z.ZodType<HecConfig> {
  return z
    .object({ ...httpUrlShape, path: z.string(), params: hecParams(ctx) })
    .superRefine((u, c) => {
      const problem = clientCertProblem(u.params);
      if (problem) c.addIssue({ code: 'custom', path: ['cert_file'], message: problem });
    })
    .transform((u) => {
      const p = u.params;
      const eventPath = u.path === '' || u.path === '/' ? HEC_EVENT_PATH : u.path;
      return {
        ...deliverySettings('splunk-hec', p),
        endpoint: httpEndpoint(u, { https: 8088, http: 8088 }, tlsSettings(p)),
        eventPath,
        ackPath: ackPathFor(eventPath),
        token: p.token_env,
        index: p.index,
        source: p.source,
        sourcetype: p.sourcetype ?? `vigil:alert:${p.format}`,
        eventHost: p.event_host ?? hostname(),
        format: p.format,
        ack: p.ack ? { timeoutMs: p.ack_timeout, intervalMs: p.ack_interval, channel: p.channel } : undefined,
        timeoutMs: p.timeout,
      };
    });
}

/** `/services/collector/event` → `/services/collector/ack`, also behind a proxy prefix. */
export function ackPathFor(eventPath: string): string {
  const m = /^(.*\/services\/collector)(\/event)?(\/1\.0)?\/?$/.exec(eventPath);
  return m ? `${m[1]}/ack` : '/services/collector/ack';
}
