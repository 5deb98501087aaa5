export { detectionErrors } from './detection-errors.js';
export { compileCondition, type EventPredicate } from './matcher/condition-predicate.js';
export { compileRuleQuery, type RuleQuery } from './matcher/rule-query.js';
