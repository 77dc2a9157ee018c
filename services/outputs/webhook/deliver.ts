// POSTs alerts to the webhook; 2xx delivered, 408 / 429 / 5xx retried (Retry-After honoured), any other
// status dead-lettered. Each attempt is signed afresh, so a retry carries a current timestamp.
import type { Alert } from '@vigil/schemas';
import { HttpClient } from '../kit/http-client.js';
import { responseOutcome } from '../kit/http-outcome.js';
import type { DeliverContext, ItemOutcome, SinkTransport } from '../sink.js';
import type { WebhookConfig } from './config.js';
import { webhookRequest } from './encode.js';

export class WebhookTransport implements SinkTransport {
  private readonly client: HttpClient;

  constructor(private readonly config: WebhookConfig) {
    this.client = new HttpClient(config.endpoint);
  }

  async deliver(alerts: readonly Alert[], ctx: DeliverContext): Promise<ItemOutcome[]> {
    const c = this.config;
    const { body, headers } = webhookRequest(alerts, {
      format: c.format,
      batched: c.batched,
      secret: c.secret?.reveal(),
      bearer: c.bearer?.reveal(),
      extraHeaders: c.headers?.reveal(),
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    const res = await this.client.request({ method: 'POST', path: c.path, headers, body, timeoutMs: c.timeoutMs, signal: ctx.signal });
    const outcome = responseOutcome(res, 'webhook ');
    return alerts.map(() => outcome);
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
