// How HTTP answers classify for delivery: 2xx delivered; 408, 429 and 5xx worth retrying (honouring
// Retry-After); any other status is a rejection that retrying cannot fix, so the alert is dead-lettered.
import type { ItemOutcome } from '../sink.js';
import type { HttpResponse } from './http-client.js';

export function isRetriableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** `Retry-After` as delay-seconds or an HTTP-date, in ms from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** `HTTP 503: <start of the body>`, for dead-letter reasons and logs. */
export function describeResponse(res: Pick<HttpResponse, 'status' | 'body'>): string {
  const body = res.body.replace(/\s+/g, ' ').trim().slice(0, 300);
  return `HTTP ${res.status}${body ? `: ${body}` : ''}`;
}

/** The outcome every alert of a request shares when the status speaks for the whole request. */
export function responseOutcome(res: HttpResponse, what = ''): ItemOutcome {
  if (res.status >= 200 && res.status < 300) return { ok: true };
  const reason = `${what}${describeResponse(res)}`;
  if (!isRetriableStatus(res.status)) return { ok: false, retriable: false, reason };
  const after = retryAfterMs(res.headers['retry-after']);
  return { ok: false, retriable: true, reason, ...(after !== undefined ? { retryAfterMs: after } : {}) };
}
