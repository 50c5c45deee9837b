import { getFileAnalysis } from '../src/analysis/index.js';
import { findWildcards, formatSources, type WildcardMode } from '../src/analysis/wildcards.js';
import { createRule } from '../src/create-rule.js';

export type Options = [{ report?: WildcardMode }];
export type MessageIds = 'exposedWildcard' | 'wildcard';

export default createRule<Options, MessageIds>({
  name: 'no-select-star',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow SQL wildcards (`SELECT *`, `t.*`, `RETURNING *`, whole-row JSON) whose rows reach an HTTP response',
      recommended: true,
      strict: [{ report: 'all' }],
    },
    messages: {
      exposedWildcard: '`{{wildcard}}` returns every column of {{sources}} to {{sink}}. List the columns the client needs.',
      wildcard: '`{{wildcard}}` returns every column of {{sources}}. List the columns the caller needs.',
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
        },
      },
    ],
    defaultOptions: [{ report: 'exposed' }],
  },
  create(context, [{ report = 'exposed' }]) {
    return {
      'Program:exit'() {
        const sourceCode = context.sourceCode;
        for (const finding of findWildcards(getFileAnalysis(context), report)) {
          const data = {
            wildcard: finding.wildcard.text,
            sources: formatSources(finding.wildcard),
            sink: finding.sink?.label ?? '',
          };
          context.report({
            node: finding.query.sql.carrier,
            loc: {
              start: sourceCode.getLocFromIndex(finding.range[0]),
              end: sourceCode.getLocFromIndex(finding.range[1]),
            },
            messageId: finding.sink ? 'exposedWildcard' : 'wildcard',
            data,
          });
        }
      },
    };
  },
});
