/** The registry: rule name (without the plugin prefix) → rule. Kept sorted. */
import noFullEntityResponse from '../rules/no-full-entity-response.js';
import noMassAssignment from '../rules/no-mass-assignment.js';
import noSelectStar from '../rules/no-select-star.js';
import noSensitiveProjection from '../rules/no-sensitive-projection.js';

export const rules = {
  'no-full-entity-response': noFullEntityResponse,
  'no-mass-assignment': noMassAssignment,
  'no-select-star': noSelectStar,
  'no-sensitive-projection': noSensitiveProjection,
};

export type RuleName = keyof typeof rules;
