// GET /v1/stream: server-sent events of every decision applied to the table (see sse-hub.ts).
import type { RequestContext } from '../http/router.js';
import type { SseHub } from '../sse-hub.js';

export function streamRoute(hub: SseHub) {
  return (ctx: RequestContext): void => {
    // HEAD carries no body: answer it without holding a stream slot open.
    if (ctx.req.method === 'HEAD') return void ctx.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' }).end();
    const last = ctx.req.headers['last-event-id'];
    hub.attach(ctx.res, typeof last === 'string' && last.length <= 256 ? last : undefined);
  };
}
