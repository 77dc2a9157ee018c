// One side of `bench:ab`, in its own worker thread: its own V8 isolate, heap and module graph (zod and the
// other external packages included), so that neither side's JIT state, inline caches or garbage touch the
// other's timings. The main thread sends a case name per timed run; the answer is that run's figure.
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import type { AbCase } from './ab-build.js';
import type { IngestApi } from './ingest-bench.js';
import type { Signal } from '@vigil/schemas';
import { startKafkaCluster, type KafkaCluster } from '../helpers/kafka-cluster.js';
import { testRedisUrl } from '../helpers/redis.js';
import type { E2eMode, E2eResult } from './kafka-e2e.js';
import type { RedisDelay } from './redis-delay.js';
import type { RedisStore } from '@vigil/store';
import type { KafkaBus } from '@vigil/bus';

/** The surface both bundles export (see ab-build.ts). */
interface Side extends IngestApi {
  processAll(set: unknown, signals: unknown[], batch?: number): Promise<{ perSecond: number; decisions: number; store?: { size: number } }>;
  starterRules(dir: string): unknown;
  RedisStore: typeof RedisStore;
  KafkaBus: typeof KafkaBus;
  /** Absent from revisions before the Kafka bench. */
  kafkaE2e?(cluster: KafkaCluster, redisUrl: string, count: number, mode: E2eMode, skip?: number): Promise<E2eResult>;
}

/** What the main thread hands both sides: the same inputs, built once. */
export interface SideData {
  bundle: string;
  root: string;
  signals: Signal[];
  /** One record each, run once per timed run. */
  okta: Uint8Array[];
  /** Records run per timed run, cycling through `otlp`. */
  otlpRecords: number;
  otlp: Uint8Array[];
  /** Records per timed run, cycling through `entra` (one Event Hub batch among them: several signals). */
  entraRecords: number;
  entra: Uint8Array[];
  /** Signals per `entra` record, as this checkout gives them. */
  entraSignals: number[];
  /** `store`: claims and fenced writes of `perBatch` subject records per batch, over `subjects` subjects. */
  store: { subjects: number; perBatch: number; batches: number };
  /** `publish`: records per timed run, in publishes of `perSend`. */
  publish: { records: number; perSend: number };
  /** `kafka` cases: events timed per run, after `kafkaSkip` untimed ones. */
  kafkaEvents: number;
  kafkaSkip: number;
}

/** A timed run's figure and what it computed, which must be the same on both sides. */
export interface RunResult {
  perSecond: number;
  outcome: number;
  /**
   * `rules` only: heap the run's store keeps per key (this isolate's heap, collected before and after), so a
   * change that buys speed with memory shows here too. Not timed.
   */
  bytesPerKey?: number;
}

const data = workerData as SideData;
const side = (await import(pathToFileURL(data.bundle).href)) as Side;
// Only now this checkout's modules that load @vigil/ingest or @vigil/runtime, and with them this checkout's
// @vigil/bus: had they loaded kafkajs before the side's bundle did, the base side would run on this
// checkout's kafkajs, producer replacements and all (@vigil/bus/kafkajs), and a change to them would
// measure as nothing. Both sides load kafkajs from the same files, once per worker, as their own bus does.
const { recordsRun } = await import('./ingest-bench.js');
const { REDIS_DELAY_MS, startRedisDelay } = await import('./redis-delay.js');
const { storeRun } = await import('./store-bench.js');
const { publishRun } = await import('./publish-bench.js');
/** Whether this side's kafkajs runs with the producer replacements (the base side's may not have them). */
const kafkajsCrc = (createRequire(import.meta.url)('kafkajs/src/protocol/recordBatch/crc32C/index.js') as { name: string }).name;
const buffers = (xs: Uint8Array[]): Buffer[] => xs.map((x) => Buffer.from(x.buffer, x.byteOffset, x.byteLength));
const okta = buffers(data.okta);
const otlp = buffers(data.otlp);
const entra = buffers(data.entra);
const rules = side.starterRules(join(data.root, 'rules'));

// Ingest runs check each record's signal count themselves (recordsRun throws on a difference).
const cases: Record<AbCase, () => Promise<RunResult>> = {
  rules: async () => {
    const signals = structuredClone(data.signals);
    globalThis.gc?.();
    const before = getHeapStatistics().used_heap_size;
    const { perSecond, decisions, store } = await side.processAll(rules, signals);
    globalThis.gc?.();
    const kept = getHeapStatistics().used_heap_size - before;
    return { perSecond, outcome: decisions, ...(store?.size ? { bytesPerKey: kept / store.size } : {}) };
  },
  okta: outcomeless(recordsRun(side, 'okta', okta, okta.length, [1])),
  otlp: outcomeless(recordsRun(side, 'otlp', otlp, data.otlpRecords, [50], { encoding: 'otlp_proto' })),
  entra: outcomeless(recordsRun(side, 'entra', entra, data.entraRecords, data.entraSignals)),
  // The sum of what the claims read back (each write stores its key's touch count) must be the same.
  store: async () => {
    const { keysPerSecond, readBack } = await storeRun(side.RedisStore, testRedisUrl(), data.store);
    return { perSecond: keysPerSecond, outcome: readBack };
  },
  // Every record sent must be stored, once, on both sides.
  publish: async () => {
    cluster ??= await startKafkaCluster({ brokers: 3 });
    // Per second of the side's own CPU: the brokers' share of the two cores is the same work for both sides.
    const { recordsPerCpuSecond, stored } = await publishRun(side.KafkaBus, cluster, data.publish);
    return { perSecond: recordsPerCpuSecond, outcome: stored };
  },
  // Each run checks the decisions topic itself (one r1 step-up per five-failure user, nothing else).
  kafka: outcomeless(() => kafkaRun(testRedisUrl())),
  'kafka-far': outcomeless(async () => kafkaRun((far ??= await startRedisDelay(testRedisUrl(), REDIS_DELAY_MS)).url)),
};

/**
 * This side's own mock cluster (3 brokers, started at its first Kafka run and kept for the worker's life) and,
 * for `kafka-far`, its own Redis delay proxy: both stopped when the main thread closes the side.
 */
let cluster: KafkaCluster | undefined;
let far: RedisDelay | undefined;

async function kafkaRun(redisUrl: string): Promise<number> {
  if (!side.kafkaE2e) throw new Error('this revision has no test/bench/kafka-e2e.ts: the kafka cases cannot run on it');
  cluster ??= await startKafkaCluster({ brokers: 3 });
  return (await side.kafkaE2e(cluster, redisUrl, data.kafkaEvents, 'services', data.kafkaSkip)).perSecond;
}

function outcomeless(run: () => Promise<number>): () => Promise<RunResult> {
  return async () => ({ perSecond: await run(), outcome: 0 });
}

parentPort!.on('message', async (name: AbCase | 'close') => {
  if (name === 'close') {
    await Promise.all([cluster?.stop(), far?.stop()]);
    parentPort!.postMessage({ closed: true });
    return;
  }
  try {
    const run = cases[name];
    if (!run) throw new Error(`--case: ${name} is not one of ${Object.keys(cases).join(', ')}`);
    globalThis.gc?.();
    parentPort!.postMessage({ ok: await run() });
  } catch (e) {
    parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
parentPort!.postMessage({ ready: true, kafkajsProducer: kafkajsCrc === 'recordBatchCrc' ? 'replaced' : 'as shipped' });
