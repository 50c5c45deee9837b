/**
 * Knex adapter: table queries (`knex('users')`, `knex.from('users')`, `knex.select(...).from('users')`),
 * their projections (`select`, `column(s)`, `first`, `returning`, inline `insert(x, '*')`) and joins.
 *
 * Receivers: a variable bound to `knex(...)`/`Knex(...)` imported from 'knex' or to `require('knex')(...)`,
 * anything imported from 'knex', a default or named import from a module whose path names
 * `db`/`knex`/`database`, the `trx` of `knex.transaction(cb)` or `await knex.transaction()`, and
 * parameters or class members typed `Knex` / `Knex.Transaction` (with `Knex` imported from 'knex').
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isFunction, memberKey, unwrap } from '../flow/ast.js';
import type { FileFacts } from '../flow/file-facts.js';
import { calledNames } from '../flow/walk.js';
import { callbackOf, paramType } from './bindings.js';
import { classBodyMember } from './classes.js';
import type { Column, TableRef } from './columns.js';
import { rethrowWhenDebugging, callText, hasSpread, methodOf, outerCalls, PROMISE_METHODS, staticString, unwrapAwait } from './common.js';
import { quote, removeListElement, replaceArguments, stringArray } from './edits.js';
import { columnsOf, knexBinding, listSize, qualifiesTable, tableOf } from './knex/syntax.js';
import { importsAnyModule, importsPathToken, pathHasToken, requireOf } from './module-paths.js';
import type { AdapterContext, AdapterResult, NamedField, OrmAdapter, OrmRead, OrmWrite, Projection, RelationRead } from './types.js';

const KNEX_MODULES = ['knex'];
const DB_PATH_TOKENS: ReadonlySet<string> = new Set(['db', 'knex', 'database']);

/** Names of other clients often exported from a `db` module: never a Knex instance. */
const NOT_KNEX: ReadonlySet<string> = new Set(['sql', 'pool', 'client', 'prisma', 'redis', 'mongoose', 'sequelize', 'drizzle', 'kysely', 'supabase', 'firestore', 'mongo']);

/** Methods that can start a query on the instance. */
const ROOT_METHODS: ReadonlySet<string> = new Set(['from', 'table', 'into', 'select', 'column', 'columns', 'first', 'distinct', 'withSchema', 'insert', 'queryBuilder']);
const TABLE_METHODS: ReadonlySet<string> = new Set(['from', 'table', 'into']);
const SELECT_METHODS: ReadonlySet<string> = new Set(['select', 'column', 'columns', 'distinct']);

const JOINS: ReadonlySet<string> = new Set([
  'join',
  'innerJoin',
  'leftJoin',
  'leftOuterJoin',
  'rightJoin',
  'rightOuterJoin',
  'fullOuterJoin',
  'crossJoin',
]);

/** After these the value is not rows. */
const NOT_ROWS: ReadonlySet<string> = new Set([
  'count',
  'countDistinct',
  'min',
  'max',
  'sum',
  'sumDistinct',
  'avg',
  'avgDistinct',
  'pluck',
  'increment',
  'decrement',
  'truncate',
  'columnInfo',
  'toSQL',
  'toString',
  'toQuery',
  'union',
  'unionAll',
  'intersect',
  'except',
  'as',
  'clearSelect',
]);

const CHAIN_STOP: ReadonlySet<string> = new Set([...PROMISE_METHODS, 'asCallback']);

// --- receivers ---

class Receivers {
  private readonly cache = new Map<TSESTree.Node, boolean>();

  constructor(private readonly context: AdapterContext) {}

  isKnex(expr: TSESTree.Node, depth = 0): boolean {
    const cached = this.cache.get(expr);
    if (cached !== undefined) return cached;
    const r = depth < 6 && this.compute(expr, depth);
    this.cache.set(expr, r);
    return r;
  }

  private isKnexType(type: TSESTree.TypeNode | undefined): boolean {
    if (type?.type !== 'TSTypeReference') return false;
    const n = type.typeName;
    const root = n.type === 'Identifier' ? n : n.type === 'TSQualifiedName' && n.left.type === 'Identifier' ? n.left : undefined;
    if (!root) return false;
    const imp = this.context.facts.imports.get(root.name);
    return imp !== undefined && KNEX_MODULES.includes(imp.module) && (imp.imported === 'Knex' || imp.imported === 'default');
  }

  private isKnexFactory(node: TSESTree.Node): boolean {
    const callee = unwrap(node);
    if (callee.type === 'Identifier') {
      const imp = this.context.facts.imports.get(callee.name);
      return imp !== undefined && KNEX_MODULES.includes(imp.module);
    }
    // require('knex')(config)
    const req = requireOf(callee);
    return req !== undefined && KNEX_MODULES.includes(req);
  }

  private compute(expr: TSESTree.Node, depth: number): boolean {
    const { sourceCode, facts } = this.context;
    const n = unwrap(expr);
    // `(trx ?? this.knex)('users')`: either side is the connection.
    if (n.type === 'LogicalExpression') return this.isKnex(n.left, depth + 1) || this.isKnex(n.right, depth + 1);
    if (n.type === 'MemberExpression') {
      if (unwrap(n.object).type !== 'ThisExpression') return false;
      return this.isKnexType(classBodyMember(n)?.type);
    }
    if (n.type !== 'Identifier' || NOT_KNEX.has(n.name)) return false;
    const b = knexBinding(sourceCode, facts, n);
    if (!b) return false;
    switch (b.kind) {
      case 'import':
        if (KNEX_MODULES.includes(b.module)) return b.imported === 'default' || b.imported === 'knex' || b.imported === '*';
        return pathHasToken(b.module, DB_PATH_TOKENS);
      case 'init': {
        const init = unwrapAwait(b.init);
        if (init.type !== 'CallExpression') return false;
        if (this.isKnexFactory(init.callee)) return true;
        // `const trx = await knex.transaction()`
        const callee = unwrap(init.callee);
        return callee.type === 'MemberExpression' && memberKey(callee) === 'transaction' && init.arguments.length === 0 && this.isKnex(callee.object, depth + 1);
      }
      case 'param': {
        if (this.isKnexType(paramType(b.param))) return true;
        const cb = isFunction(b.fn) ? callbackOf(b.fn) : undefined;
        if (cb?.index === 0) {
          const callee = unwrap(cb.call.callee);
          if (callee.type === 'MemberExpression' && memberKey(callee) === 'transaction') return this.isKnex(callee.object, depth + 1);
        }
        return false;
      }
      default:
        return false;
    }
  }
}

// --- the adapter ---

interface Query {
  readonly root: TSESTree.CallExpression;
  readonly chain: TSESTree.CallExpression[];
  readonly table: TableRef | undefined;
  /** The call after which `.select()` can be inserted. */
  readonly tableCall: TSESTree.CallExpression | undefined;
  readonly joins: TableRef[];
  readonly selects: TSESTree.CallExpression[];
  readonly first: TSESTree.CallExpression | undefined;
  readonly write: { call: TSESTree.CallExpression; kind: string } | undefined;
  readonly returning: { call: TSESTree.CallExpression; args: TSESTree.Node[] } | undefined;
  readonly notRows: boolean;
  readonly unreadable: boolean;
}

function queryOf(context: AdapterContext, root: TSESTree.CallExpression, tableRoot: boolean): Query {
  const chain: TSESTree.CallExpression[] = [];
  let table: TableRef | undefined;
  let tableCall: TSESTree.CallExpression | undefined;
  const joins: TableRef[] = [];
  const selects: TSESTree.CallExpression[] = [];
  let first: TSESTree.CallExpression | undefined;
  let write: Query['write'];
  let returning: Query['returning'];
  let notRows = false;
  let unreadable = false;
  if (tableRoot) {
    table = tableOf(context, root.arguments[0]);
    tableCall = root;
  }
  for (const c of outerCalls(root)) {
    const m = tableRoot && c === root ? undefined : methodOf(c);
    if (m && CHAIN_STOP.has(m.name)) break;
    chain.push(c);
    if (!m) continue;
    if (hasSpread(c)) unreadable = true;
    if (TABLE_METHODS.has(m.name)) {
      table = tableOf(context, c.arguments[0]);
      if (!table) unreadable = true;
      tableCall = c;
    } else if (JOINS.has(m.name)) {
      const j = tableOf(context, c.arguments[0]);
      if (j) joins.push(j);
    } else if (SELECT_METHODS.has(m.name)) {
      selects.push(c);
    } else if (m.name === 'first') {
      first = c;
      if (c.arguments.length > 0) selects.push(c);
    } else if (m.name === 'returning') {
      returning = { call: c, args: c.arguments as TSESTree.Node[] };
    } else if (m.name === 'insert' || m.name === 'update' || m.name === 'del' || m.name === 'delete' || m.name === 'upsert') {
      write = { call: c, kind: m.name };
      const retIndex = m.name === 'del' || m.name === 'delete' ? 0 : m.name === 'update' && staticString(c.arguments[0]) !== undefined ? 2 : 1;
      const ret = c.arguments[retIndex];
      if (ret) returning = { call: c, args: [ret] };
    } else if (NOT_ROWS.has(m.name)) {
      notRows = true;
    }
  }
  return { root, chain, table, tableCall, joins, selects, first, write, returning, notRows, unreadable };
}

/** A builder passed to another builder (`whereIn('id', knex('x').select('id'))`). */
function isSubquery(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (parent?.type === 'CallExpression' && parent.arguments.includes(node as TSESTree.CallExpressionArgument)) {
    const m = methodOf(parent);
    if (m && /^(where|orWhere|andWhere|whereNot|having|join|from|with|union|into|insert|select|as)/i.test(m.name)) return true;
  }
  return false;
}

/** Builder methods that only filter, order or page: called on a stored builder, they keep its rows. */
const FILTER_METHODS: ReadonlySet<string> = new Set([
  'where', 'andWhere', 'orWhere', 'whereNot', 'orWhereNot', 'whereIn', 'orWhereIn', 'whereNotIn', 'orWhereNotIn',
  'whereNull', 'orWhereNull', 'whereNotNull', 'orWhereNotNull', 'whereBetween', 'whereNotBetween', 'whereLike',
  'whereILike', 'whereRaw', 'orWhereRaw', 'whereExists', 'whereNotExists', 'whereJsonPath', 'orderBy', 'orderByRaw',
  'limit', 'offset', 'forUpdate', 'forShare', 'skipLocked', 'noWait', 'timeout', 'clearOrder', 'clearWhere',
]);

/**
 * `const query = knex('users').where(…); if (x) query.andWhere(…); res.json(await query)`: a
 * builder kept in a `const` and only filtered afterwards still returns its rows. Any other use
 * of the variable as a builder (`query.select(…)`, `query.join(…)`, `applyFilters(query)`) may
 * change what it returns: then it is not read.
 */
function storedAndOnlyFiltered(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean | undefined {
  const declarator = node.parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.init !== node) return undefined;
  const declaration = declarator.parent;
  if (declarator.id.type !== 'Identifier' || declaration?.type !== 'VariableDeclaration' || declaration.kind !== 'const') return false;
  const variable = sourceCode.getDeclaredVariables(declarator)[0];
  if (!variable) return false;
  for (const ref of variable.references) {
    if (ref.init) continue;
    const id = ref.identifier as TSESTree.Node;
    const member = id.parent;
    if (member?.type === 'MemberExpression' && member.object === id) {
      const call = member.parent;
      const key = memberKey(member);
      if (call?.type === 'CallExpression' && call.callee === member && typeof key === 'string') {
        if (FILTER_METHODS.has(key) || PROMISE_METHODS.has(key)) continue;
        return false; // select, join, first, pluck, modify…: not only filtered
      }
      continue; // a property read (`query.client`)
    }
    // Passed to a function as a builder, the function may add to it (`applyFilters(query)`).
    if (id.parent?.type === 'CallExpression' && id.parent.arguments.includes(id as TSESTree.CallExpressionArgument)) return false;
  }
  return true;
}

function readOf(context: AdapterContext, q: Query): OrmRead | undefined {
  const sourceCode = context.sourceCode;
  if (!q.table || q.unreadable || q.notRows) return undefined;
  const outer = q.chain[q.chain.length - 1] ?? q.root;
  const main = q.table;
  const entity = { name: main.name, kind: 'table' as const };
  // Writes read only through `returning`.
  if (q.write) {
    if (!q.returning) return undefined;
    const cols: Column[] = [];
    for (const a of q.returning.args) if (!columnsOf(context, a, cols)) return undefined;
    const wildcard = cols.some((c) => c.column === '*');
    const fields: NamedField[] = cols.filter((c) => c.column !== '*').map((c) => ({ name: c.column, node: c.node }));
    const projection: Projection = wildcard ? { kind: 'wildcard' } : { kind: 'fields', fields };
    const retCall = q.returning.call;
    const inline = retCall === q.write.call;
    const method = methodOf(retCall);
    return {
      library: 'knex',
      node: outer,
      reportNode: method?.node ?? retCall,
      callText: callText(retCall, sourceCode),
      entity,
      projection,
      relations: [],
      edits: {
        project(list, fixer) {
          if (list.length === 0) return null;
          const text = stringArray(list);
          if (inline) {
            const arg = q.returning?.args[0];
            return arg ? fixer.replaceText(arg, text) : null;
          }
          return retCall.arguments.length > 0 ? replaceArguments(retCall, text, sourceCode, fixer) : null;
        },
        removeField(field, fixer) {
          if (projection.kind !== 'fields' || projection.fields.length <= 1) return null;
          return removeListElement(field.node, sourceCode, fixer);
        },
      },
    };
  }
  if (isSubquery(outer)) return undefined;
  if (storedAndOnlyFiltered(outer, sourceCode) === false) return undefined;
  const cols: Column[] = [];
  for (const s of q.selects) for (const a of s.arguments) if (!columnsOf(context, a, cols)) return undefined;
  const anySelect = cols.length > 0 || q.selects.some((s) => s.arguments.length > 0);
  const starAll = cols.some((c) => c.column === '*' && c.qualifier === undefined);
  const projectionOf = (t: TableRef, isMain: boolean): Projection | undefined => {
    if (!anySelect) return { kind: 'none' };
    if (starAll) return { kind: 'wildcard' };
    const mine = cols.filter((c) => (c.qualifier === undefined ? isMain : qualifiesTable(c.qualifier, t)));
    if (mine.some((c) => c.column === '*')) return { kind: 'wildcard' };
    const fields = mine.map((c) => ({ name: c.column, node: c.node }));
    return isMain || fields.length > 0 ? { kind: 'fields', fields } : undefined;
  };
  const projection = projectionOf(main, true) ?? { kind: 'fields', fields: [] };
  const relations: RelationRead[] = [];
  for (const j of q.joins) {
    const p = projectionOf(j, false);
    if (p) relations.push({ name: j.alias ?? j.name, entity: { name: j.name, kind: 'table' }, projection: p, node: j.node });
  }
  const selectCall = q.selects[0];
  const selectMethod = selectCall ? methodOf(selectCall) : undefined;
  const firstMethod = q.first ? methodOf(q.first) : undefined;
  const rootMethod = methodOf(q.root);
  let reportNode: TSESTree.Node;
  if (selectMethod && anySelect) reportNode = selectMethod.node;
  else if (firstMethod) reportNode = firstMethod.node;
  else reportNode = rootMethod?.node ?? q.root.callee;
  const selectCalls = q.selects.filter((s) => s !== q.first || s.arguments.length > 0);
  const qualifier = q.joins.length > 0 ? `${main.alias ?? main.name}.` : '';
  return {
    library: 'knex',
    node: outer,
    reportNode,
    callText: callText(selectCall && anySelect ? selectCall : outer, sourceCode),
    entity,
    projection,
    relations,
    edits: {
      project(list, fixer) {
        if (list.length === 0) return null;
        if (selectCalls.length > 1) return null;
        const only = selectCalls[0];
        if (only) {
          // `select('users.*')` → keep the qualifier
          const star = cols.find((c) => c.column === '*' && c.qualifier !== undefined);
          const prefix = star ? `${star.qualifier}.` : qualifier;
          const text = list.map((f) => quote(prefix + f)).join(', ');
          // `select('orders.*', 'users.email')`: replace only the main table's wildcard and keep the rest.
          const mainStar = cols.find((c) => c.column === '*' && (c.qualifier === undefined || qualifiesTable(c.qualifier, main)));
          const others = only.arguments.length > 1 || unwrap(only.arguments[0] ?? only).type === 'ArrayExpression';
          if (mainStar && others) {
            if (staticString(mainStar.node) === undefined) return null;
            return fixer.replaceText(mainStar.node, list.map((f) => quote((mainStar.qualifier !== undefined ? `${mainStar.qualifier}.` : qualifier) + f)).join(', '));
          }
          return replaceArguments(only, text, sourceCode, fixer);
        }
        if (!q.tableCall) return null;
        return fixer.insertTextAfter(q.tableCall, `.select(${list.map((f) => quote(qualifier + f)).join(', ')})`);
      },
      // Any column of the list, the main table's or a joined one's (`select('u.id', 's.token')`),
      // as long as the list keeps another item: an empty `select()` would select every column.
      removeField(field, fixer) {
        if (listSize(field.node) <= 1) return null;
        return removeListElement(field.node, sourceCode, fixer);
      },
    },
  };
}

/**
 * Whether the file can hold a Knex receiver at all (see `Receivers`): something imported from
 * 'knex', a binding imported from a `db`-like module that is not another client (`pool`, `sql`,
 * `prisma`…), or a `require` call (`require('knex')(config)`). Route files that import only `pool`
 * from '../db' are not walked.
 */
function mayHaveReceiver(context: AdapterContext): boolean {
  const { facts } = context;
  if (importsAnyModule(facts, KNEX_MODULES)) return true;
  for (const [local, binding] of facts.imports) {
    if (!NOT_KNEX.has(local) && pathHasToken(binding.module, DB_PATH_TOKENS)) return true;
  }
  return calledNames(context.nodes).has('require');
}

function analyse(context: AdapterContext): AdapterResult {
  if (!mayHaveReceiver(context)) return { reads: [], writes: [], models: [] };
  const receivers = new Receivers(context);
  const reads: OrmRead[] = [];
  const writes: OrmWrite[] = [];
  for (const call of context.nodes.calls) {
    try {
      const callee = unwrap(call.callee);
      let tableRoot = false;
      const mayBeRoot = callee.type === 'Identifier' || callee.type === 'MemberExpression' || callee.type === 'LogicalExpression';
      // `knex('users')` takes one argument: other calls need no receiver lookup for this form.
      if (mayBeRoot && call.arguments.length === 1 && receivers.isKnex(callee)) {
        tableRoot = true;
      } else if (callee.type === 'MemberExpression') {
        const m = methodOf(call);
        if (!m || !ROOT_METHODS.has(m.name) || !receivers.isKnex(callee.object)) continue;
      } else {
        continue;
      }
      const q = queryOf(context, call, tableRoot);
      const read = readOf(context, q);
      if (read) reads.push(read);
      if (q.write && q.table && (q.write.kind === 'insert' || q.write.kind === 'update' || q.write.kind === 'upsert')) {
        const value = q.write.call.arguments[0];
        if (value && value.type !== 'SpreadElement' && staticString(value) === undefined) {
          writes.push({ library: 'knex', call: q.write.call, callText: callText(q.write.call, context.sourceCode), value, entity: { name: q.table.name, kind: 'table' } });
        }
      }
      const merge = q.chain.find((c) => methodOf(c)?.name === 'merge' && c.arguments.length === 1);
      const mergeValue = merge?.arguments[0];
      if (merge && mergeValue && mergeValue.type !== 'SpreadElement' && q.table) {
        writes.push({ library: 'knex', call: merge, callText: callText(merge, context.sourceCode), value: mergeValue, entity: { name: q.table.name, kind: 'table' } });
      }
    } catch (e) {
      rethrowWhenDebugging(e);
      // odd code never breaks the lint run
    }
  }
  return { reads, writes, models: [] };
}

function applies(facts: FileFacts): boolean {
  return importsAnyModule(facts, KNEX_MODULES) || importsPathToken(facts, DB_PATH_TOKENS);
}

export const knexAdapter: OrmAdapter = {
  library: 'knex',
  applies,
  analyse,
};
