/**
 * Kysely adapter: `db.selectFrom('users').selectAll().execute()`, `.select([...])`, joins, relations
 * nested with `jsonArrayFrom`/`jsonObjectFrom`, `.returningAll()` / `.returning([...])` on
 * insert/update/delete, and their `values`/`set` writes.
 *
 * Receivers: a variable bound to `new Kysely<DB>(...)`, a `db` imported from a module whose path names
 * `db`/`database`/`kysely`, parameters and class members typed `Kysely<DB>` / `Transaction<DB>`, the
 * `trx` of `db.transaction().execute(async (trx) => …)`, and — in a file that imports 'kysely' —
 * any other receiver not bound in the file to something else.
 * A read needs its terminal call (`execute`, `executeTakeFirst`, `executeTakeFirstOrThrow`, `stream`).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isFunction, unwrap } from '../flow/ast.js';
import type { FileFacts } from '../flow/file-facts.js';
import { callbackOf, paramType } from './bindings.js';
import { classBodyMember } from './classes.js';
import type { Column, TableRef } from './columns.js';
import { rethrowWhenDebugging, callText, hasSpread, methodOf, outerCalls, readChain, unwrapAwait } from './common.js';
import { removeListElement, stringArray } from './edits.js';
import { jsonHelperRelations, kyselyBinding, namesTable, selectAllTables, selectColumns, tableOf } from './kysely/syntax.js';
import { importsAnyModule, importsPathToken, isLocalModule, pathHasToken } from './module-paths.js';
import type { AdapterContext, AdapterResult, NamedField, OrmAdapter, OrmRead, OrmWrite, Projection, RelationRead } from './types.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
const KYSELY_MODULES = ['kysely', 'nestjs-kysely'];
const DB_PATH_TOKENS: ReadonlySet<string> = new Set(['db', 'database', 'kysely']);
const ROOTS: ReadonlySet<string> = new Set(['selectFrom', 'insertInto', 'replaceInto', 'updateTable', 'deleteFrom']);

/** Calls on the instance that return another query creator. */
const PREFIXES: ReadonlySet<string> = new Set(['with', 'withRecursive', 'withSchema', 'withPlugin', 'withoutPlugins']);
const JOINS: ReadonlySet<string> = new Set(['innerJoin', 'leftJoin', 'rightJoin', 'fullJoin', 'crossJoin']);
const TERMINALS: ReadonlySet<string> = new Set(['execute', 'executeTakeFirst', 'executeTakeFirstOrThrow', 'stream']);
const NOT_ROWS: ReadonlySet<string> = new Set(['as', 'compile', 'explain', 'clearSelect', 'clearReturning']);

// --- receivers ---

class Receivers {
  private readonly cache = new Map<TSESTree.Node, boolean>();
  private readonly fileImportsKysely: boolean;

  constructor(private readonly context: AdapterContext) {
    this.fileImportsKysely = importsAnyModule(context.facts, KYSELY_MODULES);
  }

  isKysely(expr: TSESTree.Node, depth = 0): boolean {
    const cached = this.cache.get(expr);
    if (cached !== undefined) return cached;
    const r = depth < 6 && this.compute(expr, depth);
    this.cache.set(expr, r);
    return r;
  }

  private kyselyType(type: TSESTree.TypeNode | undefined): 'yes' | 'no' | 'none' {
    if (!type) return 'none';
    if (type.type !== 'TSTypeReference' || type.typeName.type !== 'Identifier') return 'no';
    const imp = this.context.facts.imports.get(type.typeName.name);
    return imp !== undefined && imp.module === 'kysely' && (imp.imported === 'Kysely' || imp.imported === 'Transaction') ? 'yes' : 'no';
  }

  private compute(expr: TSESTree.Node, depth: number): boolean {
    const { sourceCode, facts } = this.context;
    const n = unwrap(expr);
    if (n.type === 'MemberExpression') {
      if (unwrap(n.object).type === 'ThisExpression') {
        const member = classBodyMember(n);
        if (member) {
          const t = this.kyselyType(member.type);
          if (t !== 'none') return t === 'yes';
        }
      }
      return this.fileImportsKysely; // ctx.db, req.db, fastify.db
    }
    if (n.type !== 'Identifier') return false;
    const b = kyselyBinding(sourceCode, facts, n);
    if (!b) return this.fileImportsKysely;
    switch (b.kind) {
      case 'import':
        if (KYSELY_MODULES.includes(b.module)) return false;
        return pathHasToken(b.module, DB_PATH_TOKENS);
      case 'init': {
        const init = unwrapAwait(b.init);
        if (init.type === 'NewExpression') {
          const callee = unwrap(init.callee);
          if (callee.type !== 'Identifier') return false;
          const imp = facts.imports.get(callee.name);
          return imp?.module === 'kysely' && imp.imported === 'Kysely';
        }
        if (init.type === 'CallExpression') {
          const callee = unwrap(init.callee);
          const root = callee.type === 'MemberExpression' ? unwrap(callee.object) : callee;
          if (root.type === 'Identifier') {
            const imp = facts.imports.get(root.name);
            if (imp && !KYSELY_MODULES.includes(imp.module) && !isLocalModule(imp.module)) return false; // knex(), drizzle(), …
          }
          return this.fileImportsKysely;
        }
        if (init.type === 'MemberExpression') return this.fileImportsKysely;
        return false;
      }
      case 'param': {
        const t = this.kyselyType(paramType(b.param));
        if (t !== 'none') return t === 'yes';
        // db.transaction().execute(async (trx) => …) / db.connection().execute(async (conn) => …)
        const cb = isFunction(b.fn) ? callbackOf(b.fn) : undefined;
        if (cb?.index === 0 && methodOf(cb.call)?.name === 'execute') {
          const inner = unwrap((unwrap(cb.call.callee) as TSESTree.MemberExpression).object);
          const m = inner.type === 'CallExpression' ? methodOf(inner) : undefined;
          if (m && (m.name === 'transaction' || m.name === 'connection')) {
            return this.isKysely((unwrap((inner as TSESTree.CallExpression).callee) as TSESTree.MemberExpression).object, depth + 1);
          }
        }
        return this.fileImportsKysely;
      }
      default:
        return false;
    }
  }
}

/** The instance a root call hangs on, through `with(...)`/`withSchema(...)` prefixes. */
function instanceOf(call: TSESTree.CallExpression): TSESTree.Node | undefined {
  let obj = unwrap((unwrap(call.callee) as TSESTree.MemberExpression).object);
  for (let depth = 0; depth < 16; depth++) {
    if (obj.type !== 'CallExpression') return obj;
    const m = methodOf(obj);
    if (!m || !PREFIXES.has(m.name)) return undefined;
    obj = unwrap((unwrap(obj.callee) as TSESTree.MemberExpression).object);
  }
  return undefined;
}

// --- the adapter ---

function replaceCall(call: TSESTree.CallExpression, text: string, fixer: TSESLint.RuleFixer): TSESLint.RuleFix | null {
  const m = methodOf(call);
  return m ? fixer.replaceTextRange([m.node.range[0], call.range[1]], text) : null;
}

/**
 * Removes a column from its `select([...])` / `returning([...])` array — the main table's or a joined
 * one's (`select(['u.id', 's.token'])`) — when the array keeps another item.
 */
function removeEdit(sourceCode: SourceCode) {
  return (field: NamedField, fixer: TSESLint.RuleFixer): TSESLint.RuleFix | null => {
    const list = field.node.parent;
    if (list?.type !== 'ArrayExpression' || list.elements.length <= 1) return null;
    return removeListElement(field.node, sourceCode, fixer);
  };
}

function readOf(context: AdapterContext, root: TSESTree.CallExpression, rootMethod: string): OrmRead | undefined {
  const sourceCode = context.sourceCode;
  const main = rootMethod === 'selectFrom' ? undefined : tableOf(context, root.arguments[0]);
  let from: TableRef | undefined = main;
  const extraFrom: TableRef[] = [];
  if (rootMethod === 'selectFrom') {
    const arg = root.arguments[0] ? unwrap(root.arguments[0]) : undefined;
    if (arg?.type === 'ArrayExpression') {
      const tables = arg.elements.map((e) => (e ? tableOf(context, e) : undefined));
      if (tables.some((t) => !t)) return undefined;
      from = tables[0];
      extraFrom.push(...(tables.slice(1) as TableRef[]));
    } else {
      from = tableOf(context, root.arguments[0]);
    }
  }
  if (!from) return undefined;
  const chain = readChain(root, NOT_ROWS);
  if (!chain) return undefined;
  const last = chain[chain.length - 1];
  const lastMethod = last ? methodOf(last) : undefined;
  if (!last || !lastMethod || !TERMINALS.has(lastMethod.name)) return undefined;
  const joins: TableRef[] = [...extraFrom];
  const cols: Column[] = [];
  let callbackSelect = false;
  const selectAlls: { call: TSESTree.CallExpression; tables: string[] | 'all' }[] = [];
  const selects: TSESTree.CallExpression[] = [];
  let returning: { call: TSESTree.CallExpression; all: boolean } | undefined;
  for (const c of chain.slice(1)) {
    const m = methodOf(c);
    if (!m) continue;
    if (hasSpread(c)) return undefined;
    if (JOINS.has(m.name)) {
      const j = tableOf(context, c.arguments[0]);
      if (j) joins.push(j);
    } else if (m.name === 'selectAll') {
      const tables = selectAllTables(c);
      if (!tables) return undefined;
      selectAlls.push({ call: c, tables });
    } else if (m.name === 'select') {
      const r = selectColumns(context, c, cols);
      if (r === 'unreadable') return undefined;
      if (r === 'callback') callbackSelect = true;
      selects.push(c);
    } else if (m.name === 'returningAll') {
      returning = { call: c, all: true };
    } else if (m.name === 'returning') {
      if (selectColumns(context, c, cols) !== 'ok') return undefined;
      returning = { call: c, all: false };
    }
  }
  const entity = { name: from.name, kind: 'table' as const };
  if (rootMethod !== 'selectFrom') {
    if (!returning) return undefined;
    const fields = cols.map((c) => ({ name: c.column, node: c.node }));
    const projection: Projection = returning.all ? { kind: 'wildcard' } : { kind: 'fields', fields };
    const retCall = returning.call;
    return {
      library: 'kysely',
      node: last,
      reportNode: methodOf(retCall)?.node ?? retCall,
      callText: callText(retCall, sourceCode),
      entity,
      projection,
      relations: [],
      edits: {
        project(list, fixer) {
          return list.length === 0 ? null : replaceCall(retCall, `returning(${stringArray(list)})`, fixer);
        },
        removeField: removeEdit(sourceCode),
      },
    };
  }
  if (selectAlls.length === 0 && selects.length === 0) return undefined;
  const wildcardFor = (t: TableRef): boolean => selectAlls.some((s) => s.tables === 'all' || s.tables.some((name) => namesTable(name, t)));
  const projectionFor = (t: TableRef, isMain: boolean): Projection | undefined => {
    if (wildcardFor(t)) return { kind: 'wildcard' };
    const mine = cols.filter((c) => (c.qualifier === undefined ? isMain : namesTable(c.qualifier, t)));
    const fields = mine.map((c) => ({ name: c.column, node: c.node }));
    return isMain || fields.length > 0 ? { kind: 'fields', fields } : undefined;
  };
  const projection = projectionFor(from, true) ?? { kind: 'fields', fields: [] };
  const relations: RelationRead[] = [];
  for (const j of joins) {
    const p = projectionFor(j, false);
    if (p) relations.push({ name: j.alias ?? j.name, entity: { name: j.name, kind: 'table' }, projection: p, node: j.node });
  }
  for (const s of selects) relations.push(...jsonHelperRelations(context, s));
  const reportCall = selectAlls[0]?.call ?? selects[0];
  if (!reportCall) return undefined;
  const mainPrefix = joins.length > 0 ? `${from.alias ?? from.name}.` : '';
  return {
    library: 'kysely',
    node: last,
    reportNode: methodOf(reportCall)?.node ?? reportCall,
    callText: callText(reportCall, sourceCode),
    entity,
    projection,
    relations,
    edits: {
      project(list, fixer) {
        if (list.length === 0) return null;
        const all = selectAlls[0];
        if (selectAlls.length === 1 && all) {
          let prefix = mainPrefix;
          if (all.tables !== 'all') {
            if (all.tables.length !== 1) return null;
            prefix = `${all.tables[0]}.`;
          }
          return replaceCall(all.call, `select(${stringArray(list.map((f) => prefix + f))})`, fixer);
        }
        const only = selects[0];
        if (selectAlls.length > 0 || selects.length !== 1 || callbackSelect || !only) return null;
        return replaceCall(only, `select(${stringArray(list.map((f) => mainPrefix + f))})`, fixer);
      },
      removeField: removeEdit(sourceCode),
    },
  };
}

function analyse(context: AdapterContext): AdapterResult {
  const receivers = new Receivers(context);
  const reads: OrmRead[] = [];
  const writes: OrmWrite[] = [];
  for (const call of context.nodes.calls) {
    try {
      const m = methodOf(call);
      if (!m || !ROOTS.has(m.name)) continue;
      const instance = instanceOf(call);
      if (!instance || !receivers.isKysely(instance)) continue;
      const read = readOf(context, call, m.name);
      if (read) reads.push(read);
      if (m.name === 'selectFrom' || m.name === 'deleteFrom') continue;
      const table = tableOf(context, call.arguments[0]);
      if (!table) continue;
      const want = m.name === 'updateTable' ? 'set' : 'values';
      for (const c of outerCalls(call)) {
        const cm = c === call ? undefined : methodOf(c);
        if (cm?.name !== want || c.arguments.length !== 1) continue;
        const value = c.arguments[0];
        if (!value || value.type === 'SpreadElement' || isFunction(unwrap(value))) continue;
        writes.push({ library: 'kysely', call: c, callText: callText(c, context.sourceCode), value, entity: { name: table.name, kind: 'table' } });
      }
    } catch (e) {
      rethrowWhenDebugging(e);
      // odd code never breaks the lint run
    }
  }
  return { reads, writes, models: [] };
}

function applies(facts: FileFacts): boolean {
  return importsAnyModule(facts, KYSELY_MODULES) || importsPathToken(facts, DB_PATH_TOKENS);
}

export const kyselyAdapter: OrmAdapter = {
  library: 'kysely',
  applies,
  entryCalls: ROOTS,
  analyse,
};
