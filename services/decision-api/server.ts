// The decision API's HTTP server: routes wired onto node:http with timeouts and header limits.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONWebKeySet } from 'jose';
import { counter, histogram, type Logger, type Registry } from '@vigil/telemetry';
import { Router } from './http/router.js';
import { checkRoute } from './routes/check.js';
import { healthz, jwksRoute, metricsRoute, readyz } from './routes/health.js';
import { decisionsRoute } from './routes/decisions.js';
import type { DecisionTable } from './table.js';

export interface ApiServerDeps {
  table: DecisionTable;
  metrics: Registry;
  logger: Logger;
  jwks: () => JSONWebKeySet;
  ready: () => { ready: boolean; details: Record<string, unknown> };
}

export function buildRouter(deps: ApiServerDeps): Router {
  const checks = counter(deps.metrics, 'vigil_api_checks_total', 'Check requests by verdict', ['action']);
  const checkSeconds = histogram(deps.metrics, 'vigil_api_check_seconds', 'Check handling time', [], [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01]);
  return new Router()
    .on('GET', '/v1/check', checkRoute(deps.table, (action, s) => (checks.inc({ action }), checkSeconds.observe(s))))
    .on('GET', '/v1/decisions', decisionsRoute(deps.table))
    .on('GET', '/.well-known/jwks.json', jwksRoute(deps.jwks))
    .on('GET', '/healthz', healthz)
    .on('GET', '/readyz', readyz(deps.ready))
    .on('GET', '/metrics', metricsRoute(deps.metrics));
}

export async function listen(router: Router, host: string, port: number, logger: Logger): Promise<Server> {
  const server = createServer({ maxHeaderSize: 16 * 1024, requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => {
    void router.handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  logger.info({ host: addr.address, port: addr.port }, 'decision API listening');
  return server;
}
