/** The registry: rule name (without the plugin prefix) → rule. Kept sorted. */
import noSelectStar from '../rules/no-select-star.js';

export const rules = {
  'no-select-star': noSelectStar,
};

export type RuleName = keyof typeof rules;
