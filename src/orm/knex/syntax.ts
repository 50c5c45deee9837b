/**
 * Syntax helpers of the Knex adapter: bindings, table names (`'users as u'`, `{ u: 'users' }`) and
 * column lists (`'t.col as alias'`, arrays, alias objects).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyKey } from '../../flow/ast.js';
import type { FileFacts } from '../../flow/file-facts.js';
import { declaredBinding, declaredValue, importOrInit, type DeclaredBinding } from '../bindings.js';
import { parseColumn, parseTable, type Column, type TableRef } from '../columns.js';
import { methodOf, staticString } from '../common.js';
import type { AdapterContext } from '../types.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

// --- bindings ---

/** A name the file imports is that import only when its own initializer is the `require()`: a local that shadows it is read from its initializer. */
const knexDeclarator = importOrInit(true);

export function knexBinding(sourceCode: SourceCode, facts: FileFacts, id: TSESTree.Identifier): DeclaredBinding | undefined {
  return declaredBinding(sourceCode, facts, id, knexDeclarator);
}

/** A value written in place, or the initializer of the `const` an identifier names (undefined for anything else). */
export function literalOf(context: AdapterContext, node: TSESTree.Node): TSESTree.Node | undefined {
  return declaredValue(node, (id) => knexBinding(context.sourceCode, context.facts, id));
}

// --- tables and columns ---

/** `'users'`, `'users as u'`, `{ u: 'users' }`, a const string. */
export function tableOf(context: AdapterContext, node: TSESTree.Node | undefined): TableRef | undefined {
  if (!node || node.type === 'SpreadElement') return undefined;
  const n = literalOf(context, node);
  if (!n) return undefined;
  const s = staticString(n);
  if (s !== undefined) return parseTable(s, node);
  if (n.type === 'ObjectExpression' && n.properties.length === 1) {
    const p = n.properties[0];
    if (p?.type !== 'Property') return undefined;
    const alias = propertyKey(p);
    const name = staticString(p.value);
    return alias !== undefined && name !== undefined ? { name, alias, node } : undefined;
  }
  return undefined;
}

/** The columns one argument of `select()` names; undefined when unreadable. */
export function columnsOf(context: AdapterContext, arg: TSESTree.Node, out: Column[], depth = 0): boolean {
  if (depth > 3 || arg.type === 'SpreadElement') return false;
  const n = literalOf(context, arg);
  if (!n) return false;
  const s = staticString(n);
  if (s !== undefined) {
    const c = parseColumn(s, arg);
    if (!c) return false;
    out.push(c);
    return true;
  }
  if (n.type === 'ArrayExpression') {
    for (const el of n.elements) {
      if (!el || !columnsOf(context, el, out, depth + 1)) return false;
    }
    return true;
  }
  if (n.type === 'ObjectExpression') {
    // `{ userId: 'users.id' }`: alias → column
    for (const p of n.properties) {
      if (p.type !== 'Property') return false;
      const v = staticString(p.value);
      if (v === undefined) continue;
      const parts = v.split('.');
      out.push({ qualifier: parts.length > 1 ? parts[parts.length - 2] : undefined, column: parts[parts.length - 1] ?? v, node: p });
    }
    return true;
  }
  // knex.raw(...), knex.ref(...), knex.fn.now(), `sub.as('n')`: computed values, not columns
  if (n.type === 'CallExpression') {
    const m = methodOf(n);
    return m !== undefined && (m.name === 'raw' || m.name === 'ref' || m.name === 'as' || m.name === 'now');
  }
  return false;
}

/** Whether a column's qualifier names `t`; unlike Kysely's `namesTable`, also by the last part of a schema-qualified name. */
export function qualifiesTable(q: Column['qualifier'], t: TableRef): boolean {
  return q === t.alias || q === t.name || (t.name.includes('.') && q === t.name.split('.').pop());
}

/** How many items the list that holds `node` has: the arguments of a call, an array's elements, an object's properties. */
export function listSize(node: TSESTree.Node): number {
  const parent = node.parent;
  if (parent?.type === 'CallExpression' && parent.callee !== node) return parent.arguments.length;
  if (parent?.type === 'ArrayExpression') return parent.elements.length;
  if (parent?.type === 'ObjectExpression') return parent.properties.length;
  return 0;
}
