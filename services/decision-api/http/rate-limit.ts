// A token bucket per client for the admin routes: `capacity` requests at once, refilled at `perSecond`.
// Written here (about 40 lines) rather than taken from a package: none is installed, and this is enough.
import { VigilError } from '@vigil/core';
import type { Handler, RequestContext } from './router.js';

export interface TokenBucketOptions {
  capacity: number;
  perSecond: number;
  /** Clients tracked at once; beyond it the least recently seen is forgotten (bounded memory). */
  maxClients?: number;
  now?: () => number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly now: () => number;
  private readonly maxClients: number;

  constructor(private readonly options: TokenBucketOptions) {
    this.now = options.now ?? Date.now;
    this.maxClients = options.maxClients ?? 10_000;
  }

  /** Takes one token for `client`; when none is left, the seconds until one is. */
  take(client: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.now();
    const b = this.buckets.get(client) ?? { tokens: this.options.capacity, at: now };
    this.buckets.delete(client);
    b.tokens = Math.min(this.options.capacity, b.tokens + ((now - b.at) / 1000) * this.options.perSecond);
    b.at = now;
    this.buckets.set(client, b);
    if (this.buckets.size > this.maxClients) this.buckets.delete(this.buckets.keys().next().value!);
    if (b.tokens < 1) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / this.options.perSecond)) };
    b.tokens -= 1;
    return { ok: true };
  }
}

/** The client a bucket belongs to: the peer address (limits token guessing as well as use). */
export function clientOf(ctx: RequestContext): string {
  return ctx.req.socket.remoteAddress ?? 'unknown';
}

export function rateLimited(buckets: TokenBuckets, handler: Handler): Handler {
  return (ctx) => {
    const r = buckets.take(clientOf(ctx));
    if (!r.ok)
      throw new VigilError('VIGIL_ERR_RATE_LIMITED', `too many requests; try again in ${r.retryAfterSeconds}s`, {
        details: { headers: { 'retry-after': String(r.retryAfterSeconds) } },
      });
    return handler(ctx);
  };
}
