// Every sink, one line each. Adding a sink is one folder beside these plus one line here.
import { consoleSink } from './console/index.js';
import { elasticsearchSink } from './elasticsearch/index.js';
import { kafkaSink } from './kafka/index.js';
import type { SinkPlugin } from './sink.js';
import { splunkHecSink } from './splunk-hec/index.js';
import { syslogSink } from './syslog/index.js';
import { webhookSink } from './webhook/index.js';

export const SINKS: readonly SinkPlugin[] = [kafkaSink, splunkHecSink, elasticsearchSink, syslogSink, webhookSink, consoleSink];

/** The sink answering a URL scheme such as `syslog+tls`. */
export function sinkForScheme(scheme: string): SinkPlugin | undefined {
  return SINKS.find((s) => s.schemes.includes(scheme));
}
