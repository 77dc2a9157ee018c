import { describe, expect, it } from 'vitest';
import { DeadLetterSchema } from '@vigil/schemas';
import { MemoryStore } from '@vigil/store';
import { batch, failure, heldBus, metricValue, record, startService, TOPICS } from './testing/service.js';

describe('correlator service', () => {
  it('dead-letters what it cannot read, per batch, while batches that arrive meanwhile wait their turn', async () => {
    const { bus, handler, published, release } = heldBus();
    const { service, metrics } = await startService(bus, new MemoryStore());

    // Five failures decide (r1); the decision's publish is held, so the next two batches arrive while it is in flight.
    const first = handler()(batch([0, 1, 2, 3, 4].map((i) => record(i, failure(i)))));
    await new Promise((r) => setTimeout(r, 20));
    const garbage = '{"this is":not json';
    const second = handler()(batch([record(5, garbage), record(7, failure(5))]));
    const third = handler()(batch([record(9, JSON.stringify({ v: 1, id: 'x', type: 'auth.failure' }))]));
    await new Promise((r) => setTimeout(r, 20));
    expect(published.filter((p) => p.some((r) => r.topic === TOPICS.decisions))).toHaveLength(1);
    release();

    expect(await first).toEqual([]);
    const [parseDead] = await second;
    const [validationDead] = await third;
    const parsed = DeadLetterSchema.parse(JSON.parse(String(parseDead!.value)));
    expect(parseDead!.topic).toBe('vigil.deadletter');
    expect(parsed.code).toBe('VIGIL_ERR_PARSE');
    expect(Buffer.from(parsed.value_b64, 'base64').toString()).toBe(garbage);
    expect(parsed.source).toMatchObject({ topic: 'vigil.signals', offset: '5' });
    const invalid = DeadLetterSchema.parse(JSON.parse(String(validationDead!.value)));
    expect(invalid.code).toBe('VIGIL_ERR_VALIDATION');
    expect(invalid.reason).toMatch(/not a valid signal: .*time/);
    expect(invalid.source).toMatchObject({ offset: '9' });

    const value = (name: string, metric = name): Promise<number | undefined> => metricValue(metrics, name, metric);
    // Six valid signals in all, two records refused; the two batches that waited were evaluated as one.
    expect(await value('vigil_correlator_signals_total')).toBe(6);
    expect(await value('vigil_correlator_batch_seconds', 'vigil_correlator_batch_seconds_count')).toBe(2);
    expect(await value('vigil_correlator_invalid_total')).toBe(2);
    await service.stop();
  });
});
