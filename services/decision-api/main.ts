// Composition root of the decision API: table from `vigil.decisions` (signatures verified against the
// JWKS), HTTP routes, periodic purge of expired entries.
import type { Server } from 'node:http';
import { isEntryPoint, runStandalone, type Runtime, type Started } from '@vigil/runtime';
import type { Decision } from '@vigil/schemas';
import { createVerifier, jwksOf } from '@vigil/signing';
import { DecisionConsumer } from './consumer.js';
import { buildRouter, listen } from './server.js';
import { DecisionTable } from './table.js';

export interface DecisionApi extends Started {
  table: DecisionTable;
  server: Server;
  consumer: DecisionConsumer;
  port: number;
}

export async function startDecisionApi(rt: Runtime, options: { port?: number; onDecision?: (d: Decision) => void } = {}): Promise<DecisionApi> {
  const log = rt.log('decision-api');
  const table = new DecisionTable();
  const jwks = jwksOf(rt.signingKey);
  const consumer = new DecisionConsumer(rt.topics.decisions, rt.settings.groupPrefix, {
    bus: rt.bus,
    table,
    verify: createVerifier(jwks),
    logger: log,
    metrics: rt.metrics,
    ...(options.onDecision ? { onDecision: options.onDecision } : {}),
  });
  await consumer.start();
  const router = buildRouter({
    table,
    metrics: rt.metrics,
    logger: log,
    jwks: () => jwks,
    ready: () => ({ ready: consumer.ready, details: { decisions: table.size } }),
  });
  const server = await listen(router, rt.settings.httpHost, options.port ?? rt.settings.httpPort, log);
  const purge = setInterval(() => table.purge(), 30_000);
  purge.unref();
  const address = server.address();
  return {
    table,
    server,
    consumer,
    port: typeof address === 'object' && address ? address.port : 0,
    stop: async () => {
      clearInterval(purge);
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await consumer.stop();
    },
  };
}

if (isEntryPoint(import.meta.url)) await runStandalone('decision-api', startDecisionApi);
