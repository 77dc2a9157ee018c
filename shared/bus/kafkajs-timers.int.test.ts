// kafkajs 2.2.4 re-arms a 1 ms timer per broker connection forever (tulios/kafkajs#1704): with the
// workaround, an idle connected bus wakes only for responses, not a thousand times a second per connection.
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { createTopics, sharedKafka, TEST_KAFKA_RETRY, uniqueGroup, uniqueTopic } from '../../test/helpers/kafka.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import { KafkaBus } from './kafka-bus.js';
import { patchKafkajsRequestQueue } from './kafkajs-timers.js';

const queue = (createRequire(import.meta.url)('kafkajs/src/network/requestQueue/index.js') as { prototype: { checkPendingRequests(): void } }).prototype;

describe('kafkajs request queue timers', () => {
  const cluster = sharedKafka();
  const original = queue.checkPendingRequests;
  let checks = 0;
  queue.checkPendingRequests = function (this: unknown) {
    checks++;
    return original.call(this);
  };
  afterAll(() => {
    queue.checkPendingRequests = original;
  });

  it('does not spin while an idle bus holds its connections', async () => {
    const topic = uniqueTopic('idle');
    await createTopics(cluster, [topic], 2);
    const bus = new KafkaBus({ brokers: cluster.bootstrap, clientId: 'vigil-int-timers', retry: TEST_KAFKA_RETRY, maxWaitTimeMs: 200 });
    try {
      expect(patchKafkajsRequestQueue()).toBe(true);
      const sub = await bus.subscribe({ groupId: uniqueGroup('idle'), topics: [topic], handler: async () => [] });
      await bus.publish([{ topic, key: 'k', value: 'v' }]);
      await waitFor(() => sub.caughtUp);
      checks = 0;
      await new Promise((r) => setTimeout(r, 1000));
      // Responses (fetch long-polls every 200 ms, heartbeats) still check the queue: a few dozen a second.
      // The 1 ms loop made it thousands (one per millisecond per connection).
      expect(checks).toBeLessThan(300);
      await sub.stop();
    } finally {
      await bus.close();
    }
  });
});
