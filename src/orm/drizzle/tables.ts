/** Drizzle tables (`pgTable`, `sqliteTable`, `mysqlTable`, …) and `relations(...)` defined in the file. */
import type { TSESTree } from '@typescript-eslint/utils';
import { memberKey, propertyKey, unwrap } from '../../flow/ast.js';
import { objectKeys, staticString } from '../common.js';
import type { AdapterContext } from '../types.js';

export const TABLE_FUNCTIONS: ReadonlySet<string> = new Set(['pgTable', 'sqliteTable', 'mysqlTable', 'singlestoreTable', 'mssqlTable', 'cockroachTable', 'gelTable']);

// --- tables and relations defined in the file ---

export interface Table {
  readonly variable: string;
  readonly sqlName: string;
  readonly fields: string[];
}

export function columnsObject(node: TSESTree.Node | undefined): TSESTree.ObjectExpression | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === 'ObjectExpression') return n;
  // drizzle v1: pgTable('users', (t) => ({ id: t.integer() }))
  if (n.type === 'ArrowFunctionExpression' && n.body.type !== 'BlockStatement') {
    const b = unwrap(n.body);
    return b.type === 'ObjectExpression' ? b : undefined;
  }
  return undefined;
}

export function collectTables(context: AdapterContext): { tables: Map<string, Table>; relations: Map<string, Map<string, string>> } {
  const tables = new Map<string, Table>();
  const relations = new Map<string, Map<string, string>>();
  for (const call of context.nodes.calls) {
    const callee = unwrap(call.callee);
    let fn: string | undefined;
    if (callee.type === 'Identifier') fn = callee.name;
    else if (callee.type === 'MemberExpression' && memberKey(callee) === 'table') fn = 'pgSchema.table';
    if (fn === 'relations') {
      // relations(users, ({ many, one }) => ({ posts: many(posts), author: one(users, {...}) }))
      const owner = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
      const body = columnsObject(call.arguments[1]);
      if (owner?.type !== 'Identifier' || !body) continue;
      const map = relations.get(owner.name) ?? new Map<string, string>();
      for (const p of body.properties) {
        if (p.type !== 'Property') continue;
        const k = propertyKey(p);
        const v = unwrap(p.value);
        const target = v.type === 'CallExpression' && v.arguments[0] ? unwrap(v.arguments[0]) : undefined;
        if (k !== undefined && target?.type === 'Identifier') map.set(k, target.name);
      }
      relations.set(owner.name, map);
      continue;
    }
    if (fn === undefined) continue;
    const imp = callee.type === 'Identifier' ? context.facts.imports.get(callee.name) : undefined;
    const isTable = (TABLE_FUNCTIONS.has(fn) && imp !== undefined && imp.module.startsWith('drizzle-orm')) || fn === 'pgSchema.table';
    if (!isTable) continue;
    const sqlName = staticString(call.arguments[0]);
    const cols = columnsObject(call.arguments[1]);
    const parent = call.parent;
    if (sqlName === undefined || !cols || parent?.type !== 'VariableDeclarator' || parent.id.type !== 'Identifier') continue;
    tables.set(parent.id.name, { variable: parent.id.name, sqlName, fields: objectKeys(cols) });
  }
  return { tables, relations };
}
