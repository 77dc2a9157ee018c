// Test helpers every source's tests share: run a record through the real processRecord path, read the
// kit's corpus in place, and fuzz a source with fast-check (arbitrary bytes and mutated valid events).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { expect } from 'vitest';
import { createAliasMap, type AliasFile } from '../aliases.js';
import { processRecord, type ProcessOutput } from '../process.js';
import type { RawRecord, Source, SourceContext } from '../source.js';

export const FUZZ_RUNS = Number(process.env.VIGIL_FUZZ_RUNS ?? 1000);

export function testContext(overrides: Partial<SourceContext> & { aliasFile?: AliasFile } = {}): SourceContext {
  return {
    aliases: overrides.aliases ?? createAliasMap(overrides.aliasFile ?? {}),
    settings: overrides.settings ?? {},
    now: overrides.now ?? (() => Date.UTC(2026, 0, 1)),
  };
}

export function rawRecord(source: Source, value: string | Buffer | Uint8Array, offset = '0'): RawRecord {
  return { topic: source.topic, partition: 0, offset, key: null, value: Buffer.from(value) };
}

export function runSource(
  source: Source,
  value: string | Buffer | Uint8Array,
  ctx: SourceContext = testContext(),
  maxRecordBytes = 4 << 20,
): Promise<ProcessOutput> {
  return processRecord(source, rawRecord(source, value), ctx, { maxRecordBytes });
}

/** `../shared/corpus/<dir>` beside the project root (read in place, never copied). */
export const CORPUS_DIR = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));

/**
 * A source's corpus folder that remembers which files a test read: `expectEveryFileRead()` (run as the
 * last test) fails when a file in the folder was never handled, so a new corpus file cannot go unaccounted.
 */
export function corpusFolder(dir: string): { names: string[]; text(name: string): string; expectEveryFileRead(): void } {
  const files = new Map(corpusFiles(dir).map((f) => [f.name, f.text]));
  const read = new Set<string>();
  return {
    names: [...files.keys()],
    text(name) {
      const t = files.get(name);
      if (t === undefined) throw new Error(`corpus/${dir}/${name} does not exist`);
      read.add(name);
      return t;
    },
    expectEveryFileRead() {
      expect(
        [...files.keys()].filter((n) => !read.has(n)),
        `corpus/${dir} files no test handled`,
      ).toEqual([]);
    },
  };
}

export function corpusFiles(dir: string): { name: string; text: string }[] {
  const path = `${CORPUS_DIR}${dir}`;
  if (!existsSync(path)) throw new Error(`corpus folder ${path} is missing: the kit's shared/ must sit beside the project root`);
  return readdirSync(path)
    .sort()
    .map((name) => ({ name, text: readFileSync(`${path}/${name}`, 'utf8') }));
}

/**
 * Asserts that every event is accounted for: each record yields signals, is ignored (counted), or is
 * dead-lettered with a reason. Returns the totals so the test can print and check them.
 */
export async function accountFor(
  source: Source,
  records: string[],
  ctx = testContext(),
): Promise<{ records: number; signals: number; ignored: number; deadletters: number }> {
  const totals = { records: records.length, signals: 0, ignored: 0, deadletters: 0 };
  for (const r of records) {
    const out = await runSource(source, r, ctx);
    expectAccounted(out);
    totals.signals += out.signals.length;
    totals.ignored += out.ignored;
    totals.deadletters += out.deadlettered;
  }
  return totals;
}

/** Every problem of a record's dead-letter (one record carries them all): code and reason each. */
export function problemsOf(out: ProcessOutput): { code: string; reason: string }[] {
  return out.deadletters.flatMap((d) => d.problems ?? [{ code: d.code, reason: d.reason }]);
}

/** Arbitrary bytes, and valid samples with random mutations: never a throw; always signals, ignored or dead-letter. */
export async function fuzzSource(source: Source, validSamples: string[], ctx = testContext(), runs = FUZZ_RUNS): Promise<void> {
  const check = async (bytes: Uint8Array): Promise<void> => {
    expectAccounted(await runSource(source, bytes, ctx));
  };
  await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), check), { numRuns: runs });
  const parsed = validSamples.map((s) => JSON.parse(s) as unknown);
  const value = fc.oneof({ arbitrary: fc.jsonValue(), weight: 3 }, { arbitrary: fc.constantFrom(...PROTOTYPE_KEYS), weight: 1 });
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...parsed), fc.array(fc.tuple(fc.nat(), value), { maxLength: 4 }), async (sample, mutations) => {
      await check(Buffer.from(JSON.stringify(mutate(sample, mutations))));
    }),
    { numRuns: runs },
  );
  // Every string of every sample replaced by each prototype key in turn: vendor strings that index a
  // lookup table must not find Object.prototype's members.
  for (const sample of parsed) {
    for (const path of stringPaths(sample)) {
      for (const key of PROTOTYPE_KEYS) await check(Buffer.from(JSON.stringify(replaceAt(sample, path, key))));
    }
  }
}

/** Names on every object's prototype chain: a vendor string equal to one must not hit a table entry. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf'] as const;

/**
 * Signals, ignored events or dead-letters, each with a reason; and no dead-letter that is Vigil's own bug
 * (a handler that threw, or a normalizer that built an invalid signal) rather than the input's fault.
 */
export function expectAccounted(out: ProcessOutput): void {
  expect(out.signals.length + out.ignored + out.deadletters.length).toBeGreaterThan(0);
  expect(out.deadletters.length).toBeLessThanOrEqual(1);
  for (const d of problemsOf(out)) {
    expect(d.reason.length).toBeGreaterThan(0);
    const bug = d.code === 'VIGIL_ERR_INTERNAL' || /normalized signal .* is invalid/.test(d.reason);
    expect(bug, `dead-letter is a Vigil bug, not bad input: ${d.code} ${d.reason}`).toBe(false);
  }
}

type JsonPath = (string | number)[];

function stringPaths(doc: unknown, at: JsonPath = [], out: JsonPath[] = []): JsonPath[] {
  if (typeof doc === 'string') out.push(at);
  else if (Array.isArray(doc)) doc.forEach((v, i) => stringPaths(v, [...at, i], out));
  else if (doc && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) stringPaths(v, [...at, k], out);
  return out;
}

function replaceAt(doc: unknown, path: JsonPath, value: unknown): unknown {
  const copy = structuredClone(doc);
  let node = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

/** Replaces values at pseudo-random paths of a JSON document. */
function mutate(doc: unknown, mutations: [number, unknown][]): unknown {
  const copy = structuredClone(doc);
  for (const [seed, value] of mutations) {
    const paths: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) {
        node.forEach((v, i) => {
          paths.push({ parent: node, key: i });
          walk(v);
        });
      } else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          paths.push({ parent: node as Record<string, unknown>, key: k });
          walk(v);
        }
      }
    };
    walk(copy);
    const target = paths[seed % Math.max(paths.length, 1)];
    if (target) (target.parent as Record<string | number, unknown>)[target.key] = value;
  }
  return copy;
}
