// The one error catalogue: stable VIGIL_ERR_* codes, a retriable flag read by retry(), the cause kept,
// and the HTTP status each code maps to (docs/errors.md is checked against this list by a test).

export interface ErrorSpec {
  readonly status: number;
  readonly retriable: boolean;
  readonly title: string;
}

export const ERROR_CATALOGUE = {
  VIGIL_ERR_CONFIG: { status: 500, retriable: false, title: 'Invalid configuration' },
  VIGIL_ERR_PARSE: { status: 400, retriable: false, title: 'Input is not parseable' },
  VIGIL_ERR_VALIDATION: { status: 400, retriable: false, title: 'Input failed validation' },
  VIGIL_ERR_TOO_LARGE: { status: 413, retriable: false, title: 'Input exceeds the size limit' },
  VIGIL_ERR_UNSUPPORTED: { status: 422, retriable: false, title: 'Input kind is not supported' },
  VIGIL_ERR_SIGNATURE: { status: 401, retriable: false, title: 'Signature missing or invalid' },
  VIGIL_ERR_UNAUTHENTICATED: { status: 401, retriable: false, title: 'Authentication required' },
  VIGIL_ERR_FORBIDDEN: { status: 403, retriable: false, title: 'Not allowed for this role' },
  VIGIL_ERR_NOT_FOUND: { status: 404, retriable: false, title: 'Not found' },
  VIGIL_ERR_METHOD_NOT_ALLOWED: { status: 405, retriable: false, title: 'Method not allowed' },
  VIGIL_ERR_RATE_LIMITED: { status: 429, retriable: true, title: 'Too many requests' },
  VIGIL_ERR_RULE: { status: 422, retriable: false, title: 'Rule is invalid' },
  VIGIL_ERR_BUS: { status: 503, retriable: true, title: 'Message bus unavailable' },
  VIGIL_ERR_STORE: { status: 503, retriable: true, title: 'State store unavailable' },
  VIGIL_ERR_DELIVERY: { status: 502, retriable: true, title: 'Delivery to a sink failed' },
  VIGIL_ERR_TIMEOUT: { status: 504, retriable: true, title: 'Operation timed out' },
  VIGIL_ERR_SHUTDOWN: { status: 503, retriable: false, title: 'Shutting down' },
  VIGIL_ERR_INTERNAL: { status: 500, retriable: false, title: 'Internal error' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class VigilError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; retriable?: boolean; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'VigilError';
    this.code = code;
    this.retriable = options.retriable ?? ERROR_CATALOGUE[code].retriable;
    this.details = options.details;
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }
}

export class ConfigError extends VigilError {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super('VIGIL_ERR_CONFIG', `invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Runs `check`; the problems of the ConfigError it throws, or none. Any other error is thrown on. */
export function configProblems(check: () => unknown): readonly string[] {
  try {
    check();
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.problems;
  }
}

/** True when an operation that failed with `err` is worth trying again. Unknown errors are not. */
export function isRetriable(err: unknown): boolean {
  if (err instanceof VigilError) return err.retriable;
  if (err && typeof err === 'object' && 'retriable' in err) return Boolean((err as { retriable: unknown }).retriable);
  return false;
}

/** Wraps anything thrown into a VigilError with the given code, keeping it as cause. */
export function toVigilError(err: unknown, code: ErrorCode = 'VIGIL_ERR_INTERNAL'): VigilError {
  if (err instanceof VigilError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new VigilError(code, message, { cause: err });
}

export function httpStatusOf(err: unknown): number {
  return err instanceof VigilError ? err.status : 500;
}
