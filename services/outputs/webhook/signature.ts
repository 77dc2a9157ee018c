// The webhook signature: `X-Vigil-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` with
// `X-Vigil-Timestamp: <unix seconds>`. Signing the timestamp with the body lets a receiver refuse replays:
// it recomputes the HMAC over the raw body and rejects a timestamp older than its tolerance.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-vigil-signature';
export const TIMESTAMP_HEADER = 'x-vigil-timestamp';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface WebhookVerification {
  secret: string;
  /** The raw request body, byte for byte as received (not re-serialized JSON). */
  body: string;
  signature: string | undefined;
  timestamp: string | undefined;
  nowSeconds?: number;
  toleranceSeconds?: number;
}

/** What a receiver does; exported so receivers written in TypeScript can use it and the docs can be tested. */
export function verifyWebhook(v: WebhookVerification): { ok: true } | { ok: false; reason: string } {
  if (!v.signature || !v.timestamp) return { ok: false, reason: 'signature or timestamp header missing' };
  if (!/^\d{1,12}$/.test(v.timestamp)) return { ok: false, reason: 'timestamp is not unix seconds' };
  const now = v.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(v.timestamp)) > (v.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS))
    return { ok: false, reason: 'timestamp outside the tolerance (a replay?)' };
  const expected = Buffer.from(signWebhook(v.secret, Number(v.timestamp), v.body));
  const given = Buffer.from(v.signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'signature does not match' };
}
