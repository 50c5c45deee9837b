/** Drizzle projections: select maps, `getTableColumns`, relational `columns`/`with`, and their edits. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyKey, unwrap } from '../../flow/ast.js';
import { constInit } from '../bindings.js';
import { isLiteral, memberPath, methodOf, objectKey, objectProperty } from '../common.js';
import { insertIntoEmptyCall, removeListElement } from '../edits.js';
import type { AdapterContext, NamedField, Projection, ReadEdits, RelationRead } from '../types.js';
import { drizzleBinding } from './syntax.js';
import { TABLE_FUNCTIONS } from './tables.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
export const SELECTS: ReadonlySet<string> = new Set(['select', 'selectDistinct', 'selectDistinctOn']);
export const COLUMN_HELPERS: ReadonlySet<string> = new Set(['getTableColumns', 'getColumns']);

// --- projections ---

export interface Source {
  readonly variable: string;
  readonly node: TSESTree.Node;
}

/** A table reference: `users`, `schema.users`; undefined for strings, subqueries, calls. */
export function tableRef(context: AdapterContext, node: TSESTree.Node | undefined): Source | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === 'Identifier') {
    const b = drizzleBinding(context.sourceCode, context.facts, n);
    if (b?.kind === 'init') {
      const init = unwrap(b.init);
      if (init.type === 'Literal' || init.type === 'TemplateLiteral' || init.type === 'ObjectExpression' || init.type === 'ArrayExpression') return undefined;
      if (init.type === 'CallExpression') {
        const m = methodOf(init);
        if (m && (m.name === 'as' || SELECTS.has(m.name))) return undefined; // subquery
        const c = unwrap(init.callee);
        if (c.type === 'Identifier' && (c.name === 'alias' || TABLE_FUNCTIONS.has(c.name))) return { variable: n.name, node: n };
      }
    }
    if (b?.kind === 'param' || b?.kind === 'rest') return undefined;
    return { variable: n.name, node: n };
  }
  if (n.type === 'MemberExpression') {
    const path = memberPath(n);
    const last = path?.[path.length - 1];
    return last && path[0] !== 'this' ? { variable: last, node: n } : undefined;
  }
  return undefined;
}

export interface SelectShape {
  /** table variable → projection pieces */
  readonly fields: Map<string, NamedField[]>;
  readonly whole: Set<string>;
  readonly wildcard: Set<string>;
  readonly excluded: Map<string, string[]>;
  /**
   * Where a table is selected with all its columns inside the map: the value `users` of
   * `{ user: users }`, or the spread `...getTableColumns(users)` (what a "select only" edit replaces).
   */
  readonly sites?: Map<string, TSESTree.Node[]>;
}

function addSite(shape: SelectShape, table: string, node: TSESTree.Node): void {
  if (!shape.sites) return;
  const list = shape.sites.get(table) ?? [];
  list.push(node);
  shape.sites.set(table, list);
}

/** Reads `db.select({...})`'s map; undefined when it cannot be read. */
export function readSelectMap(context: AdapterContext, node: TSESTree.Node, shape: SelectShape, depth: number): boolean {
  if (depth > 4) return false;
  let n = unwrap(node);
  if (n.type === 'Identifier') {
    const b = drizzleBinding(context.sourceCode, context.facts, n);
    if (b?.kind === 'rest') return readRest(b, shape);
    const init = constInit(b);
    if (!init) return false;
    n = init;
  }
  if (n.type !== 'ObjectExpression') return false;
  for (const p of n.properties) {
    if (p.type === 'SpreadElement') {
      const arg = unwrap(p.argument);
      if (arg.type === 'CallExpression' && arg.callee.type === 'Identifier' && COLUMN_HELPERS.has(arg.callee.name)) {
        const t = tableRef(context, arg.arguments[0]);
        if (!t) return false;
        shape.wildcard.add(t.variable);
        addSite(shape, t.variable, p);
        continue;
      }
      if (arg.type === 'Identifier') {
        const b = drizzleBinding(context.sourceCode, context.facts, arg);
        if (b?.kind === 'rest' && readRest(b, shape)) continue;
      }
      return false;
    }
    const key = propertyKey(p);
    if (key === undefined) return false;
    const v = unwrap(p.value);
    if (v.type === 'ObjectExpression') {
      if (!readSelectMap(context, v, shape, depth + 1)) return false;
      continue;
    }
    if (v.type === 'MemberExpression') {
      const path = memberPath(v);
      if (path && path.length >= 2) {
        const table = path[path.length - 2] as string;
        const column = path[path.length - 1] as string;
        const list = shape.fields.get(table) ?? [];
        list.push({ name: column, node: p });
        shape.fields.set(table, list);
        continue;
      }
    }
    if (v.type === 'Identifier') {
      // `{ user: users }`: the whole table, nested
      shape.whole.add(v.name);
      addSite(shape, v.name, p.value);
      continue;
    }
    // sql`...`, count(), expressions: computed values, not columns
  }
  return true;
}

export function readRest(b: { init: TSESTree.Expression; removed: string[] }, shape: SelectShape): boolean {
  const init = unwrap(b.init);
  if (init.type !== 'CallExpression' || init.callee.type !== 'Identifier' || !COLUMN_HELPERS.has(init.callee.name)) return false;
  const arg = init.arguments[0] ? unwrap(init.arguments[0]) : undefined;
  const path = arg ? memberPath(arg) : undefined;
  const table = path?.[path.length - 1];
  if (!table) return false;
  shape.excluded.set(table, [...(shape.excluded.get(table) ?? []), ...b.removed]);
  return true;
}

export function projectionFor(table: string, shape: SelectShape | undefined): Projection | undefined {
  if (!shape) return { kind: 'none' };
  if (shape.whole.has(table)) return { kind: 'none' };
  if (shape.wildcard.has(table)) return { kind: 'wildcard' };
  const ex = shape.excluded.get(table);
  if (ex) return { kind: 'exclusion', excluded: ex };
  const fields = shape.fields.get(table);
  return fields ? { kind: 'fields', fields } : undefined;
}

/** Relational `columns: { id: true }` / `{ password: false }`; undefined when unreadable. */
export function columnsProjection(value: TSESTree.Node | undefined): Projection | undefined {
  if (!value) return { kind: 'none' };
  const v = unwrap(value);
  if (v.type !== 'ObjectExpression') return undefined;
  const included: NamedField[] = [];
  const excluded: string[] = [];
  for (const p of v.properties) {
    if (p.type !== 'Property') return undefined;
    const k = propertyKey(p);
    const val = unwrap(p.value);
    if (k === undefined || val.type !== 'Literal' || typeof val.value !== 'boolean') return undefined;
    if (val.value) included.push({ name: k, node: p });
    else excluded.push(k);
  }
  if (included.length > 0 || excluded.length === 0) return { kind: 'fields', fields: included };
  return { kind: 'exclusion', excluded };
}

export function withRelations(
  value: TSESTree.Node,
  owner: string | undefined,
  relationMap: Map<string, Map<string, string>>,
  prefix: string,
  out: RelationRead[],
  depth: number,
): void {
  if (depth > 6) return;
  const v = unwrap(value);
  if (v.type !== 'ObjectExpression') return;
  for (const p of v.properties) {
    if (p.type !== 'Property') continue;
    const name = propertyKey(p);
    if (name === undefined) continue;
    const val = unwrap(p.value);
    const targetTable = owner ? relationMap.get(owner)?.get(name) : undefined;
    const entity = targetTable ? { name: targetTable, kind: 'table' as const } : undefined;
    if (isLiteral(val, true)) {
      out.push({ name: prefix + name, entity, projection: { kind: 'none' }, node: p });
      continue;
    }
    if (val.type !== 'ObjectExpression' || val.properties.some((q) => q.type !== 'Property')) continue;
    const projection = columnsProjection(objectProperty(val, 'columns')?.value);
    if (!projection) continue;
    out.push({ name: prefix + name, entity, projection, node: p });
    const nested = objectProperty(val, 'with');
    if (nested) withRelations(nested.value, targetTable, relationMap, `${prefix}${name}.`, out, depth + 1);
  }
}

// --- edits ---

export function selectMapText(table: string, fields: readonly string[]): string {
  return `{ ${fields.map((f) => `${objectKey(f)}: ${table}${objectKey(f) === f ? `.${f}` : `[${JSON.stringify(f)}]`}`).join(', ')} }`;
}

export function argEdit(call: TSESTree.CallExpression, text: string, sourceCode: SourceCode, fixer: TSESLint.RuleFixer): TSESLint.RuleFix | null {
  const arg = call.arguments[0];
  if (arg) return call.arguments.length === 1 ? fixer.replaceText(arg, text) : null;
  return insertIntoEmptyCall(call, text, sourceCode, fixer);
}

/**
 * Removes a property of a select map — the main table's column or a joined table's
 * (`{ id: users.id, token: sessions.token }`) — when its object keeps another property (an empty
 * `select({})` map is not a narrower select); relational `columns: {}` may become empty (`allowEmpty`).
 */
export function removeEdit(sourceCode: SourceCode, allowEmpty: boolean): ReadEdits['removeField'] {
  return (field, fixer) => {
    if (field.node.type !== 'Property' || field.node.parent.type !== 'ObjectExpression') return null;
    if (!allowEmpty && field.node.parent.properties.length <= 1) return null;
    return removeListElement(field.node, sourceCode, fixer);
  };
}
