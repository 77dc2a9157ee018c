// A small method + path router (`/v1/subjects/:key`) over node:http; errors become problem JSON, a known
// path with another method 405 with Allow.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { VigilError } from '@vigil/core';
import type { Principal } from './auth.js';
import { sendMethodNotAllowed, sendProblem } from './problem.js';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  /** The authenticated caller, set by Authenticator.guard. */
  principal?: Principal;
}

export type Handler = (ctx: RequestContext) => Promise<void> | void;

interface Route {
  method: string;
  parts: string[];
  handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];

  /** `onError` hears every failure that is not the caller's (5xx), to log it. */
  constructor(private readonly onError?: (err: unknown, req: IncomingMessage) => void) {}

  on(method: string, path: string, handler: Handler): this {
    this.routes.push({ method, parts: path.split('/').filter(Boolean), handler });
    return this;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean);
    const allowed = new Set<string>();
    for (const r of this.routes) {
      const params = match(r.parts, parts);
      if (!params) continue;
      allowed.add(r.method);
      if (r.method === 'GET') allowed.add('HEAD');
      if (r.method !== req.method && !(r.method === 'GET' && req.method === 'HEAD')) continue;
      try {
        await r.handler({ req, res, url, params });
      } catch (err) {
        if (!(err instanceof VigilError) || err.status >= 500) this.onError?.(err, req);
        if (!res.headersSent) sendProblem(res, err);
        else res.destroy(err as Error);
      }
      return;
    }
    if (allowed.size) return sendMethodNotAllowed(res, req.method ?? '', url.pathname, [...allowed]);
    sendProblem(res, new VigilError('VIGIL_ERR_NOT_FOUND', `no route ${url.pathname}`));
  }
}

function match(route: string[], parts: string[]): Record<string, string> | undefined {
  if (route.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < route.length; i++) {
    const r = route[i]!;
    const p = parts[i]!;
    if (r.startsWith(':')) {
      try {
        params[r.slice(1)] = decodeURIComponent(p);
      } catch {
        return undefined;
      }
    } else if (r !== p) return undefined;
  }
  return params;
}
