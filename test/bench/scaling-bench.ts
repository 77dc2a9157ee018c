// How cost grows: per-signal cost with many subjects vs few, with many rules vs few, and heap per subject.
import { buildRuleSet, RuleSchema, RuleSettingsSchema, type Rule, type RuleSet } from '@vigil/correlator';
import { compileRule } from '../../services/correlator/engine/compiled-rule.js';
import { MemoryStore } from '@vigil/store';
import { makeSignals, SIGNAL_STEP_MS } from './signals.js';
import { processAll } from './rules-bench.js';
import { collectHeap } from './measure.js';

/** One measurement of the cost per signal (µs) after every one of `subjects` subjects has state, over `count` signals. */
export function costPerSignal(set: RuleSet, subjects: number, count: number): () => Promise<number> {
  return async () => {
    const store = new MemoryStore();
    // Populate state for every subject first (one signal each round-robin), then measure.
    await processAll(set, makeSignals(subjects, subjects, 7), 1000, store);
    const signals = makeSignals(count, subjects, 8, Date.UTC(2026, 2, 2, 9, 30));
    // The set-up's garbage (a million signals and their JSON for the large case) is collected before timing,
    // on both sides, so that the timed window pays for its own allocations only.
    collectHeap();
    const { perSecond } = await processAll(set, signals, 1000, store);
    return 1e6 / perSecond;
  };
}

/** The starter pack plus `extra` rules that match signal types the workload never produces. */
export function withOtherRules(set: RuleSet, extra: number): RuleSet {
  const rules: Rule[] = set.rules.map((cr) => cr.rule);
  for (let i = 0; i < extra; i++) {
    rules.push(
      RuleSchema.parse({
        id: `other-${i}`,
        version: '1',
        name: `other ${i}`,
        kind: i % 2 ? 'aggregate' : 'match',
        severity: 'low',
        ...(i % 2 ? { key: 'user', window: '10m', when: { all: [{ fact: 'count', operator: 'greaterThan', value: 3 }] } } : {}),
        select: { types: [`other.type_${i}`], where: { all: [{ fact: 'signal', path: '$.severity', operator: 'greaterThan', value: 50 }] } },
        decision: { action: 'step_up', target: 'user', ttl: '5m', reason: 'other' },
      }),
    );
  }
  const settings = RuleSettingsSchema.parse({});
  return buildRuleSet(
    rules.map((r) => compileRule(r, { lists: set.lists })),
    settings,
    set.lists,
  );
}

/**
 * Heap bytes per active subject in the in-memory store after `signals` signals over `subjects` workload
 * subjects. Each workload subject names a user, an agent and a device, so the active subjects are the
 * store's records (one per subject key with state); the heap growth is divided by that count.
 */
export async function bytesPerSubject(set: RuleSet, signals: number, subjects: number): Promise<{ bytes: number; keys: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the benchmark with node --expose-gc (npm run bench does)');
  gc();
  const before = process.memoryUsage().heapUsed;
  const store = new MemoryStore();
  const chunk = 100_000;
  for (let i = 0; i < signals; i += chunk) {
    await processAll(set, makeSignals(Math.min(chunk, signals - i), subjects, 100 + i, Date.UTC(2026, 2, 2, 9) + i * SIGNAL_STEP_MS), 1000, store);
  }
  gc();
  const after = process.memoryUsage().heapUsed;
  const keys = store.size;
  // Keep the store alive until after the measurement.
  if (!keys) throw new Error('no state was kept');
  return { bytes: (after - before) / keys, keys };
}
