// @vigil/decision-api: the decision table, the check endpoint, the admin API (overrides, subjects, stream).
export { prepareDecisionApi, startDecisionApi, type DecisionApi, type DecisionApiOptions, type DecisionApiPrepared } from './main.js';
export { DecisionTable, type Verdict } from './table.js';
export { parseApiTokens, ROLES, type Role } from './http/tokens.js';
