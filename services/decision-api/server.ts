// The decision API's HTTP server: every route with its access level and rate limit, wired onto node:http
// with timeouts and header limits. The access table here is the one docs/api.md documents.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONWebKeySet } from 'jose';
import { VigilError } from '@vigil/core';
import { counter, histogram, type Logger, type Registry } from '@vigil/telemetry';
import { Authenticator, type Access } from './http/auth.js';
import { rateLimited, TokenBuckets, type TokenBucketOptions } from './http/rate-limit.js';
import { Router, type Handler } from './http/router.js';
import type { OverrideService } from './overrides/service.js';
import type { Risk } from './risk.js';
import { checkRoute } from './routes/check.js';
import { decisionsRoute } from './routes/decisions.js';
import { healthz, jwksRoute, metricsRoute, readyz } from './routes/health.js';
import { createOverrideRoute, deleteOverrideRoute, listOverridesRoute } from './routes/overrides.js';
import { streamRoute } from './routes/stream.js';
import { subjectRoute } from './routes/subjects.js';
import type { SseHub } from './sse-hub.js';
import type { DecisionTable } from './table.js';

export interface ApiServerDeps {
  table: DecisionTable;
  metrics: Registry;
  logger: Logger;
  jwks: () => JSONWebKeySet;
  ready: () => { ready: boolean; details: Record<string, unknown> };
  /** Without it, no token is accepted: the check route stays open, every admin route answers 401. */
  auth?: Authenticator;
  /** The admin routes need these three; a check-only server (benchmarks) leaves them out. */
  overrides?: OverrideService;
  riskOf?: (subject: string) => Promise<Risk | undefined>;
  hub?: SseHub;
  /** Per-client token buckets: reads of the admin API, and overrides. */
  limits?: { read?: TokenBucketOptions; write?: TokenBucketOptions };
}

export const DEFAULT_LIMITS = { read: { capacity: 120, perSecond: 20 }, write: { capacity: 20, perSecond: 1 } } as const;

export function buildRouter(deps: ApiServerDeps): Router {
  const checks = counter(deps.metrics, 'vigil_api_checks_total', 'Check requests by verdict', ['action']);
  const checkSeconds = histogram(deps.metrics, 'vigil_api_check_seconds', 'Check handling time', [], [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01]);
  const read = new TokenBuckets(deps.limits?.read ?? DEFAULT_LIMITS.read);
  const write = new TokenBuckets(deps.limits?.write ?? DEFAULT_LIMITS.write);
  const auth = deps.auth ?? new Authenticator([]);
  const admin = (access: Access, buckets: TokenBuckets, handler: Handler): Handler => rateLimited(buckets, auth.guard(access, handler));
  const router = new Router((err, req) => deps.logger.error({ err, method: req.method, url: req.url?.split('?')[0] }, 'request failed'))
    .on(
      'GET',
      '/v1/check',
      auth.guard(
        'check',
        checkRoute(deps.table, (action, s) => (checks.inc({ action }), checkSeconds.observe(s))),
      ),
    )
    .on('GET', '/v1/decisions', admin('viewer', read, decisionsRoute(deps.table)))
    .on('GET', '/v1/overrides', admin('viewer', read, listOverridesRoute(deps.table)))
    .on('GET', '/metrics', admin('viewer', read, metricsRoute(deps.metrics)))
    .on('GET', '/.well-known/jwks.json', jwksRoute(deps.jwks))
    .on('GET', '/healthz', healthz)
    .on('GET', '/readyz', readyz(deps.ready));
  if (deps.riskOf) router.on('GET', '/v1/subjects/:key', admin('viewer', read, subjectRoute(deps.table, deps.riskOf)));
  if (deps.hub) router.on('GET', '/v1/stream', admin('viewer', read, streamRoute(deps.hub)));
  if (deps.overrides) {
    router.on('POST', '/v1/overrides', admin('operator', write, createOverrideRoute(deps.overrides)));
    router.on('DELETE', '/v1/overrides/:key', admin('operator', write, deleteOverrideRoute(deps.overrides)));
  }
  return router;
}

/** A port that cannot be bound is the operator's to fix: one line naming the setting, not a stack trace. */
function listenError(err: NodeJS.ErrnoException, host: string, port: number): VigilError {
  const why = err.code === 'EADDRINUSE' ? 'is already in use by another process' : `cannot be bound: ${err.message}`;
  return new VigilError('VIGIL_ERR_CONFIG', `VIGIL_HTTP_HOST:VIGIL_HTTP_PORT ${host}:${port} ${why}`, { cause: err });
}

export async function listen(router: Router, host: string, port: number, logger: Logger): Promise<Server> {
  const server = createServer({ maxHeaderSize: 16 * 1024, requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => {
    void router.handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, host, port)));
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  logger.info({ host: addr.address, port: addr.port }, 'decision API listening');
  return server;
}
