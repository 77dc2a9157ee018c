// A gateway embedding the SDK gets the kafkajs 2.2.4 timer-loop workaround that Vigil's own bus applies
// (shared/bus/kafkajs-timers.ts): its decision stream replaces the request queue's scheduling before it
// builds its Kafka client.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { generateSigningKey, jwksOf } from '@vigil/signing';
import { VigilGateway } from './index.js';

const require = createRequire(import.meta.url);
const queue = (require('kafkajs/src/network/requestQueue/index.js') as { prototype: { scheduleCheckPendingRequests(): void } }).prototype;

describe('the gateway SDK and the kafkajs timer loop', () => {
  it('patches the request queue when a gateway is built', async () => {
    // The unpatched method arms its timer whether or not a request waits.
    expect(String(queue.scheduleCheckPendingRequests)).toContain('let scheduleAt = this.throttledUntil - Date.now()');
    const key = await generateSigningKey();
    new VigilGateway({ brokers: ['127.0.0.1:1'], keys: { jwks: jwksOf(key) } });
    expect(String(queue.scheduleCheckPendingRequests)).not.toContain('let scheduleAt');
    expect(String(queue.scheduleCheckPendingRequests)).toContain('this.pending.length === 0');
  });
});
