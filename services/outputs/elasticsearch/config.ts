// `elasticsearch://es.example:9200/vigil-alerts`: documents through the `_bulk` API, `_id` = alert id.
// `elasticsearch+http://` for a local node without TLS. The schema below is the documentation of every parameter.
import { z } from 'zod';
import type { AlertFormat } from '../formats/index.js';
import { deliveryParams, deliverySettings, type DeliverySettings } from '../kit/delivery-params.js';
import type { HttpEndpoint } from '../kit/http-client.js';
import { httpEndpoint, httpUrlShape } from '../kit/http-params.js';
import { durationParam, formatParam, secretParam } from '../kit/params.js';
import type { Secret } from '../kit/secret.js';
import { clientCertProblem, tlsParams, tlsSettings } from '../kit/tls.js';
import type { ConfigContext } from '../sink.js';

export const DEFAULT_INDEX = 'vigil-alerts';

export function esParams(ctx: ConfigContext) {
  return z.strictObject({
    format: formatParam(['ecs', 'ocsf', 'json'] as const).prefault('ecs'),
    op: z.enum(['index', 'create'], { error: 'expected index (indices) or create (data streams)' }).prefault('index'),
    pipeline: z.string().min(1).optional(),
    username: z.string().min(1).optional(),
    password_env: secretParam(ctx).optional(),
    api_key_env: secretParam(ctx).optional(),
    timeout: durationParam(100, 600_000).prefault('30s'),
    ...tlsParams(),
    ...deliveryParams({ batchSize: 500 }),
  });
}

export type EsAuth = { kind: 'basic'; username: string; password: Secret } | { kind: 'api-key'; key: Secret } | undefined;

export interface EsConfig {
  name: string;
  delivery: DeliverySettings;
  endpoint: HttpEndpoint;
  index: string;
  op: 'index' | 'create';
  pipeline: string | undefined;
  format: Exclude<AlertFormat, 'cef'>;
  auth: EsAuth;
  timeoutMs: number;
}

/** Elasticsearch index and data stream names: lower case, none of `\ / * ? " < > | , # :` or space, not `_ - +` first. */
const INDEX = /^(?![-_+])(?!\.\.?$)[^A-Z\\/*?"<>|,# :]{1,255}$/;

export function esSchema(ctx: ConfigContext): z.ZodType<EsConfig> {
  return z
    .object({
      ...httpUrlShape,
      path: z
        .string()
        .transform((p) => p.replace(/^\/+|\/+$/g, '') || DEFAULT_INDEX)
        .pipe(z.string().regex(INDEX, 'the path names the index or data stream: lower case, no \\ / * ? " < > | , # : or space')),
      params: esParams(ctx),
    })
    .superRefine((u, c) => {
      const p = u.params;
      const problem = clientCertProblem(p);
      if (problem) c.addIssue({ code: 'custom', path: ['cert_file'], message: problem });
      if ((p.username === undefined) !== (p.password_env === undefined))
        c.addIssue({ code: 'custom', path: ['username'], message: 'username and password_env go together' });
      if (p.api_key_env && p.username) c.addIssue({ code: 'custom', path: ['api_key_env'], message: 'use either api_key_env or username + password_env' });
    })
    .transform((u) => {
      const p = u.params;
      const auth: EsAuth = p.api_key_env
        ? { kind: 'api-key', key: p.api_key_env }
        : p.username && p.password_env
          ? { kind: 'basic', username: p.username, password: p.password_env }
          : undefined;
      return {
        ...deliverySettings('elasticsearch', p),
        endpoint: httpEndpoint(u, { https: 9200, http: 9200 }, tlsSettings(p)),
        index: u.path,
        op: p.op,
        pipeline: p.pipeline,
        format: p.format,
        auth,
        timeoutMs: p.timeout,
      };
    });
}
