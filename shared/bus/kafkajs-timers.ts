// A workaround for kafkajs 2.2.4's request queue, which re-arms a timer after every response and after every
// firing of that timer, whether or not a request is waiting: a 1 ms loop per broker connection, for the life
// of the process (tulios/kafkajs#1704; on Node ≥ 24 it also prints TimeoutNegativeWarning, #1751). Measured
// here: an idle ingest + correlator process used 16 % of a core, 6 % without the loop. The fix proposed
// upstream (#1768 and its review) arms the timer only when requests wait; it is not released, so the one
// method is replaced here — only on the kafkajs version and method text it was written against.
import { createRequire } from 'node:module';

/** kafkajs's own interval for re-checking a queue that waits on in-flight limits (requestQueue/index.js). */
const CHECK_PENDING_REQUESTS_INTERVAL = 10;
const PATCHED_VERSION = '2.2.4';

interface RequestQueue {
  throttledUntil: number;
  pending: unknown[];
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

let state: 'unpatched' | 'patched' | 'not applicable' = 'unpatched';

/** Replaces the timer loop (idempotent). Returns whether the workaround is in place. */
export function patchKafkajsRequestQueue(): boolean {
  if (state !== 'unpatched') return state === 'patched';
  const require = createRequire(import.meta.url);
  const version = (require('kafkajs/package.json') as { version: string }).version;
  const queue = (require('kafkajs/src/network/requestQueue/index.js') as { prototype: RequestQueue }).prototype;
  // Another version may have fixed it, or changed what the replacement relies on: leave it alone.
  if (version !== PATCHED_VERSION || !String(queue.scheduleCheckPendingRequests).includes('this.throttledUntil - Date.now()')) {
    state = 'not applicable';
    return false;
  }
  queue.scheduleCheckPendingRequests = function (this: RequestQueue): void {
    if (this.throttleCheckTimeoutId || this.pending.length === 0) return; // nothing waits: a push or a response checks again
    const throttled = this.throttledUntil - Date.now();
    this.throttleCheckTimeoutId = setTimeout(
      () => {
        this.throttleCheckTimeoutId = null;
        this.checkPendingRequests();
      },
      throttled > 0 ? throttled : CHECK_PENDING_REQUESTS_INTERVAL,
    );
  };
  state = 'patched';
  return true;
}
