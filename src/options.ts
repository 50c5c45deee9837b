/** Rule options shared by several rules: their JSON-schema fragments and defaults. */
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { ALL_TIERS, type Tier } from './schema/classifier.js';

/** `recommended` reports the secret tier only (precision first). */
export const RECOMMENDED_TIERS: readonly Tier[] = ['secret'];
/** `strict` reports every tier. */
export const STRICT_TIERS: readonly Tier[] = ALL_TIERS;

export const tiersSchema: JSONSchema4 = {
  type: 'array',
  items: { type: 'string', enum: [...ALL_TIERS] },
  uniqueItems: true,
  minItems: 1,
  description:
    'Sensitivity tiers to report: `secret` (credentials, tokens, keys, card data, government ids), `personal` (e-mail, phone, address, birth date, IP, user agent) and `internal` (tenant ids, roles, admin flags, internal notes, audit columns).',
};
