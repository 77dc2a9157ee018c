// @vigil/decision-api: the decision table, the check endpoint and the admin API.
export { startDecisionApi, type DecisionApi } from './main.js';
export { DecisionTable, type Verdict } from './table.js';
