// `npm run bench:ab -- --base <rev>`: this checkout against another revision, both loaded into one process
// and alternated on the same input (base, work, work, base, …); prints each case's median per-pair ratio
// (work / base) and, as the last line, one JSON object. Between separate runs this machine varies by
// ±20 % and more, so a change of a few per cent (or even 2×) is only visible this way. docs/performance.md.
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { bundle, worktree } from './ab-build.js';
import { oktaRecord, otlpRecord } from './ingest-bench.js';
import { median } from './measure.js';
import { makeSignals } from './signals.js';

const { values } = parseArgs({
  options: { base: { type: 'string', default: 'HEAD~1' }, case: { type: 'string', default: 'rules,okta,otlp' }, rounds: { type: 'string', default: '10' } },
});
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = join(ROOT, 'node_modules/.cache/vigil-ab');
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 2) throw new Error('--rounds: a whole number of at least 2');

/** The surface both bundles export (see ab-build.ts). */
interface Side {
  processAll(set: unknown, signals: unknown[], batch?: number): Promise<{ perSecond: number; decisions: number }>;
  starterRules(dir: string): unknown;
  createAliasMap(): unknown;
  processRecord(source: unknown, record: unknown, ctx: unknown, opts: unknown): Promise<{ signals: unknown[]; deadletters: unknown[] }>;
  sourceByName(name: string): { topic: string } | undefined;
}

async function load(tree: string, name: string): Promise<Side> {
  const out = join(CACHE, `${name}-${Date.now()}.mjs`);
  await bundle(tree, out);
  return (await import(pathToFileURL(out).href)) as Side;
}

/** Records per second through processRecord, checking that every record gives `expect` signals and no dead-letter. */
function ingestRun(side: Side, source: string, settings: Record<string, unknown>, values: Buffer[], count: number, expect: number): () => Promise<number> {
  const src = side.sourceByName(source)!;
  const ctx = { aliases: side.createAliasMap(), settings, now: Date.now };
  return async () => {
    const t = performance.now();
    for (let i = 0; i < count; i++) {
      const record = { topic: src.topic, partition: 0, offset: String(i), key: null, value: values[i % values.length] };
      const out = await side.processRecord(src, record, ctx, { maxRecordBytes: 4 << 20 });
      if (out.signals.length !== expect || out.deadletters.length) throw new Error(`${source}: record ${i} gave ${out.signals.length} signals`);
    }
    return count / ((performance.now() - t) / 1000);
  };
}

type Case = (side: Side) => () => Promise<number>;

async function cases(): Promise<Record<string, Case>> {
  const signals = makeSignals(200_000, 10_000, 1);
  const okta = Array.from({ length: 20_000 }, (_, i) => oktaRecord(i));
  const otlp = [Buffer.from(await otlpRecord(50))];
  return {
    rules: (side) => {
      const rules = side.starterRules(join(ROOT, 'rules'));
      return async () => (await side.processAll(rules, structuredClone(signals))).perSecond;
    },
    okta: (side) => ingestRun(side, 'okta', {}, okta, 20_000, 1),
    otlp: (side) => ingestRun(side, 'otlp', { encoding: 'otlp_proto' }, otlp, 1_000, 50),
  };
}

// Bundles of earlier runs are not reused (a tree may have changed since): start clean.
rmSync(CACHE, { recursive: true, force: true });
mkdirSync(CACHE, { recursive: true });
const baseTree = worktree(ROOT, values.base!, join(tmpdir(), 'vigil-ab'));
process.stderr.write(`base ${values.base} at ${baseTree}; work: this checkout\n`);
const [base, work] = [await load(baseTree, 'base'), await load(ROOT, 'work')];
const all = await cases();
const result: Record<string, number> = {};
for (const name of values.case!.split(',')) {
  const make = all[name];
  if (!make) throw new Error(`--case: ${name} is not one of ${Object.keys(all).join(', ')}`);
  const [a, b] = [make(base), make(work)];
  await a();
  await b();
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // Alternate which side goes first, so a drift of the machine favours neither.
    let baseRate: number;
    let workRate: number;
    if (i % 2) {
      workRate = await b();
      baseRate = await a();
    } else {
      baseRate = await a();
      workRate = await b();
    }
    ratios.push(workRate / baseRate);
  }
  result[`${name}_ratio`] = Number(median(ratios).toFixed(3));
  process.stderr.write(`${name.padEnd(6)} work/base ${median(ratios).toFixed(2)}×  (${ratios.map((r) => r.toFixed(2)).join(' ')})\n`);
}
console.log(JSON.stringify(result));
