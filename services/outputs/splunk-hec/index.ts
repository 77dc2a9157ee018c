// The Splunk HEC sink: batched events with the HEC token, optional indexer acknowledgement, retries on
// 429 / 5xx with backoff and jitter (Retry-After honoured), other 4xx dead-lettered.
import { defineSink } from '../sink.js';
import { hecSchema } from './config.js';
import { HecTransport } from './deliver.js';

export const splunkHecSink = defineSink({
  type: 'splunk-hec',
  schemes: ['splunk-hec', 'splunk-hec+https', 'splunk-hec+http'],
  schema: hecSchema,
  create: (config, deps) => new HecTransport(config, deps.logger),
});
