// GET /v1/subjects/{key} (risk decayed from the correlator's profile, evidence) and GET /v1/stream (SSE).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MemoryStore } from '@vigil/store';
import { subjectStateKey } from '@vigil/store';
import type { Decision } from '@vigil/schemas';
import { overrideBody, startTestApi, TOKENS, type TestApi } from '../testing/test-api.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
type Json = any;

describe('subject view and decision stream', () => {
  let t: TestApi;
  const store = new MemoryStore();
  beforeAll(async () => {
    t = await startTestApi({}, { stream: { maxClients: 1 } }, { store });
  });
  afterAll(async () => {
    await t.stop();
    await t.rt.close();
  });

  it('answers 404 for an unknown subject and 400 for a malformed key', async () => {
    const res = await t.call('/v1/subjects/user:nobody@acme.example', { token: TOKENS.viewer });
    expect(res.status).toBe(404);
    expect((await t.call('/v1/subjects/group:admins', { token: TOKENS.viewer })).status).toBe(400);
  });

  it('shows the risk decayed by the half-life, the decision in force and its evidence', async () => {
    const hourAgo = Date.now() - 3_600_000;
    await store.write({
      set: [{ key: subjectStateKey('user:dana@acme.example'), value: { x: Date.now() + 60_000, p: { r: 80, rt: hourAgo } }, ttlMs: 60_000 }],
    });
    const onlyRisk = (await (await t.call('/v1/subjects/user:dana@acme.example', { token: TOKENS.viewer })).json()) as Json;
    expect(onlyRisk).toMatchObject({ subject: 'user:dana@acme.example', action: 'allow', in_force: null, decisions: [], risk: { half_life_seconds: 3600 } });
    expect(onlyRisk.risk.score).toBeGreaterThan(39);
    expect(onlyRisk.risk.score).toBeLessThanOrEqual(40);

    await t.call('/v1/overrides', { ...overrideBody('user:Dana@acme.example', 'step_up'), token: TOKENS.operator });
    const view = (await (await t.call('/v1/subjects/user:DANA@acme.example', { token: TOKENS.viewer })).json()) as Json;
    expect(view).toMatchObject({ action: 'step_up', in_force: { action: 'step_up', override: { by: 'operator:alice' } }, rule_decision: null });
    expect(view.decisions).toHaveLength(1);
  });

  it('streams every decision applied as an SSE event, with a bounded number of clients', async () => {
    const abort = new AbortController();
    const res = await t.call('/v1/stream', { token: TOKENS.viewer, signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const second = await t.call('/v1/stream', { token: TOKENS.viewer });
    expect(second.status).toBe(429);

    const reader = res.body!.getReader();
    let text = '';
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += Buffer.from(value).toString('utf8');
      }
    })().catch(() => undefined);
    const posted = (await (await t.call('/v1/overrides', { ...overrideBody('agent:finance-bot'), token: TOKENS.operator })).json()) as Decision;
    await vi.waitFor(() => expect(text).toContain(`id: ${posted.id}\nevent: decision\ndata: `));
    const data = text.split('\n').find((l) => l.startsWith('data: ') && l.includes(posted.id))!;
    expect(JSON.parse(data.slice(6))).toEqual(posted);
    abort.abort();
    await reading;

    // A reconnecting client names the last event it saw and gets what followed.
    const after = (await (await t.call('/v1/overrides', { ...overrideBody('agent:hr-bot'), token: TOKENS.operator })).json()) as Decision;
    await vi.waitFor(async () => expect(((await (await t.call('/readyz')).json()) as Json).stream_clients).toBe(0));
    const again = await t.call('/v1/stream', { token: TOKENS.viewer, headers: { 'last-event-id': posted.id } });
    const replay = again.body!.getReader();
    let replayed = '';
    while (!replayed.includes(`id: ${after.id}`)) replayed += Buffer.from((await replay.read()).value!).toString('utf8');
    expect(replayed).not.toContain(`id: ${posted.id}`);
    await replay.cancel();
  });
});
