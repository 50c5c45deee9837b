import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { analysisListeners } from '../src/analysis/index.js';
import { clientSettableFields, findMassAssignments, protectedFields, type MassAssignment } from '../src/analysis/mass-assignment.js';
import { createRule } from '../src/create-rule.js';
import { listNames } from '../src/messages.js';
import { unwrap } from '../src/flow/ast.js';
import { objectKey } from '../src/orm/common.js';

export type Options = [];
export type MessageIds = 'massAssignment' | 'pickFields';


/** An expression that can be read several times without side effects: `body`, `req.body.user`. */
function isPlainPath(node: TSESTree.Node): boolean {
  const n = unwrap(node);
  if (n.type === 'Identifier') return true;
  return n.type === 'MemberExpression' && !n.computed && isPlainPath(n.object);
}

/** The expression to pick from, and the node the picks replace. */
function pickTarget(value: TSESTree.Node): { source: TSESTree.Node; replace: TSESTree.Node; inObject: boolean } | undefined {
  const n = unwrap(value);
  if (isPlainPath(n)) return { source: n, replace: value, inObject: false };
  if (n.type === 'ObjectExpression') {
    const spread = n.properties.find((p): p is TSESTree.SpreadElement => p.type === 'SpreadElement' && isPlainPath(p.argument));
    if (spread) return { source: spread.argument, replace: spread, inObject: true };
  }
  return undefined;
}

/** Writes that take a list of rows: a pick of one object would change what they write. */
const MANY_ROWS = /(?:createMany|createManyAndReturn|bulkCreate|insertMany|upsertMany)\(\)$/;

function suggestions(
  finding: MassAssignment,
  sourceCode: Readonly<TSESLint.SourceCode>,
  data: Record<string, string>,
): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
  // `createMany({ data: req.body })` writes a list; `createMany({ data: [req.body] })` one row of it.
  if (MANY_ROWS.test(finding.write) && finding.value.parent?.type !== 'ArrayExpression') return [];
  const fields = clientSettableFields(finding.entity);
  const target = pickTarget(finding.value);
  if (!fields || fields.length === 0 || !target) return [];
  const source = sourceCode.getText(target.source);
  const picks = fields.map((f) => `${objectKey(f)}: ${source}${/^[A-Za-z_$][\w$]*$/.test(f) ? `.${f}` : `[${JSON.stringify(f)}]`}`).join(', ');
  const text = target.inObject ? picks : `{ ${picks} }`;
  // `create({ data })`: a shorthand property keeps its key when the value is replaced.
  const parent = target.replace.parent;
  const shorthand = parent?.type === 'Property' && parent.shorthand && parent.value === target.replace ? parent : undefined;
  const fix = (fixer: TSESLint.RuleFixer): TSESLint.RuleFix =>
    shorthand ? fixer.replaceText(shorthand, `${sourceCode.getText(shorthand.key)}: ${text}`) : fixer.replaceText(target.replace, text);
  return [{ messageId: 'pickFields', data: { ...data, fields: listNames(fields) }, fix }];
}

export default createRule<Options, MessageIds>({
  name: 'no-mass-assignment',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow writing request input wholesale into the database (mass assignment)',
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      massAssignment: '`{{input}}` is written as-is by `{{write}}`; a client can set any column{{detail}}. Pick the fields a client may set.',
      pickFields: 'Write only {{fields}}.',
    },
    schema: [],
  },
  create(context) {
    return analysisListeners(context, (analysis) => {
      const sourceCode = context.sourceCode;
      for (const finding of findMassAssignments(analysis, sourceCode)) {
        const guarded = protectedFields(finding.entity);
        const data = {
          input: finding.input,
          write: finding.write.replace(/`/g, ''),
          detail: guarded.length > 0 ? ` (including ${listNames(guarded)})` : '',
        };
        context.report({ node: finding.value, messageId: 'massAssignment', data, suggest: suggestions(finding, sourceCode, data) });
      }
    });
  },
});
