// `npm run bench`: every figure of docs/performance.md measured in one run on one machine, printed as a
// table and, as the last line, one JSON object. `--smoke` runs tiny sizes so CI keeps the harness alive.
import { parseArgs } from 'node:util';
import { assertRedisReachable, testRedisUrl } from '../helpers/redis.js';
import { checkP99Micros, httpCheckBench } from './check-http.js';
import type { E2eMode } from './kafka-e2e.js';
import { kafkaRounds } from './kafka-rounds.js';
import { REDIS_DELAY_MS } from './redis-delay.js';
import { pipelineBench } from './pipeline-bench.js';
import { checkEquality, jreRun, starterRules, vigilRun } from './rules-bench.js';
import { bytesPerSubject, costPerSignal, withOtherRules } from './scaling-bench.js';
import { makeSignals, SIGNAL_STEP_MS } from './signals.js';
import { warmTable } from './check-bench.js';
import { ingestBench } from './ingest-bench.js';
import { pairedRuns } from './measure.js';

const { values } = parseArgs({ options: { smoke: { type: 'boolean', default: false }, only: { type: 'string' } } });
const smoke = values.smoke;
const only = values.only?.split(',');
const want = (name: string): boolean => !only || only.includes(name);
const SIZES = smoke
  ? {
      runs: 1,
      jre: 300,
      vigil: 3000,
      equality: 300,
      fewSubjects: 100,
      manySubjects: 2000,
      cost: 2000,
      bytesSignals: 20_000,
      bytesSubjects: 2000,
      checkSubjects: 1000,
      checkSamples: 10_000,
      pipeline: 300,
      latency: 50,
      kafka: 500,
      kafkaRounds: 1,
      kafkaWarmUp: 0,
      ingest: 500,
      http: 1,
    }
  : {
      runs: 5,
      jre: 5000,
      vigil: 200_000,
      equality: 5000,
      fewSubjects: 10_000,
      manySubjects: 1_000_000,
      cost: 100_000,
      bytesSignals: 1_000_000,
      bytesSubjects: 100_000,
      checkSubjects: 100_000,
      checkSamples: 1_000_000,
      pipeline: 20_000,
      latency: 2000,
      kafka: 20_000,
      kafkaRounds: 3,
      kafkaWarmUp: 4000,
      ingest: 20_000,
      http: 5,
    };

const result: Record<string, number> = {};
const rows: [string, string, string][] = [];
const note = (key: string, value: number, unit: string): void => {
  result[key] = Number(value.toFixed(value >= 100 ? 0 : 3));
  rows.push([key, result[key]!.toLocaleString('en-US'), unit]);
};
const log = (s: string): void => void process.stderr.write(`${s}\n`);

const rules = starterRules();

if (want('rules')) {
  log('rules: json-rules-engine vs compiled …');
  const signals = makeSignals(SIZES.vigil, SIZES.fewSubjects, 1);
  log(`  equality over ${await checkEquality(rules, signals.slice(0, SIZES.equality))} signals: identical selector matches`);
  // One run of Vigil's side for both pairs below: it keeps the signals' JSON for a fresh copy per run.
  const rulesRun = vigilRun(rules, signals);
  const paired = await pairedRuns(SIZES.runs, jreRun(rules, signals.slice(0, SIZES.jre)), rulesRun);
  note('jre_signals_per_s', paired.baseline, 'signals/s, one engine.run per signal');
  note('rules_signals_per_s', paired.work, 'signals/s, compiled + state, one core');
  note('rules_ratio_vs_jre', paired.ratio, '× (median of back-to-back pairs)');
  // The same mix over a hundredth of the subjects, each seeing signals at the same rate (event time stretched
  // as much), so that the state stays in the caches: how much of the figure above is where the state lives.
  const inCacheSubjects = Math.max(1, SIZES.fewSubjects / 100);
  const inCache = makeSignals(SIZES.vigil, inCacheSubjects, 1, undefined, (SIGNAL_STEP_MS * SIZES.fewSubjects) / inCacheSubjects);
  const cache = await pairedRuns(SIZES.runs, rulesRun, vigilRun(rules, inCache), { swap: true });
  note('rules_in_cache_signals_per_s', cache.work, `signals/s, the same mix over ${inCacheSubjects} subjects (their state stays in cache)`);
  note('rules_in_cache_ratio', cache.ratio, `× rules_signals_per_s (${inCacheSubjects} vs ${SIZES.fewSubjects.toLocaleString()} subjects, back-to-back pairs)`);
}

if (want('scaling')) {
  log('scaling: subjects and rules …');
  const subjects = await pairedRuns(
    Math.min(SIZES.runs, 3),
    costPerSignal(rules, SIZES.fewSubjects, SIZES.cost),
    costPerSignal(rules, SIZES.manySubjects, SIZES.cost),
  );
  note(
    'subjects_cost_ratio',
    subjects.ratio,
    `× (${SIZES.manySubjects.toLocaleString()} vs ${SIZES.fewSubjects.toLocaleString()} subjects, back-to-back pairs)`,
  );
  const many = await pairedRuns(
    SIZES.runs,
    costPerSignal(rules, SIZES.fewSubjects, SIZES.cost),
    costPerSignal(withOtherRules(rules, 500 - rules.rules.length), SIZES.fewSubjects, SIZES.cost),
  );
  note('rules_cost_ratio', many.ratio, `× (500 vs ${rules.rules.length} rules, back-to-back pairs)`);
  const mem = await bytesPerSubject(rules, SIZES.bytesSignals, SIZES.bytesSubjects);
  note(
    'bytes_per_subject',
    mem.bytes,
    `bytes per active subject (${SIZES.bytesSignals.toLocaleString()} signals over ${SIZES.bytesSubjects.toLocaleString()} users × agents × devices = ${mem.keys.toLocaleString()} subjects with state)`,
  );
}

if (want('check')) {
  log('check: warm table …');
  const table = warmTable(SIZES.checkSubjects);
  note('check_p99_us', checkP99Micros(table, SIZES.checkSubjects, SIZES.checkSamples), 'µs in-process (user+agent+device)');
  const http = await httpCheckBench(table, SIZES.http);
  note('check_http_p99_ms', http.p99_ms, `ms over HTTP (autocannon, 16 connections, ${http.rps.toFixed(0)} req/s)`);
}

if (want('ingest')) {
  log('ingest: per source …');
  const i = await ingestBench(SIZES.ingest, SIZES.runs);
  note(
    'ingest_otlp_proto_records_per_s',
    i.otlpRecords,
    `records/s (50 GenAI spans each: ${Math.round(i.otlpSpans).toLocaleString('en-US')} spans/s), one core`,
  );
  note('ingest_okta_records_per_s', i.okta, 'records/s, one core');
  for (const [name, perS] of Object.entries(i.perSource)) note(`ingest_${name}_records_per_s`, perS, 'records/s, one core');
}

if (want('pipeline')) {
  log('pipeline: embedded bus …');
  const p = await pipelineBench(SIZES.pipeline, SIZES.latency);
  note('pipeline_signals_per_s', p.perSecond, 'raw events/s → decisions, embedded');
  note('pipeline_p50_ms', p.p50, 'ms raw event → decision published');
  note('pipeline_p99_ms', p.p99, 'ms');
}

if (want('kafka')) {
  const rounds = `${SIZES.kafkaRounds} round${SIZES.kafkaRounds === 1 ? '' : 's'}`;
  log(`kafka: mock cluster, ${rounds}${SIZES.kafkaWarmUp ? ' after a warm-up' : ''} …`);
  const redisUrl = testRedisUrl();
  await assertRedisReachable(redisUrl);
  const k = await kafkaRounds(redisUrl, SIZES.kafka, SIZES.kafkaRounds, SIZES.kafkaWarmUp, log);
  const range = (xs: number[]): string => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
  const ratio = (key: string, shape: E2eMode): void =>
    note(key, k.shapes[shape].ratio, `× (median of ${rounds}, each against its own pass-through: ${range(k.shapes[shape].ratios)})`);
  note('kafka_pipe_msgs_per_s', k.pipe, 'msgs/s kafkajs consume → parse → produce (median of the rounds)');
  note(
    'kafka_pipe2_msgs_per_s',
    k.pipe2.perSecond,
    'msgs/s two such pass-throughs chained in one process (two hops), timed at the second as the services are at the correlator',
  );
  note('kafka_pipe2_ratio_vs_pipe', k.pipe2.ratio, `× (median of ${rounds}: ${range(k.pipe2.ratios)})`);
  note('kafka_e2e_signals_per_s', k.shapes.services.perSecond, 'raw events/s ingest + correlator as two services in one process, Redis state');
  ratio('kafka_e2e_ratio_vs_pipe', 'services');
  note('kafka_e2e_ratio_vs_pipe2', k.servicesVsPipe2.ratio, `× the two-hop pass-through of the same round (${range(k.servicesVsPipe2.ratios)})`);
  note('kafka_e2e_2proc_signals_per_s', k.shapes.processes.perSecond, 'raw events/s, the same two services in two processes (as deployed)');
  ratio('kafka_e2e_2proc_ratio_vs_pipe', 'processes');
  note('kafka_inline_signals_per_s', k.shapes.inline.perSecond, 'raw events/s, VIGIL_INLINE_CORRELATION (one process, one hop), Redis state');
  ratio('kafka_inline_ratio_vs_pipe', 'inline');
  note('kafka_e2e_redis_far_signals_per_s', k.redisFar.perSecond, `raw events/s, two services in one process, every Redis reply ${REDIS_DELAY_MS} ms later`);
  note('kafka_e2e_redis_far_ratio', k.redisFar.ratio, `× the two services with Redis on loopback, same round (${range(k.redisFar.ratios)})`);
  note('redis_roundtrips_per_batch', k.roundTripsPerBatch, `round trips (the most of any round, counted over ${k.batches} batches)`);
}

const width = Math.max(...rows.map((r) => r[0].length));
process.stdout.write(`\n${'figure'.padEnd(width)}  value\n${'-'.repeat(width)}  -----\n`);
for (const [k, v, u] of rows) process.stdout.write(`${k.padEnd(width)}  ${v} ${u}\n`);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
