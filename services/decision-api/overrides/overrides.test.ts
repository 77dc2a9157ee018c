// The kill switch end to end inside one process: signed decision + audit record on the bus, precedence over
// later rule decisions, restore from the store after a restart, unblock.
import { exportJWK, generateKeyPair, type JSONWebKeySet } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryBus, type BusRecord, type OutRecord } from '@vigil/bus';
import { AuditSchema, DecisionSchema, SIGNATURE_HEADER, TOPICS, type Decision } from '@vigil/schemas';
import { VigilGateway } from '@vigil/gateway-sdk';
import { createVerifier, signDetached } from '@vigil/signing';
import { MemoryStore } from '@vigil/store';
import { overrideBody, startTestApi, TOKENS, type TestApi } from '../testing/test-api.js';
import { overrideKey } from './store.js';

async function collect(bus: MemoryBus, topic: string): Promise<BusRecord[]> {
  const seen: BusRecord[] = [];
  await bus.subscribe({ groupId: `reader-${Math.random()}`, topics: [topic], fromBeginning: true, handler: async (b) => (seen.push(...b.records), []) });
  return seen;
}

async function signingKeySetting(): Promise<string> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return JSON.stringify(await exportJWK(privateKey));
}

/** A memory bus that refuses to publish while `down` (a Kafka outage). */
class FlakyBus extends MemoryBus {
  down = false;
  override publish(records: OutRecord[]): Promise<void> {
    return this.down ? Promise.reject(new Error('broker not available')) : super.publish(records);
  }
}

const running: TestApi[] = [];
afterEach(async () => {
  for (const t of running.splice(0)) await t.stop();
});

describe('overrides', () => {
  it('publishes a signed override decision and an audit record with who and why', async () => {
    const bus = new MemoryBus();
    const t = await startTestApi({}, {}, { bus });
    running.push(t);
    const decisions = await collect(bus, TOPICS.decisions);
    const audits = await collect(bus, TOPICS.audit);
    const res = await t.call('/v1/overrides', { ...overrideBody('user:dana@acme.example', 'block', 900, 'phished laptop'), token: TOKENS.operator });
    expect(res.status).toBe(201);
    const body = DecisionSchema.parse(await res.json());
    expect(Date.parse(body.expires_at) - Date.parse(body.issued_at)).toBe(900_000);

    await vi.waitFor(() => expect(decisions).toHaveLength(1));
    const record = decisions[0]!;
    expect(record.key?.toString()).toBe('user:dana@acme.example|override');
    const jwks = (await (await t.call('/.well-known/jwks.json')).json()) as JSONWebKeySet;
    expect((await createVerifier(jwks)(record.value, record.headers[SIGNATURE_HEADER])).ok).toBe(true);
    expect(JSON.parse(record.value.toString())).toEqual(body);

    await vi.waitFor(() => expect(audits).toHaveLength(1));
    expect(AuditSchema.parse(JSON.parse(audits[0]!.value.toString()))).toMatchObject({
      kind: 'override',
      by: 'operator:alice',
      reason: 'phished laptop',
      decision: { id: body.id },
    });
  });

  it('stays in force over later rule decisions, survives a restart through the store, and is lifted by DELETE', async () => {
    const store = new MemoryStore();
    const signingKey = await signingKeySetting();
    const first = await startTestApi({ signingKey }, {}, { store });
    running.push(first);
    const created = await first.call('/v1/overrides', { ...overrideBody('user:dana@acme.example'), token: TOKENS.operator });
    expect(created.status).toBe(201);
    const posted = (await created.json()) as Decision;

    const later: Decision = {
      v: 1,
      id: 'dec_later',
      subject: 'user:dana@acme.example',
      action: 'step_up',
      reason: 'rule',
      rule: { id: 'r1-brute-force', version: '1' },
      risk: 20,
      severity: 'medium',
      evidence: [],
      issued_at: new Date(Date.now() + 1000).toISOString(),
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      mode: 'enforce',
    };
    const value = Buffer.from(JSON.stringify(later));
    await first.rt.bus.publish([
      { topic: TOPICS.decisions, key: later.subject, value, headers: { [SIGNATURE_HEADER]: await signDetached(value, first.rt.signingKey) } },
    ]);
    await vi.waitFor(() => expect(first.api.table.list({ subject: later.subject }).map((d) => d.id)).toContain('dec_later'));
    expect((await first.call('/v1/check?user=dana@acme.example')).status).toBe(403);

    // Compaction keeps the latest record per key. The override has a key of its own, so the later rule
    // decision does not compact it away: a gateway reading the compacted topic from scratch blocks.
    const latestPerKey = new Map<string, BusRecord>();
    for (const r of await collect(first.rt.bus as MemoryBus, TOPICS.decisions)) latestPerKey.set(r.key!.toString(), r);
    expect([...latestPerKey.keys()].sort()).toEqual(['user:dana@acme.example', 'user:dana@acme.example|override']);
    const fresh = new VigilGateway({ brokers: [], keys: { jwks: (await (await first.call('/.well-known/jwks.json')).json()) as JSONWebKeySet } });
    for (const r of latestPerKey.values()) expect(await fresh.accept(r.value, r.headers[SIGNATURE_HEADER])).toBe(true);
    expect(fresh.check({ user: 'dana@acme.example' })).toMatchObject({ action: 'block', decision: { id: posted.id } });
    await first.stop();
    running.pop();

    // A topic that lost the override record (retention, or written before overrides had keys of their own):
    // the API restores it from its store and publishes it again under its key.
    const compacted = new MemoryBus();
    const laterSignature = await signDetached(value, first.rt.signingKey);
    await compacted.publish([{ topic: TOPICS.decisions, key: later.subject, value, headers: { [SIGNATURE_HEADER]: laterSignature } }]);
    const second = await startTestApi({ signingKey }, {}, { store, bus: compacted });
    running.push(second);
    const check = await second.call('/v1/check?user=dana@acme.example');
    expect(check.status).toBe(403);
    expect(await check.json()).toMatchObject({ action: 'block', decision_id: posted.id });
    const topic = await collect(compacted, TOPICS.decisions);
    await vi.waitFor(() => expect(topic).toHaveLength(2));
    const republished = topic.find((r) => r.key?.toString() === 'user:dana@acme.example|override');
    expect(JSON.parse(republished!.value.toString())).toEqual(posted);
    const gateway = new VigilGateway({ brokers: [], keys: { jwks: (await (await second.call('/.well-known/jwks.json')).json()) as JSONWebKeySet } });
    for (const r of topic) expect(await gateway.accept(r.value, r.headers[SIGNATURE_HEADER])).toBe(true);
    expect(gateway.check({ user: 'dana@acme.example' })).toMatchObject({ action: 'block', decision: { id: posted.id } });

    const lifted = await second.call('/v1/overrides/user:dana@acme.example?reason=false%20positive', { method: 'DELETE', token: TOKENS.operator });
    expect(lifted.status).toBe(200);
    expect(await lifted.json()).toMatchObject({ action: 'allow', reason: 'false positive', override: { by: 'operator:alice' } });
    // The rule decision was issued after the unblock, so it applies again.
    expect((await second.call('/v1/check?user=dana@acme.example')).headers.get('x-vigil-action')).toBe('step_up');
    expect(await store.getMany([overrideKey('user:dana@acme.example')])).toEqual([undefined]);
  });

  it('audits an unblock with who and why', async () => {
    const bus = new MemoryBus();
    const t = await startTestApi({}, {}, { bus });
    running.push(t);
    const audits = await collect(bus, TOPICS.audit);
    const res = await t.call('/v1/overrides/user:Dana@acme.example?reason=INC-4711%20closed', { method: 'DELETE', token: TOKENS.operator });
    expect(res.status).toBe(200);
    const body = DecisionSchema.parse(await res.json());
    expect(body).toMatchObject({ subject: 'user:dana@acme.example', action: 'allow', expires_at: body.issued_at });
    await vi.waitFor(() => expect(audits).toHaveLength(1));
    expect(audits[0]!.key?.toString()).toBe('user:dana@acme.example');
    expect(AuditSchema.parse(JSON.parse(audits[0]!.value.toString()))).toMatchObject({
      kind: 'override',
      by: 'operator:alice',
      reason: 'INC-4711 closed',
      decision: { id: body.id, action: 'allow' },
    });
  });

  it('answers 503 VIGIL_ERR_BUS and changes nothing when the override cannot be published', async () => {
    const bus = new FlakyBus();
    const store = new MemoryStore();
    const t = await startTestApi({}, {}, { bus, store });
    running.push(t);
    bus.down = true;
    const res = await t.call('/v1/overrides', { ...overrideBody('user:dana@acme.example'), token: TOKENS.operator });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 503, code: 'VIGIL_ERR_BUS', detail: expect.stringMatching(/broker not available/) });
    expect((await t.call('/v1/check?user=dana@acme.example')).status).toBe(200);
    expect(t.api.table.size).toBe(0);
    expect(await store.getMany([overrideKey('user:dana@acme.example')])).toEqual([undefined]);
    bus.down = false;
    expect((await t.call('/v1/overrides', { ...overrideBody('user:dana@acme.example'), token: TOKENS.operator })).status).toBe(201);
  });

  it('ignores a stored override whose bytes were changed', async () => {
    const store = new MemoryStore();
    const signingKey = await signingKeySetting();
    const first = await startTestApi({ signingKey }, {}, { store });
    running.push(first);
    await first.call('/v1/overrides', { ...overrideBody('user:dana@acme.example', 'allow', '1h', 'exempt'), token: TOKENS.operator });
    await first.stop();
    running.pop();
    const [stored] = await store.getMany<{ value: string; signature: string }>([overrideKey('user:dana@acme.example')]);
    await store.write({
      set: [{ key: overrideKey('user:dana@acme.example'), value: { ...stored!, value: stored!.value.replace('"allow"', '"block"') }, ttlMs: 60_000 }],
    });
    const second = await startTestApi({ signingKey }, {}, { store });
    running.push(second);
    expect((await second.call('/v1/check?user=dana@acme.example')).status).toBe(200);
    expect(second.api.table.size).toBe(0);
  });
});
