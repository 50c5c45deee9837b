import type { TSESLint } from '@typescript-eslint/utils';
import { findEntityExposures, type EntityFinding, type EntityMode } from '../src/analysis/entity-exposure.js';
import { analysisListeners } from '../src/analysis/index.js';
import { createRule } from '../src/create-rule.js';
import { escapingFunction, listNames } from '../src/messages.js';
import { RECOMMENDED_TIERS, STRICT_TIERS, tiersSchema } from '../src/options.js';
import type { Tier } from '../src/schema/classifier.js';

export type Options = [{ report?: EntityMode; tiers?: Tier[] }];
export type MessageIds =
  | 'wholeEntity'
  | 'wholeEntityEscapes'
  | 'wholeRelation'
  | 'wholeRelationEscapes'
  | 'selectFields'
  | 'excludeFields';


type Suggestion = TSESLint.SuggestionReportDescriptor<MessageIds>;

function suggestionsFor(finding: EntityFinding, data: Record<string, string>): Suggestion[] {
  const { read } = finding.read;
  if (finding.relation) return [];
  const { project, exclude } = read.edits;
  if (finding.safe && finding.safe.length > 0 && project && read.projection.kind !== 'exclusion') {
    const fields = finding.safe;
    return [
      {
        messageId: 'selectFields',
        data: { ...data, fields: listNames(fields) },
        fix: (fixer) => project(fields, fixer),
      },
    ];
  }
  if (finding.sensitive.length > 0 && exclude) {
    const fields = finding.sensitive;
    return [
      {
        messageId: 'excludeFields',
        data: { ...data, fields: listNames(fields) },
        fix: (fixer) => exclude(fields, fixer),
      },
    ];
  }
  return [];
}

export default createRule<Options, MessageIds>({
  name: 'no-full-entity-response',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow ORM reads without a projection whose whole entities reach an HTTP response',
      recommended: true,
      strict: [{ report: 'escaping', tiers: [...STRICT_TIERS] }],
    },
    hasSuggestions: true,
    messages: {
      wholeEntity: '`{{call}}` returns whole `{{entity}}` rows{{detail}} to {{sink}}. Select the fields the client needs.',
      wholeEntityEscapes:
        '`{{call}}` returns whole `{{entity}}` rows{{detail}}, and `{{fn}}` returns them to its callers. Select the fields they need.',
      wholeRelation:
        '`{{call}}` loads `{{relation}}` as whole `{{entity}}` rows{{detail}}, which reach {{sink}}. Select the fields of `{{relation}}` the client needs.',
      wholeRelationEscapes:
        '`{{call}}` loads `{{relation}}` as whole `{{entity}}` rows{{detail}}, and `{{fn}}` returns them to its callers.',
      selectFields: 'Select only {{fields}}.',
      excludeFields: 'Exclude {{fields}}.',
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
              '`exposed` reports whole entities that reach a response; `escaping` also reports those a function returns to its callers.',
          },
          tiers: tiersSchema,
        },
      },
    ],
    defaultOptions: [{ report: 'exposed', tiers: [...RECOMMENDED_TIERS] }],
  },
  create(context, [{ report = 'exposed', tiers = [...RECOMMENDED_TIERS] }]) {
    return analysisListeners(context, (analysis) => {
      for (const finding of findEntityExposures(analysis, tiers, report)) {
        const data = {
          call: finding.read.read.callText,
          entity: finding.entity?.displayName ?? finding.relation?.name ?? 'entity',
          relation: finding.relation?.name ?? '',
          detail: finding.sensitive.length > 0 ? ` (${listNames(finding.sensitive)})` : '',
          sink: finding.sink?.label ?? '',
          fn: escapingFunction(finding.escape?.fn),
        };
        const messageId = finding.relation
          ? finding.sink
            ? 'wholeRelation'
            : 'wholeRelationEscapes'
          : finding.sink
            ? 'wholeEntity'
            : 'wholeEntityEscapes';
        context.report({ node: finding.node, messageId, data, suggest: suggestionsFor(finding, data) });
      }
    });
  },
});
