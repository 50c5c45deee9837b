import { qualifiedColumn } from '../src/analysis/columns.js';
import { analysisListeners } from '../src/analysis/index.js';
import { findOrmSensitiveProjections } from '../src/analysis/orm-projections.js';
import { findSensitiveProjections, type ProjectionMode } from '../src/analysis/projections.js';
import { createRule } from '../src/create-rule.js';
import { escapingFunction } from '../src/messages.js';
import { RECOMMENDED_TIERS, STRICT_TIERS, tiersSchema } from '../src/options.js';
import type { Tier } from '../src/schema/classifier.js';

export type Options = [{ report?: ProjectionMode; tiers?: Tier[] }];
export type MessageIds = 'sensitiveColumn' | 'sensitiveColumnEscapes' | 'removeColumn';

export default createRule<Options, MessageIds>({
  name: 'no-sensitive-projection',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow projecting sensitive columns into rows that reach an HTTP response',
      recommended: true,
      strict: [{ report: 'escaping', tiers: [...STRICT_TIERS] }],
    },
    hasSuggestions: true,
    messages: {
      sensitiveColumn: '`{{column}}` ({{tier}}: {{reason}}) reaches {{sink}}.',
      sensitiveColumnEscapes: '`{{column}}` ({{tier}}: {{reason}}) is returned by `{{fn}}` to its callers.',
      removeColumn: 'Remove `{{item}}` from the projection.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          report: {
            type: 'string',
            enum: ['exposed', 'escaping'],
            description:
              '`exposed` reports sensitive columns that reach a response; `escaping` also reports those a function returns to its callers.',
          },
          tiers: tiersSchema,
        },
      },
    ],
    defaultOptions: [{ report: 'exposed', tiers: [...RECOMMENDED_TIERS] }],
  },
  create(context, [{ report = 'exposed', tiers = [...RECOMMENDED_TIERS] }]) {
    return analysisListeners(context, (analysis) => {
      const sourceCode = context.sourceCode;
      for (const finding of findSensitiveProjections(analysis, tiers, report)) {
        const { sensitivity } = finding.column;
        const data = {
          column: qualifiedColumn(finding.column.table, finding.column.name),
          tier: sensitivity.tier,
          reason: sensitivity.reason,
          sink: finding.sink?.label ?? '',
          fn: escapingFunction(finding.escape?.fn),
          item: finding.itemText,
        };
        const edit = finding.removal && finding.query.sql.edit(finding.removal.start, finding.removal.end, '');
        context.report({
          node: finding.query.sql.carrier,
          loc: {
            start: sourceCode.getLocFromIndex(finding.range[0]),
            end: sourceCode.getLocFromIndex(finding.range[1]),
          },
          messageId: finding.sink ? 'sensitiveColumn' : 'sensitiveColumnEscapes',
          data,
          suggest: edit
            ? [{ messageId: 'removeColumn', data, fix: (fixer) => fixer.replaceTextRange(edit.range, edit.text) }]
            : [],
        });
      }
      for (const finding of findOrmSensitiveProjections(analysis, tiers, report)) {
        const data = {
          column: finding.column,
          tier: finding.sensitivity.tier,
          reason: finding.sensitivity.reason,
          sink: finding.sink?.label ?? '',
          fn: escapingFunction(finding.escape?.fn),
          item: finding.field.name,
        };
        const { removeField } = finding;
        context.report({
          node: finding.node,
          messageId: finding.sink ? 'sensitiveColumn' : 'sensitiveColumnEscapes',
          data,
          suggest: removeField
            ? [{ messageId: 'removeColumn', data, fix: (fixer) => removeField(finding.field, fixer) }]
            : [],
        });
      }
    });
  },
});
