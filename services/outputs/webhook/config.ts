// `webhook+https://hooks.example/vigil?secret_env=HOOK_KEY`: alerts POSTed as JSON, signed with HMAC-SHA256.
// `webhook+http://` for a local receiver. The schema below is the documentation of every parameter.
import { z } from 'zod';
import type { AlertFormat } from '../formats/index.js';
import { deliveryParams, deliverySettings, type DeliverySettings } from '../kit/delivery-params.js';
import type { HttpEndpoint } from '../kit/http-client.js';
import { httpEndpoint, httpUrlShape } from '../kit/http-params.js';
import { durationParam, formatParam, secretParam } from '../kit/params.js';
import { Secret } from '../kit/secret.js';
import { clientCertProblem, tlsParams, tlsSettings } from '../kit/tls.js';
import type { ConfigContext } from '../sink.js';

export function webhookParams(ctx: ConfigContext) {
  return z.strictObject({
    secret_env: secretParam(ctx).optional(),
    bearer_env: secretParam(ctx).optional(),
    headers_env: secretParam(ctx)
      .optional()
      .transform((secret, c) => {
        if (!secret) return undefined;
        const parsed = parseHeaderLines(secret.reveal());
        // The message names the variable and the line, never the value.
        if (typeof parsed === 'string') c.addIssue({ code: 'custom', message: `$${secret.envName}: ${parsed}` });
        return typeof parsed === 'string' ? undefined : new Secret(secret.envName, parsed);
      }),
    format: formatParam(['json', 'ecs', 'ocsf'] as const).prefault('json'),
    timeout: durationParam(100, 600_000).prefault('10s'),
    ...tlsParams(),
    ...deliveryParams({ batchSize: 1, maxBatchSize: 1000 }),
  });
}

export interface WebhookConfig {
  name: string;
  delivery: DeliverySettings;
  endpoint: HttpEndpoint;
  path: string;
  secret: Secret | undefined;
  bearer: Secret | undefined;
  /** Extra headers (an API key a receiver wants), from the variable `headers_env` names. */
  headers: Secret<Record<string, string>> | undefined;
  format: Exclude<AlertFormat, 'cef'>;
  /** batch_size > 1: the body is a JSON array (also of one alert); else one JSON object. */
  batched: boolean;
  timeoutMs: number;
}

export function webhookSchema(ctx: ConfigContext): z.ZodType<WebhookConfig> {
  return z
    .object({ ...httpUrlShape, path: z.string(), params: webhookParams(ctx) })
    .superRefine((u, c) => {
      const problem = clientCertProblem(u.params);
      if (problem) c.addIssue({ code: 'custom', path: ['cert_file'], message: problem });
    })
    .transform((u) => {
      const p = u.params;
      return {
        ...deliverySettings('webhook', p),
        endpoint: httpEndpoint(u, { https: 443, http: 80 }, tlsSettings(p)),
        path: encodeURI(u.path || '/'),
        secret: p.secret_env,
        bearer: p.bearer_env,
        headers: p.headers_env,
        format: p.format,
        batched: p.batch_size > 1,
        timeoutMs: p.timeout,
      };
    });
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const RESERVED = ['content-type', 'content-length', 'host', 'x-vigil-signature', 'x-vigil-timestamp'];

/** `Name: value` per line (or separated by `;`) → headers; a string says what is wrong (without values). */
export function parseHeaderLines(text: string): Record<string, string> | string {
  const headers: Record<string, string> = {};
  const lines = text
    .split(/\r?\n|;/)
    .map((l) => l.trim())
    .filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!HEADER_NAME.test(name)) return `entry ${i + 1} is not "Header-Name: value"`;
    if (RESERVED.includes(name.toLowerCase())) return `entry ${i + 1} sets ${name}, which Vigil sets itself`;
    headers[name.toLowerCase()] = line.slice(colon + 1).trim();
  }
  return lines.length ? headers : 'holds no "Header-Name: value" entry';
}
