/**
 * SQL DDL and migration files → CatalogBuilder, PostgreSQL and CockroachDB flavours.
 *
 * The file is split into statements with the lexer (so `;` inside strings, comments and dollar
 * quotes never splits), migration-tool markers are honoured (only the "up" part is read), and each
 * statement is applied in file order: CREATE TABLE, CREATE TABLE … AS, CREATE [MATERIALIZED] VIEW,
 * ALTER TABLE/VIEW (columns and renames), DROP TABLE/VIEW, COMMENT ON COLUMN. Everything else is
 * ignored. A statement that cannot be read becomes a `skipped` note of its file; nothing throws.
 *
 * CREATE TABLE and ALTER TABLE are read at token level: the column list is what is needed, and
 * pgsql-ast-parser costs about 5 ms per 20-column CockroachDB table (after blanking what it refuses)
 * for the same names, i.e. seconds on a large schema, once per lint worker. Queries (views,
 * CREATE TABLE … AS) go to pgsql-ast-parser and `shapeOfStatement`, with `*` expanded from the
 * tables already read.
 */
import { parse, type SelectStatement, type Statement } from 'pgsql-ast-parser';
import { blank, lex, significant, type Token } from '../sql/lexer.js';
import type { ColumnOrigin, QueryShape, RelationRef, Wildcard, WildcardSource } from '../sql/query-shape.js';
import { rewriteCockroach } from '../sql/rewrite.js';
import { shapeOfStatement } from '../sql/shape.js';
import { applyShims } from '../sql/shims.js';
import { hasLexerTrap } from '../sql/parser-guard.js';
import type { CatalogBuilder, TableRef } from './builder.js';
import type { CatalogColumn, CatalogTable } from './catalog.js';

/** Queries longer than this are not given to the parser. */
const MAX_PARSE_LENGTH = 200_000;

type Origin = NonNullable<CatalogColumn['origins']>[number];

/** A reason a statement cannot be read; becomes a `skipped` note. */
class Unreadable extends Error {}

interface Context {
  readonly sql: string;
  readonly tokens: readonly Token[];
  readonly file: string;
  readonly into: CatalogBuilder;
  /** Records a problem with this statement without abandoning it. */
  readonly note: (reason: string) => void;
}

export function loadSqlSchema(text: string, file: string, into: CatalogBuilder): void {
  into.noteFile(file);
  let line = 1;
  let counted = 0;
  for (const span of splitStatements(text)) {
    for (let i = counted; i < span.start; i++) if (text.charCodeAt(i) === 10) line++;
    counted = span.start;
    const sql = text.slice(span.start, span.end);
    const tokens = significant(lex(sql));
    const note = (reason: string): void => into.skip(file, `line ${line}: ${headOf(sql, tokens)}: ${reason}`);
    try {
      readStatement({ sql, tokens, file, into, note });
    } catch (error) {
      note(error instanceof Unreadable ? error.message : `cannot be read (${firstLine(error)})`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Statements

interface Span {
  readonly start: number;
  readonly end: number;
}

type Marker = 'up' | 'down' | 'begin' | 'end';

/** goose (`-- +goose Up`), sql-migrate (`-- +migrate Up`) and dbmate (`-- migrate:up`) markers. */
function markerOf(comment: string): Marker | undefined {
  if (!comment.startsWith('--')) return undefined;
  const words = comment.slice(2).trim().toLowerCase().split(/\s+/);
  const [first, second] = words;
  if (first === 'migrate:up') return 'up';
  if (first === 'migrate:down') return 'down';
  if (first !== '+goose' && first !== '+migrate') return undefined;
  if (second === 'up') return 'up';
  if (second === 'down') return 'down';
  if (second === 'statementbegin') return 'begin';
  if (second === 'statementend') return 'end';
  return undefined;
}

/** End of the data of `COPY … FROM stdin;` (pg_dump): the line holding `\.`. */
function endOfCopyData(text: string, from: number): number {
  let nl = text.indexOf('\n', from);
  while (nl >= 0) {
    const lineStart = nl + 1;
    const after = text[lineStart + 2];
    if (text.startsWith('\\.', lineStart) && (after === undefined || after === '\n' || after === '\r')) {
      return lineStart + 2;
    }
    nl = text.indexOf('\n', lineStart);
  }
  return text.length;
}

/**
 * Top-level statements of a file, in order. A `;` ends a statement except inside a goose
 * StatementBegin/End block or a `BEGIN ATOMIC … END` body; "down" sections are left out.
 */
function splitStatements(text: string): Span[] {
  const spans: Span[] = [];
  let down = false;
  let block = false;
  let base = 0;
  while (base < text.length) {
    const tokens = lex(base === 0 ? text : text.slice(base));
    let start = -1;
    let lastEnd = -1;
    let first: string | undefined;
    let prev: string | undefined;
    let atomic = 0;
    let copyFromStdin = false;
    let resume = -1;
    const flush = (end: number): void => {
      if (start >= 0 && !down) spans.push({ start, end });
      start = -1;
      first = undefined;
      prev = undefined;
      atomic = 0;
      copyFromStdin = false;
    };
    for (const token of tokens) {
      const tokenStart = token.start + base;
      if (token.kind === 'comment') {
        const marker = markerOf(token.value);
        if (marker === 'up' || marker === 'down') {
          flush(lastEnd);
          down = marker === 'down';
        } else if (marker === 'begin') {
          block = true;
        } else if (marker === 'end') {
          block = false;
          flush(lastEnd);
        }
        continue;
      }
      if (down) continue;
      if (token.kind === 'punct' && token.value === ';' && !block && atomic === 0) {
        const copy = copyFromStdin;
        flush(tokenStart);
        if (copy) {
          resume = endOfCopyData(text, token.end + base);
          break;
        }
        continue;
      }
      if (start < 0) {
        start = tokenStart;
        first = token.kind === 'word' ? token.value : undefined;
      }
      lastEnd = token.end + base;
      if (token.kind === 'word') {
        if (prev === 'BEGIN' && token.value === 'ATOMIC') atomic = 1;
        else if (atomic > 0 && token.value === 'CASE') atomic++;
        else if (atomic > 0 && token.value === 'END') atomic--;
        if (first === 'COPY' && prev === 'FROM' && token.value === 'STDIN') copyFromStdin = true;
        prev = token.value;
      } else {
        prev = undefined;
      }
    }
    if (resume < 0) {
      flush(lastEnd);
      break;
    }
    base = resume;
  }
  return spans;
}

function readStatement(ctx: Context): void {
  const c = new Cursor(ctx.sql, ctx.tokens);
  if (c.accept('CREATE')) {
    c.accept('OR', 'REPLACE');
    if (!c.accept('GLOBAL')) c.accept('LOCAL');
    if (!c.accept('TEMPORARY') && !c.accept('TEMP')) c.accept('UNLOGGED');
    c.accept('RECURSIVE');
    const materialized = c.accept('MATERIALIZED');
    if (!materialized && c.accept('TABLE')) createTable(c, ctx);
    else if (c.accept('VIEW')) createView(c, ctx);
  } else if (c.accept('ALTER')) {
    if (c.accept('TABLE') || c.accept('VIEW') || c.accept('MATERIALIZED', 'VIEW')) alterTable(c, ctx);
  } else if (c.accept('DROP')) {
    if (c.accept('TABLE') || c.accept('VIEW') || c.accept('MATERIALIZED', 'VIEW')) dropTables(c, ctx);
  } else if (c.accept('COMMENT', 'ON', 'COLUMN')) {
    commentOnColumn(c, ctx);
  }
}

// ---------------------------------------------------------------------------------------------
// CREATE TABLE

/** Words that open a table-level item that is not a column. */
const TABLE_ITEM_KEYWORDS = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN', 'EXCLUDE']);
/** Non-reserved words that open a CockroachDB item, unless they name a column (`index INT8`). */
const CRDB_ITEM_KEYWORDS = new Set(['INDEX', 'INVERTED', 'FAMILY', 'VECTOR', 'EXCLUDE']);

function createTable(c: Cursor, ctx: Context): void {
  c.accept('IF', 'NOT', 'EXISTS');
  const ref = c.qname();
  if (!ref) throw new Unreadable('expected a table name');
  if (c.isWord('AS')) {
    createFromQuery(ctx, ref, 'table', undefined, c.i + 1);
    return;
  }
  if (c.accept('PARTITION', 'OF')) {
    // A partition has its parent's columns.
    const parent = c.qname();
    if (!parent) throw new Unreadable('expected the parent table');
    ctx.into.addTable({ ...ref, columns: likeColumns(parent, ctx), file: ctx.file });
    return;
  }
  if (!c.isPunct('(')) throw new Unreadable(c.isWord('OF') ? 'typed tables (OF type) are not read' : 'expected "("');
  const open = c.i;
  const close = matchingParen(ctx.tokens, open);
  if (close < 0) throw new Unreadable('unbalanced parentheses');
  if (isWordAt(ctx.tokens, close + 1, 'AS')) {
    createFromQuery(ctx, ref, 'table', identList(ctx, open, close), close + 2);
    return;
  }
  const own = tableColumns(ctx, open, close);
  // `INHERITS (parent, …)`: the parents' columns come first.
  let inherited: CatalogColumn[] = [];
  if (isWordAt(ctx.tokens, close + 1, 'INHERITS') && isPunctAt(ctx.tokens, close + 2, '(')) {
    const parents = new Cursor(ctx.sql, ctx.tokens.slice(close + 3, matchingParen(ctx.tokens, close + 2)));
    do {
      const parent = parents.qname();
      if (parent) inherited.push(...likeColumns(parent, ctx));
    } while (parents.acceptPunct(','));
    inherited = inherited.filter((col, index) => inherited.findIndex((other) => other.name === col.name) === index);
  }
  const columns = [...inherited, ...own.filter((col) => !inherited.some((other) => other.name === col.name))];
  ctx.into.addTable({ ...ref, columns, file: ctx.file });
}

/**
 * Columns of a `CREATE TABLE t (…)` body between tokens `open` and `close`: the body is split on
 * top-level commas, and every item that is not a constraint, an index, a column family or a
 * `LIKE` gives its first identifier and the type after it.
 */
function tableColumns(ctx: Context, open: number, close: number): CatalogColumn[] {
  const { sql, tokens } = ctx;
  const out: CatalogColumn[] = [];
  for (const range of splitTopLevel(tokens, open + 1, close)) {
    const first = tokens[range.from];
    if (!first) continue;
    const keyword = first.kind === 'word' ? first.value : undefined;
    if (keyword === 'LIKE') {
      const like = new Cursor(sql, tokens.slice(range.from + 1, range.to)).qname();
      if (like) out.push(...likeColumns(like, ctx));
      continue;
    }
    if (keyword !== undefined && (TABLE_ITEM_KEYWORDS.has(keyword) || isCrdbItem(tokens, range.from))) continue;
    const def = readColumnDef(sql, tokens.slice(range.from, range.to));
    if (def) out.push(def);
  }
  return out;
}

/** `LIKE other`: the columns `other` has now. */
function likeColumns(ref: TableRef, ctx: Context): CatalogColumn[] {
  const columns = ctx.into.columnsOf(ref);
  if (!columns) {
    ctx.note(`table ${displayName(ref)} (to copy columns from) is not defined before this statement`);
    return [];
  }
  return columns
    .filter((col) => !col.relation)
    .map(({ name, type, hidden }) => withType(hidden ? { name, hidden } : { name }, type));
}

/** `INDEX name (…)`, `INVERTED INDEX …`, `FAMILY f (…)`, `EXCLUDE USING …` — not `index INT8`. */
function isCrdbItem(tokens: readonly Token[], at: number): boolean {
  const first = tokens[at];
  if (first?.kind !== 'word' || !CRDB_ITEM_KEYWORDS.has(first.value)) return false;
  const next = tokens[at + 1];
  if (!next) return false;
  if (next.kind === 'punct' && next.value === '(') return true;
  if (next.kind === 'word' && (next.value === 'INDEX' || next.value === 'USING')) return true;
  const after = tokens[at + 2];
  if (after?.kind !== 'punct' || after.value !== '(') return false;
  // `INDEX idx (email)` vs a column `index STRING(10)`: an index lists columns, a type numbers.
  return tokens[at + 3]?.kind !== 'number';
}

/** CockroachDB `x:::TYPE` (type annotation) → `x:: TYPE` (a cast). */
function blankTypeAnnotations(chars: string[], tokens: readonly Token[]): void {
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    if (t.kind === 'op' && t.value === '::' && next?.kind === 'op' && next.value === ':' && next.start === t.end) {
      blank(chars, next.start, next.end);
    }
  });
}

/**
 * Words that end a column's type in a column definition: constraints, and the CockroachDB
 * suffixes (`AS (…) STORED|VIRTUAL`, `FAMILY f`, `CREATE FAMILY`, `NOT VISIBLE`, `ON UPDATE`,
 * `USING HASH`).
 */
const TYPE_END = new Set([
  'NOT', 'NULL', 'DEFAULT', 'PRIMARY', 'UNIQUE', 'REFERENCES', 'CHECK', 'CONSTRAINT', 'AS',
  'GENERATED', 'COLLATE', 'FAMILY', 'CREATE', 'ON', 'USING', 'VISIBLE', 'COMMENT',
]);

/** `name type …` → a column: the name (folded), the type as written, CockroachDB `NOT VISIBLE`. */
function readColumnDef(sql: string, tokens: readonly Token[]): CatalogColumn | undefined {
  const first = tokens[0];
  const name = first && identName(sql, first);
  if (name === undefined) return undefined;
  let depth = 0;
  let hidden = false;
  tokens.forEach((t, k) => {
    if (t.value === '(') depth++;
    else if (t.value === ')') depth--;
    else if (depth === 0 && t.kind === 'word' && t.value === 'NOT' && isWordAt(tokens, k + 1, 'VISIBLE')) hidden = true;
  });
  return withType(hidden ? { name, hidden } : { name }, readType(sql, tokens.slice(1)));
}

/** The type at the start of `tokens`, up to the first constraint word, whitespace collapsed. */
function readType(sql: string, tokens: readonly Token[]): string | undefined {
  let depth = 0;
  let last: Token | undefined;
  for (const t of tokens) {
    if (depth === 0 && t.kind === 'word' && TYPE_END.has(t.value)) break;
    if (t.value === '(' || t.value === '[') depth++;
    else if (t.value === ')' || t.value === ']') depth--;
    last = t;
  }
  const start = tokens[0];
  return start && last ? sql.slice(start.start, last.end).replace(/\s+/g, ' ') : undefined;
}

// ---------------------------------------------------------------------------------------------
// CREATE VIEW, CREATE TABLE … AS

function createView(c: Cursor, ctx: Context): void {
  c.accept('IF', 'NOT', 'EXISTS');
  const ref = c.qname();
  if (!ref) throw new Unreadable('expected a view name');
  let names: string[] | undefined;
  if (c.isPunct('(')) {
    const close = matchingParen(ctx.tokens, c.i);
    if (close < 0) throw new Unreadable('unbalanced parentheses');
    names = identList(ctx, c.i, close);
    c.i = close + 1;
  }
  if (c.isWord('WITH') && isPunctAt(ctx.tokens, c.i + 1, '(')) {
    const close = matchingParen(ctx.tokens, c.i + 1);
    if (close < 0) throw new Unreadable('unbalanced parentheses');
    c.i = close + 1;
  }
  if (!c.accept('AS')) throw new Unreadable('expected AS');
  createFromQuery(ctx, ref, 'view', names, c.i);
}

/** Trailing options of CREATE VIEW / CREATE TABLE AS: `WITH [NO] DATA`, `WITH … CHECK OPTION`. */
const QUERY_SUFFIX = new Set(['NO', 'DATA', 'CASCADED', 'LOCAL', 'CHECK']);

function createFromQuery(
  ctx: Context,
  ref: TableRef,
  kind: 'table' | 'view',
  names: readonly string[] | undefined,
  queryAt: number,
): void {
  const { sql, tokens } = ctx;
  const first = tokens[queryAt];
  if (!first) throw new Unreadable('expected a query after AS');
  let end = sql.length;
  let depth = 0;
  for (let k = queryAt; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.value === '(') depth++;
    else if (t.value === ')') depth--;
    else if (depth === 0 && t.kind === 'word' && t.value === 'WITH' && QUERY_SUFFIX.has(tokens[k + 1]?.value ?? '')) {
      end = t.start;
      break;
    }
  }
  if (end - first.start > MAX_PARSE_LENGTH) throw new Unreadable('query too long to read');
  const chars = sql.split('');
  blank(chars, 0, first.start);
  blank(chars, end, chars.length);
  blankTypeAnnotations(chars, tokens);
  const statements = parseQuery(rewriteCockroach(chars.join('')));
  const statement = statements[0];
  if (statements.length !== 1 || !statement || !isQuery(statement)) throw new Unreadable('expected a query after AS');
  const columns = queryColumns(statement, ctx);
  names?.forEach((name, index) => {
    const column = columns[index];
    if (column) columns[index] = { ...column, name };
  });
  ctx.into.addTable({ ...ref, kind, columns, file: ctx.file });
}

/** Parses a (same-length rewritten) query, retrying with the compatibility shims. */
function parseQuery(text: string): Statement[] {
  // An unclosed `$$` or E-string sends the parser's lexer into exponential backtracking.
  if (hasLexerTrap(text)) throw new Unreadable('the query does not parse (unterminated $$ or E-string)');
  try {
    return parse(text, { locationTracking: true });
  } catch (error) {
    try {
      return parse(applyShims(text), { locationTracking: true });
    } catch {
      throw new Unreadable(`the query does not parse (${firstLine(error)})`);
    }
  }
}

function isQuery(statement: Statement): statement is SelectStatement {
  const t = statement.type;
  return (
    t === 'select' || t === 'union' || t === 'union all' || t === 'values' || t === 'with' || t === 'with recursive'
  );
}

/** Result columns of a query, with their base-table origins. UNION branches merge by position. */
function queryColumns(statement: SelectStatement, ctx: Context): CatalogColumn[] {
  if (statement.type === 'union' || statement.type === 'union all') {
    return mergeBranches(queryColumns(statement.left, ctx), queryColumns(statement.right, ctx));
  }
  if (statement.type === 'with' && (statement.in.type === 'union' || statement.in.type === 'union all')) {
    const { left, right } = statement.in;
    return mergeBranches(queryColumns({ ...statement, in: left }, ctx), queryColumns({ ...statement, in: right }, ctx));
  }
  return shapeColumns(shapeOfStatement(statement), ctx);
}

function mergeBranches(left: readonly CatalogColumn[], right: readonly CatalogColumn[]): CatalogColumn[] {
  return left.map((column, index) => ({
    ...column,
    origins: dedupeOrigins([...(column.origins ?? []), ...(right[index]?.origins ?? [])]),
  }));
}

const ROW_VALUE_FORMS = new Set<Wildcard['form']>(['row-function', 'row-expand']);

/**
 * The shape's columns in select-list order: explicit items, then `*`/`t.*` expanded from the
 * tables in the builder where they stand. A whole-row value (`row_to_json(u)`) adds every column
 * of the row to the origins of the item that holds it.
 */
function shapeColumns(shape: QueryShape, ctx: Context): CatalogColumn[] {
  const stars = shape.wildcards
    .filter((w) => !ROW_VALUE_FORMS.has(w.form))
    .sort((a, b) => a.range.start - b.range.start);
  const rowValues = shape.wildcards.filter((w) => ROW_VALUE_FORMS.has(w.form));
  // Columns of known derived relations behind a kept star are emitted with the star, in source order.
  const claimed = new Set<unknown>();
  for (const star of stars) {
    for (const source of star.sources) {
      if (source.kind === 'derived' && source.columns) for (const col of source.columns) claimed.add(col.origins);
    }
  }
  const out: CatalogColumn[] = [];
  let next = 0;
  const flushStars = (before: number): void => {
    for (let star = stars[next]; star && star.range.start < before; star = stars[++next]) {
      out.push(...star.sources.flatMap((source) => expandSource(source, ctx)));
    }
  };
  for (const column of shape.columns) {
    if (column.through && claimed.has(column.origins)) continue;
    const item = column.through ? undefined : column.item;
    if (item) flushStars(item.start);
    const origins = column.origins.flatMap((origin) => resolveOrigin(origin, ctx));
    if (item) {
      for (const w of rowValues) {
        if (w.range.start < item.start || w.range.end > item.end) continue;
        const omitted = new Set(w.omitted ?? []);
        for (const source of w.sources) {
          for (const col of expandSource(source, ctx)) {
            if (!omitted.has(col.name)) origins.push(...(col.origins ?? []));
          }
        }
      }
    }
    out.push({ name: column.name ?? '?column?', origins: dedupeOrigins(origins) });
  }
  flushStars(Number.POSITIVE_INFINITY);
  return out;
}

/** The columns a wildcard source sends, as view columns with origins. */
function expandSource(source: WildcardSource, ctx: Context): CatalogColumn[] {
  if (source.kind === 'function') return [];
  if (source.kind === 'derived') {
    if (source.columns) {
      return source.columns.map((col) => ({
        name: col.name ?? '?column?',
        origins: dedupeOrigins(col.origins.flatMap((origin) => resolveOrigin(origin, ctx))),
      }));
    }
    return source.inner.flatMap((inner) => expandSource(inner, ctx));
  }
  const table = ctx.into.getTable(source.relation);
  if (!table) {
    ctx.note(`columns of ${displayName(source.relation)} are unknown (not defined before this statement)`);
    return [];
  }
  return table.columns
    .filter((col) => !col.relation && !col.hidden)
    .map((col) => {
      const origins = col.origins ?? [{ table: qualifiedName(table), column: col.name }];
      return withType({ name: col.name, origins }, col.type);
    });
}

/** A shape origin → catalog origins; through a view, the view column's own origins. */
function resolveOrigin(origin: ColumnOrigin, ctx: Context): Origin[] {
  if (origin.relation) return originsThrough(origin.relation, origin.column, ctx);
  const candidates = origin.candidates ?? [];
  const holding = candidates.filter((ref) => ctx.into.getTable(ref)?.columns.some((col) => col.name === origin.column));
  return (holding.length > 0 ? holding : candidates).flatMap((ref) => originsThrough(ref, origin.column, ctx));
}

function originsThrough(ref: RelationRef, column: string, ctx: Context): Origin[] {
  const table = ctx.into.getTable(ref);
  if (table?.kind === 'view') {
    const viewColumn = table.columns.find((col) => col.name === column);
    if (viewColumn?.origins) return [...viewColumn.origins];
  }
  return [{ table: qualifiedName(table ?? ref), column }];
}

function dedupeOrigins(origins: readonly Origin[]): Origin[] {
  const seen = new Set<string>();
  return origins.filter((o) => {
    const key = `${o.table}\u0000${o.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// ALTER, DROP, COMMENT

/** Words after ADD / DROP that name a constraint, not a column. */
const CONSTRAINT_ACTIONS = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK', 'EXCLUDE']);

function alterTable(c: Cursor, ctx: Context): void {
  const ifExists = c.accept('IF', 'EXISTS');
  c.accept('ONLY');
  let ref = c.qname();
  if (!ref) throw new Unreadable('expected a table name');
  if (c.peek()?.value === '*') c.i++;
  let reportedUnknown = false;
  const unknownTable = (): void => {
    if (reportedUnknown || ifExists) return;
    reportedUnknown = true;
    ctx.note(`table ${displayName(ref ?? { name: '?' })} is not defined before this statement`);
  };
  for (const range of splitTopLevel(ctx.tokens, c.i, ctx.tokens.length)) {
    const action = new Cursor(ctx.sql, ctx.tokens.slice(range.from, range.to));
    ref = alterAction(action, ref, ctx, unknownTable);
  }
}

/** Applies one ALTER action; returns the table's (possibly new) name. */
function alterAction(c: Cursor, ref: TableRef, ctx: Context, unknownTable: () => void): TableRef {
  const { into } = ctx;
  const touches = (ok: boolean): boolean => {
    if (!ok && !into.hasTable(ref)) unknownTable();
    return ok;
  };
  if (c.accept('ADD')) {
    if (CONSTRAINT_ACTIONS.has(c.peek()?.value ?? '')) return ref;
    c.accept('COLUMN');
    c.accept('IF', 'NOT', 'EXISTS');
    const def = readColumnDef(ctx.sql, c.rest());
    if (!def) ctx.note('ADD COLUMN: expected a column definition');
    else touches(into.addColumn(ref, def));
  } else if (c.accept('DROP')) {
    if (CONSTRAINT_ACTIONS.has(c.peek()?.value ?? '')) return ref;
    c.accept('COLUMN');
    const ifExists = c.accept('IF', 'EXISTS');
    const name = c.ident();
    if (name === undefined) ctx.note('DROP COLUMN: expected a column name');
    else if (!touches(into.dropColumn(ref, name)) && !ifExists && isSqlTable(into, ref)) {
      ctx.note(`DROP COLUMN ${name}: no such column`);
    }
  } else if (c.accept('RENAME')) {
    if (c.accept('TO')) {
      const to = c.qname();
      if (!to) ctx.note('RENAME TO: expected a name');
      else if (touches(into.renameTable(ref, { name: to.name, schema: to.schema ?? ref.schema }))) {
        return { name: to.name, schema: to.schema ?? ref.schema };
      }
      return ref;
    }
    if (c.isWord('CONSTRAINT') || c.isWord('INDEX')) return ref;
    c.accept('COLUMN');
    const from = c.ident();
    const to = c.accept('TO') ? c.ident() : undefined;
    if (from === undefined || to === undefined) ctx.note('RENAME COLUMN: expected "a TO b"');
    else if (!touches(into.renameColumn(ref, from, to)) && isSqlTable(into, ref)) {
      ctx.note(`RENAME COLUMN ${from}: no such column`);
    }
  } else if (c.accept('ALTER')) {
    c.accept('COLUMN');
    const name = c.ident();
    if (name !== undefined && (c.accept('SET', 'DATA', 'TYPE') || c.accept('TYPE'))) {
      const type = readType(ctx.sql, c.rest());
      // A Prisma model keeps the types `schema.prisma` declares.
      if (type !== undefined && into.getTable(ref)?.modelName === undefined) {
        touches(into.updateColumn(ref, name, { type }));
      }
    }
  } else if (c.accept('SET', 'SCHEMA')) {
    const schema = c.ident();
    if (schema !== undefined && touches(into.renameTable(ref, { name: ref.name, schema }))) {
      return { name: ref.name, schema };
    }
  }
  return ref;
}

/**
 * A table read from SQL. Column notes are not made for Prisma models: migrations of a Prisma
 * project drop and rename columns `schema.prisma` no longer has.
 */
function isSqlTable(into: CatalogBuilder, ref: TableRef): boolean {
  const table = into.getTable(ref);
  return table !== undefined && table.modelName === undefined;
}

function dropTables(c: Cursor, ctx: Context): void {
  c.accept('IF', 'EXISTS');
  do {
    const ref = c.qname();
    if (!ref) throw new Unreadable('expected a table name');
    ctx.into.dropTable(ref);
  } while (c.acceptPunct(','));
}

/** `COMMENT ON COLUMN t.c IS '… @sensitive …'` marks the column like a Prisma doc comment. */
function commentOnColumn(c: Cursor, ctx: Context): void {
  const parts: string[] = [];
  do {
    const part = c.ident();
    if (part === undefined) throw new Unreadable('expected table.column');
    parts.push(part);
  } while (c.acceptPunct('.'));
  const column = parts[parts.length - 1];
  const table = parts[parts.length - 2];
  if (column === undefined || table === undefined) throw new Unreadable('expected table.column');
  const text = c.accept('IS') && c.peek()?.kind === 'string' ? (c.peek()?.value ?? '') : '';
  const annotation = annotationOf(text);
  if (annotation) ctx.into.updateColumn({ name: table, schema: parts[parts.length - 3] }, column, { annotation });
}

/** `@sensitive` / `@safe` in a comment (the last one wins). */
export function annotationOf(text: string): 'sensitive' | 'safe' | undefined {
  let found: 'sensitive' | 'safe' | undefined;
  for (const match of text.matchAll(/@(sensitive|safe)\b/g)) found = match[1] as 'sensitive' | 'safe';
  return found;
}

// ---------------------------------------------------------------------------------------------
// Token helpers

class Cursor {
  i = 0;

  constructor(
    private readonly sql: string,
    private readonly tokens: readonly Token[],
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === 'word' && t.value === word;
  }

  isPunct(ch: string): boolean {
    const t = this.peek();
    return t?.kind === 'punct' && t.value === ch;
  }

  /** Consumes `words` if they all come next, in order. */
  accept(...words: string[]): boolean {
    if (!words.every((word, k) => this.isWord(word, k))) return false;
    this.i += words.length;
    return true;
  }

  acceptPunct(ch: string): boolean {
    if (!this.isPunct(ch)) return false;
    this.i++;
    return true;
  }

  ident(): string | undefined {
    const t = this.peek();
    const name = t && identName(this.sql, t);
    if (name !== undefined) this.i++;
    return name;
  }

  /** `name`, `schema.name`, `db.schema.name` (the database part is dropped). */
  qname(): TableRef | undefined {
    const parts: string[] = [];
    do {
      const part = this.ident();
      if (part === undefined) return undefined;
      parts.push(part);
    } while (this.acceptPunct('.'));
    const name = parts[parts.length - 1] as string;
    const schema = parts[parts.length - 2];
    return schema === undefined ? { name } : { name, schema };
  }

  rest(): Token[] {
    return this.tokens.slice(this.i);
  }
}

/** Unquoted identifiers fold to lower case; quoted ones keep their case. */
function identName(sql: string, t: Token): string | undefined {
  if (t.kind === 'word') return sql.slice(t.start, t.end).toLowerCase();
  if (t.kind !== 'qident') return undefined;
  const raw = sql.slice(t.start, t.end);
  const body = raw.startsWith('U&') || raw.startsWith('u&') ? raw.slice(3) : raw.slice(1);
  return (body.endsWith('"') ? body.slice(0, -1) : body).replaceAll('""', '"');
}

interface TokenRange {
  readonly from: number;
  readonly to: number;
}

/** Index of the `)` closing the `(` at `open`, or -1. */
function matchingParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.kind !== 'punct') continue;
    if (t.value === '(') depth++;
    else if (t.value === ')' && --depth === 0) return k;
  }
  return -1;
}

/** Token ranges in [from, to) separated by commas outside parentheses and brackets. */
function splitTopLevel(tokens: readonly Token[], from: number, to: number): TokenRange[] {
  const out: TokenRange[] = [];
  let depth = 0;
  let start = from;
  for (let k = from; k < to; k++) {
    const t = tokens[k] as Token;
    if (t.kind !== 'punct') continue;
    if (t.value === '(' || t.value === '[') depth++;
    else if (t.value === ')' || t.value === ']') depth--;
    else if (t.value === ',' && depth === 0) {
      out.push({ from: start, to: k });
      start = k + 1;
    }
  }
  if (start < to) out.push({ from: start, to });
  return out;
}

function identList(ctx: Context, open: number, close: number): string[] {
  const names: string[] = [];
  for (let k = open + 1; k < close; k++) {
    const t = ctx.tokens[k] as Token;
    const name = identName(ctx.sql, t);
    if (name !== undefined) names.push(name);
  }
  return names;
}

function isWordAt(tokens: readonly Token[], at: number, word: string): boolean {
  const t = tokens[at];
  return t?.kind === 'word' && t.value === word;
}

function isPunctAt(tokens: readonly Token[], at: number, ch: string): boolean {
  const t = tokens[at];
  return t?.kind === 'punct' && t.value === ch;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function withType<T extends CatalogColumn>(column: T, type: string | undefined): T {
  return type === undefined ? column : { ...column, type };
}

function qualifiedName(table: Pick<CatalogTable, 'name' | 'schema'>): string {
  return table.schema === undefined || table.schema === 'public' ? table.name : `${table.schema}.${table.name}`;
}

function displayName(ref: TableRef): string {
  return ref.schema === undefined ? ref.name : `${ref.schema}.${ref.name}`;
}

/** The statement's opening words, up to its first parenthesis: `CREATE TABLE users`. */
function headOf(sql: string, tokens: readonly Token[]): string {
  const first = tokens[0];
  if (!first) return '';
  let last = first;
  for (let k = 1; k < Math.min(tokens.length, 6); k++) {
    const t = tokens[k] as Token;
    if (t.kind === 'punct' && t.value !== '.') break;
    last = t;
  }
  const head = sql.slice(first.start, last.end).replace(/\s+/g, ' ');
  return head.length > 60 ? `${head.slice(0, 59)}…` : head;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n', 1)[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
