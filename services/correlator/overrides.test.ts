import { describe, expect, it, vi } from 'vitest';
import type { BusRecord } from '@vigil/bus';
import { SIGNATURE_HEADER, type Decision } from '@vigil/schemas';
import { createSyncVerifier, generateSigningKey, jwksOf, signDetached, type SigningKey } from '@vigil/signing';
import { overrideOf } from './overrides.js';

const decision = (extra: Partial<Decision>): Decision => ({
  v: 1,
  id: 'ovr_1',
  subject: 'user:dana@acme.example',
  action: 'block',
  reason: 'kill switch',
  risk: 0,
  severity: 'high',
  evidence: [],
  issued_at: '2026-03-02T09:00:00.000Z',
  expires_at: '2026-03-02T10:00:00.000Z',
  mode: 'enforce',
  ...extra,
});

async function record(d: Decision, key: SigningKey): Promise<BusRecord> {
  const value = Buffer.from(JSON.stringify(d));
  return {
    topic: 'vigil.decisions',
    partition: 0,
    offset: '0',
    key: null,
    value,
    headers: { [SIGNATURE_HEADER]: await signDetached(value, key) },
    timestamp: 0,
  };
}

describe('overrideOf', () => {
  it('takes an override signed by a trusted key, and refuses a forged one', async () => {
    const [trusted, foreign] = [await generateSigningKey(), await generateSigningKey()];
    const verify = createSyncVerifier(jwksOf(trusted, []));
    const override = decision({ override: { by: 'operator:alice' } });
    expect(overrideOf(await record(override, trusted), verify)).toMatchObject({ id: 'ovr_1', override: { by: 'operator:alice' } });
    expect(overrideOf(await record(override, foreign), verify)).toBeUndefined();
  });

  it('skips rule decisions and garbage without verifying a signature', async () => {
    const key = await generateSigningKey();
    const verify = vi.fn(createSyncVerifier(jwksOf(key, [])));
    const rule = decision({ id: 'dec_1', rule: { id: 'r1-brute-force', version: '1' } });
    expect(overrideOf(await record(rule, key), verify)).toBeUndefined();
    expect(overrideOf({ ...(await record(rule, key)), value: Buffer.from('not json') }, verify)).toBeUndefined();
    expect(verify).not.toHaveBeenCalled();
  });
});
