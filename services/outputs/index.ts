// @vigil/outputs: alerts to SIEMs (Kafka, Splunk HEC, Elasticsearch, syslog, webhook) in ECS, OCSF or CEF.
export { startOutputs } from './main.js';
export * from './formats/index.js';
export { alertTopicValue, alertFromTopicValue, ALERT_TOPIC_SCHEMA, type AlertRead } from './alert-topic.js';
