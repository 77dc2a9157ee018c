// The Kafka figures as rounds: each round runs the pass-through and the three service shapes back to back on a
// fresh mock cluster, and each shape's ratio is taken against the pass-through of its own round. A single run
// of any of them moves by ±40 % with this shared machine; within a round the machine mostly holds still. Each
// round also times two pass-throughs chained (two hops, as ingest → correlator, timed at the second).
// A warm-up round (small, unmeasured) comes first, so that no timed run pays for the first JIT of kafkajs, and
// every timed run starts timing after as many events again: the services of the two-process shape are new
// processes in every run, cold until then.
import { startKafkaCluster } from '../helpers/kafka-cluster.js';
import { kafkaPipe } from './kafka-bench.js';
import { kafkaE2e, type E2eMode } from './kafka-e2e.js';
import { median } from './measure.js';
import { REDIS_DELAY_MS, startRedisDelay } from './redis-delay.js';

export const SHAPES: readonly E2eMode[] = ['services', 'processes', 'inline'];

export interface KafkaRounds {
  /** Median pass-through rate over the rounds (msgs/s). */
  pipe: number;
  /**
   * Two pass-throughs chained in one process (two hops, no work but JSON, timed at the second): its median rate, and
   * the median of its per-round ratios to the one-hop pass-through, with their range — what the hop in front costs.
   */
  pipe2: { perSecond: number; ratio: number; ratios: number[] };
  /** The two-services shape against the two-hop pass-through of its round: median and range. */
  servicesVsPipe2: { ratio: number; ratios: number[] };
  /** Per shape: the median rate and the median of its per-round ratios to the pass-through, with their range. */
  shapes: Record<E2eMode, { perSecond: number; ratio: number; ratios: number[] }>;
  /**
   * The two-services shape again with every Redis reply `REDIS_DELAY_MS` later (a proxy in front of Redis): its
   * median rate, and the median of its per-round ratios to the two-services run of its round, with their range.
   */
  redisFar: { perSecond: number; ratio: number; ratios: number[] };
  /** The largest Redis round trips per correlator batch of any round (counted by the store). */
  roundTripsPerBatch: number;
  batches: number;
}

/**
 * `rounds` measured rounds of `count` events each, after one warm-up round of `warmUp` events (none if 0). Odd rounds run
 * the pass-through last instead of first, so a drift within rounds favours no side.
 */
export async function kafkaRounds(redisUrl: string, count: number, rounds: number, warmUp: number, log: (s: string) => void): Promise<KafkaRounds> {
  const pipes: number[] = [];
  const pipes2: number[] = [];
  const rates: Record<E2eMode, number[]> = { services: [], processes: [], inline: [] };
  const far: number[] = [];
  const delay = await startRedisDelay(redisUrl, REDIS_DELAY_MS);
  let trips = 0;
  let batches = 0;
  try {
    for (let round = warmUp > 0 ? -1 : 0; round < rounds; round++) {
      const n = round < 0 ? warmUp : count;
      const cluster = await startKafkaCluster({ brokers: 3 });
      try {
        // Each measured run passes `warmUp` events through untimed first: the two-process shape's services start cold.
        const skip = round < 0 ? 0 : warmUp;
        const runPipes = async (): Promise<[number, number]> => [await kafkaPipe(cluster, n, skip), await kafkaPipe(cluster, n, skip, 2)];
        const pipeFirst = round % 2 === 0 || round < 0;
        const pipe: [number, number] = pipeFirst ? await runPipes() : [0, 0];
        const got: Partial<Record<E2eMode, number>> = {};
        let farRate = 0;
        const runFar = async (): Promise<void> => void (farRate = (await kafkaE2e(cluster, delay.url, n, 'services', skip)).perSecond);
        for (const shape of SHAPES) {
          // The far-Redis run sits beside the services run it is compared with (before it in odd rounds, after
          // it in even ones), so that both see the same stretch of the host and neither always goes first.
          const farFirst = shape === 'services' && round % 2 === 1;
          if (farFirst) await runFar();
          const r = await kafkaE2e(cluster, redisUrl, n, shape, skip);
          got[shape] = r.perSecond;
          if (shape === 'services' && !farFirst) await runFar();
          if (shape === 'services' && round >= 0) {
            trips = Math.max(trips, r.roundTripsPerBatch);
            batches += r.batches;
          }
        }
        const [pipeRate, pipe2Rate] = pipeFirst ? pipe : await runPipes();
        if (round < 0) {
          log('  warm-up round done');
          continue;
        }
        pipes.push(pipeRate);
        pipes2.push(pipe2Rate);
        for (const shape of SHAPES) rates[shape].push(got[shape]!);
        far.push(farRate);
        log(
          `  round ${round + 1}/${rounds}: pipe ${Math.round(pipeRate)}/s, two hops ${(pipe2Rate / pipeRate).toFixed(2)}×, ${SHAPES.map((s) => `${s} ${(got[s]! / pipeRate).toFixed(2)}×`).join(', ')}, Redis ${REDIS_DELAY_MS} ms away ${(farRate / got.services!).toFixed(2)}× services`,
        );
      } finally {
        await cluster.stop();
      }
    }
  } finally {
    await delay.stop();
  }
  const shapes = Object.fromEntries(
    SHAPES.map((shape) => [shape, { perSecond: median(rates[shape]), ...perRound(rates[shape], pipes) }]),
  ) as KafkaRounds['shapes'];
  return {
    pipe: median(pipes),
    pipe2: { perSecond: median(pipes2), ...perRound(pipes2, pipes) },
    servicesVsPipe2: perRound(rates.services, pipes2),
    redisFar: { perSecond: median(far), ...perRound(far, rates.services) },
    shapes,
    roundTripsPerBatch: trips,
    batches,
  };
}

/** Each round's rate over its own baseline, and their median. */
function perRound(rates: readonly number[], baselines: readonly number[]): { ratio: number; ratios: number[] } {
  const ratios = rates.map((r, i) => r / baselines[i]!);
  return { ratio: median(ratios), ratios };
}
