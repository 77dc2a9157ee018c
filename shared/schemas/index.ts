// @vigil/schemas: the contracts every service imports (topics, subjects, signal, decision, alert, dead-letter, audit).
export { TOPICS, RAW_TOPICS, type TopicName, type SourceName } from './topics.js';
export {
  SUBJECT_KINDS,
  SubjectKindSchema,
  SubjectKeySchema,
  SubjectsSchema,
  subjectKey,
  subjectId,
  parseSubjectKey,
  primarySubjectKey,
  type SubjectKind,
  type SubjectKey,
  type Subjects,
} from './subjects.js';
export {
  SIGNAL_SOURCES,
  SIGNAL_TYPES,
  DATA_CLASSIFICATIONS,
  TimeSchema,
  TraceRefSchema,
  RawRefSchema,
  SignalSchema,
  type Signal,
  type SignalInput,
  type SignalSource,
  type DataClassification,
  type TraceRef,
  type RawRef,
} from './signal.js';
export {
  ACTIONS,
  ActionSchema,
  SEVERITIES,
  SeveritySchema,
  MODES,
  ACTION_RANK,
  EvidenceSchema,
  ScopeSchema,
  DecisionSchema,
  SIGNATURE_HEADER,
  overrideRecordKey,
  type Action,
  type Severity,
  type Mode,
  type Evidence,
  type Decision,
  type DecisionInput,
} from './decision.js';
export { ALERT_KINDS, AlertSchema, type Alert, type AlertInput } from './alert.js';
export { DeadLetterSchema, buildDeadLetter, DEAD_LETTER_MAX_VALUE_BYTES, type DeadLetter, type DeadLetterOptions } from './deadletter.js';
export { AuditSchema, type Audit } from './audit.js';
export { PUBLISHED_SCHEMAS, renderJsonSchema } from './json-schema.js';
export { toIsoMs, parseIsoMs } from './time.js';
