// A correlator batch that finds a subject claimed by another instance waits for it, and meanwhile
// heartbeats the consumer group for every batch it holds, so a long wait does not cost the membership.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus, type SubscribeOptions, type Subscription } from '@vigil/bus';
import { startCorrelator } from '@vigil/correlator';
import type { Runtime, Started } from '@vigil/runtime';
import { DecisionSchema } from '@vigil/schemas';
import { RedisStore, subjectStateKey } from '@vigil/store';
import { uniqueTopics } from '../helpers/kafka.js';
import { connectTestRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait-for.js';
import { instance, newPipelineEnv } from './pipeline.js';

/** The in-process bus, with a heartbeat on every batch it hands out (as the Kafka bus has). */
class HeartbeatBus extends MemoryBus {
  beats = 0;
  override subscribe(options: SubscribeOptions): Promise<Subscription> {
    return super.subscribe({ ...options, handler: (b) => options.handler({ ...b, heartbeat: async () => void this.beats++ }) });
  }
}

describe('a correlator waiting for a subject another instance holds', () => {
  let redis: TestRedis;
  let other: RedisStore;
  let rt: Runtime;
  let started: Started;
  const bus = new HeartbeatBus();

  beforeAll(async () => {
    redis = await connectTestRedis();
    other = new RedisStore({ url: redis.url, prefix: redis.prefix });
    await other.connect();
    rt = await instance(await newPipelineEnv(uniqueTopics('claim'), redis.prefix), 'claim-wait', bus);
    started = await startCorrelator(rt);
  });
  afterAll(async () => {
    await started?.stop();
    await rt?.close();
    await other?.close();
    await redis?.cleanup();
  });

  it('heartbeats while it waits and decides once the subject is released', async () => {
    const user = 'held@acme.example';
    const key = subjectStateKey(`user:${user}`);
    expect((await other.claimMany([key], { holder: 'other-instance', ms: 60_000 })).busy).toEqual([]);
    await bus.publish([
      {
        topic: rt.topics.signals,
        key: `user:${user}`,
        value: JSON.stringify({
          v: 1,
          id: 'held-revoked',
          time: new Date().toISOString(),
          source: 'caep',
          type: 'session.revoked',
          severity: 80,
          subjects: { user },
          attributes: {},
        }),
      },
    ]);
    await waitFor(() => bus.beats >= 3, { timeoutMs: 10_000, message: 'heartbeats while waiting' });
    expect(bus.records(rt.topics.decisions)).toHaveLength(0);
    await other.write({ lease: { holder: 'other-instance', release: [key] } });
    await waitFor(() => bus.records(rt.topics.decisions).length > 0, { timeoutMs: 10_000, message: 'the decision' });
    const [d] = bus.records(rt.topics.decisions).map((r) => DecisionSchema.parse(JSON.parse(r.value.toString())));
    expect([d!.subject, d!.action, d!.rule?.id]).toEqual([`user:${user}`, 'block', 'r10-revoked-session']);
  });
});
