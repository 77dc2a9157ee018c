// @vigil/correlator: JSON rules over the signal stream → decisions, alerts, audit.
export { prepareCorrelator, startCorrelator, type CorrelatorPrepared } from './main.js';
export { CorrelatorService } from './service.js';
export { Correlator, type CorrelatorOutput, type RuleHitRecord } from './engine/correlator.js';
export { buildRuleSet, compileRuleSet, type RuleSet } from './engine/rule-set.js';
export { loadRules, formatProblem, type RuleProblem, type LoadResult } from './rules/load.js';
export { RuleSchema, RuleSettingsSchema, type Rule, type RuleCase } from './rules/schema.js';
export { runRuleCases, type CaseResult } from './rules/cases.js';
