/**
 * One walk over the file's AST that gathers the nodes every part of the analysis starts from,
 * so the SQL finder and the ORM adapters do not walk the tree again.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

export interface FileNodes {
  readonly calls: readonly TSESTree.CallExpression[];
  readonly news: readonly TSESTree.NewExpression[];
  readonly tagged: readonly TSESTree.TaggedTemplateExpression[];
  /** String literals, template literals and `+` chains that are not part of a larger one. */
  readonly strings: readonly TSESTree.Node[];
  readonly classes: readonly (TSESTree.ClassDeclaration | TSESTree.ClassExpression)[];
}

function isStringNode(node: TSESTree.Node): boolean {
  return (node.type === 'Literal' && typeof node.value === 'string') || node.type === 'TemplateLiteral';
}

/** Outermost string-ish expression: a literal or template not part of a `+` chain or a tag. */
function isOutermostString(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (parent?.type === 'BinaryExpression' && parent.operator === '+') return false;
  if (parent?.type === 'TaggedTemplateExpression') return false;
  if (node.type === 'BinaryExpression') {
    return node.operator === '+' && (isStringNode(node.left) || isStringNode(node.right) || node.left.type === 'BinaryExpression');
  }
  return isStringNode(node);
}

export function collectNodes(program: TSESTree.Program, visitorKeys: TSESLint.SourceCode.VisitorKeys): FileNodes {
  const calls: TSESTree.CallExpression[] = [];
  const news: TSESTree.NewExpression[] = [];
  const tagged: TSESTree.TaggedTemplateExpression[] = [];
  const strings: TSESTree.Node[] = [];
  const classes: (TSESTree.ClassDeclaration | TSESTree.ClassExpression)[] = [];
  const stack: TSESTree.Node[] = [program];
  while (stack.length > 0) {
    const node = stack.pop() as TSESTree.Node;
    switch (node.type) {
      case 'CallExpression':
        calls.push(node);
        break;
      case 'NewExpression':
        news.push(node);
        break;
      case 'TaggedTemplateExpression':
        tagged.push(node);
        break;
      case 'ClassDeclaration':
      case 'ClassExpression':
        classes.push(node);
        break;
      case 'Literal':
      case 'TemplateLiteral':
      case 'BinaryExpression':
        if (isOutermostString(node)) strings.push(node);
        break;
      default:
        break;
    }
    const keys = visitorKeys[node.type] ?? [];
    for (let k = keys.length - 1; k >= 0; k--) {
      const value = (node as unknown as Record<string, unknown>)[keys[k] as string];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const child = value[i] as TSESTree.Node | null;
          if (child && typeof child.type === 'string') stack.push(child);
        }
      } else if (value && typeof (value as TSESTree.Node).type === 'string') {
        stack.push(value as TSESTree.Node);
      }
    }
  }
  return { calls, news, tagged, strings, classes };
}
