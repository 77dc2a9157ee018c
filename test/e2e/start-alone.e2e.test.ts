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

describe('a standalone service with bad settings', () => {
  // Redis and Kafka at a port nothing listens on: a check made after the runtime connects to Redis would exit
  // 1 naming Redis; checked before, it exits 2 at once and names every problem.
  it.each([
    {
      service: 'decision-api',
      env: { VIGIL_API_TOKENS: 'operator:short', VIGIL_TRUSTED_KEYS: '{"keys": 3}' },
      named: ['VIGIL_API_TOKENS entry 1 (operator): a token needs at least', 'VIGIL_TRUSTED_KEYS: expected a JWKS'],
    },
    { service: 'correlator', env: { VIGIL_RULES_DIR: '/no/such/rules' }, named: ['/no/such/rules'] },
    { service: 'outputs', env: { VIGIL_OUTPUTS: 'nope://sink' }, named: ['VIGIL_OUTPUTS[0] nope://sink: '] },
    { service: 'ingest', env: { VIGIL_ALIASES_FILE: '/no/such/aliases.json' }, named: ['/no/such/aliases.json'] },
  ])('$service refuses them before it connects: exit 2, every problem named', async ({ service, env, named }) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VIGIL_')));
    const child = spawn(process.execPath, ['--import', 'tsx', `services/${service}/main.ts`], {
      cwd: ROOT,
      env: { ...clean, VIGIL_LOG_LEVEL: 'silent', VIGIL_KAFKA_BROKERS: '127.0.0.1:1', VIGIL_REDIS_URL: 'redis://127.0.0.1:1', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = await new Promise<{ code: number | null }>((resolve) => child.on('exit', (code) => resolve({ code })));
    expect(exited, err).toEqual({ code: 2 });
    expect(err).toContain(`vigil ${service}: `);
    for (const text of named) expect(err).toContain(text);
    expect(err).not.toMatch(/Kafka|Redis|ECONNREFUSED/);
  });
});
