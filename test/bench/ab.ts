// `npm run bench:ab -- --base <rev>`: this checkout against another revision, alternated on the same input
// (base, work, work, base, …); prints each case's median per-pair ratio (work / base) and, as the last line,
// one JSON object. Between separate runs this machine varies by ±20 % and more, so a change of a few per cent
// (or even 2×) is only visible this way. Each side runs in its own worker thread (ab-side.ts): sides that
// shared one isolate charged each other for JIT state and garbage, which showed as 0.6–1.7× pairs in A/A
// runs. docs/performance.md.
import { hash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { AB_CASES, bundle, worktree } from './ab-build.js';
import type { RunResult, SideData } from './ab-side.js';
import { entraRecords, oktaRecord, otlpRecord, signalCounts } from './ingest-bench.js';
import { median, pairedRuns } from './measure.js';
import { makeSignals } from './signals.js';

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'HEAD~1' },
    case: { type: 'string', default: 'rules,okta,otlp,entra' },
    rounds: { type: 'string', default: '8' },
    isolates: { type: 'string', default: '3' },
    // CI: tiny inputs, 2 rounds, 1 isolate pair, so the harness cannot rot; the ratios mean nothing.
    smoke: { type: 'boolean', default: false },
  },
});
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = join(ROOT, 'node_modules/.cache/vigil-ab');
const rounds = values.smoke ? 2 : Number(values.rounds);
const isolates = values.smoke ? 1 : Number(values.isolates);
if (!Number.isInteger(rounds) || rounds < 2) throw new Error('--rounds: a whole number of at least 2');
if (!Number.isInteger(isolates) || isolates < 1) throw new Error('--isolates: a whole number of at least 1');
const names = values.case!.split(',');
for (const name of names) if (!(AB_CASES as readonly string[]).includes(name)) throw new Error(`--case: ${name} is not one of ${AB_CASES.join(', ')}`);

/** A side's worker; `run(case)` is one timed run there. */
interface Remote {
  run(name: string): Promise<RunResult>;
  close(): Promise<number>;
}

async function start(name: string, out: string, inputs: Omit<SideData, 'bundle' | 'root'>): Promise<Remote> {
  const worker = new Worker(new URL('./ab-side.ts', import.meta.url), { workerData: { ...inputs, bundle: out, root: ROOT } satisfies SideData });
  type Answer = { ready?: true; kafkajsProducer?: string; ok?: RunResult; error?: string; closed?: true };
  // The worker's next answer; its error or an exit before answering (out of memory, say) ends the wait too.
  const next = (): Promise<Answer> =>
    new Promise<Answer>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`${name}: the side's worker exited with code ${code}`)));
    }).finally(() => {
      for (const event of ['message', 'error', 'exit']) worker.removeAllListeners(event);
    });
  const ready = await next();
  if (!ready.ready) throw new Error(`${name}: the side did not start`);
  process.stderr.write(`${name}: kafkajs producer ${ready.kafkajsProducer}\n`);
  return {
    async run(c) {
      worker.postMessage(c);
      const answer = await next();
      if (answer.error) throw new Error(`${name}: ${answer.error}`);
      return answer.ok!;
    },
    async close() {
      // The side stops what it started (a mock cluster, a Redis proxy) before its thread ends.
      worker.postMessage('close');
      await next().catch(() => undefined);
      return worker.terminate();
    },
  };
}

// Bundles of earlier runs are not reused (a tree may have changed since): start clean.
rmSync(CACHE, { recursive: true, force: true });
mkdirSync(CACHE, { recursive: true });
// Per checkout: two clones at one revision must not share a worktree (its node_modules link to one of them).
const baseTree = worktree(ROOT, values.base!, join(tmpdir(), 'vigil-ab', hash('sha256', ROOT).slice(0, 8)));
process.stderr.write(`base ${values.base} at ${baseTree}; work: this checkout\n`);
const entra = entraRecords();
const inputs = {
  signals: makeSignals(values.smoke ? 5_000 : 200_000, values.smoke ? 500 : 10_000, 1),
  okta: Array.from({ length: values.smoke ? 500 : 20_000 }, (_, i) => oktaRecord(i)),
  otlpRecords: values.smoke ? 20 : 1_000,
  otlp: [await otlpRecord(50)],
  entra,
  entraRecords: values.smoke ? 400 : 20_000,
  // What this checkout's ingest makes of each: both sides must give the same.
  entraSignals: await signalCounts('entra', entra),
  // A batch of the Kafka bench touches about 160 users, one record each.
  store: { subjects: 10_000, perBatch: 160, batches: values.smoke ? 20 : 300 },
  // Sends of 160: about the size of a correlator batch in the Kafka bench.
  publish: { records: values.smoke ? 800 : 40_000, perSend: 160 },
  kafkaEvents: values.smoke ? 500 : 20_000,
  kafkaSkip: values.smoke ? 0 : 4000,
};
const bundles = { base: join(CACHE, 'base.mjs'), work: join(CACHE, 'work.mjs') };
await bundle(baseTree, bundles.base);
await bundle(ROOT, bundles.work);
/** Per case, the median work/base ratio of each pair of isolates. */
const perIsolate = new Map<string, number[]>(names.map((n) => [n, []]));
/** Heap kept per store key after a `rules` run, per side (see RunResult.bytesPerKey). */
const kept = { base: [] as number[], work: [] as number[] };
for (let i = 0; i < isolates; i++) {
  // A fresh pair of isolates per round of cases, started in alternating order: V8 makes its tiering choices
  // once per isolate, and one unlucky isolate can run 10–30 % slower than another for its whole life.
  const order = i % 2 ? (['work', 'base'] as const) : (['base', 'work'] as const);
  const started: Record<string, Remote> = {};
  for (const name of order) started[name] = await start(name, bundles[name], inputs);
  const [base, work] = [started.base!, started.work!];
  try {
    for (const name of names) {
      const outcomes = new Set<number>();
      const side = (remote: Remote, bytes: number[]) => async () => {
        const r = await remote.run(name);
        outcomes.add(r.outcome);
        if (r.bytesPerKey !== undefined) bytes.push(r.bytesPerKey);
        return r.perSecond;
      };
      const { ratio, ratios } = await pairedRuns(rounds, side(base, kept.base), side(work, kept.work), { swap: true });
      perIsolate.get(name)!.push(ratio);
      // Pairs alternate which side runs first; if the two halves disagree, the order itself costs something.
      const first = (odd: number) => median(ratios.filter((_, k) => k % 2 === odd)).toFixed(2);
      process.stderr.write(
        `isolates ${i + 1}/${isolates} ${name.padEnd(6)} work/base ${ratio.toFixed(2)}×  (base first ${first(0)}×, work first ${first(1)}×; pairs ${ratios.map((r) => r.toFixed(2)).join(' ')})\n`,
      );
      if (outcomes.size > 1)
        throw new Error(`${name}: the sides computed different results (${[...outcomes].join(' vs ')}): the ratio would compare different work`);
    }
  } finally {
    await Promise.all([base.close(), work.close()]);
  }
}
const result: Record<string, number> = {};
for (const [name, ratios] of perIsolate) {
  result[`${name}_ratio`] = Number(median(ratios).toFixed(3));
  process.stderr.write(
    `${name.padEnd(6)} work/base ${median(ratios).toFixed(2)}×  (median over ${isolates} isolate pairs: ${ratios.map((r) => r.toFixed(2)).join(' ')})\n`,
  );
}
if (kept.base.length && kept.work.length) {
  // Not a timing: the same on every run but for GC timing, so the medians of all runs are compared.
  const [b, w] = [median(kept.base), median(kept.work)];
  result.rules_bytes_ratio = Number((w / b).toFixed(3));
  process.stderr.write(`rules  heap kept per store key: work ${w.toFixed(0)} bytes, base ${b.toFixed(0)} bytes (${(w / b).toFixed(2)}×)\n`);
}
console.log(JSON.stringify(result));
