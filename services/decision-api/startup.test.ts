// Start-up of the decision API: /readyz says 503 until the table has read the decisions topic's backlog,
// and a start without VIGIL_SIGNING_KEY warns that decisions are signed with an ephemeral key.
import { generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MemoryBus, type SubscribeOptions, type Subscription } from '@vigil/bus';
import { loadSettings } from '@vigil/core';
import { createRuntime } from '@vigil/runtime';
import { SIGNATURE_HEADER, TOPICS } from '@vigil/schemas';
import { generateSigningKey, signDetached } from '@vigil/signing';
import { MemoryStore } from '@vigil/store';
import { createLogger } from '@vigil/telemetry';
import { startTestApi, TOKEN_SPEC } from './testing/test-api.js';

/** A memory bus whose consumers hold their first batch until `release()`: a backlog still being read. */
class HeldBus extends MemoryBus {
  private open!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));
  release(): void {
    this.open();
  }
  override subscribe(options: SubscribeOptions): Promise<Subscription> {
    return super.subscribe({ ...options, handler: async (batch) => (await this.gate, options.handler(batch)) });
  }
}

describe('decision API start-up', () => {
  it('answers /readyz 503 while the table is still reading the topic, then 200', async () => {
    const bus = new HeldBus();
    const key = await generateSigningKey();
    const value = Buffer.from('{"not":"read yet"}');
    await bus.publish([{ topic: TOPICS.decisions, key: 'user:a@b.c', value, headers: { [SIGNATURE_HEADER]: await signDetached(value, key) } }]);
    const t = await startTestApi({}, {}, { bus });
    try {
      const starting = await t.call('/readyz');
      expect(starting.status).toBe(503);
      expect(await starting.json()).toMatchObject({ status: 'starting' });
      bus.release();
      await expect.poll(async () => (await t.call('/readyz')).status).toBe(200);
    } finally {
      await t.stop();
      await t.rt.close();
    }
  });

  it('warns, with the kid, when it signs with an ephemeral key, and not when a key is set', async () => {
    const lines: { level: number; msg: string; kid?: string; component?: string }[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l) as (typeof lines)[number]);
        done();
      },
    });
    const start = (signingKey?: string) =>
      createRuntime(loadSettings({ env: {}, overrides: { apiTokens: TOKEN_SPEC, ...(signingKey ? { signingKey } : {}) } }), {
        bus: new MemoryBus(),
        store: new MemoryStore(),
        logger: createLogger({ level: 'info', destination }),
      });
    const ephemeral = await start();
    await ephemeral.close();
    const warned = lines.filter((l) => l.msg.includes('ephemeral key'));
    expect(warned).toEqual([expect.objectContaining({ level: 40, component: 'signing', kid: ephemeral.signingKey.kid })]);

    lines.length = 0;
    const { privateKey } = generateKeyPairSync('ed25519');
    const keyed = await start(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    await keyed.close();
    expect(keyed.signingKey.ephemeral).toBe(false);
    expect(lines.filter((l) => l.msg.includes('ephemeral key'))).toEqual([]);
  });
});
