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
import { oktaRecord, otlpRecord, recordsRun, type IngestApi } from './ingest-bench.js';
import { pairedRuns } from './measure.js';
import { makeSignals } from './signals.js';

const { values } = parseArgs({
  options: { base: { type: 'string', default: 'HEAD~1' }, case: { type: 'string', default: 'rules,okta,otlp' }, rounds: { type: 'string', default: '10' } },
});
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = join(ROOT, 'node_modules/.cache/vigil-ab');
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 2) throw new Error('--rounds: a whole number of at least 2');

/** The surface both bundles export (see ab-build.ts). */
interface Side extends IngestApi {
  processAll(set: unknown, signals: unknown[], batch?: number): Promise<{ perSecond: number; decisions: number }>;
  starterRules(dir: string): unknown;
}

async function load(tree: string, name: string): Promise<Side> {
  const out = join(CACHE, `${name}-${Date.now()}.mjs`);
  await bundle(tree, out);
  return (await import(pathToFileURL(out).href)) as Side;
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
    okta: (side) => recordsRun(side, 'okta', okta, 20_000, [1]),
    otlp: (side) => recordsRun(side, 'otlp', otlp, 1_000, [50], { encoding: 'otlp_proto' }),
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
  const { ratio, ratios } = await pairedRuns(rounds, make(base), make(work), { swap: true });
  result[`${name}_ratio`] = Number(ratio.toFixed(3));
  process.stderr.write(`${name.padEnd(6)} work/base ${ratio.toFixed(2)}×  (${ratios.map((r) => r.toFixed(2)).join(' ')})\n`);
}
console.log(JSON.stringify(result));
