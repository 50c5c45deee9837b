/**
 * Drizzle adapter: core queries (`db.select().from(t)`, joins, `.returning()`) and relational
 * queries (`db.query.users.findMany({ columns, with })`).
 *
 * Receivers: a variable bound to `drizzle(...)`, the `tx` of its `transaction()` callback, a class
 * member or parameter typed with a Drizzle database type (`NodePgDatabase`, `PostgresJsDatabase`, …),
 * a `db` imported from a module whose path names `db`/`drizzle`/`database`, and — in a file that
 * imports `drizzle-orm` — any other receiver not bound to something else in the file. Core selects
 * also need `.from(x)` to name a table object (not a string: that is Knex).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isFunction, memberKey, unwrap } from '../flow/ast.js';
import { importsModule, type FileFacts } from '../flow/file-facts.js';
import { callbackOf, paramType } from './bindings.js';
import { classBodyMember } from './classes.js';
import { rethrowWhenDebugging, callText, hasSpread, methodOf, objectKey, objectProperty, readChain, unwrapAwait, within } from './common.js';
import {
  argEdit,
  columnsProjection,
  projectionFor,
  readSelectMap,
  removeEdit,
  selectMapText,
  SELECTS,
  tableRef,
  withRelations,
  type SelectShape,
} from './drizzle/select.js';
import { drizzleBinding, NOT_ROWS, typeName } from './drizzle/syntax.js';
import { collectTables, TABLE_FUNCTIONS, type Table } from './drizzle/tables.js';
import { insertFirstProperty, trueObject } from './edits.js';
import { importsPathToken, pathHasToken } from './module-paths.js';
import type { AdapterContext, AdapterResult, LocalModel, OrmAdapter, OrmRead, OrmWrite, Projection, RelationRead } from './types.js';

const DB_PATH_TOKENS: ReadonlySet<string> = new Set(['db', 'drizzle', 'database']);
const JOINS: ReadonlySet<string> = new Set(['leftJoin', 'rightJoin', 'innerJoin', 'fullJoin', 'crossJoin', 'leftJoinLateral', 'innerJoinLateral', 'crossJoinLateral']);
const WRITE_ROOTS: ReadonlySet<string> = new Set(['insert', 'update', 'delete']);

// --- receivers ---

type Evidence = 'yes' | 'maybe' | 'no';

class Receivers {
  private readonly cache = new Map<TSESTree.Node, Evidence>();
  readonly fileImportsDrizzle: boolean;

  constructor(private readonly context: AdapterContext) {
    this.fileImportsDrizzle = importsModule(context.facts, 'drizzle-orm');
  }

  accepts(expr: TSESTree.Node): boolean {
    const e = this.evidence(expr, 0);
    return e === 'yes' || (e === 'maybe' && this.fileImportsDrizzle);
  }

  private isDrizzleType(type: TSESTree.TypeNode | undefined): boolean {
    if (type?.type !== 'TSTypeReference') return false;
    const name = typeName(type);
    const root = type.typeName.type === 'Identifier' ? type.typeName.name : type.typeName.type === 'TSQualifiedName' && type.typeName.left.type === 'Identifier' ? type.typeName.left.name : undefined;
    const imp = root ? this.context.facts.imports.get(root) : undefined;
    return name !== undefined && /Database|Transaction$/.test(name) && imp !== undefined && imp.module.startsWith('drizzle-orm');
  }

  private evidence(expr: TSESTree.Node, depth: number): Evidence {
    const cached = this.cache.get(expr);
    if (cached) return cached;
    const e = depth > 6 ? 'no' : this.compute(expr, depth);
    this.cache.set(expr, e);
    return e;
  }

  private compute(expr: TSESTree.Node, depth: number): Evidence {
    const { sourceCode, facts } = this.context;
    const n = unwrap(expr);
    if (n.type === 'MemberExpression') {
      if (unwrap(n.object).type === 'ThisExpression') {
        const t = classBodyMember(n)?.type;
        if (t) return this.isDrizzleType(t) ? 'yes' : 'no';
      }
      return 'maybe'; // ctx.db, c.var.db, fastify.db
    }
    if (n.type !== 'Identifier') return 'no';
    const b = drizzleBinding(sourceCode, facts, n);
    if (!b) return 'maybe'; // a global, e.g. auto-imported `db`
    switch (b.kind) {
      case 'import':
        if (b.module.startsWith('drizzle-orm')) return 'no';
        return pathHasToken(b.module, DB_PATH_TOKENS) ? 'yes' : 'maybe';
      case 'init': {
        const init = unwrapAwait(b.init);
        if (init.type === 'CallExpression') {
          const callee = unwrap(init.callee);
          if (callee.type === 'Identifier') {
            const imp = facts.imports.get(callee.name);
            if (imp?.module.startsWith('drizzle-orm')) return imp.imported === 'drizzle' || callee.name === 'drizzle' ? 'yes' : 'no';
            if (imp) return pathHasToken(imp.module, DB_PATH_TOKENS) ? 'maybe' : 'no';
            return 'maybe'; // useDrizzle(), getDb()
          }
          return 'no';
        }
        if (init.type === 'MemberExpression') return 'maybe';
        return 'no';
      }
      case 'param': {
        const t = paramType(b.param);
        if (t) return this.isDrizzleType(t) ? 'yes' : typeName(t) ? 'no' : 'maybe';
        // `db.transaction(async (tx) => ...)`
        const cb = isFunction(b.fn) ? callbackOf(b.fn) : undefined;
        if (cb?.index === 0 && methodOf(cb.call)?.name === 'transaction') {
          return this.evidence((unwrap(cb.call.callee) as TSESTree.MemberExpression).object, depth + 1);
        }
        return 'maybe';
      }
      default:
        return 'no';
    }
  }
}

// --- the adapter ---

interface Ctx {
  readonly context: AdapterContext;
  readonly receivers: Receivers;
  readonly tables: Map<string, Table>;
  readonly relations: Map<string, Map<string, string>>;
}

/**
 * Whether `fields` can be written as the JS keys of `table`. The keys of a table defined in the file
 * are known. For a table defined elsewhere the names come from the SQL schema (`display_name`), and
 * Drizzle tables usually map such a column to another key (`displayName: text('display_name')`):
 * only names without an underscore are taken to be the same key.
 */
function keysKnown(ctx: Ctx, table: string, fields: readonly string[]): boolean {
  return ctx.tables.has(table) || fields.every((f) => /^[A-Za-z][A-Za-z0-9]*$/.test(f));
}

function coreRead(ctx: Ctx, call: TSESTree.CallExpression, method: { name: string; node: TSESTree.Node }): OrmRead | undefined {
  const { context } = ctx;
  const callee = unwrap(call.callee) as TSESTree.MemberExpression;
  if (hasSpread(call) || call.arguments.length > (method.name === 'selectDistinctOn' ? 2 : 1)) return undefined;
  const chain = readChain(call, NOT_ROWS);
  const from = chain?.[1];
  if (!chain || !from || methodOf(from)?.name !== 'from') return undefined;
  const table = tableRef(context, from.arguments[0]);
  if (!table || !ctx.receivers.accepts(callee.object)) return undefined;
  // `const query = db.select().from(users); … query.where(…)`: a builder stored for later (split chain).
  const outer = chain[chain.length - 1] ?? call;
  if (outer.parent?.type === 'VariableDeclarator' && outer.parent.init === outer) return undefined;
  const mapArg = method.name === 'selectDistinctOn' ? call.arguments[1] : call.arguments[0];
  let shape: SelectShape | undefined;
  if (mapArg) {
    shape = { fields: new Map(), whole: new Set(), wildcard: new Set(), excluded: new Map(), sites: new Map() };
    if (!readSelectMap(context, mapArg, shape, 0)) return undefined;
  }
  const projection = projectionFor(table.variable, shape) ?? { kind: 'fields', fields: [] };
  const relations: RelationRead[] = [];
  for (const c of chain.slice(2)) {
    const m = methodOf(c);
    if (!m || !JOINS.has(m.name)) continue;
    const joined = tableRef(context, c.arguments[0]);
    if (!joined) continue;
    const p = projectionFor(joined.variable, shape);
    if (p) relations.push({ name: joined.variable, entity: { name: joined.variable, kind: 'table' }, projection: p, node: c.arguments[0] as TSESTree.Node });
  }
  const tableText = context.sourceCode.getText(from.arguments[0] as TSESTree.Node);
  return {
    library: 'drizzle',
    node: outer,
    reportNode: method.node,
    callText: callText(call, context.sourceCode),
    entity: { name: table.variable, kind: 'table' },
    projection,
    relations,
    edits: {
      project(fields, fixer) {
        if (fields.length === 0 || method.name === 'selectDistinctOn' || !keysKnown(ctx, table.variable, fields)) return null;
        const map = selectMapText(tableText, fields);
        if (!shape || !mapArg) return argEdit(call, map, context.sourceCode, fixer);
        // A map that selects the table whole (`{ post: posts, author: users }`, `{ ...getTableColumns(users), n }`):
        // narrow that one place and keep the rest of the map (and the shape of the rows).
        const sites = shape.sites?.get(table.variable);
        const site = sites?.length === 1 ? sites[0] : undefined;
        if (!site || !within(site, mapArg)) return null;
        return site.type === 'SpreadElement' ? fixer.replaceText(site, map.slice(2, -2)) : fixer.replaceText(site, map);
      },
      removeField: removeEdit(context.sourceCode, false),
    },
  };
}

function relationalRead(ctx: Ctx, call: TSESTree.CallExpression, method: { name: string; node: TSESTree.Node }): OrmRead | undefined {
  const { context } = ctx;
  const callee = unwrap(call.callee) as TSESTree.MemberExpression;
  const tableMember = unwrap(callee.object);
  if (tableMember.type !== 'MemberExpression') return undefined;
  const tableKey = memberKey(tableMember);
  const queryMember = unwrap(tableMember.object);
  if (typeof tableKey !== 'string' || queryMember.type !== 'MemberExpression') return undefined;
  const q = memberKey(queryMember);
  if (q !== 'query' && q !== '_query') return undefined;
  if (!ctx.receivers.accepts(queryMember.object)) return undefined;
  if (call.arguments.length > 1 || hasSpread(call)) return undefined;
  const chain = readChain(call, NOT_ROWS);
  if (!chain) return undefined;
  let args: TSESTree.ObjectExpression | undefined;
  if (call.arguments[0]) {
    const a = unwrap(call.arguments[0]);
    if (a.type !== 'ObjectExpression' || a.properties.some((p) => p.type !== 'Property')) return undefined;
    args = a;
  }
  const columns = args ? objectProperty(args, 'columns') : undefined;
  const projection = columnsProjection(columns?.value);
  if (!projection) return undefined;
  const relations: RelationRead[] = [];
  const w = args ? objectProperty(args, 'with') : undefined;
  if (w) withRelations(w.value, tableKey, ctx.relations, '', relations, 0);
  const sourceCode = context.sourceCode;
  const put = (text: string, fixer: TSESLint.RuleFixer): TSESLint.RuleFix | null => {
    if (columns) return fixer.replaceText(columns.value, text);
    if (args) return insertFirstProperty(args, `columns: ${text}`, fixer);
    return argEdit(call, `{ columns: ${text} }`, sourceCode, fixer);
  };
  return {
    library: 'drizzle',
    node: chain[chain.length - 1] ?? call,
    reportNode: method.node,
    callText: callText(call, sourceCode),
    entity: { name: tableKey, kind: 'table' },
    projection,
    relations,
    edits: {
      project(fields, fixer) {
        if (fields.length === 0 || !keysKnown(ctx, tableKey, fields)) return null;
        return put(trueObject(fields), fixer);
      },
      exclude(fields, fixer) {
        if (fields.length === 0 || projection.kind === 'fields' || !keysKnown(ctx, tableKey, fields)) return null;
        const all = [...(projection.kind === 'exclusion' ? projection.excluded : []), ...fields];
        return put(`{ ${[...new Set(all)].map((f) => `${objectKey(f)}: false`).join(', ')} }`, fixer);
      },
      // `columns: {}` selects no column at all, so removing the last one still narrows.
      removeField: removeEdit(sourceCode, true),
    },
  };
}

/** The `db.insert(t)` / `db.update(t)` / `db.delete(t)` call a chain call hangs on. */
function writeRoot(ctx: Ctx, call: TSESTree.CallExpression): { root: TSESTree.CallExpression; kind: string; table: string; tableNode: TSESTree.Node } | undefined {
  let n: TSESTree.Node = unwrap(call.callee);
  for (let depth = 0; depth < 32; depth++) {
    if (n.type !== 'MemberExpression') return undefined;
    const obj = unwrap(n.object);
    if (obj.type !== 'CallExpression') return undefined;
    const m = methodOf(obj);
    if (m && WRITE_ROOTS.has(m.name)) {
      const table = tableRef(ctx.context, obj.arguments[0]);
      const recv = (unwrap(obj.callee) as TSESTree.MemberExpression).object;
      if (!table || obj.arguments.length !== 1 || !ctx.receivers.accepts(recv)) return undefined;
      return { root: obj, kind: m.name, table: table.variable, tableNode: obj.arguments[0] as TSESTree.Node };
    }
    n = unwrap(obj.callee);
  }
  return undefined;
}

function returningRead(ctx: Ctx, call: TSESTree.CallExpression, method: { name: string; node: TSESTree.Node }): OrmRead | undefined {
  const root = writeRoot(ctx, call);
  if (!root || call.arguments.length > 1 || hasSpread(call)) return undefined;
  const chain = readChain(call, NOT_ROWS);
  if (!chain) return undefined;
  let projection: Projection = { kind: 'none' };
  if (call.arguments[0]) {
    const shape: SelectShape = { fields: new Map(), whole: new Set(), wildcard: new Set(), excluded: new Map() };
    if (!readSelectMap(ctx.context, call.arguments[0], shape, 0)) return undefined;
    projection = projectionFor(root.table, shape) ?? { kind: 'fields', fields: [] };
  }
  const sourceCode = ctx.context.sourceCode;
  const tableText = sourceCode.getText(root.tableNode);
  return {
    library: 'drizzle',
    node: chain[chain.length - 1] ?? call,
    reportNode: method.node,
    callText: callText(call, sourceCode),
    entity: { name: root.table, kind: 'table' },
    projection,
    relations: [],
    edits: {
      project(fields, fixer) {
        return fields.length === 0 || !keysKnown(ctx, root.table, fields) ? null : argEdit(call, selectMapText(tableText, fields), sourceCode, fixer);
      },
      removeField: removeEdit(sourceCode, false),
    },
  };
}

function analyse(context: AdapterContext): AdapterResult {
  const { tables, relations } = collectTables(context);
  const ctx: Ctx = { context, receivers: new Receivers(context), tables, relations };
  const reads: OrmRead[] = [];
  const writes: OrmWrite[] = [];
  for (const call of context.nodes.calls) {
    try {
      const m = methodOf(call);
      if (!m) continue;
      let read: OrmRead | undefined;
      if (SELECTS.has(m.name)) read = coreRead(ctx, call, m);
      else if (m.name === 'findMany' || m.name === 'findFirst') read = relationalRead(ctx, call, m);
      else if (m.name === 'returning') read = returningRead(ctx, call, m);
      if (read) reads.push(read);
      if (m.name === 'values' || m.name === 'set' || m.name === 'onConflictDoUpdate' || m.name === 'onDuplicateKeyUpdate') {
        const root = writeRoot(ctx, call);
        if (!root || call.arguments.length !== 1) continue;
        let value: TSESTree.Node | undefined = call.arguments[0];
        if (!value || value.type === 'SpreadElement') continue;
        if (m.name === 'values' && root.kind !== 'insert') continue;
        if (m.name === 'set' && root.kind !== 'update') continue;
        if (m.name === 'onConflictDoUpdate' || m.name === 'onDuplicateKeyUpdate') {
          const o = unwrap(value);
          value = o.type === 'ObjectExpression' ? objectProperty(o, 'set')?.value : undefined;
          if (!value) continue;
        }
        writes.push({ library: 'drizzle', call, callText: callText(call, context.sourceCode), value, entity: { name: root.table, kind: 'table' } });
      }
    } catch (e) {
      rethrowWhenDebugging(e);
      // odd code never breaks the lint run
    }
  }
  const models: LocalModel[] = [...tables.values()].map((t) => ({
    library: 'drizzle',
    names: t.variable === t.sqlName ? [t.variable] : [t.variable, t.sqlName],
    fields: t.fields,
    hidden: [],
  }));
  return { reads, writes, models };
}

function applies(facts: FileFacts): boolean {
  return importsModule(facts, 'drizzle-orm') || importsPathToken(facts, DB_PATH_TOKENS);
}

/** Reads start at a select, a relational query or `returning`; writes at `values`/`set`; models at table definitions. */
const ENTRY_CALLS: ReadonlySet<string> = new Set([
  ...SELECTS, 'findMany', 'findFirst', 'returning', 'values', 'set', 'onConflictDoUpdate', 'onDuplicateKeyUpdate',
  ...TABLE_FUNCTIONS, 'table',
]);

export const drizzleAdapter: OrmAdapter = {
  library: 'drizzle',
  applies,
  entryCalls: ENTRY_CALLS,
  analyse,
};
