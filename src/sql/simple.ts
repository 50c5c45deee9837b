/**
 * A fast path for the common statement forms, read from tokens without the grammar:
 *
 *   [WITH name AS (select), …] select
 *   select := SELECT [DISTINCT|ALL] item, … FROM from [, from | [kind] JOIN from ON …|USING (…)] [clauses…]
 *   from   := [schema.]table [[AS] alias] | (select) [AS] alias
 *   item   := * | t.* | s.t.* | expr [[AS] alias]
 *   expr   := [[s.]t.]col | literal | $n | fn([DISTINCT] expr, … | *) [OVER (…)] | expr::type
 *
 * Whatever follows the FROM list (WHERE, GROUP BY, ORDER BY, LIMIT…) does not change the
 * projection and is only checked for set operations. Anything else returns undefined and goes to
 * pgsql-ast-parser.
 *
 * The reader builds the part of pgsql-ast-parser's AST that `shapeOfStatement` reads (select
 * items with their locations, FROM items, CTE bindings), so both paths share one set of
 * semantics; a differential test holds the result to what the parser gives for the same text.
 * pgsql-ast-parser costs about 1–3 ms per statement, this about 10–30 µs.
 */
import type { Expr, From, SelectedColumn, SelectStatement, Statement } from 'pgsql-ast-parser';
import { pairBrackets, significantTokens, type Token } from './lexer.js';
import type { QueryShape } from './query-shape.js';
import { shapeOfStatement } from './shape.js';

/** Words that end a clause or start another: never a bare alias or a table name here. */
const RESERVED = new Set([
  'ALL', 'AND', 'ANY', 'ARRAY', 'AS', 'ASC', 'BETWEEN', 'BY', 'CASE', 'CAST', 'CROSS', 'CURRENT_DATE',
  'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'CURRENT_USER', 'DEFAULT', 'DESC', 'DISTINCT', 'ELSE', 'END', 'EXCEPT',
  'EXISTS', 'FALSE', 'FETCH', 'FOR', 'FROM', 'FULL', 'GROUP', 'HAVING', 'ILIKE', 'IN', 'INNER', 'INTERSECT',
  'INTO', 'IS', 'ISNULL', 'JOIN', 'LATERAL', 'LEFT', 'LIKE', 'LIMIT', 'NATURAL', 'NOT', 'NOTNULL', 'NULL',
  'OFFSET', 'ON', 'ONLY', 'OR', 'ORDER', 'OUTER', 'RETURNING', 'RIGHT', 'SELECT', 'SESSION_USER', 'SIMILAR',
  'SOME', 'TABLE', 'THEN', 'TRUE', 'UNION', 'USER', 'USING', 'VALUES', 'WHEN', 'WHERE', 'WINDOW', 'WITH',
  'LOCALTIME', 'LOCALTIMESTAMP', 'CURRENT_SCHEMA', 'CURRENT_CATALOG', 'CURRENT_ROLE', 'INTERVAL', 'ROW',
  'COLLATE', 'OVER', 'FILTER', 'WITHIN', 'MATERIALIZED', 'RECURSIVE',
]);
/** Function-like keywords with their own grammar (`extract(x FROM y)`, `trim(BOTH …)`): the parser's job. */
const SPECIAL_FUNCTIONS = new Set([
  'EXTRACT', 'SUBSTRING', 'OVERLAY', 'POSITION', 'TRIM', 'CAST', 'ROW', 'ARRAY', 'EXISTS', 'GROUPING',
  'XMLELEMENT', 'XMLFOREST', 'XMLPARSE', 'XMLSERIALIZE', 'NORMALIZE', 'TREAT', 'COLLATION',
]);
/** Clauses that may follow the FROM list without touching the projection. */
const TAIL = new Set(['WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'FOR']);
const JOIN_WORDS = new Set(['INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'OUTER']);
/** Anywhere at the top level of a select, these make it more than the fast path reads. */
const TOP_LEVEL_STOP = new Set(['UNION', 'EXCEPT', 'INTERSECT', 'RETURNING', 'INTO', 'WINDOW']);
/** Nesting (CTEs, derived tables, call arguments) beyond this goes to the parser. */
const MAX_DEPTH = 32;

type Loc = { start: number; end: number };

/** Thrown inside the reader when the text leaves the fast path's forms; caught at the top. */
class NotSimple extends Error {}
const NOT_SIMPLE = new NotSimple();

function fail(): never {
  throw NOT_SIMPLE;
}

function isAscii(text: string): boolean {
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) >= 0x80) return false;
  return true;
}

class Reader {
  i = 0;
  depth = 0;
  readonly pair: readonly number[];

  constructor(readonly tokens: readonly Token[]) {
    this.pair = pairBrackets(tokens);
  }

  get current(): Token | undefined {
    return this.tokens[this.i];
  }

  get previous(): Token {
    return this.tokens[this.i - 1] as Token;
  }

  isWord(value: string, at = this.i): boolean {
    const t = this.tokens[at];
    return t?.kind === 'word' && t.value === value;
  }

  isPunct(value: string, at = this.i): boolean {
    const t = this.tokens[at];
    return t?.kind === 'punct' && t.value === value;
  }

  word(value: string): boolean {
    if (!this.isWord(value)) return false;
    this.i++;
    return true;
  }

  punct(value: string): boolean {
    if (!this.isPunct(value)) return false;
    this.i++;
    return true;
  }

  /** The index of the bracket closing the one at the current position. */
  closing(): number {
    const close = this.pair[this.i] ?? -1;
    if (close < 0) fail();
    return close;
  }

  /** Whether the current token can be a name (unreserved word or quoted identifier). */
  atName(): boolean {
    const t = this.current;
    if (t?.kind === 'word') return !RESERVED.has(t.value);
    return t?.kind === 'qident' && t.value.startsWith('"') && t.value.length >= 2 && t.value.endsWith('"');
  }

  /** A name, folded like PostgreSQL folds it; fails when there is none. */
  name(): string {
    if (!this.atName()) fail();
    const t = this.current as Token;
    this.i++;
    if (t.kind === 'word') {
      if (!isAscii(t.value)) fail(); // Case folding of non-ASCII letters: leave it to the parser.
      return t.value.toLowerCase();
    }
    return t.value.slice(1, -1).replace(/""/g, '"');
  }

  nested<T>(read: () => T): T {
    if (++this.depth > MAX_DEPTH) fail();
    try {
      return read();
    } finally {
      this.depth--;
    }
  }
}

function loc(start: number, end: number): Loc {
  return { start, end };
}

/** `(…)`: runs `read` on the inside, which must use up every token up to the closing bracket. */
function inBrackets<T>(r: Reader, read: (end: number) => T): T {
  const close = r.closing();
  r.i++;
  const value = r.nested(() => read(close));
  if (r.i !== close) fail();
  r.i = close + 1;
  return value;
}

// ---- expressions ---------------------------------------------------------------------------

function readCallArgs(r: Reader): { args: Expr[]; distinct: boolean; end: number } {
  const open = r.i;
  const close = r.closing();
  r.i = open + 1;
  const args: Expr[] = [];
  let distinct = false;
  r.nested(() => {
    if (r.i === close) return;
    const t = r.current as Token;
    if (t.kind === 'op' && t.value === '*' && r.i + 1 === close) {
      args.push({ type: 'ref', name: '*', _location: loc(t.start, t.end) } as Expr);
      r.i++;
      return;
    }
    if (r.word('DISTINCT')) distinct = true;
    for (;;) {
      args.push(readExpr(r));
      if (!r.punct(',')) break;
    }
  });
  if (r.i !== close) fail();
  r.i = close + 1;
  return { args, distinct, end: (r.tokens[close] as Token).end };
}

/** `fn(args) [OVER (…)]`, the name already read at `nameToken`. */
function readCall(r: Reader, nameToken: Token): Expr {
  if (SPECIAL_FUNCTIONS.has(nameToken.value) || !isAscii(nameToken.value)) fail();
  const { args, distinct, end: argsEnd } = readCallArgs(r);
  let end = argsEnd;
  if (r.word('OVER')) {
    if (!r.isPunct('(')) fail();
    const close = r.closing();
    end = (r.tokens[close] as Token).end;
    r.i = close + 1;
  }
  return {
    type: 'call',
    function: { name: nameToken.value.toLowerCase(), _location: loc(nameToken.start, nameToken.end) },
    ...(distinct ? { distinct: 'distinct' } : {}),
    args,
    _location: loc(nameToken.start, end),
  } as Expr;
}

/** `[[s.]t.]col` or `[s.]t.*`, the first name already read. */
function readRef(r: Reader, first: string, firstToken: Token): Expr {
  const parts = [first];
  for (;;) {
    if (!r.isPunct('.')) break;
    r.i++;
    const t = r.current;
    if (t?.kind === 'op' && t.value === '*') {
      r.i++;
      if (parts.length > 2) fail();
      const table = tableOfParts(parts, firstToken, r.tokens[r.i - 3] as Token);
      return { type: 'ref', table, name: '*', _location: loc(firstToken.start, t.end) } as Expr;
    }
    parts.push(r.name());
  }
  if (parts.length > 3) fail();
  const last = r.previous;
  const name = parts[parts.length - 1] as string;
  if (parts.length === 1) return { type: 'ref', name, _location: loc(firstToken.start, last.end) } as Expr;
  const table = tableOfParts(parts.slice(0, -1), firstToken, r.tokens[r.i - 3] as Token);
  return { type: 'ref', table, name, _location: loc(firstToken.start, last.end) } as Expr;
}

function tableOfParts(parts: readonly string[], first: Token, last: Token): { name: string; schema?: string; _location: Loc } {
  const _location = loc(first.start, last.end);
  if (parts.length === 2) return { schema: parts[0] as string, name: parts[1] as string, _location };
  return { name: parts[0] as string, _location };
}

function readPrimary(r: Reader): Expr {
  const t = r.current;
  if (!t) fail();
  const at = loc(t.start, t.end);
  switch (t.kind) {
    case 'param':
      r.i++;
      return { type: 'parameter', name: t.value, _location: at } as Expr;
    case 'number':
      r.i++;
      if (/^\d+$/.test(t.value)) return { type: 'integer', value: Number(t.value), _location: at } as Expr;
      if (!/^\d*\.\d+$|^\d+\.\d*$/.test(t.value)) fail();
      return { type: 'numeric', value: Number(t.value), _location: at } as Expr;
    case 'string':
      if (!t.value.startsWith("'") || t.value.length < 2 || !t.value.endsWith("'")) fail();
      r.i++;
      return { type: 'string', value: t.value.slice(1, -1).replace(/''/g, "'"), _location: at } as Expr;
    case 'word':
      if (t.value === 'TRUE' || t.value === 'FALSE') {
        r.i++;
        return { type: 'boolean', value: t.value === 'TRUE', _location: at } as Expr;
      }
      if (t.value === 'NULL') {
        r.i++;
        return { type: 'null', _location: at } as Expr;
      }
      if (r.isPunct('(', r.i + 1) && !RESERVED.has(t.value)) {
        r.i++;
        return readCall(r, t);
      }
      break;
    default:
      break;
  }
  const first = r.name();
  return readRef(r, first, t);
}

/** A primary with `::type` casts (one-word types only). */
function readExpr(r: Reader): Expr {
  let expr = readPrimary(r);
  for (;;) {
    const t = r.current;
    if (!(t?.kind === 'op' && t.value === '::')) return expr;
    r.i++;
    const typeToken = r.current;
    const type = r.name();
    if (!typeToken || r.isPunct('(') || r.isPunct('[') || r.isPunct('.')) fail();
    const start = (expr as { _location: Loc })._location.start;
    expr = {
      type: 'cast',
      operand: expr,
      to: { name: type, _location: loc(typeToken.start, typeToken.end) },
      _location: loc(start, typeToken.end),
    } as Expr;
  }
}

function readItem(r: Reader): SelectedColumn {
  const t = r.current;
  if (t?.kind === 'op' && t.value === '*') {
    r.i++;
    const at = loc(t.start, t.end);
    return { expr: { type: 'ref', name: '*', _location: at }, _location: at } as SelectedColumn;
  }
  const expr = readExpr(r);
  const exprLoc = (expr as { _location: Loc })._location;
  if (r.word('AS')) {
    const aliasToken = r.current as Token | undefined;
    const alias = r.name();
    const aliasLoc = loc((aliasToken as Token).start, (aliasToken as Token).end);
    return { expr, alias: { name: alias, _location: aliasLoc }, _location: loc(exprLoc.start, aliasLoc.end) } as SelectedColumn;
  }
  if (r.current && r.current.kind !== 'punct' && r.atName()) {
    // `x::double precision`: a word after a cast may belong to the type.
    if (expr.type === 'cast') fail();
    // A bare alias: the parser gives it no location, and the item ends with the expression.
    return { expr, alias: { name: r.name() }, _location: exprLoc } as SelectedColumn;
  }
  return { expr, _location: exprLoc } as SelectedColumn;
}

// ---- FROM ----------------------------------------------------------------------------------

function readFromItem(r: Reader): From {
  if (r.isPunct('(')) {
    const statement = inBrackets(r, (end) => readQuery(r, end));
    r.word('AS');
    const alias = r.name();
    if (r.isPunct('(')) fail(); // alias column list
    return { type: 'statement', statement, alias } as From;
  }
  const first = r.name();
  let name = first;
  let schema: string | undefined;
  if (r.punct('.')) {
    schema = first;
    name = r.name();
  }
  if (r.isPunct('(') || r.isPunct('.')) fail();
  let alias: string | undefined;
  if (r.word('AS')) alias = r.name();
  else if (r.atName()) alias = r.name();
  if (r.isPunct('(')) fail(); // alias column list
  return {
    type: 'table',
    name: { name, ...(schema !== undefined ? { schema } : {}), ...(alias !== undefined ? { alias } : {}) },
  } as From;
}

/** Skips an ON condition: up to the next JOIN keyword, comma or tail clause at this depth. */
function skipCondition(r: Reader, end: number): void {
  while (r.i < end) {
    const t = r.current as Token;
    if (t.kind === 'punct' && (t.value === '(' || t.value === '[')) {
      r.i = r.closing() + 1;
      continue;
    }
    if (t.kind === 'punct' && (t.value === ',' || t.value === ')' || t.value === ']' || t.value === ';')) return;
    if (t.kind === 'word') {
      if (t.value === 'JOIN' || JOIN_WORDS.has(t.value) || TAIL.has(t.value) || TOP_LEVEL_STOP.has(t.value) || t.value === 'NATURAL') return;
      if (t.value === 'SELECT' || t.value === 'LATERAL') fail();
    }
    r.i++;
  }
}

function readFrom(r: Reader, end: number): From[] {
  const from: From[] = [readFromItem(r)];
  for (;;) {
    if (r.punct(',')) {
      from.push(readFromItem(r));
      continue;
    }
    const start = r.i;
    while (r.current?.kind === 'word' && JOIN_WORDS.has(r.current.value)) r.i++;
    if (!r.word('JOIN')) {
      r.i = start;
      return from;
    }
    from.push(readFromItem(r));
    if (r.word('ON')) {
      skipCondition(r, end);
    } else if (r.word('USING')) {
      if (!r.isPunct('(')) fail();
      r.i = r.closing() + 1;
    }
  }
}

/** Whatever follows the FROM list, up to `end`: tail clauses, no set operation at this level. */
function skipTail(r: Reader, end: number, topLevel: boolean): void {
  const t = r.current;
  if (r.i < end && t && !(t.kind === 'word' && TAIL.has(t.value)) && !(topLevel && t.kind === 'punct' && t.value === ';')) fail();
  while (r.i < end) {
    const cur = r.current as Token;
    if (cur.kind === 'punct' && (cur.value === '(' || cur.value === '[')) {
      r.i = r.closing() + 1;
      continue;
    }
    if (cur.kind === 'punct' && (cur.value === ')' || cur.value === ']')) fail();
    if (cur.kind === 'punct' && cur.value === ';') {
      if (!topLevel || r.i !== r.tokens.length - 1) fail();
      r.i++;
      continue;
    }
    if (cur.kind === 'word' && TOP_LEVEL_STOP.has(cur.value)) fail();
    r.i++;
  }
}

// ---- statements ----------------------------------------------------------------------------

function readSelect(r: Reader, end: number, topLevel: boolean): SelectStatement {
  if (!r.word('SELECT')) fail();
  if (r.word('DISTINCT')) {
    if (r.isWord('ON')) fail();
  } else {
    r.word('ALL');
  }
  const columns: SelectedColumn[] = [];
  do columns.push(readItem(r));
  while (r.punct(','));
  if (!r.word('FROM')) fail();
  const from = readFrom(r, end);
  skipTail(r, end, topLevel);
  return { type: 'select', columns, from } as SelectStatement;
}

/** `[WITH name AS (…), …] SELECT …` up to token index `end`. */
function readQuery(r: Reader, end: number, topLevel = false): SelectStatement {
  if (!r.word('WITH')) return readSelect(r, end, topLevel);
  const bind: { alias: { name: string }; statement: SelectStatement }[] = [];
  do {
    const alias = r.name();
    if (!r.word('AS') || !r.isPunct('(')) fail();
    const statement = inBrackets(r, (close) => readQuery(r, close));
    bind.push({ alias: { name: alias }, statement });
  } while (r.punct(','));
  const inner = r.nested(() => readSelect(r, end, topLevel));
  return { type: 'with', bind, in: inner } as SelectStatement;
}

/** The statement as the parser would give it (the parts the shape reads), or undefined. */
function readSimpleStatement(text: string): Statement | undefined {
  const tokens = significantTokens(text);
  const r = new Reader(tokens);
  try {
    const statement = readQuery(r, tokens.length, true);
    return r.i === tokens.length ? statement : undefined;
  } catch (error) {
    if (error instanceof NotSimple) return undefined;
    throw error;
  }
}

/** The shape of a statement of the fast path's forms, or undefined when it is not one. */
export function simpleShape(text: string): QueryShape | undefined {
  const statement = readSimpleStatement(text);
  return statement ? shapeOfStatement(statement, text) : undefined;
}
