// The two sides of an A/B: a git worktree of the base revision beside this checkout, each tree bundled by
// esbuild into one module (its own @vigil/* packages and ajv inside; other packages resolved from this
// checkout's node_modules), so both load into one process and alternate on the same input.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

/** The cases a side runs (ab-side.ts must define each; ab.ts refuses others before building anything). */
export const AB_CASES = ['rules', 'okta', 'otlp', 'entra', 'store', 'publish', 'kafka', 'kafka-far'] as const;
export type AbCase = (typeof AB_CASES)[number];

/** What each side exports (the same names in every revision this harness compares; kafkaE2e where the revision has it). The `store` and `publish` cases run this checkout's loops on each side's RedisStore and KafkaBus. */
const entryOf = (tree: string): string => {
  const kafka = join(tree, 'test/bench/kafka-e2e.ts');
  return `export { processAll, starterRules } from ${JSON.stringify(join(tree, 'test/bench/rules-bench.ts'))};
export { createAliasMap, processRecord, sourceByName } from '@vigil/ingest';
export { RedisStore } from '@vigil/store';
export { KafkaBus } from '@vigil/bus';
${existsSync(kafka) ? `export { kafkaE2e } from ${JSON.stringify(kafka)};\n` : ''}`;
};

/** A detached worktree of `rev` under `dir`, its node_modules linked to this checkout's. */
export function worktree(root: string, rev: string, dir: string): string {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${rev}^{commit}`], { cwd: root, encoding: 'utf8' }).trim();
  const tree = join(dir, sha.slice(0, 12));
  if (!existsSync(tree)) execFileSync('git', ['worktree', 'add', '--detach', '--force', tree, sha], { cwd: root, stdio: 'ignore' });
  link(join(root, 'node_modules'), join(tree, 'node_modules'));
  for (const top of ['shared', 'services'])
    for (const pkg of readdirSync(join(tree, top))) {
      const own = join(root, top, pkg, 'node_modules');
      if (existsSync(own)) link(own, join(tree, top, pkg, 'node_modules'));
    }
  return tree;
}

function link(target: string, path: string): void {
  if (!existsSync(path)) symlinkSync(target, path);
}

/** Bundles `tree` into `out` (a .mjs under this checkout, so that external packages resolve). */
export async function bundle(tree: string, out: string): Promise<void> {
  const entry = out.replace(/\.mjs$/, '-entry.ts');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(entry, entryOf(tree));
  await build({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    absWorkingDir: tree,
    logLevel: 'error',
    banner: { js: "import { createRequire as __vigilRequire } from 'node:module'; const require = __vigilRequire(import.meta.url);" },
    plugins: [
      {
        name: 'vigil-tree',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (a) => {
            if (a.path.startsWith('@vigil/')) return { path: packageEntry(tree, a.path.slice('@vigil/'.length)) };
            // ajv 8 sits in @vigil/schemas' own node_modules (eslint keeps ajv 6 at the root).
            if (a.path.startsWith('ajv')) return undefined;
            return { external: true };
          });
        },
      },
    ],
  });
  // A service module run as a bundle must not start itself (isEntryPoint compares against argv[1]).
  writeFileSync(out, readFileSync(out, 'utf8').replaceAll('if (isEntryPoint(import.meta.url))', 'if (false)'));
}

/** The file `@vigil/<name>` or `@vigil/<name>/<subpath>` names in `tree`, by the package's exports. */
function packageEntry(tree: string, spec: string): string {
  const [name, ...sub] = spec.split('/');
  const key = sub.length ? `./${sub.join('/')}` : '.';
  for (const top of ['shared', 'services']) {
    const dir = join(tree, top, name!);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const { exports } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports: string | Record<string, string> };
    const file = typeof exports === 'string' ? (key === '.' ? exports : undefined) : exports[key];
    if (file) return join(dir, file);
  }
  throw new Error(`no export @vigil/${spec} in ${tree}`);
}
