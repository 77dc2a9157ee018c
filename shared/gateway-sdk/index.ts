// @vigil/gateway-sdk: enforce Vigil decisions in a TypeScript gateway. Reads `vigil.decisions` with kafkajs,
// verifies every record's signature, and answers check({ user, agent, … }) synchronously. docs/gateways.md.
export { VigilGateway, type GatewayOptions, type GatewayVerdict, type GatewayStats, type FailMode } from './gateway.js';
export { EnforcementTable, type Verdict } from './table.js';
export { readDecisionRecord, type DropReason, type RecordResult } from './record.js';
export { verifierFor, type KeySource } from './keys.js';
export { subjectKeysOf, type CheckRequest } from './subjects.js';
export { httpAnswerOf, type HttpAnswer } from './answer.js';
