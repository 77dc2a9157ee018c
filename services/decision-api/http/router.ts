// A small method + path router (`/v1/subjects/:key`) over node:http; errors become problem JSON.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { VigilError } from '@vigil/core';
import type { Principal } from './auth.js';
import { sendProblem } from './problem.js';

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
    let pathMatched = false;
    for (const r of this.routes) {
      const params = match(r.parts, parts);
      if (!params) continue;
      pathMatched = true;
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
    sendProblem(res, new VigilError('VIGIL_ERR_NOT_FOUND', pathMatched ? `${req.method} is not allowed on ${url.pathname}` : `no route ${url.pathname}`), {});
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
