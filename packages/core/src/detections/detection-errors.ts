import { defineError } from '../errors.js';

/**
 * Errors of rule files, rule queries and Sigma conversion. `details.field` names the rule key
 * (`threshold.count`, `tests.mustMatch.0`), with `line`/`column` when the rule came from YAML.
 */
export const detectionErrors = {
  ruleInvalid: defineError({ code: 'rule.invalid', statusCode: 400, message: 'The rule is not valid' }),
  ruleTestFailed: defineError({ code: 'rule.test_failed', statusCode: 422, message: 'A test case of the rule does not behave as the rule says' }),
  sigmaInvalid: defineError({ code: 'sigma.invalid', statusCode: 400, message: 'The Sigma rule is not valid YAML or lacks a required part' }),
  sigmaUnsupported: defineError({ code: 'sigma.unsupported', statusCode: 400, message: 'The Sigma rule uses a construct this service cannot evaluate' }),
  ruleNotFound: defineError({ code: 'rule.not_found', statusCode: 404, message: 'Rule not found' }),
};
