// Rule conditions (json-rules-engine format) compiled into synchronous predicates, with the engine as reference.
export { compileConditions, type CompiledCondition, type CompileOptions, type Facts } from './compile.js';
export { evaluateWithEngine, createEngineEvaluator, registerOperators, type ReferenceOptions } from './reference.js';
export { VIGIL_OPERATORS, type CustomOperator, type OperatorContext } from './operators.js';
export { JRE_OPERATORS, JRE_DECORATORS } from './jre-operators.js';
export { PATH_SUBSET } from './path.js';
export {
  ConditionsSchema,
  ConditionNodeSchema,
  LeafConditionSchema,
  FactReferenceSchema,
  type Conditions,
  type ConditionNode,
  type LeafCondition,
} from './schema.js';
