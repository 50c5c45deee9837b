/**
 * QueryShape from a pgsql-ast-parser AST: result columns with their origins, and the result
 * wildcards with what they expand to. Pure: no schema, no ESLint.
 */
import type {
  Expr,
  ExprCall,
  From,
  NodeLocation,
  SelectedColumn,
  SelectStatement,
  Statement,
} from 'pgsql-ast-parser';
import type {
  ColumnFlow,
  ColumnOrigin,
  ProjectionList,
  QueryShape,
  RelationRef,
  ResultColumn,
  SqlRange,
  StatementKind,
  Wildcard,
  WildcardSource,
} from './query-shape.js';
import { lex } from './lexer.js';

/** Functions that turn a whole row into one value sent to the client. */
export const ROW_FUNCTIONS: ReadonlySet<string> = new Set([
  'row_to_json',
  'to_json',
  'to_jsonb',
  'json_agg',
  'jsonb_agg',
  'array_agg',
  'json_build_array',
  'jsonb_build_array',
  'hstore',
]);

/** Functions whose result does not reveal the argument's value. */
const DERIVING_FUNCTIONS: ReadonlySet<string> = new Set([
  'count',
  'sum',
  'avg',
  'bool_and',
  'bool_or',
  'every',
  'length',
  'char_length',
  'character_length',
  'octet_length',
  'bit_length',
  'cardinality',
  'array_length',
  'jsonb_array_length',
  'json_array_length',
  'pg_column_size',
  'md5',
  'sha224',
  'sha256',
  'sha384',
  'sha512',
  'digest',
  'crypt',
  'exists',
  'num_nulls',
  'num_nonnulls',
  'jsonb_typeof',
  'json_typeof',
]);

/** Operators whose result is a boolean or otherwise does not pass the operand value on. */
const CARRYING_BINARY_OPS: ReadonlySet<string> = new Set(['||', '-', '+', '#-', 'AT TIME ZONE']);

interface Relation {
  readonly ref: RelationRef;
  /** How `t.*`/`*` over this relation expands. */
  readonly source: WildcardSource;
  /** Names this relation can be referred to by (alias, else name). */
  readonly names: readonly string[];
}

interface Scope {
  readonly ctes: ReadonlyMap<string, QueryShape>;
  readonly relations: readonly Relation[];
  readonly parent: Scope | undefined;
}

const EMPTY_SCOPE: Scope = { ctes: new Map(), relations: [], parent: undefined };

function range(loc: NodeLocation | undefined): SqlRange | undefined {
  return loc ? { start: loc.start, end: loc.end } : undefined;
}

interface Builder {
  columns: ResultColumn[];
  wildcards: Wildcard[];
  relations: RelationRef[];
  incomplete: boolean;
}

function newBuilder(): Builder {
  return { columns: [], wildcards: [], relations: [], incomplete: false };
}

function finish(kind: StatementKind, b: Builder): QueryShape {
  return {
    kind,
    columns: b.columns,
    wildcards: b.wildcards,
    relations: dedupeRelations(b.relations),
    incomplete: b.incomplete,
    via: 'ast',
  };
}

function dedupeRelations(relations: readonly RelationRef[]): RelationRef[] {
  const seen = new Set<string>();
  const out: RelationRef[] = [];
  for (const r of relations) {
    const key = `${r.schema ?? ''}.${r.name}.${r.alias ?? ''}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(r);
    }
  }
  return out;
}

/**
 * The shape of one parsed statement. With the SQL `text`, select-list items that end in a bare
 * alias (`col alias`, which the parser gives no location) are widened to cover the alias.
 */
export function shapeOfStatement(statement: Statement, text?: string): QueryShape {
  sqlText = text;
  try {
    return shapeIn(statement, EMPTY_SCOPE);
  } finally {
    sqlText = undefined;
  }
}

/** The text being shaped, for alias ranges (set only during one synchronous call). */
let sqlText: string | undefined;

function itemRange(item: SelectedColumn): SqlRange | undefined {
  const r = range(item._location);
  if (!r || !item.alias || item.alias._location || sqlText === undefined) return r;
  const tokens = lex(sqlText.slice(r.end, r.end + 200)).filter((t) => t.kind !== 'comment');
  // A bare alias, or (when a shim turned `AS user` into `"user"`) `AS` and the reserved word.
  const next = tokens[0]?.kind === 'word' && tokens[0].value === 'AS' && item.alias.name !== 'as' ? tokens[1] : tokens[0];
  const alias = item.alias.name;
  if (next && ((next.kind === 'word' && next.value.toLowerCase() === alias) || (next.kind === 'qident' && next.value.slice(1, -1) === alias))) {
    return { start: r.start, end: r.end + next.end };
  }
  return r;
}

function shapeIn(statement: Statement, scope: Scope): QueryShape {
  switch (statement.type) {
    case 'select':
    case 'union':
    case 'union all':
    case 'values':
    case 'with':
    case 'with recursive':
      return shapeOfSelect(statement, scope);
    case 'insert': {
      const b = newBuilder();
      const target = tableRef(statement.into.name, statement.into.schema, statement.into.alias);
      b.relations.push(target);
      // The inserted SELECT is not the result, but the tables it reads are touched.
      const inner = shapeOfSelect(statement.insert, scope);
      b.relations.push(...inner.relations);
      addReturning(statement.returning, target, scope, b);
      return finish('insert', b);
    }
    case 'update': {
      const b = newBuilder();
      const target = tableRef(statement.table.name, statement.table.schema, statement.table.alias);
      b.relations.push(target);
      const relations = [relationOfTable(target, scope)];
      if (statement.from) relations.push(...relationsOfFrom([statement.from], scope, b));
      addReturning(statement.returning, target, { ...scope, relations }, b);
      return finish('update', b);
    }
    case 'delete': {
      const b = newBuilder();
      const target = tableRef(statement.from.name, statement.from.schema, statement.from.alias);
      b.relations.push(target);
      addReturning(statement.returning, target, scope, b);
      return finish('delete', b);
    }
    case 'create view':
    case 'create materialized view': {
      const inner = shapeOfSelect(statement.query, scope);
      return { ...inner, kind: 'create-view' };
    }
    default:
      return finish('other', newBuilder());
  }
}

function tableRef(name: string, schema: string | undefined, alias: string | undefined): RelationRef {
  const ref: { name: string; schema?: string; alias?: string } = { name };
  if (schema) ref.schema = schema;
  if (alias) ref.alias = alias;
  return ref;
}

function lookupCte(scope: Scope | undefined, name: string): QueryShape | undefined {
  for (let s = scope; s; s = s.parent) {
    const cte = s.ctes.get(name);
    if (cte) return cte;
  }
  return undefined;
}

function derivedSource(name: string, inner: QueryShape): WildcardSource {
  if (inner.wildcards.length === 0 && !inner.incomplete) {
    return { kind: 'derived', name, columns: inner.columns, inner: [] };
  }
  return {
    kind: 'derived',
    name,
    columns: undefined,
    inner: inner.wildcards.flatMap((w) => w.sources),
  };
}

function relationOfTable(ref: RelationRef, scope: Scope): Relation {
  const cte = ref.schema ? undefined : lookupCte(scope, ref.name);
  const names = ref.alias ? [ref.alias] : [ref.name];
  if (cte) return { ref, source: derivedSource(ref.alias ?? ref.name, cte), names };
  return { ref, source: { kind: 'table', relation: ref }, names };
}

function relationsOfFrom(from: readonly From[], scope: Scope, b: Builder): Relation[] {
  const out: Relation[] = [];
  for (const item of from) {
    if (item.type === 'table') {
      const ref = tableRef(item.name.name, item.name.schema, item.name.alias);
      const rel = relationOfTable(ref, scope);
      if (rel.source.kind === 'table') b.relations.push(ref);
      out.push(rel);
    } else if (item.type === 'statement') {
      // LATERAL subqueries see the relations to their left.
      const innerScope: Scope = item.lateral ? { ctes: new Map(), relations: out.slice(), parent: scope } : scope;
      const inner = shapeOfSelect(item.statement, innerScope);
      b.relations.push(...inner.relations);
      const ref: RelationRef = { name: item.alias, alias: item.alias };
      out.push({ ref, source: derivedSource(item.alias, inner), names: [item.alias] });
    } else {
      const fn = item.function.name;
      const alias = item.alias?.name ?? fn;
      out.push({ ref: { name: fn, alias }, source: { kind: 'function', name: fn }, names: [alias] });
    }
  }
  return out;
}

function shapeOfSelect(statement: SelectStatement, scope: Scope): QueryShape {
  switch (statement.type) {
    case 'select': {
      const b = newBuilder();
      const relations = relationsOfFrom(statement.from ?? [], scope, b);
      const inner: Scope = { ctes: new Map(), relations, parent: scope };
      addProjection(statement.columns ?? [], 'select', inner, b);
      return finish('select', b);
    }
    case 'union':
    case 'union all': {
      const left = shapeOfSelect(statement.left, scope);
      const right = shapeOfSelect(statement.right, scope);
      return {
        kind: 'select',
        columns: [...left.columns, ...right.columns],
        wildcards: [...left.wildcards, ...right.wildcards],
        relations: dedupeRelations([...left.relations, ...right.relations]),
        incomplete: left.incomplete || right.incomplete,
        via: 'ast',
      };
    }
    case 'values':
      return finish('values', newBuilder());
    case 'with': {
      const ctes = new Map<string, QueryShape>();
      const withScope: Scope = { ctes, relations: [], parent: scope };
      const touched: RelationRef[] = [];
      for (const bind of statement.bind) {
        const shape = shapeIn(bind.statement, withScope);
        touched.push(...shape.relations);
        ctes.set(bind.alias.name, shape);
      }
      const result = shapeIn(statement.in, withScope);
      return { ...result, relations: dedupeRelations([...touched, ...result.relations]) };
    }
    case 'with recursive': {
      const ctes = new Map<string, QueryShape>();
      const withScope: Scope = { ctes, relations: [], parent: scope };
      const seed = shapeOfSelect(statement.bind.left, withScope);
      // The recursive CTE's columns are its declared names, carrying what the seed carries.
      const columns: ResultColumn[] = statement.columnNames.map((n, i) => ({
        name: n.name,
        flow: seed.columns[i]?.flow ?? 'unknown',
        origins: seed.columns[i]?.origins ?? [],
      }));
      ctes.set(statement.alias.name, { ...seed, columns, wildcards: seed.wildcards });
      const recursive = shapeOfSelect(statement.bind.right, withScope);
      const result = shapeIn(statement.in, withScope);
      return {
        ...result,
        relations: dedupeRelations([...seed.relations, ...recursive.relations, ...result.relations]),
      };
    }
    default:
      return finish('other', newBuilder());
  }
}

function addReturning(
  returning: readonly SelectedColumn[] | null | undefined,
  target: RelationRef,
  scope: Scope,
  b: Builder,
): void {
  if (!returning || returning.length === 0) return;
  const relations = scope.relations.length > 0 ? scope.relations : [relationOfTable(target, scope)];
  const inner: Scope = { ctes: new Map(), relations, parent: scope };
  addProjection(returning, 'returning', inner, b);
}

function addProjection(items: readonly SelectedColumn[], clause: 'select' | 'returning', scope: Scope, b: Builder): void {
  const list: ProjectionList = {
    clause,
    items: items.map((item) => itemRange(item) ?? { start: -1, end: -1 }),
  };
  items.forEach((item, index) => {
    const itemRange = list.items[index];
    const expr = item.expr;
    if (expr.type === 'ref' && expr.name === '*') {
      addStar(expr, clause, scope, list, b);
      return;
    }
    const value = readExpr(expr, scope, b, 0);
    const column: ResultColumn = {
      name: item.alias?.name ?? outputName(expr),
      flow: value.flow,
      origins: value.origins,
      ...(itemRange && itemRange.start >= 0 ? { item: itemRange, list } : {}),
    };
    b.columns.push(column);
  });
}

function outputName(expr: Expr): string | undefined {
  if (expr.type === 'ref') return expr.name;
  if (expr.type === 'call') return expr.function.name;
  if (expr.type === 'cast') return outputName(expr.operand);
  if (expr.type === 'member') return typeof expr.member === 'string' ? expr.member : undefined;
  return undefined;
}

function findRelation(scope: Scope | undefined, name: string, schema: string | undefined): Relation | undefined {
  for (let s = scope; s; s = s.parent) {
    for (const rel of s.relations) {
      if (schema !== undefined) {
        if (rel.ref.schema === schema && rel.ref.name === name && !rel.ref.alias) return rel;
      } else if (rel.names.includes(name)) {
        return rel;
      }
    }
  }
  return undefined;
}

function addStar(
  expr: Extract<Expr, { type: 'ref' }>,
  clause: 'select' | 'returning',
  scope: Scope,
  list: ProjectionList,
  b: Builder,
): void {
  const starRange = range(expr._location) ?? { start: 0, end: 0 };
  if (expr.table) {
    const rel = findRelation(scope, expr.table.name, expr.table.schema);
    const source: WildcardSource = rel
      ? rel.source
      : { kind: 'table', relation: tableRef(expr.table.name, expr.table.schema, undefined) };
    const qualifier = expr.table.schema ? `${expr.table.schema}.${expr.table.name}` : expr.table.name;
    addWildcard(
      { form: 'qualified-star', range: starRange, text: `${qualifier}.*`, sources: [source], list, qualifier },
      b,
    );
    return;
  }
  const sources = scope.relations.map((r) => r.source);
  addWildcard(
    {
      form: clause === 'returning' ? 'returning-star' : 'star',
      range: starRange,
      text: clause === 'returning' ? 'RETURNING *' : 'SELECT *',
      sources,
      list,
    },
    b,
  );
}

/**
 * Columns of known derived sources become result columns; the wildcard itself is kept only when
 * some source sends rows whose columns are not listed in the query (a table, a derived relation
 * over a table's `*`).
 */
function addWildcard(w: Wildcard, b: Builder): void {
  let exposesRows = false;
  for (const source of w.sources) {
    if (source.kind === 'table') exposesRows = true;
    else if (source.kind === 'derived') {
      if (source.columns) {
        for (const c of source.columns) b.columns.push({ ...c, through: true });
      } else if (source.inner.some((s) => s.kind !== 'function')) {
        exposesRows = true;
      }
    }
  }
  if (exposesRows) b.wildcards.push(w);
}

interface ExprValue {
  flow: ColumnFlow;
  origins: ColumnOrigin[];
}

const NONE: ExprValue = { flow: 'derived', origins: [] };
const MAX_DEPTH = 200;

function merge(values: readonly ExprValue[]): ExprValue {
  const origins = values.flatMap((v) => v.origins);
  if (values.some((v) => v.flow === 'unknown')) return { flow: 'unknown', origins };
  if (origins.length > 0) return { flow: 'carried', origins };
  return NONE;
}

function columnOrigins(name: string, table: { name: string; schema?: string } | undefined, scope: Scope): ColumnOrigin[] {
  if (table) {
    const rel = findRelation(scope, table.name, table.schema);
    if (!rel) return [{ relation: tableRef(table.name, table.schema, undefined), column: name }];
    return originsThrough(rel, name);
  }
  // Unqualified: a known derived relation that has the column wins; then the only table.
  const rels: Relation[] = [];
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    if (s.relations.length > 0) {
      rels.push(...s.relations);
      break;
    }
  }
  for (const rel of rels) {
    if (rel.source.kind === 'derived' && rel.source.columns?.some((c) => c.name === name)) {
      return originsThrough(rel, name);
    }
  }
  const candidates = rels.filter((r) => r.source.kind !== 'function' && !(r.source.kind === 'derived' && r.source.columns));
  const only = candidates[0];
  if (candidates.length === 1 && only) return originsThrough(only, name);
  if (candidates.length === 0) return [];
  return [{ relation: undefined, candidates: candidates.map((r) => r.ref), column: name }];
}

function originsThrough(rel: Relation, column: string): ColumnOrigin[] {
  const source = rel.source;
  if (source.kind === 'table') return [{ relation: source.relation, column }];
  if (source.kind === 'function') return [];
  if (source.columns) {
    const col = source.columns.find((c) => c.name === column);
    return col && col.flow !== 'derived' ? [...col.origins] : [];
  }
  // A derived relation passing a table's rows through `*`: the column is that table's.
  const tables = source.inner.filter((s): s is Extract<WildcardSource, { kind: 'table' }> => s.kind === 'table');
  const first = tables[0];
  if (tables.length === 1 && first) return [{ relation: first.relation, column }];
  if (tables.length > 1) return [{ relation: undefined, candidates: tables.map((t) => t.relation), column }];
  return [];
}

function readExpr(expr: Expr, scope: Scope, b: Builder, depth: number): ExprValue {
  if (depth > MAX_DEPTH) return { flow: 'unknown', origins: [] };
  switch (expr.type) {
    case 'ref': {
      if (expr.name === '*') return NONE;
      // A bare relation name used as a value is the whole row (`SELECT u FROM users u`).
      if (!expr.table) {
        const rel = findRelation(scope, expr.name, undefined);
        if (rel && rel.source.kind !== 'function' && !isColumnOfDerived(rel, expr.name)) {
          addRowValueWildcard(expr, undefined, rel, b);
          return NONE;
        }
      }
      return { flow: 'direct', origins: columnOrigins(expr.name, expr.table, scope) };
    }
    case 'parameter':
      return { flow: 'derived', origins: [] };
    case 'cast':
      return readExpr(expr.operand, scope, b, depth + 1);
    case 'member':
      return merge([readExpr(expr.operand, scope, b, depth + 1)]);
    case 'arrayIndex':
      return merge([readExpr(expr.array, scope, b, depth + 1)]);
    case 'call':
      return readCall(expr, scope, b, depth);
    case 'binary': {
      if (expr.op === '-' && isRowFunctionCall(expr.left, scope)) {
        return readCall(expr.left as ExprCall, scope, b, depth, omittedKeys(expr.right));
      }
      if (expr.op === '-' && expr.left.type === 'binary') {
        const keys = omittedKeys(expr.right);
        if (keys) return readMinusChain(expr, scope, b, depth, keys);
      }
      const left = readExpr(expr.left, scope, b, depth + 1);
      const right = readExpr(expr.right, scope, b, depth + 1);
      return CARRYING_BINARY_OPS.has(expr.op) ? merge([left, right]) : derivedFrom([left, right]);
    }
    case 'unary': {
      const operand = readExpr(expr.operand, scope, b, depth + 1);
      return expr.op === '-' || expr.op === '+' ? merge([operand]) : derivedFrom([operand]);
    }
    case 'ternary':
      return derivedFrom([
        readExpr(expr.value, scope, b, depth + 1),
        readExpr(expr.lo, scope, b, depth + 1),
        readExpr(expr.hi, scope, b, depth + 1),
      ]);
    case 'case': {
      if (expr.value) readExpr(expr.value, scope, b, depth + 1);
      const values = expr.whens.map((w) => {
        readExpr(w.when, scope, b, depth + 1);
        return readExpr(w.value, scope, b, depth + 1);
      });
      if (expr.else) values.push(readExpr(expr.else, scope, b, depth + 1));
      return merge(values);
    }
    case 'list':
    case 'array':
      return merge(expr.expressions.map((e) => readExpr(e, scope, b, depth + 1)));
    case 'extract':
      return derivedFrom([readExpr(expr.from, scope, b, depth + 1)]);
    case 'substring':
      return merge([readExpr(expr.value, scope, b, depth + 1)]);
    case 'overlay':
      return merge([readExpr(expr.value, scope, b, depth + 1), readExpr(expr.placing, scope, b, depth + 1)]);
    case 'select':
    case 'union':
    case 'union all':
    case 'with':
    case 'with recursive':
    case 'values':
      return readScalarSubquery(expr, scope, b);
    case 'array select':
      return readScalarSubquery(expr.select, scope, b);
    default:
      return NONE;
  }
}

function derivedFrom(values: readonly ExprValue[]): ExprValue {
  return values.some((v) => v.flow === 'unknown') ? { flow: 'unknown', origins: [] } : NONE;
}

function isColumnOfDerived(rel: Relation, name: string): boolean {
  return rel.source.kind === 'derived' && (rel.source.columns?.some((c) => c.name === name) ?? false);
}

/** A scalar subquery in a projection: its column's origins come back, and its row functions too. */
function readScalarSubquery(statement: SelectStatement, scope: Scope, b: Builder): ExprValue {
  const inner = shapeOfSelect(statement, scope);
  b.relations.push(...inner.relations);
  for (const w of inner.wildcards) {
    if (w.form === 'row-function') b.wildcards.push(w);
  }
  return merge(inner.columns.map((c) => ({ flow: c.flow === 'direct' ? 'carried' : c.flow, origins: [...c.origins] })));
}

function isRowFunctionCall(expr: Expr, scope: Scope): boolean {
  return expr.type === 'call' && ROW_FUNCTIONS.has(expr.function.name) && rowArgument(expr, scope) !== undefined;
}

function omittedKeys(expr: Expr): string[] | undefined {
  if (expr.type === 'string') return [expr.value];
  if (expr.type === 'cast' && expr.operand.type === 'string') return [expr.operand.value];
  if ((expr.type === 'array' || expr.type === 'list') && expr.expressions.every((e) => e.type === 'string')) {
    return expr.expressions.map((e) => (e as { value: string }).value);
  }
  return undefined;
}

/** `to_jsonb(u) - 'a' - 'b'`: collect every removed key down the left spine. */
function readMinusChain(
  expr: Extract<Expr, { type: 'binary' }>,
  scope: Scope,
  b: Builder,
  depth: number,
  keys: string[],
): ExprValue {
  let left: Expr = expr.left;
  const all = [...keys];
  while (left.type === 'binary' && left.op === '-') {
    const more = omittedKeys(left.right);
    if (!more) break;
    all.push(...more);
    left = left.left;
  }
  if (isRowFunctionCall(left, scope)) return readCall(left as ExprCall, scope, b, depth, all);
  return merge([readExpr(expr.left, scope, b, depth + 1), readExpr(expr.right, scope, b, depth + 1)]);
}

/** The relation a row function's argument names (`u`, `u.*`), if the argument is a whole row. */
function rowArgument(call: ExprCall, scope: Scope): Relation | undefined {
  const arg = call.args[0];
  if (!arg || arg.type !== 'ref') return undefined;
  if (arg.name === '*' && arg.table) return findRelation(scope, arg.table.name, arg.table.schema);
  if (!arg.table) {
    const rel = findRelation(scope, arg.name, undefined);
    if (rel && !isColumnOfDerived(rel, arg.name)) return rel;
  }
  return undefined;
}

function readCall(call: ExprCall, scope: Scope, b: Builder, depth: number, omitted?: string[]): ExprValue {
  const fn = call.function.name;
  if (ROW_FUNCTIONS.has(fn)) {
    const rel = rowArgument(call, scope);
    if (rel) {
      addRowValueWildcard(call, fn, rel, b, omitted);
      // The other arguments (json_build_array(u, x)) still carry values.
      return merge(call.args.slice(1).map((a) => readExpr(a, scope, b, depth + 1)));
    }
  }
  const args = call.args.map((a) => (a.type === 'ref' && a.name === '*' ? NONE : readExpr(a, scope, b, depth + 1)));
  if (call.filter) readExpr(call.filter, scope, b, depth + 1);
  if (DERIVING_FUNCTIONS.has(fn)) return derivedFrom(args);
  return merge(args);
}

function addRowValueWildcard(
  node: Expr,
  fn: string | undefined,
  rel: Relation,
  b: Builder,
  omitted?: string[],
): void {
  const nodeRange = range(node._location) ?? { start: 0, end: 0 };
  const qualifier = rel.names[0] ?? rel.ref.name;
  if (fn === undefined) {
    // `SELECT u FROM users u`: the whole row as one composite column.
    addWildcard({ form: 'row-function', range: nodeRange, text: qualifier, sources: [rel.source], qualifier }, b);
    return;
  }
  const call = node as ExprCall;
  const argRange = range(call.args[0]?._location) ?? nodeRange;
  addWildcard(
    {
      form: 'row-function',
      range: nodeRange,
      text: `${fn}(${qualifier})`,
      sources: [rel.source],
      qualifier,
      fn: { name: fn, arg: argRange },
      ...(omitted && omitted.length > 0 ? { omitted } : {}),
    },
    b,
  );
}
