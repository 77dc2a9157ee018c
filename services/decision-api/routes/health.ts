// Liveness, readiness (the table has caught up with the decisions topic), Prometheus metrics and JWKS.
import type { JSONWebKeySet } from 'jose';
import type { Registry } from '@vigil/telemetry';
import { sendJson } from '../http/problem.js';
import type { RequestContext } from '../http/router.js';

export const healthz = (ctx: RequestContext): void => sendJson(ctx.res, 200, { status: 'ok' });

export function readyz(isReady: () => { ready: boolean; details: Record<string, unknown> }) {
  return (ctx: RequestContext): void => {
    const r = isReady();
    sendJson(ctx.res, r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'starting', ...r.details });
  };
}

export function metricsRoute(registry: Registry) {
  return async (ctx: RequestContext): Promise<void> => {
    const body = await registry.metrics();
    ctx.res.writeHead(200, { 'content-type': registry.contentType });
    ctx.res.end(body);
  };
}

export function jwksRoute(jwks: () => JSONWebKeySet) {
  return (ctx: RequestContext): void => sendJson(ctx.res, 200, jwks(), { 'cache-control': 'public, max-age=300' });
}
