// The router answers 404 for an unknown path and 405 with Allow for a known path with another method.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TOKENS, type TestApi } from '../testing/test-api.js';

describe('router', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    await t.stop();
    await t.rt.close();
  });

  it('answers 405 with the allowed methods as problem JSON', async () => {
    for (const [method, path, allow] of [
      ['POST', '/v1/check', 'GET, HEAD'],
      ['DELETE', '/v1/decisions', 'GET, HEAD'],
      ['PUT', '/v1/overrides', 'GET, HEAD, POST'],
      ['GET', '/v1/overrides/user:dana@acme.example', 'DELETE'],
    ] as const) {
      const res = await t.call(path, { method, token: TOKENS.admin });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('allow')).toBe(allow);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({
        status: 405,
        code: 'VIGIL_ERR_METHOD_NOT_ALLOWED',
        title: 'Method not allowed',
        detail: expect.stringContaining(`${method} is not allowed`),
      });
    }
  });

  it('still answers 404 for a path no route has', async () => {
    const res = await t.call('/v1/nothing-here', { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'VIGIL_ERR_NOT_FOUND' });
  });
});
