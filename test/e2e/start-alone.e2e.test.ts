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

function start(service: string) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VIGIL_')));
  const child = spawn(process.execPath, [BIN, 'start', '--only', service], {
    cwd: ROOT,
    env: { ...clean, VIGIL_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const io = { err: '' };
  child.stderr.on('data', (d: Buffer) => (io.err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, io, exited };
}

describe('vigil start --only <one service>', () => {
  it.each(['ingest', 'correlator', 'outputs'])('--only %s runs until SIGTERM, then exits 0', async (service) => {
    const { child, io, exited } = start(service);
    try {
      await waitFor(() => io.err.includes('"msg":"vigil started"'), { timeoutMs: 30_000, message: `vigil start --only ${service} said:\n${io.err}` });
      // Proving that a process does not exit needs a window to watch: one second after it said it started.
      const early = await Promise.race([exited, sleep(1000).then(() => 'running' as const)]);
      expect(early, io.err).toBe('running');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(io.err).toMatch(/"msg":"vigil stopping"/);
  });
});
