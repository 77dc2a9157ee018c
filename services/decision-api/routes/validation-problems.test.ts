// docs/api.md: "Validation problems also list each field in `errors: [{path, message}]`" — on every route
// that validates input, not only on the override body: the query of /v1/check and /v1/decisions, the key
// in /v1/subjects/{key} and DELETE /v1/overrides/{key}, and the override request itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overrideBody, startTestApi, TOKENS, type TestApi } from '../testing/test-api.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.stop());

const cases: [string, RequestInit & { token?: string }, string][] = [
  ['/v1/check', {}, '(root)'],
  ['/v1/check?subject=group:admins', {}, 'subject'],
  [`/v1/check?agent=${'a'.repeat(513)}`, {}, 'agent'],
  [`/v1/check?${Array.from({ length: 17 }, (_, i) => `user=u${i}@acme.example`).join('&')}`, {}, '(root)'],
  ['/v1/decisions?limit=0', { token: TOKENS.viewer }, 'limit'],
  ['/v1/decisions?action=nuke', { token: TOKENS.viewer }, 'action'],
  ['/v1/decisions?cursor=nonsense', { token: TOKENS.viewer }, 'cursor'],
  ['/v1/decisions?subject=bogus', { token: TOKENS.viewer }, 'subject'],
  ['/v1/subjects/bogus', { token: TOKENS.viewer }, 'key'],
  ['/v1/overrides/bogus', { method: 'DELETE', token: TOKENS.operator }, 'key'],
  [`/v1/overrides/user:a@acme.example?reason=${'x'.repeat(1025)}`, { method: 'DELETE', token: TOKENS.operator }, 'reason'],
  ['/v1/overrides', { ...overrideBody('user:a@acme.example', 'block', '31d'), token: TOKENS.operator }, 'ttl'],
  ['/v1/overrides', { method: 'POST', body: '{}', headers: { 'content-type': 'text/plain' }, token: TOKENS.operator }, 'content-type'],
];

describe('validation problems', () => {
  it.each(cases)('%s names the field in error', async (path, init, field) => {
    const res = await t.call(path, init);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const p = (await res.json()) as { code: string; detail: string; errors?: { path: string; message: string }[] };
    expect(p.code).toBe('VIGIL_ERR_VALIDATION');
    expect(p.errors?.map((e) => e.path)).toEqual([field]);
    expect(p.detail).toBe(p.errors!.map((e) => `${e.path}: ${e.message}`).join('; '));
  });
});
