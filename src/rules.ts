/** The registry: rule name (without the plugin prefix) → rule. Kept sorted. */
import noSelectStar from '../rules/no-select-star.js';
import noSensitiveProjection from '../rules/no-sensitive-projection.js';

export const rules = {
  'no-select-star': noSelectStar,
  'no-sensitive-projection': noSensitiveProjection,
};

export type RuleName = keyof typeof rules;
