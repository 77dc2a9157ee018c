// zod pieces for sink URL parameters, which arrive as strings: durations, whole numbers, booleans, alert
// formats, files read at start, and secrets taken from the environment variable a `*_env` parameter names.
import { readFileSync } from 'node:fs';
import { parseDurationMs } from '@vigil/core';
import { z } from 'zod';
import { ALERT_FORMATS, type AlertFormat } from '../formats/index.js';
import type { ConfigContext } from '../sink.js';
import { Secret } from './secret.js';

/** A duration such as `500ms`, `10s`, `2m` (plain numbers are seconds), as milliseconds. */
export function durationParam(minMs = 0, maxMs = 24 * 3_600_000) {
  return z.string().transform((s, ctx) => {
    const ms = parseDurationMs(s);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${s}" is not a duration (e.g. 500ms, 10s, 2m)`, input: s });
      return z.NEVER;
    }
    if (ms < minMs || ms > maxMs) {
      ctx.addIssue({ code: 'custom', message: `${s} is outside ${minMs}ms..${maxMs}ms`, input: s });
      return z.NEVER;
    }
    return ms;
  });
}

export function intParam(min: number, max: number) {
  return z.string().regex(/^\d+$/, 'expected a whole number').transform(Number).pipe(z.number().int().min(min).max(max));
}

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

export function boolParam() {
  return z.enum([...TRUE, ...FALSE] as [string, ...string[]], { error: 'expected true or false' }).transform((v) => TRUE.includes(v));
}

/** One of the alert formats this sink can carry. */
export function formatParam<const F extends AlertFormat>(allowed: readonly F[] = ALERT_FORMATS as unknown as readonly F[]) {
  return z.enum(allowed as unknown as [F, ...F[]], { error: `expected one of ${allowed.join(', ')}` });
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `token_env=HEC_TOKEN` → the value of $HEC_TOKEN, which must be set and non-empty. */
export function secretParam(ctx: ConfigContext) {
  return z
    .string({ error: (i) => (i.input === undefined ? 'required: the name of the environment variable that holds the secret' : undefined) })
    .regex(ENV_NAME, 'expected the name of an environment variable (the secret itself never goes in the URL)')
    .transform((name, c) => {
      const value = ctx.env[name];
      if (value === undefined || value === '') {
        c.addIssue({ code: 'custom', message: `environment variable ${name} is not set`, input: name });
        return z.NEVER;
      }
      return new Secret(name, value);
    });
}

/** A file read once at start (a CA bundle, a client certificate); a missing file is a config error. */
export function fileParam() {
  return z
    .string()
    .min(1)
    .transform((path, c) => {
      try {
        return readFileSync(path);
      } catch (err) {
        c.addIssue({ code: 'custom', message: `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, input: path });
        return z.NEVER;
      }
    });
}

export function hostRequired() {
  return z.string().min(1, 'the URL needs a host');
}

/** A TCP port, with a default when the URL names none. */
export function portOr(fallback: number) {
  return z
    .number()
    .int()
    .min(1, 'port 0 is not a destination')
    .max(65535)
    .optional()
    .transform((p) => p ?? fallback);
}
