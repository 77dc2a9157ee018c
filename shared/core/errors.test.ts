import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, VigilError, isRetriable, toVigilError } from './errors.js';
import { backoffDelayMs, retry } from './retry.js';

describe('error catalogue', () => {
  it('agrees with docs/errors.md, code by code (status and retriable)', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const rows = [...doc.matchAll(/^\| `(VIGIL_ERR_\w+)` \| (\d+) \| (yes|no) \|/gm)].map((m) => [m[1], Number(m[2]), m[3] === 'yes']);
    const catalogue = Object.entries(ERROR_CATALOGUE).map(([code, spec]) => [code, spec.status, spec.retriable]);
    expect(rows).toEqual(catalogue);
  });

  it('keeps the cause and reads retriable from the catalogue unless overridden', () => {
    const cause = new Error('ECONNREFUSED');
    const e = new VigilError('VIGIL_ERR_STORE', 'redis down', { cause });
    expect(e.cause).toBe(cause);
    expect(e.retriable).toBe(true);
    expect(e.status).toBe(503);
    expect(isRetriable(new VigilError('VIGIL_ERR_STORE', 'x', { retriable: false }))).toBe(false);
    expect(isRetriable(new Error('plain'))).toBe(false);
    expect(toVigilError('boom').code).toBe('VIGIL_ERR_INTERNAL');
  });
});

describe('retry', () => {
  it('retries retriable errors until success and stops on the first non-retriable one', async () => {
    let calls = 0;
    const value = await retry(
      async () => {
        calls++;
        if (calls < 3) throw new VigilError('VIGIL_ERR_BUS', 'not yet');
        return 'ok';
      },
      { initialDelayMs: 1, maxDelayMs: 2 },
    );
    expect([value, calls]).toEqual(['ok', 3]);
    let failing = 0;
    await expect(
      retry(
        async () => {
          failing++;
          throw new VigilError('VIGIL_ERR_VALIDATION', 'bad');
        },
        { initialDelayMs: 1 },
      ),
    ).rejects.toThrow('bad');
    expect(failing).toBe(1);
  });

  it('gives up after the retry budget', async () => {
    let calls = 0;
    await expect(retry(async () => (calls++, Promise.reject(new VigilError('VIGIL_ERR_BUS', 'down'))), { retries: 2, initialDelayMs: 1 })).rejects.toThrow(
      'down',
    );
    expect(calls).toBe(3);
  });

  it('draws full jitter under an exponentially growing cap', () => {
    expect(backoffDelayMs(1, { initialDelayMs: 100, maxDelayMs: 10_000, random: () => 1 })).toBe(100);
    expect(backoffDelayMs(4, { initialDelayMs: 100, maxDelayMs: 10_000, random: () => 1 })).toBe(800);
    expect(backoffDelayMs(20, { initialDelayMs: 100, maxDelayMs: 10_000, random: () => 1 })).toBe(10_000);
    expect(backoffDelayMs(3, { initialDelayMs: 100, maxDelayMs: 10_000, random: () => 0 })).toBe(0);
  });
});
