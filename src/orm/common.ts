/** Syntax helpers shared by the ORM adapters: reading call chains and object literals, and edits. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberKey, propertyKey, unwrap } from '../flow/ast.js';

/** A static string: `'x'`, `"x"`, or a template without `${}`. */
export function staticString(node: TSESTree.Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === 'Literal' && typeof n.value === 'string') return n.value;
  if (n.type === 'TemplateLiteral' && n.expressions.length === 0) return n.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** `this.prisma.user.findMany` → `['this', 'prisma', 'user', 'findMany']`; undefined if not a plain path. */
export function memberPath(node: TSESTree.Node): string[] | undefined {
  const parts: string[] = [];
  let n = unwrap(node);
  for (let depth = 0; depth < 16; depth++) {
    if (n.type === 'Identifier') {
      parts.unshift(n.name);
      return parts;
    }
    if (n.type === 'ThisExpression') {
      parts.unshift('this');
      return parts;
    }
    if (n.type !== 'MemberExpression') return undefined;
    const key = memberKey(n);
    if (typeof key !== 'string') return undefined;
    parts.unshift(key);
    n = unwrap(n.object);
  }
  return undefined;
}

/** The property `key` of an object literal (last one wins, like at run time). */
export function objectProperty(object: TSESTree.ObjectExpression, key: string): TSESTree.Property | undefined {
  let found: TSESTree.Property | undefined;
  for (const p of object.properties) {
    if (p.type === 'Property' && propertyKey(p) === key) found = p;
  }
  return found;
}

/** The argument at `index` when it is an object literal. */
export function objectArgument(call: TSESTree.CallExpression | TSESTree.NewExpression, index: number): TSESTree.ObjectExpression | undefined {
  const arg = call.arguments[index];
  if (!arg) return undefined;
  const n = unwrap(arg);
  return n.type === 'ObjectExpression' ? n : undefined;
}

/** The chain of calls `a.b().c().d()` from the innermost call outwards, starting at `call`. */
export function outerCalls(call: TSESTree.CallExpression): TSESTree.CallExpression[] {
  const chain: TSESTree.CallExpression[] = [call];
  let n: TSESTree.Node = call;
  for (let depth = 0; depth < 64; depth++) {
    const member: TSESTree.Node | undefined = n.parent;
    if (member?.type !== 'MemberExpression' || member.object !== n) break;
    const outer: TSESTree.Node | undefined = member.parent;
    if (outer?.type !== 'CallExpression' || outer.callee !== member) break;
    chain.push(outer);
    n = outer;
  }
  return chain;
}

/** The method name of a call `x.name(...)`, with the node to report at. */
export function methodOf(call: TSESTree.CallExpression): { name: string; node: TSESTree.Node } | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const key = memberKey(callee);
  return typeof key === 'string' ? { name: key, node: callee.property } : undefined;
}

/** Code without white space, except inside string and template literals (`'a ILIKE :q'` stays). */
function withoutSpaces(code: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i] as string;
    if (quote) {
      out += ch;
      if (ch === '\\') out += code[++i] ?? '';
      else if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
      out += ch;
    } else if (!/\s/.test(ch)) {
      out += ch;
    }
  }
  return out;
}

/** The call as messages show it, arguments elided: `prisma.user.findMany()`. */
export function callText(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): string {
  const callee = withoutSpaces(sourceCode.getText(call.callee));
  return `${callee.length > 80 ? `…${callee.slice(-79)}` : callee}()`;
}

/** Inserts `text` (one property, e.g. `select: { id: true }`) as the first property of `object`. */
export function insertFirstProperty(
  object: TSESTree.ObjectExpression,
  text: string,
  fixer: TSESLint.RuleFixer,
): TSESLint.RuleFix {
  const first = object.properties[0];
  if (!first) return fixer.replaceText(object, `{ ${text} }`);
  return fixer.insertTextBefore(first, `${text}, `);
}

/**
 * Removes an element of a comma-separated list (array element, object property, argument)
 * together with the comma that joins it to a neighbour.
 */
export function removeListElement(
  element: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
  fixer: TSESLint.RuleFixer,
): TSESLint.RuleFix {
  const after = sourceCode.getTokenAfter(element);
  if (after && after.value === ',') {
    const next = sourceCode.getTokenAfter(after, { includeComments: true });
    const end = next && !(next.value === ']' || next.value === '}' || next.value === ')') ? next.range[0] : after.range[1];
    return fixer.removeRange([element.range[0], end]);
  }
  const before = sourceCode.getTokenBefore(element);
  if (before && before.value === ',') return fixer.removeRange([before.range[0], element.range[1]]);
  return fixer.remove(element);
}

/** A JS identifier can be written bare as an object key; otherwise it is quoted. */
export function objectKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}
