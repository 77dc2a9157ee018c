// @vigil/outputs: alerts to SIEMs (Kafka, Splunk HEC, Elasticsearch, syslog, webhook) in ECS, OCSF or CEF.
export { startOutputs } from './main.js';
