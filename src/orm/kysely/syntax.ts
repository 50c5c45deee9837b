/**
 * Syntax helpers of the Kysely adapter: bindings, table names (`'person as p'`) and selections
 * (`select('a')`, `select(['a', 'p.b as c'])`, `selectAll('p')`).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isFunction, unwrap } from '../../flow/ast.js';
import type { FileFacts } from '../../flow/file-facts.js';
import { declaredBinding, declaredValue, importOrInit, type DeclaredBinding } from '../bindings.js';
import { parseColumn, parseTable, type Column, type TableRef } from '../columns.js';
import { hasSpread, methodOf, staticString, stringElements } from '../common.js';
import type { AdapterContext, RelationRead } from '../types.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

// --- bindings ---

/** Any name the file imports is that import, even a local that shadows it. */
const kyselyDeclarator = importOrInit(false);

export function kyselyBinding(sourceCode: SourceCode, facts: FileFacts, id: TSESTree.Identifier): DeclaredBinding | undefined {
  return declaredBinding(sourceCode, facts, id, kyselyDeclarator);
}

/** A value written in place, or the initializer of the `const` an identifier names (undefined for anything else). */
export function literalOf(context: AdapterContext, node: TSESTree.Node): TSESTree.Node | undefined {
  return declaredValue(node, (id) => kyselyBinding(context.sourceCode, context.facts, id));
}

// --- tables and columns ---

export function tableOf(context: AdapterContext, node: TSESTree.Node | undefined): TableRef | undefined {
  if (!node || node.type === 'SpreadElement') return undefined;
  const n = literalOf(context, node);
  const s = n ? staticString(n) : undefined;
  return s === undefined ? undefined : parseTable(s, node);
}

/** `select('a')`, `select(['a', 'u.b as c', eb => …])`; 'callback' for `select((eb) => [...])`. */
export function selectColumns(context: AdapterContext, call: TSESTree.CallExpression, out: Column[]): 'ok' | 'callback' | 'unreadable' {
  if (call.arguments.length !== 1) return 'unreadable';
  const arg = call.arguments[0] as TSESTree.Node;
  if (arg.type === 'SpreadElement') return 'unreadable';
  if (isFunction(unwrap(arg))) return 'callback';
  const n = literalOf(context, arg);
  if (!n) return 'unreadable';
  const s = staticString(n);
  if (s !== undefined) {
    const c = parseColumn(s, arg);
    if (c) out.push(c);
    return 'ok';
  }
  // `sql<string>\`…\`.as('x')`: a computed value, not a column
  if (n.type !== 'ArrayExpression') return n.type === 'CallExpression' && methodOf(n)?.name === 'as' ? 'ok' : 'unreadable';
  for (const el of n.elements) {
    if (!el || el.type === 'SpreadElement') return 'unreadable';
    const es = staticString(el);
    if (es !== undefined) {
      const c = parseColumn(es, el);
      if (c) out.push(c);
    }
    // expressions and `(eb) => …` elements compute values: not columns
  }
  return 'ok';
}

/** `selectAll()` → every table; `selectAll('u')` / `selectAll(['u', 'p'])` → those. */
export function selectAllTables(call: TSESTree.CallExpression): string[] | 'all' | undefined {
  const arg = call.arguments[0];
  if (!arg) return 'all';
  const s = staticString(arg);
  if (s !== undefined) return [s];
  return stringElements(arg)?.map((e) => e.text);
}

/** Whether `name` is the alias or the name of `t` (unlike Knex's `qualifiesTable`, not a part of a schema-qualified name). */
export function namesTable(name: string | undefined, t: TableRef): boolean {
  return name !== undefined && (name === t.alias || name === t.name);
}

// --- nested relations: jsonArrayFrom / jsonObjectFrom ---

const JSON_HELPERS: ReadonlySet<string> = new Set(['jsonArrayFrom', 'jsonObjectFrom']);

/** `jsonArrayFrom` / `jsonObjectFrom` imported from Kysely's helpers (`kysely/helpers/postgres`, …). */
function isJsonHelper(context: AdapterContext, callee: TSESTree.Node): boolean {
  const n = unwrap(callee);
  if (n.type !== 'Identifier' || !JSON_HELPERS.has(n.name)) return false;
  const imp = context.facts.imports.get(n.name);
  return imp !== undefined && imp.module.startsWith('kysely/helpers') && JSON_HELPERS.has(imp.imported);
}

/**
 * The subquery of `jsonArrayFrom(eb.selectFrom('t')….selectAll()).as('alias')`: its table and what it
 * selects. Undefined when it cannot be read (a callback selection, a spread, no `selectFrom`).
 */
function subqueryRelation(context: AdapterContext, query: TSESTree.Node, alias: string): RelationRead | undefined {
  const calls: TSESTree.CallExpression[] = [];
  let n = unwrap(query);
  for (let depth = 0; depth < 32 && n.type === 'CallExpression'; depth++) {
    calls.unshift(n);
    const callee = unwrap(n.callee);
    if (callee.type !== 'MemberExpression') return undefined;
    if (methodOf(n)?.name === 'selectFrom') break;
    n = unwrap(callee.object);
  }
  const root = calls[0];
  if (!root || methodOf(root)?.name !== 'selectFrom') return undefined;
  const table = tableOf(context, root.arguments[0]);
  if (!table) return undefined;
  const cols: Column[] = [];
  let wildcard = false;
  for (const c of calls.slice(1)) {
    const m = methodOf(c)?.name;
    if (hasSpread(c)) return undefined;
    if (m === 'selectAll') {
      const tables = selectAllTables(c);
      if (!tables) return undefined;
      if (tables === 'all' || tables.some((t) => namesTable(t, table))) wildcard = true;
    } else if (m === 'select') {
      if (selectColumns(context, c, cols) !== 'ok') return undefined;
    }
  }
  const fields = cols.filter((c) => c.qualifier === undefined || namesTable(c.qualifier, table)).map((c) => ({ name: c.column, node: c.node }));
  if (!wildcard && fields.length === 0) return undefined;
  return {
    name: alias,
    entity: { name: table.name, kind: 'table' },
    projection: wildcard ? { kind: 'wildcard' } : { kind: 'fields', fields },
    node: root.arguments[0] as TSESTree.Node,
  };
}

/**
 * Relations nested in a selection with Kysely's JSON helpers:
 * `select((eb) => ['id', jsonArrayFrom(eb.selectFrom('pet').selectAll().whereRef(…)).as('pets')])`.
 * The subquery is not a read of its own (it has no terminal call); its rows come back under the alias.
 */
export function jsonHelperRelations(context: AdapterContext, select: TSESTree.CallExpression): RelationRead[] {
  const out: RelationRead[] = [];
  const stack: TSESTree.Node[] = [...select.arguments];
  for (let steps = 0; stack.length > 0 && steps < 2_000; steps++) {
    const node = stack.pop() as TSESTree.Node;
    if (node.type === 'CallExpression' && isJsonHelper(context, node.callee)) {
      // `jsonArrayFrom(q).as('alias')`
      const member = node.parent;
      const asCall = member?.type === 'MemberExpression' && member.object === node ? member.parent : undefined;
      const alias = asCall?.type === 'CallExpression' && methodOf(asCall)?.name === 'as' ? staticString(asCall.arguments[0]) : undefined;
      const query = node.arguments[0];
      if (alias !== undefined && query && query.type !== 'SpreadElement') {
        const relation = subqueryRelation(context, query, alias);
        if (relation) out.push(relation);
      }
      continue; // nested helpers belong to the subquery
    }
    for (const key of Object.keys(node) as (keyof typeof node)[]) {
      if (key === 'parent' || key === 'loc' || key === 'range') continue;
      const value = node[key] as unknown;
      if (Array.isArray(value)) {
        for (const v of value) if (v && typeof v === 'object' && typeof (v as TSESTree.Node).type === 'string') stack.push(v as TSESTree.Node);
      } else if (value && typeof value === 'object' && typeof (value as TSESTree.Node).type === 'string') {
        stack.push(value as TSESTree.Node);
      }
    }
  }
  return out.reverse();
}
