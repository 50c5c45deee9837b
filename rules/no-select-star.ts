import { analysisListeners } from '../src/analysis/index.js';
import {
  expandForSuggestion,
  findWildcards,
  formatSources,
  type WildcardMode,
} from '../src/analysis/wildcards.js';
import { createRule } from '../src/create-rule.js';
import { listNames } from '../src/messages.js';
import { RECOMMENDED_TIERS, STRICT_TIERS, tiersSchema } from '../src/options.js';
import type { Tier } from '../src/schema/classifier.js';

export type Options = [{ report?: WildcardMode; tiers?: Tier[] }];
export type MessageIds = 'exposedWildcard' | 'wildcard' | 'listSafeColumns';


export default createRule<Options, MessageIds>({
  name: 'no-select-star',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow SQL wildcards (`SELECT *`, `t.*`, `RETURNING *`, whole-row JSON) whose rows reach an HTTP response',
      recommended: true,
      strict: [{ report: 'all', tiers: [...STRICT_TIERS] }],
    },
    hasSuggestions: true,
    messages: {
      exposedWildcard:
        '`{{wildcard}}` returns every column of {{sources}}{{detail}} to {{sink}}. List the columns the client needs.',
      wildcard: '`{{wildcard}}` returns every column of {{sources}}{{detail}}. List the columns the caller needs.',
      listSafeColumns: 'Replace `{{wildcard}}` with the columns of {{sources}} that are not sensitive.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          report: {
            type: 'string',
            enum: ['exposed', 'all'],
            description:
              '`exposed` reports wildcards whose rows reach a response; `all` reports every result wildcard in SQL.',
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
      for (const finding of findWildcards(analysis, report)) {
        const expansion = expandForSuggestion(finding, analysis.catalog, analysis.classifier, tiers);
        const sensitiveNames = [...new Set(expansion?.sensitive.map((c) => c.name) ?? [])];
        const data = {
          wildcard: finding.wildcard.text,
          sources: formatSources(finding.wildcard),
          detail: sensitiveNames.length > 0 ? ` (including ${listNames(sensitiveNames)})` : '',
          sink: finding.sink?.label ?? '',
        };
        const edit = expansion?.edit && finding.query.sql.edit(expansion.edit.start, expansion.edit.end, expansion.edit.text);
        context.report({
          node: finding.query.sql.carrier,
          loc: {
            start: sourceCode.getLocFromIndex(finding.range[0]),
            end: sourceCode.getLocFromIndex(finding.range[1]),
          },
          messageId: finding.sink ? 'exposedWildcard' : 'wildcard',
          data,
          suggest: edit
            ? [{ messageId: 'listSafeColumns', data, fix: (fixer) => fixer.replaceTextRange(edit.range, edit.text) }]
            : [],
        });
      }
    });
  },
});
