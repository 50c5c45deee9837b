/** Edits shared by the adapters: call arguments, list elements and properties, and quoting. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { objectKey } from './common.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Call = TSESTree.CallExpression;

/** Inserts `text` as the only argument of a call that has none: before its `)`. */
export function insertIntoEmptyCall(call: Call, text: string, sourceCode: SourceCode, fixer: TSESLint.RuleFixer): TSESLint.RuleFix | null {
  const close = sourceCode.getLastToken(call);
  return close?.value === ')' ? fixer.insertTextBeforeRange(close.range, text) : null;
}

/** Adds `text` as argument `index` of a call that has exactly `index` arguments: `f()` → `f(text)`, `f(a)` → `f(a, text)`. */
export function appendArgument(call: Call, index: number, text: string, sourceCode: SourceCode, fixer: TSESLint.RuleFixer): TSESLint.RuleFix | null {
  if (call.arguments.length !== index) return null;
  if (index === 0) return insertIntoEmptyCall(call, text, sourceCode, fixer);
  const previous = call.arguments[index - 1];
  return previous ? fixer.insertTextAfter(previous, `, ${text}`) : null;
}

/** Replaces all the arguments of a call with `text` (inserted when it has none). */
export function replaceArguments(call: Call, text: string, sourceCode: SourceCode, fixer: TSESLint.RuleFixer): TSESLint.RuleFix | null {
  const first = call.arguments[0];
  const last = call.arguments[call.arguments.length - 1];
  if (first && last) return fixer.replaceTextRange([first.range[0], last.range[1]], text);
  return insertIntoEmptyCall(call, text, sourceCode, fixer);
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
  sourceCode: SourceCode,
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

/** `'it\'s'`: a single-quoted string, backslashes and quotes escaped (the Sequelize, Knex and Kysely edits). */
export function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * `'name'`, or a JSON (double-quoted) string when the text holds a quote, a backslash or a line
 * break: unlike `quote`, line breaks come out escaped (the MikroORM and Objection edits).
 */
export function quoteOrJson(s: string): string {
  return /^[^'\\\n\r]*$/.test(s) ? `'${s}'` : JSON.stringify(s);
}

/** `['a', 'b']`, each name quoted with `quoteWith`. */
export function stringArray(names: readonly string[], quoteWith: (s: string) => string = quote): string {
  return `[${names.map(quoteWith).join(', ')}]`;
}

/** `{ a: true, b: true }`: a projection object that selects `names`. */
export function trueObject(names: readonly string[]): string {
  return `{ ${names.map((f) => `${objectKey(f)}: true`).join(', ')} }`;
}
