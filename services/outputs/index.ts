// @vigil/outputs: alerts to SIEMs (Kafka, Splunk HEC, Elasticsearch, syslog, webhook, console) in ECS, OCSF or CEF.
export { prepareOutputs, startOutputs, type OutputsOptions, type OutputsPrepared, type OutputsService } from './main.js';
export * from './formats/index.js';
export { alertTopicValue, alertFromTopicValue, ALERT_TOPIC_SCHEMA, type AlertRead } from './alert-topic.js';
export { parseOutputs, defaultOutputs } from './outputs-config.js';
export { SINKS, sinkForScheme } from './registry.js';
export { sinkDeadletterTopic } from './delivery/dead-letters.js';
export { signWebhook, verifyWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './webhook/signature.js';
export type { SinkPlugin, SinkTransport, ItemOutcome, ConfiguredSink } from './sink.js';
