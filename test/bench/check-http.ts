// The check endpoint over HTTP on a warm table (decision API router on node:http, port 0).
import type { Server } from 'node:http';
import type { DecisionTable } from '@vigil/decision-api';
import { buildRouter, listen } from '../../services/decision-api/server.js';
import { createMetricsRegistry, silentLogger } from '@vigil/telemetry';
import { httpCheck } from './check-bench.js';

export { checkP99Micros } from './check-bench.js';

export async function httpCheckBench(table: DecisionTable, seconds: number): Promise<{ p99_ms: number; rps: number }> {
  const router = buildRouter({
    table,
    metrics: createMetricsRegistry(),
    logger: silentLogger(),
    jwks: () => ({ keys: [] }),
    ready: () => ({ ready: true, details: {} }),
  } as Parameters<typeof buildRouter>[0]);
  const server: Server = await listen(router, '127.0.0.1', 0, silentLogger());
  const port = (server.address() as { port: number }).port;
  try {
    return await httpCheck(`http://127.0.0.1:${port}/v1/check?user=user1@acme.example&agent=agent-1`, seconds);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}
