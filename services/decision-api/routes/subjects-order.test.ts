// GET /v1/subjects/{key} lists "the 20 most recent decisions for the subject, newest first" (docs/api.md)
// by issued_at, as /v1/decisions does, even when the topic delivers them out of that order (several
// correlator partitions, or an override restored from the store and published again at start).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MemoryBus } from '@vigil/bus';
import type { Decision } from '@vigil/schemas';
import { publishDecision, ruleDecision, startTestApi, TOKENS, type TestApi } from '../testing/test-api.js';

const T0 = Date.now() - 60_000;
const SUBJECT = 'user:dana@acme.example';

/** A rule decision with the signal behind it, half a second before it was issued. */
const decision = (n: number): Decision => ({
  ...ruleDecision(n, SUBJECT, 'step_up', T0),
  evidence: [{ signal_id: `sig_${n}`, source: 'okta', type: 'auth.failure', time: new Date(T0 + n * 1000 - 500).toISOString() }],
});

describe('subject view order', () => {
  let t: TestApi;
  const bus = new MemoryBus();
  beforeAll(async () => {
    t = await startTestApi({}, {}, { bus });
  });
  afterAll(async () => {
    await t.stop();
    await t.rt.close();
  });

  it('lists the subject decisions newest first by issued_at, not by arrival', async () => {
    for (const n of [2, 3, 1]) await publishDecision(t, bus, decision(n));
    await vi.waitFor(() => expect(t.api.table.list({ subject: SUBJECT })).toHaveLength(3));
    const view = (await (await t.call(`/v1/subjects/${SUBJECT}`, { token: TOKENS.viewer })).json()) as {
      decisions: Decision[];
      evidence: { signal_id: string }[];
    };
    expect(view.decisions.map((d) => d.id)).toEqual(['dec_003', 'dec_002', 'dec_001']);
    expect(view.evidence.map((e) => e.signal_id)).toEqual(['sig_3', 'sig_2', 'sig_1']);
  });
});
