// Every Kafka topic name Vigil reads or writes, in one place (DESIGN.md §3). Each is configurable at start.

export const TOPICS = {
  rawOtlp: 'otlp_spans',
  rawOkta: 'vigil.raw.okta',
  rawEntra: 'vigil.raw.entra',
  rawCrowdstrike: 'vigil.raw.crowdstrike',
  rawDefender: 'vigil.raw.defender',
  rawOcsf: 'vigil.raw.ocsf',
  rawCaep: 'vigil.raw.caep',
  rawSignals: 'vigil.raw.signals',
  signals: 'vigil.signals',
  deadletter: 'vigil.deadletter',
  decisions: 'vigil.decisions',
  alerts: 'vigil.alerts',
  audit: 'vigil.audit',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

/** Raw topic per ingest source name. */
export const RAW_TOPICS = {
  otlp: TOPICS.rawOtlp,
  okta: TOPICS.rawOkta,
  entra: TOPICS.rawEntra,
  crowdstrike: TOPICS.rawCrowdstrike,
  defender: TOPICS.rawDefender,
  ocsf: TOPICS.rawOcsf,
  caep: TOPICS.rawCaep,
  signals: TOPICS.rawSignals,
} as const;

export type SourceName = keyof typeof RAW_TOPICS;
