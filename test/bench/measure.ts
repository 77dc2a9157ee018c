// Measurement helpers: warm-up excluded, several runs, the median reported.

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** Runs `fn` once to warm up, then `runs` times; returns the median of what each run reports. */
export async function medianOf(runs: number, fn: () => Promise<number> | number): Promise<number> {
  await fn();
  const values: number[] = [];
  for (let i = 0; i < runs; i++) values.push(await fn());
  return median(values);
}

/**
 * A fresh copy of `value` for every timed run, as the services get their signals: just parsed from JSON, as
 * `bench:ab` gives each run its own structured clone. A run over objects an earlier run already read would
 * find them touched (lines warm, string hashes perhaps computed); paired runs of reused against fresh signals came
 * out within this machine's noise (medians of eight pairs 0.94, 1.16 and 1.00), so this removes a possible
 * bias, not a measured one. The copy is parsed and the heap collected before the run starts: the timing pays
 * for neither.
 */
export function freshEachRun<T>(value: T): () => T {
  const json = JSON.stringify(value);
  return () => {
    const copy = JSON.parse(json) as T;
    collectHeap();
    return copy;
  };
}

/** A full collection where the process runs with `--expose-gc` (as `npm run bench` does); else nothing. */
export function collectHeap(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function rate(count: number, ms: number): number {
  return count / (ms / 1000);
}

export interface Paired {
  /** Medians of each side's own figures. */
  baseline: number;
  work: number;
  /** Median of work / baseline over the pairs: each pair ran back to back, so drifts of the machine cancel. */
  ratio: number;
  /** work / baseline of each pair, in order. */
  ratios: number[];
}

/**
 * The two sides of a ratio, alternated: each warmed up once, then `runs` pairs run back to back (baseline,
 * work, baseline, work …). A shared machine's speed drifts over seconds; within a pair it mostly does not.
 * With `swap`, every other pair runs work first (baseline, work, work, baseline, …), so that a drift within
 * pairs favours neither side either. Under `node --expose-gc` (as `npm run bench` runs) the heap is collected
 * before every run, so that neither side pays for the garbage the other left in the shared heap.
 */
export async function pairedRuns(
  runs: number,
  baseline: () => Promise<number> | number,
  work: () => Promise<number> | number,
  options: { swap?: boolean } = {},
): Promise<Paired> {
  const collected = (run: () => Promise<number> | number) => (): Promise<number> | number => (collectHeap(), run());
  baseline = collected(baseline);
  work = collected(work);
  await baseline();
  await work();
  const b: number[] = [];
  const w: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (options.swap && i % 2) {
      w.push(await work());
      b.push(await baseline());
    } else {
      b.push(await baseline());
      w.push(await work());
    }
    r.push(w[i]! / b[i]!);
  }
  return { baseline: median(b), work: median(w), ratio: median(r), ratios: r };
}
