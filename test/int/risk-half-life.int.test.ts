// GET /v1/subjects/{key} decays the correlator's risk "with the rule set's half-life" (docs/api.md), and the
// rule set is hot-reloaded (README): when settings.json changes, the decision API follows it as the
// correlator does. The correlator here loads the same rules folder and writes its real state to the store.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Correlator, loadRules } from '@vigil/correlator';
import type { Signal } from '@vigil/schemas';
import { MemoryStore, type Store } from '@vigil/store';
import { startTestApi, TOKENS, type TestApi } from '../../services/decision-api/testing/test-api.js';
import { useRedisStore } from '../helpers/redis-store.js';

const redis = useRedisStore();
const USER = 'user:dana@acme.example';

function rulesFolder(halfLife: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-half-life-'));
  writeSettings(dir, halfLife);
  const rule = {
    id: 'failures',
    version: '1',
    name: 'failures add risk',
    severity: 'low',
    kind: 'match',
    select: { types: ['auth.failure'] },
    risk: { add: 40, to: 'user' },
  };
  writeFileSync(join(dir, 'failures.json'), JSON.stringify(rule));
  return dir;
}

function writeSettings(dir: string, halfLife: string): void {
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ risk: { half_life: halfLife } }));
}

/** The correlator over `dir`, fed one failure an hour ago: it raises the user's risk to 40 at that time. */
async function raiseRisk(dir: string, store: Store): Promise<void> {
  const loaded = loadRules(dir);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
  const correlator = new Correlator(loaded.ruleSet, { store, clock: 'event' });
  const signal: Signal = {
    v: 1,
    id: 'sig-failure-1',
    time: new Date(Date.now() - 3_600_000).toISOString(),
    source: 'custom',
    type: 'auth.failure',
    severity: 10,
    subjects: { user: 'dana@acme.example' },
    attributes: {},
  };
  await (await correlator.process([signal])).commit();
}

let t: TestApi | undefined;
afterEach(async () => {
  // Only the API: the Redis store belongs to the file's fixture, which closes it.
  await t?.stop();
  t = undefined;
});

async function riskOf(api: TestApi): Promise<{ score: number; half_life_seconds: number }> {
  const res = await api.call(`/v1/subjects/${USER}`, { token: TOKENS.viewer });
  expect(res.status).toBe(200);
  return ((await res.json()) as { risk: { score: number; half_life_seconds: number } }).risk;
}

describe.each([
  ['memory', () => new MemoryStore()],
  ['redis', () => redis.store],
])('risk half-life on the %s store', (_name, storeOf) => {
  it('follows a change of settings.json, as the correlator reloading the folder does', async () => {
    const dir = rulesFolder('1h');
    const store = storeOf();
    await raiseRisk(dir, store);
    t = await startTestApi({ rulesDir: dir }, { riskHalfLifeMs: undefined }, { store });

    const before = await riskOf(t);
    expect(before.half_life_seconds).toBe(3600);
    expect(before.score).toBeCloseTo(20, 0); // 40, an hour ago, halved once

    writeSettings(dir, '30m');
    const after = await riskOf(t);
    expect(after.half_life_seconds).toBe(1800);
    expect(after.score).toBeCloseTo(10, 0); // halved twice
  });
});
