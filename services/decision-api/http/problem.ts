// RFC 9457 problem details: every error the API returns is `application/problem+json`.
import type { ServerResponse } from 'node:http';
import { ERROR_CATALOGUE, VigilError, type ErrorCode } from '@vigil/core';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: ErrorCode;
  errors?: unknown[];
}

/** One input field in error: `path` names it (a query parameter, a path segment, a body field; `(root)` for the whole input). */
export interface FieldProblem {
  path: string;
  message: string;
}

/** A VIGIL_ERR_VALIDATION problem that lists each field in `errors` (docs/api.md), its detail `path: message; …`. */
export function validationError(errors: readonly FieldProblem[]): VigilError {
  return new VigilError('VIGIL_ERR_VALIDATION', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { details: { errors } });
}

/** The fields of a failed zod parse; issues about the value as a whole are named `whole` (the parameter parsed). */
export function zodValidationError(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }, whole = '(root)'): VigilError {
  return validationError(error.issues.map((i) => ({ path: i.path.map(String).join('.') || whole, message: i.message })));
}

export function problemOf(err: unknown): Problem {
  const e = err instanceof VigilError ? err : new VigilError('VIGIL_ERR_INTERNAL', 'internal error');
  const spec = ERROR_CATALOGUE[e.code];
  return {
    type: `https://vigil.dev/problems/${e.code.toLowerCase().replace(/_/g, '-')}`,
    title: spec.title,
    status: spec.status,
    detail: e.message,
    code: e.code,
    ...(e.details?.errors ? { errors: e.details.errors as unknown[] } : {}),
  };
}

/** Headers an error asks for (`WWW-Authenticate` on 401, `Retry-After` on 429), from `details.headers`. */
function headersOf(err: unknown): Record<string, string> {
  const h = err instanceof VigilError ? err.details?.headers : undefined;
  return h && typeof h === 'object' ? (h as Record<string, string>) : {};
}

export function sendProblem(res: ServerResponse, err: unknown, headers: Record<string, string> = {}): void {
  const p = problemOf(err);
  const body = JSON.stringify(p);
  res.writeHead(p.status, {
    'content-type': 'application/problem+json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...headersOf(err),
    ...headers,
  });
  res.end(body);
}

/** 405 for a known path with a method it does not serve, naming the methods it does (RFC 9110 §15.5.6). */
export function sendMethodNotAllowed(res: ServerResponse, method: string, path: string, allowed: readonly string[]): void {
  sendProblem(res, new VigilError('VIGIL_ERR_METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}; use ${allowed.join(', ')}`), {
    allow: allowed.join(', '),
  });
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', ...headers });
  res.end(body);
}
