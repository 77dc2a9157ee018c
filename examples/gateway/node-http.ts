// Enforcing Vigil decisions in a Node.js http server with @vigil/gateway-sdk: block → 403,
// step_up → 401 with X-Vigil-Action: step_up (send the user through MFA), allow → on to the handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpAnswerOf, type CheckRequest, type VigilGateway } from '@vigil/gateway-sdk';

/** Who a request is for. Read it from what your gateway has verified (a session, a JWT), not from raw client headers. */
export type Identify = (req: IncomingMessage) => CheckRequest;

/** Connect/Express-style middleware: `(req, res, next)`. */
export function vigilMiddleware(gateway: Pick<VigilGateway, 'check'>, identify: Identify) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const answer = httpAnswerOf(gateway.check(identify(req)));
    if (!answer) return next();
    const body = JSON.stringify(answer.body);
    res.writeHead(answer.status, { ...answer.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
}
