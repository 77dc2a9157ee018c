// GET /v1/check over a real HTTP server: subjects from the query and the X-Vigil-* headers, one verdict
// over all of them (block > step_up > allow), the body and headers a gateway reads, and the input limits.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MemoryBus } from '@vigil/bus';
import type { Action, Decision } from '@vigil/schemas';
import { publishDecision, startTestApi, type TestApi } from '../testing/test-api.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
type Json = any;

function decision(subject: string, action: Action, reason: string): Decision {
  return {
    v: 1,
    id: `dec_${subject.replace(/\W/g, '_')}`,
    subject,
    action,
    reason,
    rule: { id: 'r-test', version: '1' },
    risk: 50,
    severity: 'high',
    evidence: [],
    issued_at: new Date().toISOString(),
    expires_at: new Date(Date.now() + 600_000).toISOString(),
    mode: 'enforce',
  };
}

describe('GET /v1/check', () => {
  let t: TestApi;
  const bus = new MemoryBus();
  const held: Record<string, Decision> = {};
  beforeAll(async () => {
    t = await startTestApi({}, {}, { bus });
    for (const d of [
      decision('user:dana@acme.example', 'step_up', 'five failed sign-ins'),
      decision('agent:finance-bot', 'block', 'exfiltration: 70 MB to "usb" ü'),
      decision('device:laptop-carol', 'step_up', 'non-compliant'),
      decision('session:s-42', 'block', 'session revoked'),
      decision('tool:shell', 'step_up', 'risky tool'),
      decision('ip:198.51.100.23', 'block', 'bad ip'),
    ]) {
      held[d.subject] = d;
      await publishDecision(t, bus, d);
    }
    await vi.waitFor(() => expect(t.api.table.size).toBe(6));
  });
  afterAll(async () => {
    await t.stop();
    await t.rt.close();
  });

  it('answers 200 allow with the subjects it checked and no decision', async () => {
    const res = await t.call('/v1/check?user=Priya@Acme.example&agent=hr-bot');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-vigil-action')).toBe('allow');
    expect(res.headers.get('x-vigil-decision-id')).toBeNull();
    expect(await res.json()).toEqual({ action: 'allow', subjects: ['user:priya@acme.example', 'agent:hr-bot'] });
  });

  it('reads every subject kind from the query and from the X-Vigil-* headers alike', async () => {
    const expected: [string, string, number][] = [
      ['user', 'DANA@acme.example', 401],
      ['agent', 'finance-bot', 403],
      ['device', 'laptop-carol', 401],
      ['device', 'LAPTOP-CAROL', 401],
      ['session', 's-42', 403],
      ['tool', 'shell', 401],
      ['ip', '198.51.100.23', 403],
    ];
    for (const [kind, id, status] of expected) {
      expect((await t.call(`/v1/check?${kind}=${encodeURIComponent(id)}`)).status, `?${kind}=`).toBe(status);
      expect((await t.call('/v1/check', { headers: { [`x-vigil-${kind}`]: id } })).status, `X-Vigil-${kind}`).toBe(status);
    }
    expect((await t.call('/v1/check?subject=user:Dana@acme.example')).status).toBe(401);
    expect((await t.call('/v1/check?subject=device:Laptop-Carol')).status).toBe(401);
    // Ids of other kinds keep their case: an agent or session id can be a case-sensitive token.
    expect((await t.call('/v1/check?agent=Finance-Bot')).status).toBe(200);
    expect((await t.call('/v1/check?session=S-42')).status).toBe(200);
    expect((await t.call('/v1/check', { headers: { 'x-vigil-user': 'priya@acme.example, dana@acme.example' } })).status).toBe(401);
  });

  it('gives one verdict over several subjects: block beats step_up beats allow', async () => {
    expect((await t.call('/v1/check?user=priya@acme.example&device=laptop-carol')).status).toBe(401);
    const res = await t.call('/v1/check?user=dana@acme.example', { headers: { 'x-vigil-agent': 'finance-bot', 'x-vigil-tool': 'shell' } });
    expect(res.status).toBe(403);
    const d = held['agent:finance-bot']!;
    expect(res.headers.get('x-vigil-action')).toBe('block');
    expect(res.headers.get('x-vigil-decision-id')).toBe(d.id);
    expect(res.headers.get('x-vigil-expires-at')).toBe(d.expires_at);
    expect(decodeURIComponent(res.headers.get('x-vigil-reason')!)).toBe(d.reason);
    expect((await res.json()) as Json).toEqual({
      action: 'block',
      subject: 'agent:finance-bot',
      decision_id: d.id,
      reason: d.reason,
      expires_at: d.expires_at,
      subjects: ['user:dana@acme.example', 'agent:finance-bot', 'tool:shell'],
    });
  });

  it('answers a step-up with 401, X-Vigil-Action: step_up and a Vigil challenge', async () => {
    const res = await t.call('/v1/check?user=dana@acme.example');
    expect(res.status).toBe(401);
    expect(res.headers.get('x-vigil-action')).toBe('step_up');
    expect(res.headers.get('www-authenticate')).toBe('Vigil realm="step-up"');
    expect(res.headers.get('x-vigil-expires-at')).toBe(held['user:dana@acme.example']!.expires_at);
    expect(await res.json()).toMatchObject({ action: 'step_up', decision_id: held['user:dana@acme.example']!.id, reason: 'five failed sign-ins' });
  });

  it('refuses a subject id over 512 characters, a malformed subject= and no subject with 400 problem JSON', async () => {
    const long = 'a'.repeat(513);
    for (const [path, headers] of [
      [`/v1/check?agent=${long}&user=dana@acme.example`, {}],
      ['/v1/check?user=dana@acme.example', { 'x-vigil-device': long }],
      ['/v1/check?subject=group:admins', {}],
      ['/v1/check', {}],
    ] as const) {
      const res = await t.call(path, { headers });
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 400, code: 'VIGIL_ERR_VALIDATION' });
    }
    expect((await t.call(`/v1/check?agent=${'a'.repeat(512)}`)).status).toBe(200);
  });
});
