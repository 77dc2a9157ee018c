// The same enforcement as a Fastify `onRequest` hook: `app.addHook('onRequest', vigilOnRequest(gateway, identify))`.
// Typed structurally so this example needs no Fastify install; with Fastify the real request/reply fit.
import { httpAnswerOf, type CheckRequest, type VigilGateway } from '@vigil/gateway-sdk';

export interface HookRequest {
  headers: Record<string, string | string[] | undefined>;
}

export interface HookReply {
  code(status: number): HookReply;
  headers(values: Record<string, string>): HookReply;
  send(body: unknown): unknown;
}

export function vigilOnRequest<R extends HookRequest>(gateway: Pick<VigilGateway, 'check'>, identify: (request: R) => CheckRequest) {
  return async (request: R, reply: HookReply): Promise<void> => {
    const answer = httpAnswerOf(gateway.check(identify(request)));
    if (answer) await reply.code(answer.status).headers(answer.headers).send(answer.body);
  };
}
