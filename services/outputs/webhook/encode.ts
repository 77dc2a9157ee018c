// Alerts → a webhook request: the JSON body (one object, or an array when batching) and its headers,
// signed when a secret is configured. Pure given the clock.
import type { Alert } from '@vigil/schemas';
import { VIGIL_VERSION, type AlertFormat } from '../formats/index.js';
import { alertPayload } from '../kit/payload.js';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './signature.js';

export interface WebhookRequest {
  body: string;
  headers: Record<string, string>;
}

export function webhookRequest(
  alerts: readonly Alert[],
  o: {
    format: AlertFormat;
    batched: boolean;
    secret: string | undefined;
    bearer: string | undefined;
    extraHeaders?: Record<string, string> | undefined;
    nowSeconds: number;
  },
): WebhookRequest {
  const payloads = alerts.map((a) => alertPayload(a, o.format));
  const body = JSON.stringify(o.batched ? payloads : payloads[0]);
  const headers: Record<string, string> = {
    ...o.extraHeaders,
    'content-type': 'application/json',
    'user-agent': `vigil/${VIGIL_VERSION}`,
    [TIMESTAMP_HEADER]: String(o.nowSeconds),
  };
  if (alerts.length === 1) headers['x-vigil-alert-id'] = alerts[0]!.id;
  if (o.secret !== undefined) headers[SIGNATURE_HEADER] = signWebhook(o.secret, o.nowSeconds, body);
  if (o.bearer !== undefined) headers.authorization = `Bearer ${o.bearer}`;
  return { body, headers };
}
