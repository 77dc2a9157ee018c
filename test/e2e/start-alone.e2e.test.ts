// "Every service runs alone (`vigil start --only correlator`)" (README): on the embedded default, a service
// without a listening socket runs until SIGTERM and then stops with status 0. (It used to leave Node nothing
// to wait for and exit at once with status 13, "unsettled top-level await".)
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait-for.js';

const BIN = fileURLToPath(new URL('../../services/cli/bin/vigil.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `node <args>` on the embedded default until it logs `started`, watches it keep running, then SIGTERMs it. */
async function runsUntilSigterm(what: string, args: string[], started: string, stopping: string): Promise<void> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VIGIL_')));
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...clean, VIGIL_LOG_LEVEL: 'info' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  try {
    await waitFor(() => err.includes(`"msg":"${started}"`), { timeoutMs: 30_000, message: `${what} said:\n${err}` });
    // Proving that a process does not exit needs a window to watch: one second after it said it started.
    const early = await Promise.race([exited, sleep(1000).then(() => 'running' as const)]);
    expect(early, err).toBe('running');
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toEqual({ code: 0, signal: null });
  expect(err).toContain(`"msg":"${stopping}"`);
}

describe('vigil start --only <one service>', () => {
  it.each(['ingest', 'correlator', 'outputs'])('--only %s runs until SIGTERM, then exits 0', (service) =>
    runsUntilSigterm(`vigil start --only ${service}`, [BIN, 'start', '--only', service], 'vigil started', 'vigil stopping'),
  );
});

describe('a service started on its own (node services/<service>/main.ts)', () => {
  it('runs until SIGTERM, then exits 0', () =>
    runsUntilSigterm(
      'services/correlator/main.ts',
      ['--import', 'tsx', fileURLToPath(new URL('../../services/correlator/main.ts', import.meta.url))],
      'correlator started',
      'correlator stopping',
    ));
});

describe('a standalone decision API with bad settings', () => {
  // Kafka at a port nothing listens on: a check made after connecting would exit 1 with a Kafka error, after
  // kafkajs's retries; checked before, it exits 2 at once and names both problems.
  it('refuses bad VIGIL_API_TOKENS and VIGIL_TRUSTED_KEYS before it connects, exit 2, both named', async () => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VIGIL_')));
    const env = {
      ...clean,
      VIGIL_LOG_LEVEL: 'silent',
      VIGIL_KAFKA_BROKERS: '127.0.0.1:1',
      VIGIL_API_TOKENS: 'operator:short',
      VIGIL_TRUSTED_KEYS: '{"keys": 3}',
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'services/decision-api/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = await new Promise<{ code: number | null }>((resolve) => child.on('exit', (code) => resolve({ code })));
    expect(exited, err).toEqual({ code: 2 });
    expect(err).toContain('vigil decision-api: ');
    expect(err).toContain('VIGIL_API_TOKENS entry 1 (operator): a token needs at least');
    expect(err).toContain('VIGIL_TRUSTED_KEYS: expected a JWKS');
    expect(err).not.toMatch(/Kafka|ECONNREFUSED/);
  });
});
