import { describe, expect, it } from 'vitest';
import { generateSigningKey, jwksOf, signDetached, type SigningKey } from '@vigil/signing';
import type { Decision } from '@vigil/schemas';
import { httpAnswerOf, VigilGateway } from './index.js';

const now = Date.parse('2026-03-02T09:00:00.000Z');

function block(subject: string, ttlMs = 600_000, at = now): Decision {
  return {
    v: 1,
    id: `dec_${subject}_${at}`,
    subject,
    action: 'block',
    reason: 'compromised endpoint',
    rule: { id: 'r3', version: '1' },
    risk: 90,
    severity: 'critical',
    evidence: [],
    issued_at: new Date(at).toISOString(),
    expires_at: new Date(at + ttlMs).toISOString(),
    mode: 'enforce',
  };
}

async function signed(d: unknown, key: SigningKey): Promise<[Buffer, string]> {
  const value = Buffer.from(JSON.stringify(d));
  return [value, await signDetached(value, key)];
}

describe('VigilGateway without Kafka (records fed through accept)', () => {
  it('applies signed decisions and drops forged, unsigned and invalid ones, counting each', async () => {
    const key = await generateSigningKey();
    const foreign = await generateSigningKey();
    const drops: string[] = [];
    const gw = new VigilGateway({ brokers: [], keys: { jwks: jwksOf(key) }, now: () => now, onDrop: (d) => drops.push(d.reason) });
    expect(await gw.accept(...(await signed(block('user:mallory@acme.example'), foreign)))).toBe(false);
    expect(await gw.accept(Buffer.from(JSON.stringify(block('user:eve@acme.example'))), undefined)).toBe(false);
    expect(await gw.accept(...(await signed({ action: 'block' }, key)))).toBe(false);
    const [value, sig] = await signed(block('user:dana@acme.example'), key);
    expect(await gw.accept(Buffer.from(value.toString().replace('block', 'allow')), sig)).toBe(false);
    expect(await gw.accept(value, sig)).toBe(true);
    expect(drops).toEqual(['forged', 'unsigned', 'invalid', 'forged']);
    expect(gw.stats()).toMatchObject({ applied: 1, dropped: { forged: 2, unsigned: 1, invalid: 1 } });
    expect(gw.check({ user: 'mallory@acme.example' }).action).toBe('allow');
    expect(gw.check({ user: 'eve@acme.example' }).action).toBe('allow');
    const v = gw.check({ user: 'Dana@Acme.example', agent: 'finance-bot' });
    expect(v).toMatchObject({ action: 'block', degraded: false, reason: 'compromised endpoint' });
    expect(httpAnswerOf(v)).toMatchObject({ status: 403, headers: { 'x-vigil-action': 'block' } });
  });

  it('matches device ids case-insensitively, as user ids (Windows spells host names in capitals)', async () => {
    const key = await generateSigningKey();
    const gw = new VigilGateway({ brokers: [], keys: { jwks: jwksOf(key) }, now: () => now });
    await gw.accept(...(await signed(block('device:laptop-carol'), key)));
    expect(gw.check({ device: 'LAPTOP-CAROL' }).action).toBe('block');
    expect(gw.check({ device: 'laptop-carol' }).action).toBe('block');
    expect(gw.check({ device: 'laptop-dave' }).action).toBe('allow');
  });

  it('ignores decisions that have already expired', async () => {
    const key = await generateSigningKey();
    const gw = new VigilGateway({ brokers: [], keys: { jwks: jwksOf(key) }, now: () => now });
    await gw.accept(...(await signed(block('user:dana@acme.example', 60_000, now - 120_000), key)));
    expect(gw.check({ user: 'dana@acme.example' }).action).toBe('allow');
  });

  it('fails closed or open once the stream has been lost longer than staleAfterMs', async () => {
    const key = await generateSigningKey();
    let clock = now;
    const options = { brokers: ['127.0.0.1:1'], keys: { jwks: jwksOf(key) }, staleAfterMs: 5000, now: () => clock };
    const closed = new VigilGateway({ ...options, failMode: 'closed' });
    const open = new VigilGateway({ ...options, failMode: 'open' });
    for (const gw of [closed, open]) await gw.accept(...(await signed(block('user:dana@acme.example'), key)));
    expect(closed.check({ user: 'carol@acme.example' })).toMatchObject({ action: 'allow', degraded: false });
    clock += 5001;
    expect(closed.check({ user: 'carol@acme.example' })).toMatchObject({ action: 'block', degraded: true, reason: expect.stringMatching(/fail-closed/) });
    expect(open.check({ user: 'carol@acme.example' })).toMatchObject({ action: 'allow', degraded: true });
    expect(open.check({ user: 'dana@acme.example' })).toMatchObject({ action: 'block', degraded: true });
  });

  it('answers step-up as 401 with X-Vigil-Action and allow with nothing', () => {
    const d = { ...block('user:dana@acme.example'), action: 'step_up' as const };
    expect(httpAnswerOf({ action: 'step_up', decision: d })).toMatchObject({
      status: 401,
      headers: { 'x-vigil-action': 'step_up', 'x-vigil-decision-id': d.id, 'x-vigil-expires-at': d.expires_at },
    });
    expect(httpAnswerOf({ action: 'allow', decision: undefined })).toBeUndefined();
  });
});
