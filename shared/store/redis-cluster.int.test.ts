// The Redis store on a real three-node Redis Cluster: batches split by node, hash-tagged subjects,
// expiry, prefix, and the correlator deciding exactly as it does on a single Redis server.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Correlator, loadRules, type RuleSet } from '@vigil/correlator';
import { SignalSchema, type Decision, type Signal } from '@vigil/schemas';
import { connectTestRedis, type TestRedis } from '../../test/helpers/redis.js';
import { startRedisCluster, type TestRedisCluster } from '../../test/helpers/redis-cluster.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import { keySlot } from './key-slot.js';
import { RedisStore } from './redis-store.js';
import { subjectStateKey, type Store } from './store.js';

const PREFIX = 'vigil-cluster-test:';

describe('RedisStore on a Redis Cluster', () => {
  let cluster: TestRedisCluster;
  let store: RedisStore;
  /** Port of the node serving each slot, from CLUSTER SLOTS on a real node. */
  let ownerBySlot: number[];

  beforeAll(async () => {
    cluster = await startRedisCluster();
    store = new RedisStore({ url: cluster.url, prefix: PREFIX });
    await store.connect();
    ownerBySlot = [];
    for (const [from, to, primary] of await cluster.node(cluster.ports[0]!).cluster('SLOTS')) for (let s = from; s <= to; s++) ownerBySlot[s] = primary![1];
  });
  afterAll(async () => {
    await store?.close();
    await cluster?.stop();
  });

  const ownerOf = (key: string) => ownerBySlot[keySlot(PREFIX + key)]!;

  it('runs in cluster mode on the URL form', () => {
    expect(store.isCluster).toBe(true);
    expect(new Set(ownerBySlot).size).toBe(3);
  });

  it('writes and reads many subjects spread over every node in one round trip per node', async () => {
    const keys = Array.from({ length: 1000 }, (_, i) => subjectStateKey(`user:u${i}@acme.example`));
    expect(new Set(keys.map(ownerOf)).size).toBe(3);
    const before = store.roundTrips;
    await store.write({ set: keys.map((key, i) => ({ key, value: { n: i, tags: ['a', i] }, ttlMs: 60_000 })) });
    expect(store.roundTrips - before).toBe(3);
    const values = await store.getMany<{ n: number }>([...keys, 'missing', subjectStateKey('user:nobody')]);
    expect(store.roundTrips - before).toBe(6);
    expect(values.slice(0, 1000)).toEqual(keys.map((_, i) => ({ n: i, tags: ['a', i] })));
    expect(values.slice(1000)).toEqual([undefined, undefined]);
    // Each key really lives on the node that serves its slot.
    for (const i of [0, 1, 2, 500, 999]) expect(await cluster.node(ownerOf(keys[i]!)).exists(PREFIX + keys[i]!)).toBe(1);
  });

  it('sets and deletes on all three nodes in one write', async () => {
    const [a, b, c] = [0, 1, 2].map((n) => findKeyOn(cluster.ports[n]!, `batch-${n}`));
    await store.write({ set: [a, b, c].map((key) => ({ key: key!, value: key, ttlMs: 60_000 })) });
    const before = store.roundTrips;
    const fresh = findKeyOn(cluster.ports[2]!, 'batch-new');
    await store.write({ set: [{ key: fresh, value: 'new', ttlMs: 60_000 }], del: [a!, b!] });
    expect(store.roundTrips - before).toBe(3); // node 3 gets the set, nodes 1 and 2 a delete each
    expect(await store.getMany([a!, b!, c!, fresh])).toEqual([undefined, undefined, c, 'new']);
  });

  it('claims, fences and releases leases beside their keys on every node, one round trip per node', async () => {
    const keys = [0, 1, 2].map((n) => findKeyOn(cluster.ports[n]!, `lease-${n}`));
    const before = store.roundTrips;
    expect((await store.claimMany(keys, { holder: 'a', ms: 10_000 })).busy).toEqual([]);
    expect(store.roundTrips - before).toBe(3);
    expect((await store.claimMany(keys, { holder: 'b', ms: 10_000 })).busy).toEqual([0, 1, 2]);
    // The lease sits on the key's own node (same hash tag).
    for (const k of keys) expect(await cluster.node(ownerOf(k)).get(`${PREFIX}${k}:lease`)).toBe('a');
    await cluster.node(ownerOf(keys[1]!)).set(`${PREFIX}${keys[1]}:lease`, 'b');
    const result = await store.write({ set: keys.map((key) => ({ key, value: 'a-wrote', ttlMs: 60_000 })), lease: { holder: 'a' } });
    expect(result.fenced).toEqual([keys[1]]);
    expect(await store.getMany(keys)).toEqual(['a-wrote', undefined, 'a-wrote']);
  });

  it('writes the due index with the state of a batch and reads it back from its node', async () => {
    const keys = [0, 1, 2].map((n) => findKeyOn(cluster.ports[n]!, `due-${n}`));
    await store.write({ set: keys.map((key) => ({ key, value: 1, ttlMs: 60_000 })), due: { add: [{ member: 'cluster-absence', at: 42 }] } });
    expect(await store.due(100, 10)).toEqual([{ member: 'cluster-absence', at: 42 }]);
    await store.write({ due: { remove: ['cluster-absence'] } });
    expect(await store.due(100, 10)).toEqual([]);
  });

  it('keeps every key of one subject in one slot, on one node (hash tag)', async () => {
    const subject = 'agent:copilot-7';
    const keys = [subjectStateKey(subject), subjectStateKey(subject, 'window', 'r6'), subjectStateKey(subject, 'risk')];
    const node = cluster.node(cluster.ports[0]!);
    const slots = await Promise.all(keys.map((k) => node.cluster('KEYSLOT', PREFIX + k)));
    expect(new Set(slots)).toEqual(new Set([keySlot(subject)]));
    expect(slots[0]).toBe(keySlot(PREFIX + keys[0]!)); // our slot function agrees with the server
    await store.write({ set: keys.map((key) => ({ key, value: 1, ttlMs: 60_000 })) });
    const owner = cluster.node(ownerOf(keys[0]!));
    expect(await owner.exists(...keys.map((k) => PREFIX + k))).toBe(3);
  });

  it('keeps keys under the prefix and scans every node', async () => {
    const keys = Array.from({ length: 30 }, (_, i) => subjectStateKey(`device:laptop-${i}`));
    expect(new Set(keys.map(ownerOf)).size).toBe(3);
    await store.write({ set: keys.map((key) => ({ key, value: true, ttlMs: 60_000 })) });
    expect((await store.scan('{device:laptop-')).sort()).toEqual([...keys].sort());
    const rawKeys = (await Promise.all(cluster.ports.map((p) => cluster.node(p).keys('*device:laptop-*')))).flat();
    expect(rawKeys).toHaveLength(30);
    expect(rawKeys.every((k) => k.startsWith(`${PREFIX}{device:laptop-`))).toBe(true);
  });

  it('refuses a prefix with braces, which would pin all state to one slot', () => {
    expect(() => new RedisStore({ url: cluster.url, prefix: '{vigil}:' })).toThrow(/must not contain \{ or \}/);
  });

  it('expires keys after their ttl on every node', async () => {
    const short = [0, 1, 2].map((n) => findKeyOn(cluster.ports[n]!, 'short'));
    const long = findKeyOn(cluster.ports[1]!, 'long');
    await store.write({ set: [...short.map((key) => ({ key, value: 'x', ttlMs: 50 })), { key: long, value: 'y', ttlMs: 60_000 }] });
    await waitFor(async () => (await store.getMany(short)).every((v) => v === undefined), { timeoutMs: 5000, message: 'short keys expired' });
    expect(await store.getMany([long])).toEqual(['y']);
    const pttl = await cluster.node(ownerOf(long)).pttl(PREFIX + long);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it('reports a value that is not JSON and reads it as missing', async () => {
    const errors: Error[] = [];
    const watched = new RedisStore({ url: cluster.url, prefix: PREFIX, onError: (e) => errors.push(e) });
    await watched.connect();
    const key = findKeyOn(cluster.ports[0]!, 'corrupt');
    await cluster.node(ownerOf(key)).set(PREFIX + key, 'not json');
    expect(await watched.getMany([key, subjectStateKey('user:u1@acme.example')])).toEqual([undefined, { n: 1, tags: ['a', 1] }]);
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining(`${PREFIX}${key} is not JSON`)]);
    await watched.close();
  });

  it('fails a pipeline loudly when one command of it fails', async () => {
    const key = findKeyOn(cluster.ports[1]!, 'wrongtype');
    await cluster.node(ownerOf(key)).rpush(PREFIX + key, 'a list, not a string');
    await expect(store.getMany([key, findKeyOn(cluster.ports[1]!, 'fine')])).rejects.toMatchObject({
      code: 'VIGIL_ERR_STORE',
      message: expect.stringMatching(/1 of 2.*WRONGTYPE/),
    });
  });

  it('reports unreachable seed nodes as a retriable store error', async () => {
    const dead = new RedisStore({ url: 'redis+cluster://127.0.0.1:1,127.0.0.1:2', prefix: PREFIX, cluster: { clusterRetryStrategy: () => null } });
    await expect(dead.connect()).rejects.toMatchObject({ code: 'VIGIL_ERR_STORE', retriable: true });
    await dead.close();
  });

  describe('the correlator on cluster state', () => {
    let single: TestRedis;
    beforeAll(async () => {
      single = await connectTestRedis();
    });
    afterAll(async () => {
      await single?.cleanup();
    });

    it('makes the same decisions as on a single Redis server', async () => {
      const loaded = loadRules(fileURLToPath(new URL('../../rules', import.meta.url)));
      if (!loaded.ok) throw new Error(`rules do not load: ${JSON.stringify(loaded.problems)}`);
      const signals = ruleCaseSignals(loaded.ruleSet);
      const onSingle = new RedisStore({ url: single.url, prefix: single.prefix });
      const onCluster = new RedisStore({ url: cluster.url, prefix: `${PREFIX}correlator:` });
      await onSingle.connect();
      await onCluster.connect();
      try {
        const expected = await decide(loaded.ruleSet, onSingle, signals);
        const actual = await decide(loaded.ruleSet, onCluster, signals);
        expect(expected.length).toBeGreaterThan(5);
        const rulesFired = new Set(expected.filter((d) => !d.startsWith('alert ')).map((d) => d.split(' ')[0]));
        expect(rulesFired.size).toBeGreaterThan(3);
        expect(actual).toEqual(expected);
        // The subjects' state really was spread over the cluster.
        const stateKeys = await onCluster.scan('{');
        expect(new Set(stateKeys.map((k) => ownerBySlot[keySlot(`${PREFIX}correlator:${k}`)])).size).toBe(3);
      } finally {
        await onSingle.close();
        await onCluster.close();
      }
    });
  });

  /** A key (under `stem`) whose slot the node on `port` serves. */
  function findKeyOn(port: number, stem: string): string {
    for (let i = 0; ; i++) {
      const key = subjectStateKey(`test:${stem}-${i}`);
      if (ownerOf(key) === port) return key;
    }
  }
});

/** Every signal of every rule case, in file order, with the fields cases may leave out filled in. */
function ruleCaseSignals(ruleSet: RuleSet): Signal[] {
  return ruleSet.rules.flatMap((cr) =>
    cr.rule.cases.flatMap((c, ci) =>
      c.signals.map((raw, i) =>
        SignalSchema.parse({ id: `case-${cr.rule.id}-${ci}-${i}`, source: 'custom', severity: 0, subjects: {}, attributes: {}, ...(raw as object) }),
      ),
    ),
  );
}

/** Runs the signals through a correlator on `store` in batches of 7 and lists what it decided. */
async function decide(ruleSet: RuleSet, store: Store, signals: Signal[]): Promise<string[]> {
  const correlator = new Correlator(ruleSet, { store, clock: 'event' });
  const out: string[] = [];
  const describeDecision = (d: Decision) => `${d.rule?.id} ${d.action} ${d.subject} ${d.mode} ${d.issued_at} ${d.expires_at} ${d.reason}`;
  for (let i = 0; i < signals.length; i += 7) {
    const result = await correlator.process(signals.slice(i, i + 7));
    await result.commit();
    out.push(...result.audited.map(describeDecision), ...result.alerts.map((a) => `alert ${a.kind} ${a.risk} ${describeDecision(a.decision)}`));
  }
  const swept = await correlator.sweep(Number.MAX_SAFE_INTEGER);
  await swept.commit();
  out.push(...swept.audited.map(describeDecision));
  return out;
}
