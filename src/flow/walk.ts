/**
 * The nodes every part of the analysis starts from (calls, `new`, tagged templates, strings,
 * classes), gathered once per file: during ESLint's own traversal when a rule installed the
 * collector's listeners, or by one walk over the AST otherwise.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberKey, unwrap } from './ast.js';

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

/** The node types the collector wants, for ESLint listeners. */
export const COLLECTED_TYPES = [
  'CallExpression',
  'NewExpression',
  'TaggedTemplateExpression',
  'ClassDeclaration',
  'ClassExpression',
] as const;
/** The string node types, wanted only in files with SQL-looking words. */
export const STRING_TYPES = ['Literal', 'TemplateLiteral', 'BinaryExpression'] as const;

/** The shortest statement the analysis reads is `TABLE t`. */
const MIN_SQL_LENGTH = 7;

export class NodeCollector implements FileNodes {
  readonly calls: TSESTree.CallExpression[] = [];
  readonly news: TSESTree.NewExpression[] = [];
  readonly tagged: TSESTree.TaggedTemplateExpression[] = [];
  readonly strings: TSESTree.Node[] = [];
  readonly classes: (TSESTree.ClassDeclaration | TSESTree.ClassExpression)[] = [];

  /** Records `node` if it is of a kind the analysis starts from. */
  add(node: TSESTree.Node): void {
    switch (node.type) {
      case 'CallExpression':
        this.calls.push(node);
        break;
      case 'NewExpression':
        this.news.push(node);
        break;
      case 'TaggedTemplateExpression':
        this.tagged.push(node);
        break;
      case 'ClassDeclaration':
      case 'ClassExpression':
        this.classes.push(node);
        break;
      case 'Literal':
        if (typeof node.value === 'string' && node.value.length >= MIN_SQL_LENGTH && isOutermostString(node)) this.strings.push(node);
        break;
      case 'BinaryExpression':
        if (node.operator === '+' && isOutermostString(node)) this.strings.push(node);
        break;
      case 'TemplateLiteral':
        if (isOutermostString(node)) this.strings.push(node);
        break;
      default:
        break;
    }
  }
}

/** Gathers the nodes with one walk of its own (when ESLint's traversal was not used). */
export function collectNodes(program: TSESTree.Program, visitorKeys: TSESLint.SourceCode.VisitorKeys): FileNodes {
  const collector = new NodeCollector();
  const stack: TSESTree.Node[] = [program];
  while (stack.length > 0) {
    const node = stack.pop() as TSESTree.Node;
    collector.add(node);
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
  return collector;
}

const calledNamesCache = new WeakMap<readonly TSESTree.CallExpression[], ReadonlySet<string>>();

/**
 * The names the file's calls call: `f` for `f(…)`, `m` for `x.m(…)` / `x['m'](…)` (TS wrappers
 * looked through). Computed once per file, for adapters that start only from known names.
 */
export function calledNames(nodes: FileNodes): ReadonlySet<string> {
  let names = calledNamesCache.get(nodes.calls);
  if (!names) {
    const found = new Set<string>();
    for (const call of nodes.calls) {
      const callee = unwrap(call.callee);
      if (callee.type === 'Identifier') found.add(callee.name);
      else if (callee.type === 'MemberExpression') {
        const key = memberKey(callee);
        if (typeof key === 'string') found.add(key);
      }
    }
    names = found;
    calledNamesCache.set(nodes.calls, names);
  }
  return names;
}
