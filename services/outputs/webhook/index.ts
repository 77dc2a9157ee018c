// The webhook sink: HTTPS POST of JSON alerts with an HMAC-SHA256 signature and a timestamp against replays.
import { defineSink } from '../sink.js';
import { webhookSchema } from './config.js';
import { WebhookTransport } from './deliver.js';

export const webhookSink = defineSink({
  type: 'webhook',
  schemes: ['webhook', 'webhook+https', 'webhook+http'],
  schema: webhookSchema,
  create: (config) => new WebhookTransport(config),
});
