// The decision API applies decisions signed by its key or a trusted one (rotation) and drops the rest.
import { describe, expect, it, vi } from 'vitest';
import { MemoryBus, type OutRecord } from '@vigil/bus';
import { SIGNATURE_HEADER, TOPICS, type Decision } from '@vigil/schemas';
import { generateSigningKey, signDetached, type SigningKey } from '@vigil/signing';
import { startTestApi, TOKENS } from './testing/test-api.js';

function block(subject: string): Decision {
  return {
    v: 1,
    id: `dec_${subject}`,
    subject,
    action: 'block',
    reason: 'test',
    rule: { id: 'r3', version: '1' },
    risk: 90,
    severity: 'critical',
    evidence: [],
    issued_at: new Date().toISOString(),
    expires_at: new Date(Date.now() + 600_000).toISOString(),
    mode: 'enforce',
  };
}

async function record(d: Decision, key: SigningKey | undefined): Promise<OutRecord> {
  const value = Buffer.from(JSON.stringify(d));
  const headers: Record<string, string> = key ? { [SIGNATURE_HEADER]: await signDetached(value, key) } : {};
  return { topic: TOPICS.decisions, key: d.subject, value, headers };
}

describe('decision records and trusted keys', () => {
  it('applies records signed by the active or a trusted key; drops foreign-signed and unsigned ones', async () => {
    const previous = await generateSigningKey();
    const foreign = await generateSigningKey();
    const bus = new MemoryBus();
    const t = await startTestApi({ trustedKeys: JSON.stringify({ keys: [previous.publicJwk] }) }, {}, { bus });
    try {
      const jwks = (await (await t.call('/.well-known/jwks.json')).json()) as { keys: { kid: string }[] };
      expect(jwks.keys.map((k) => k.kid)).toEqual([t.rt.signingKey.kid, previous.kid]);
      await bus.publish([
        await record(block('user:forged@acme.example'), foreign),
        await record(block('user:unsigned@acme.example'), undefined),
        await record(block('user:old-key@acme.example'), previous),
        await record(block('user:active-key@acme.example'), t.rt.signingKey),
      ]);
      await vi.waitFor(() => expect(t.api.table.size).toBe(2));
      const status = async (user: string) => (await t.call(`/v1/check?user=${user}`)).status;
      expect(await status('forged@acme.example')).toBe(200);
      expect(await status('unsigned@acme.example')).toBe(200);
      expect(await status('old-key@acme.example')).toBe(403);
      expect(await status('active-key@acme.example')).toBe(403);
      const metrics = await (await t.call('/metrics', { token: TOKENS.viewer })).text();
      expect(metrics).toMatch(/vigil_api_decisions_rejected_total\{reason="forged"\} 1/);
      expect(metrics).toMatch(/vigil_api_decisions_rejected_total\{reason="unsigned"\} 1/);
    } finally {
      await t.stop();
      await t.rt.close();
    }
  });
});
