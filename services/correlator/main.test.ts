// The correlator's reload wiring: SIGHUP reloads, a reload waits for the batch in flight, and a reload that
// cannot be audited is logged while the previous rules stay active (no unhandled rejection).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryBus, type OutRecord } from '@vigil/bus';
import { loadSettings } from '@vigil/core';
import { createRuntime, type Runtime } from '@vigil/runtime';
import { AuditSchema } from '@vigil/schemas';
import { MemoryStore, type Store, type DueEntry, type StoreWrite, type WriteResult } from '@vigil/store';
import { silentLogger } from '@vigil/telemetry';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prepareCorrelator, startCorrelator } from './main.js';

const RULES = fileURLToPath(new URL('../../rules/', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function start(bus: MemoryBus, store?: Store): Promise<{ rt: Runtime; started: Awaited<ReturnType<typeof startCorrelator>> }> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-reload-'));
  cpSync(RULES, dir, { recursive: true });
  const settings = loadSettings({ env: {}, overrides: { rulesDir: dir, logLevel: 'silent' } });
  const rt = await createRuntime(settings, { bus, logger: silentLogger(), ...(store ? { store } : {}) });
  const started = await startCorrelator(rt);
  cleanups.push(async () => {
    await started.stop();
    await rt.close();
  });
  return { rt, started };
}

const ruleAudits = (bus: MemoryBus, rt: Runtime) =>
  bus
    .records(rt.topics.audit)
    .map((r) => AuditSchema.parse(JSON.parse(r.value.toString())))
    .filter((a) => a.kind === 'rules');

/** A store that looks remote (so batches await their key loads) and holds every load until released. */
class GatedStore implements Store {
  readonly kind = 'redis' as const;
  private readonly inner = new MemoryStore();
  loads = 0;
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => undefined;
  get roundTrips(): number {
    return this.loads;
  }
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open();
  }
  async getMany<T = unknown>(keys: readonly string[]): Promise<(T | undefined)[]> {
    this.loads++;
    await this.gate;
    return this.inner.getMany<T>(keys);
  }
  write(ops: StoreWrite): Promise<WriteResult> {
    return this.inner.write(ops);
  }
  scan(prefix: string): Promise<string[]> {
    return this.inner.scan(prefix);
  }
  due(upTo: number, limit: number): Promise<DueEntry[]> {
    return this.inner.due(upTo, limit);
  }
  close(): Promise<void> {
    this.release();
    return this.inner.close();
  }
}

describe('correlator rule reloads', () => {
  it('sighup: SIGHUP reloads the folder and audits the set', async () => {
    const bus = new MemoryBus();
    const { rt } = await start(bus);
    expect(ruleAudits(bus, rt)).toHaveLength(1);
    process.emit('SIGHUP');
    const audits = await vi.waitFor(() => {
      const a = ruleAudits(bus, rt);
      expect(a).toHaveLength(2);
      return a;
    });
    expect(audits[1]).toMatchObject({
      status: 'loaded',
      rules: expect.arrayContaining([{ id: 'r1-brute-force', version: expect.any(String), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]),
    });
  });

  it('between-batches: a reload waits while a batch loads its keys, then applies', async () => {
    const bus = new MemoryBus();
    const store = new GatedStore();
    const { rt, started } = await start(bus, store);
    const before = started.service.correlator.ruleSet;
    store.hold();
    const signal = { id: 's1', time: new Date().toISOString(), source: 'okta', type: 'auth.failure', severity: 30, subjects: { user: 'a@acme.example' } };
    await bus.publish([{ topic: rt.topics.signals, key: 'user:a@acme.example', value: JSON.stringify(signal) }]);
    await vi.waitFor(() => expect(store.loads, 'the batch is loading its keys').toBeGreaterThan(0), { timeout: 15_000 });
    process.emit('SIGHUP');
    // Let the reload run as far as it can: it must not swap the rules under the batch.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(started.service.correlator.ruleSet).toBe(before);
    expect(ruleAudits(bus, rt)).toHaveLength(1);
    store.release();
    await vi.waitFor(() => expect(started.service.correlator.ruleSet, 'reload applied after the batch').not.toBe(before), { timeout: 15_000 });
    expect(ruleAudits(bus, rt)).toHaveLength(2);
  });

  it('failed-audit: a reload whose audit cannot be published keeps the old rules and does not crash', async () => {
    const bus = new MemoryBus();
    const { rt, started } = await start(bus);
    const before = started.service.correlator.ruleSet;
    const publish = bus.publish.bind(bus);
    let failed = 0;
    bus.publish = async (records: OutRecord[]) => {
      if (records.some((r) => r.topic === rt.topics.audit)) {
        failed++;
        throw new Error('broker unavailable');
      }
      return publish(records);
    };
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown) => unhandled.push(err);
    process.on('unhandledRejection', onUnhandled);
    cleanups.push(async () => void process.off('unhandledRejection', onUnhandled));
    process.emit('SIGHUP');
    await vi.waitFor(() => expect(failed, 'audit publish attempted').toBeGreaterThan(0), { timeout: 15_000 });
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(started.service.correlator.ruleSet).toBe(before);
    expect(unhandled).toEqual([]);
    bus.publish = publish;
  });
});

describe('prepareCorrelator', () => {
  it('hands the start the rule set it compiled: the folder is not read again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-prepared-'));
    cpSync(RULES, dir, { recursive: true });
    const settings = loadSettings({ env: {}, overrides: { rulesDir: dir, logLevel: 'silent' } });
    const prepared = prepareCorrelator(settings);
    expect(prepared.ruleSet.rules.length).toBeGreaterThan(5);
    // Without the prepared set the start would refuse a folder that is gone.
    rmSync(dir, { recursive: true });
    const rt = await createRuntime(settings, { bus: new MemoryBus(), logger: silentLogger() });
    const started = await startCorrelator(rt, { prepared });
    cleanups.push(async () => {
      await started.stop();
      await rt.close();
    });
    await expect(startCorrelator(rt)).rejects.toThrow(/rules folder does not exist/);
  });

  it('names every problem, the rules folder by the setting it came from', () => {
    const settings = loadSettings({ env: {}, overrides: { rulesDir: '/no/such/rules', trustedKeys: '{"keys": 3}' } });
    expect(() => prepareCorrelator(settings)).toThrow(/VIGIL_RULES_DIR \/no\/such\/rules: rules folder does not exist/);
    expect(() => prepareCorrelator(settings)).toThrow(/VIGIL_TRUSTED_KEYS/);
  });
});
