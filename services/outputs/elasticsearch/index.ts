// The Elasticsearch sink: `_bulk` NDJSON with `_id` = alert id, failed items retried one by one.
import { defineSink } from '../sink.js';
import { esSchema } from './config.js';
import { ElasticsearchTransport } from './deliver.js';

export const elasticsearchSink = defineSink({
  type: 'elasticsearch',
  schemes: ['elasticsearch', 'elasticsearch+https', 'elasticsearch+http'],
  schema: esSchema,
  create: (config) => new ElasticsearchTransport(config),
});
