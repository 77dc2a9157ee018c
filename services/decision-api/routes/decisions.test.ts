// GET /v1/decisions: filters (subject normalized like /v1/subjects/{key}, action, rule, override), limit,
// and a cursor that stays right when decisions arrive between two pages.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MemoryBus } from '@vigil/bus';
import type { Action, Decision } from '@vigil/schemas';
import { overrideBody, publishDecision, ruleDecision, startTestApi, TOKENS, type TestApi } from '../testing/test-api.js';

interface Page {
  items: Decision[];
  next_cursor: string | null;
  total: number;
}

const T0 = Date.now() - 60_000;

const decision = (n: number, subject: string, action: Action, rule?: string): Decision => ruleDecision(n, subject, action, T0, rule);

describe('GET /v1/decisions', () => {
  let t: TestApi;
  const bus = new MemoryBus();
  const publish = async (d: Decision): Promise<void> => {
    await publishDecision(t, bus, d);
    await vi.waitFor(() => expect(t.api.table.list().map((x) => x.id)).toContain(d.id));
  };
  const get = async (query: string): Promise<Page> => {
    const res = await t.call(`/v1/decisions${query}`, { token: TOKENS.viewer });
    expect(res.status, query).toBe(200);
    return (await res.json()) as Page;
  };
  const ids = (p: Page): string[] => p.items.map((d) => d.id);

  beforeAll(async () => {
    t = await startTestApi({}, {}, { bus });
    // Applied out of issue order: the list is newest first by issued_at, not by arrival.
    for (const n of [1, 3, 2, 4, 5]) await publish(decision(n, n % 2 ? 'user:dana@acme.example' : 'agent:finance-bot', n === 5 ? 'block' : 'step_up'));
  });
  afterAll(async () => {
    await t.stop();
    await t.rt.close();
  });

  it('lists newest first and filters by subject (normalized), action and rule', async () => {
    expect(ids(await get(''))).toEqual(['dec_005', 'dec_004', 'dec_003', 'dec_002', 'dec_001']);
    expect(ids(await get('?subject=user:Dana@ACME.example'))).toEqual(['dec_005', 'dec_003', 'dec_001']);
    expect(ids(await get('?subject=agent:finance-bot&action=step_up'))).toEqual(['dec_004', 'dec_002']);
    expect(await get('?subject=agent:Finance-Bot')).toMatchObject({ items: [], total: 0 });
    expect(ids(await get('?action=block'))).toEqual(['dec_005']);
    expect((await get('?rule=r1-brute-force')).total).toBe(5);
    expect((await get('?rule=r3-compromised-endpoint')).total).toBe(0);
  });

  it('lists the overrides with rule=override', async () => {
    const posted = (await (await t.call('/v1/overrides', { ...overrideBody('device:laptop-9'), token: TOKENS.operator })).json()) as Decision;
    expect(await get('?rule=override')).toEqual({ items: [posted], next_cursor: null, total: 1 });
    expect(ids(await get('?rule=override&subject=device:laptop-9&action=block'))).toEqual([posted.id]);
  });

  it('pages with limit and cursor, without repeats when a decision arrives between pages', async () => {
    const q = '?subject=user:dana@acme.example&limit=2';
    const first = await get(q);
    expect(ids(first)).toEqual(['dec_005', 'dec_003']);
    expect(first.total).toBe(3);
    expect(first.next_cursor).toEqual(expect.any(String));
    await publish(decision(9, 'user:dana@acme.example', 'step_up'));
    const second = await get(`${q}&cursor=${first.next_cursor}`);
    expect(ids(second)).toEqual(['dec_001']);
    expect(second.next_cursor).toBeNull();
    expect(ids(await get(q))).toEqual(['dec_009', 'dec_005']);
  });

  it('refuses a bad limit, cursor, action or subject with 400 problem JSON', async () => {
    for (const query of [
      '?limit=0',
      '?limit=501',
      '?limit=2.5',
      '?cursor=10',
      '?cursor=bm90IGpzb24',
      '?action=ban',
      '?subject=group:admins',
      '?subject=dana',
    ]) {
      const res = await t.call(`/v1/decisions${query}`, { token: TOKENS.viewer });
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
  });
});
