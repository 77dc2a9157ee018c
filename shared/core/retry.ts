// The one retry helper: exponential backoff with full jitter, retrying only what isRetriable() allows.
import { isRetriable } from './errors.js';

export interface RetryOptions {
  retries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** Overrides the retriable check (e.g. a sink that classifies HTTP statuses itself). */
  shouldRetry?: (err: unknown, attempt: number) => boolean;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  signal?: AbortSignal;
  random?: () => number;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 5, initialDelayMs: 100, maxDelayMs: 10_000 };

/** Delay before retry number `attempt` (1-based): full jitter over an exponentially growing cap. */
export function backoffDelayMs(attempt: number, opts: Pick<RetryOptions, 'initialDelayMs' | 'maxDelayMs' | 'random'>): number {
  const cap = Math.min(opts.maxDelayMs, opts.initialDelayMs * 2 ** (attempt - 1));
  return Math.round((opts.random ?? Math.random)() * cap);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function retry<T>(fn: (attempt: number) => Promise<T>, options: Partial<RetryOptions> = {}): Promise<T> {
  const opts = { ...DEFAULT_RETRY, ...options };
  const shouldRetry = opts.shouldRetry ?? ((err: unknown) => isRetriable(err));
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= opts.retries || !shouldRetry(err, attempt + 1) || opts.signal?.aborted) throw err;
      const delay = backoffDelayMs(attempt + 1, opts);
      opts.onRetry?.(err, attempt + 1, delay);
      await sleep(delay, opts.signal);
    }
  }
}
