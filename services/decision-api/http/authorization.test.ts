// The authorization matrix of the decision API, over a real HTTP server on port 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overrideBody, startTestApi, TOKENS, type TestApi } from '../testing/test-api.js';

const SECRET = 'gateway-shared-secret-0123';

async function problem(res: Response): Promise<Record<string, unknown>> {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return (await res.json()) as Record<string, unknown>;
}

describe('authorization matrix', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    await t.stop();
    await t.rt.close();
  });

  it('answers 401 with a Bearer challenge and problem JSON without a token or with an unknown one', async () => {
    for (const token of [undefined, 'not-a-configured-token']) {
      const res = await t.call('/v1/decisions', token ? { token } : {});
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
      const p = await problem(res);
      expect(p).toMatchObject({
        type: 'https://vigil.dev/problems/vigil-err-unauthenticated',
        title: 'Authentication required',
        status: 401,
        code: 'VIGIL_ERR_UNAUTHENTICATED',
      });
      expect(p.detail).toEqual(expect.any(String));
    }
    expect((await t.call('/v1/decisions', { headers: { authorization: `Basic ${TOKENS.viewer}` } })).status).toBe(401);
  });

  it('lets a viewer read but not override (403)', async () => {
    expect((await t.call('/v1/decisions', { token: TOKENS.viewer })).status).toBe(200);
    expect((await t.call('/v1/overrides', { token: TOKENS.viewer })).status).toBe(200);
    expect((await t.call('/metrics', { token: TOKENS.viewer })).status).toBe(200);
    const res = await t.call('/v1/overrides', { ...overrideBody('user:dana@acme.example'), token: TOKENS.viewer });
    expect(res.status).toBe(403);
    expect(await problem(res)).toMatchObject({ status: 403, code: 'VIGIL_ERR_FORBIDDEN', detail: expect.stringMatching(/operator role/) });
    expect((await t.call('/v1/overrides/user:dana@acme.example', { method: 'DELETE', token: TOKENS.viewer })).status).toBe(403);
  });

  it('lets an operator and an admin override, naming them in the decision', async () => {
    const res = await t.call('/v1/overrides', { ...overrideBody('user:Dana@Acme.example'), token: TOKENS.operator });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ subject: 'user:dana@acme.example', action: 'block', override: { by: 'operator:alice' } });
    const byAdmin = await t.call('/v1/overrides/user:dana@acme.example', { method: 'DELETE', token: TOKENS.admin });
    expect(byAdmin.status).toBe(200);
    expect(await byAdmin.json()).toMatchObject({ action: 'allow', override: { by: expect.stringMatching(/^admin:[0-9a-f]{8}$/) } });
  });

  it('limits a gateway token to /v1/check', async () => {
    expect((await t.call('/v1/check?user=dana@acme.example', { token: TOKENS.gateway })).status).toBe(200);
    for (const path of ['/v1/decisions', '/v1/subjects/user:dana@acme.example', '/metrics']) {
      const res = await t.call(path, { token: TOKENS.gateway });
      expect(res.status).toBe(403);
      expect((await problem(res)).detail).toMatch(/gateway tokens may only call \/v1\/check/);
    }
    expect((await t.call('/v1/overrides', { ...overrideBody('user:dana@acme.example'), token: TOKENS.gateway })).status).toBe(403);
  });

  it('keeps health, readiness and the JWKS open, and check open without a gateway secret', async () => {
    expect((await t.call('/healthz')).status).toBe(200);
    expect((await t.call('/readyz')).status).toBe(200);
    const jwks = (await (await t.call('/.well-known/jwks.json')).json()) as { keys: { kid: string; d?: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual([t.rt.signingKey.kid]);
    expect(jwks.keys[0]!.d).toBeUndefined();
    expect((await t.call('/v1/check?user=carol@acme.example')).status).toBe(200);
  });

  it('rejects an oversized body with 413 and an invalid one with the fields in error', async () => {
    const big = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'user:a@b.c', action: 'block', ttl: '1m', reason: 'x'.repeat(20_000) }),
    };
    const res = await t.call('/v1/overrides', { ...big, token: TOKENS.operator });
    expect(res.status).toBe(413);
    expect(await problem(res)).toMatchObject({ code: 'VIGIL_ERR_TOO_LARGE' });
    const bad = await t.call('/v1/overrides', { ...overrideBody('group:admins', 'ban', '31d', ''), token: TOKENS.operator });
    expect(bad.status).toBe(400);
    const p = await problem(bad);
    expect((p.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['action', 'reason', 'subject', 'ttl']);
  });
});

describe('gateway secret on /v1/check', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi({ gatewaySecret: SECRET });
  });
  afterAll(async () => {
    await t.stop();
    await t.rt.close();
  });

  it('needs the secret header or a bearer token once VIGIL_GATEWAY_SECRET is set', async () => {
    const path = '/v1/check?user=dana@acme.example';
    const none = await t.call(path);
    expect(none.status).toBe(401);
    expect(none.headers.get('x-vigil-action')).toBeNull();
    expect((await problem(none)).code).toBe('VIGIL_ERR_UNAUTHENTICATED');
    expect((await t.call(path, { headers: { 'x-vigil-gateway-secret': 'wrong-secret-0123456789' } })).status).toBe(401);
    expect((await t.call(path, { headers: { 'x-vigil-gateway-secret': SECRET } })).status).toBe(200);
    expect((await t.call(path, { token: TOKENS.gateway })).status).toBe(200);
    expect((await t.call(path, { token: TOKENS.viewer })).status).toBe(200);
    expect((await t.call(path, { token: 'unknown-token-0123456789' })).status).toBe(401);
  });
});

describe('rate limits on the admin routes', () => {
  it('answers 429 with Retry-After once a client has used its bucket', async () => {
    const t = await startTestApi({}, { limits: { write: { capacity: 2, perSecond: 0.001 } } });
    try {
      const post = () => t.call('/v1/overrides', { ...overrideBody('user:dana@acme.example'), token: TOKENS.operator });
      expect((await post()).status).toBe(201);
      expect((await post()).status).toBe(201);
      const limited = await post();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await problem(limited)).code).toBe('VIGIL_ERR_RATE_LIMITED');
      expect((await t.call('/v1/decisions', { token: TOKENS.viewer })).status).toBe(200);
    } finally {
      await t.stop();
      await t.rt.close();
    }
  });
});
