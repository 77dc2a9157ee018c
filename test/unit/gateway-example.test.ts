// The gateway examples (examples/gateway/) enforce what the SDK decides: block → 403, step_up → 401 with
// X-Vigil-Action: step_up, allow → the handler runs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VigilGateway } from '@vigil/gateway-sdk';
import type { Decision } from '@vigil/schemas';
import { generateSigningKey, jwksOf, signDetached } from '@vigil/signing';
import { vigilOnRequest, type HookReply } from '../../examples/gateway/fastify-hook.js';
import { vigilMiddleware } from '../../examples/gateway/node-http.js';

function decision(subject: string, action: Decision['action']): Decision {
  const now = Date.now();
  return {
    v: 1,
    id: `dec_${subject}`,
    subject,
    action,
    reason: `${action} for ${subject}`,
    rule: { id: 'r1', version: '1' },
    risk: 50,
    severity: 'high',
    evidence: [],
    issued_at: new Date(now).toISOString(),
    expires_at: new Date(now + 600_000).toISOString(),
    mode: 'enforce',
  };
}

describe('gateway examples', () => {
  let gateway: VigilGateway;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const key = await generateSigningKey();
    gateway = new VigilGateway({ brokers: [], keys: { jwks: jwksOf(key) } });
    for (const d of [decision('user:mallory@acme.example', 'block'), decision('user:dana@acme.example', 'step_up')]) {
      const value = Buffer.from(JSON.stringify(d));
      await gateway.accept(value, await signDetached(value, key));
    }
    const guard = vigilMiddleware(gateway, (req) => ({ user: req.headers['x-user'] as string | undefined }));
    server = createServer((req, res) => guard(req, res, () => res.end('hello')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('node http middleware: 403 block, 401 step-up with X-Vigil-Action, 200 allow', async () => {
    const as = (user: string) => fetch(base, { headers: { 'x-user': user } });
    const blocked = await as('mallory@acme.example');
    expect(blocked.status).toBe(403);
    expect(await blocked.json()).toMatchObject({ action: 'block', decision_id: 'dec_user:mallory@acme.example' });
    const stepUp = await as('Dana@acme.example');
    expect(stepUp.status).toBe(401);
    expect(stepUp.headers.get('x-vigil-action')).toBe('step_up');
    const ok = await as('carol@acme.example');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('hello');
  });

  it('fastify-style onRequest hook answers only when Vigil says so', async () => {
    const sent: { status?: number; headers?: Record<string, string>; body?: unknown } = {};
    const reply: HookReply = {
      code: (s) => ((sent.status = s), reply),
      headers: (h) => ((sent.headers = h), reply),
      send: (b) => (sent.body = b),
    };
    const hook = vigilOnRequest(gateway, (r: { headers: Record<string, string | undefined> }) => ({ user: r.headers['x-user'] }));
    await hook({ headers: { 'x-user': 'dana@acme.example' } }, reply);
    expect(sent).toMatchObject({ status: 401, headers: { 'x-vigil-action': 'step_up' }, body: { action: 'step_up' } });
    const untouched: typeof sent = {};
    const reply2: HookReply = { code: (s) => ((untouched.status = s), reply2), headers: () => reply2, send: () => undefined };
    await hook({ headers: { 'x-user': 'carol@acme.example' } }, reply2);
    expect(untouched.status).toBeUndefined();
  });
});
