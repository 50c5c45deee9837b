/**
 * A fast path for the most common statement form, read from tokens without the grammar:
 *
 *   SELECT [DISTINCT|ALL] item, … FROM table [[AS] alias] [, table … | [kind] JOIN table … ON …|USING (…)] [clauses…]
 *
 * where every item is `*`, `t.*`, `s.t.*`, `col`, `t.col`, optionally `[AS] alias`. Whatever
 * follows the FROM list (WHERE, GROUP BY, ORDER BY, LIMIT…) does not change the projection and is
 * only checked for set operations. Anything else returns undefined and goes to pgsql-ast-parser.
 * The shape is the one `shapeOfStatement` gives for the same text (a differential test holds it
 * to that); pgsql-ast-parser costs about a millisecond per statement, this about 10 µs.
 */
import { lex, pairBrackets, significant, type Token } from './lexer.js';
import type {
  ColumnOrigin,
  ProjectionList,
  QueryShape,
  RelationRef,
  ResultColumn,
  SqlRange,
  Wildcard,
} from './query-shape.js';
import { dedupeRelations } from './shape.js';

/** Words that end a clause or start another: never a bare alias or a table name here. */
const RESERVED = new Set([
  'ALL', 'AND', 'ANY', 'ARRAY', 'AS', 'ASC', 'BETWEEN', 'BY', 'CASE', 'CAST', 'CROSS', 'CURRENT_DATE',
  'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'CURRENT_USER', 'DEFAULT', 'DESC', 'DISTINCT', 'ELSE', 'END', 'EXCEPT',
  'EXISTS', 'FALSE', 'FETCH', 'FOR', 'FROM', 'FULL', 'GROUP', 'HAVING', 'ILIKE', 'IN', 'INNER', 'INTERSECT',
  'INTO', 'IS', 'ISNULL', 'JOIN', 'LATERAL', 'LEFT', 'LIKE', 'LIMIT', 'NATURAL', 'NOT', 'NOTNULL', 'NULL',
  'OFFSET', 'ON', 'ONLY', 'OR', 'ORDER', 'OUTER', 'RETURNING', 'RIGHT', 'SELECT', 'SESSION_USER', 'SIMILAR',
  'SOME', 'TABLE', 'THEN', 'TRUE', 'UNION', 'USER', 'USING', 'VALUES', 'WHEN', 'WHERE', 'WINDOW', 'WITH',
]);
/** Clauses that may follow the FROM list without touching the projection. */
const TAIL = new Set(['WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'FOR']);
const JOIN_WORDS = new Set(['INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'OUTER']);
/** Anywhere at the top level, these make the statement more than the fast path reads. */
const TOP_LEVEL_STOP = new Set(['UNION', 'EXCEPT', 'INTERSECT', 'RETURNING', 'INTO', 'WINDOW']);

interface Relation {
  readonly ref: RelationRef;
  readonly name: string;
}

class Reader {
  i = 0;
  constructor(readonly tokens: readonly Token[]) {}

  get current(): Token | undefined {
    return this.tokens[this.i];
  }

  word(value: string): boolean {
    const t = this.current;
    if (t?.kind === 'word' && t.value === value) {
      this.i++;
      return true;
    }
    return false;
  }

  punct(value: string): boolean {
    const t = this.current;
    if (t?.kind === 'punct' && t.value === value) {
      this.i++;
      return true;
    }
    return false;
  }

  /** A name (unquoted word that is not reserved, or a quoted identifier), folded like PostgreSQL. */
  name(): string | undefined {
    const t = this.current;
    if (!t) return undefined;
    if (t.kind === 'word' && !RESERVED.has(t.value)) {
      this.i++;
      return t.value.toLowerCase();
    }
    if (t.kind === 'qident' && t.value.startsWith('"') && t.value.length >= 2 && t.value.endsWith('"')) {
      this.i++;
      return t.value.slice(1, -1).replace(/""/g, '"');
    }
    return undefined;
  }
}

interface Item {
  readonly range: SqlRange;
  readonly kind: 'star' | 'qualified-star' | 'column';
  /** For `t.*` / `t.col`: the qualifier parts (`['s', 't']`). */
  readonly qualifier: readonly string[];
  readonly column?: string;
  readonly alias?: string;
  /** Range of the star, or of `t.*`. */
  readonly starRange?: SqlRange;
}

function readItem(r: Reader): Item | undefined {
  const first = r.current;
  if (!first) return undefined;
  if (first.kind === 'op' && first.value === '*') {
    r.i++;
    return { range: { start: first.start, end: first.end }, kind: 'star', qualifier: [], starRange: { start: first.start, end: first.end } };
  }
  const parts: string[] = [];
  const head = r.name();
  if (head === undefined) return undefined;
  parts.push(head);
  while (r.punct('.')) {
    const t = r.current;
    if (t?.kind === 'op' && t.value === '*') {
      r.i++;
      if (parts.length > 2) return undefined;
      return { range: { start: first.start, end: t.end }, kind: 'qualified-star', qualifier: parts, starRange: { start: first.start, end: t.end } };
    }
    const next = r.name();
    if (next === undefined) return undefined;
    parts.push(next);
  }
  if (parts.length > 2) return undefined;
  let end = (r.tokens[r.i - 1] as Token).end;
  let alias: string | undefined;
  if (r.word('AS')) {
    const t = r.current;
    // After AS any word is a column label in PostgreSQL; keep to plain names.
    alias = r.name();
    if (alias === undefined || !t) return undefined;
    end = t.end;
  } else {
    const t = r.current;
    const bare = t && t.kind !== 'punct' ? r.name() : undefined;
    if (bare !== undefined && t) {
      alias = bare;
      end = t.end;
    }
  }
  const column = parts[parts.length - 1] as string;
  return {
    range: { start: first.start, end },
    kind: 'column',
    qualifier: parts.slice(0, -1),
    column,
    ...(alias !== undefined ? { alias } : {}),
  };
}

function readTable(r: Reader): Relation | undefined {
  const first = r.name();
  if (first === undefined) return undefined;
  let name = first;
  let schema: string | undefined;
  if (r.punct('.')) {
    const second = r.name();
    if (second === undefined) return undefined;
    schema = first;
    name = second;
  }
  if (r.current?.kind === 'punct' && (r.current.value === '(' || r.current.value === '.')) return undefined;
  let alias: string | undefined;
  if (r.word('AS')) {
    alias = r.name();
    if (alias === undefined) return undefined;
  } else if (r.current?.kind === 'word' || r.current?.kind === 'qident') {
    alias = r.name();
  }
  if (r.current?.kind === 'punct' && r.current.value === '(') return undefined; // alias column list
  const ref: { name: string; schema?: string; alias?: string } = { name };
  if (schema) ref.schema = schema;
  if (alias) ref.alias = alias;
  return { ref, name: alias ?? name };
}

/** Skips an ON condition: up to the next JOIN keyword, comma or tail clause at this depth. */
function skipCondition(r: Reader, pair: readonly number[]): boolean {
  while (r.current) {
    const t = r.current;
    if (t.kind === 'punct' && (t.value === '(' || t.value === '[')) {
      const close = pair[r.i] ?? -1;
      if (close < 0) return false;
      r.i = close + 1;
      continue;
    }
    if (t.kind === 'punct' && t.value === ',') return true;
    if (t.kind === 'punct' && (t.value === ')' || t.value === ']' || t.value === ';')) return true;
    if (t.kind === 'word' && (t.value === 'JOIN' || JOIN_WORDS.has(t.value) || TAIL.has(t.value) || TOP_LEVEL_STOP.has(t.value) || t.value === 'NATURAL')) return true;
    if (t.kind === 'word' && (t.value === 'SELECT' || t.value === 'LATERAL')) return false;
    r.i++;
  }
  return true;
}

function readFrom(r: Reader, pair: readonly number[]): Relation[] | undefined {
  const relations: Relation[] = [];
  const first = readTable(r);
  if (!first) return undefined;
  relations.push(first);
  for (;;) {
    if (r.punct(',')) {
      const next = readTable(r);
      if (!next) return undefined;
      relations.push(next);
      continue;
    }
    const start = r.i;
    while (r.current?.kind === 'word' && JOIN_WORDS.has(r.current.value)) r.i++;
    if (!r.word('JOIN')) {
      r.i = start;
      return relations;
    }
    const joined = readTable(r);
    if (!joined) return undefined;
    relations.push(joined);
    if (r.word('ON')) {
      if (!skipCondition(r, pair)) return undefined;
    } else if (r.word('USING')) {
      const open = r.i;
      if (!r.punct('(')) return undefined;
      const close = pair[open] ?? -1;
      if (close < 0) return undefined;
      r.i = close + 1;
    }
  }
}

/** Whatever follows must be tail clauses with no set operation at the top level. */
function tailIsPlain(r: Reader, pair: readonly number[]): boolean {
  const t = r.current;
  if (t && !(t.kind === 'word' && TAIL.has(t.value)) && !(t.kind === 'punct' && t.value === ';')) return false;
  while (r.current) {
    const cur = r.current;
    if (cur.kind === 'punct' && (cur.value === '(' || cur.value === '[')) {
      const close = pair[r.i] ?? -1;
      if (close < 0) return false;
      r.i = close + 1;
      continue;
    }
    if (cur.kind === 'punct' && (cur.value === ')' || cur.value === ']')) return false;
    if (cur.kind === 'punct' && cur.value === ';') return r.i === r.tokens.length - 1;
    if (cur.kind === 'word' && TOP_LEVEL_STOP.has(cur.value)) return false;
    r.i++;
  }
  return true;
}

function findRelation(relations: readonly Relation[], qualifier: readonly string[]): Relation | undefined {
  if (qualifier.length === 2) {
    return relations.find((rel) => rel.ref.schema === qualifier[0] && rel.ref.name === qualifier[1] && !rel.ref.alias);
  }
  return relations.find((rel) => rel.name === qualifier[0]);
}

function origins(item: Item, relations: readonly Relation[]): ColumnOrigin[] {
  const column = item.column as string;
  if (item.qualifier.length > 0) {
    const rel = findRelation(relations, item.qualifier);
    return [{ relation: rel ? rel.ref : { name: item.qualifier[0] as string }, column }];
  }
  if (relations.length === 1) return [{ relation: (relations[0] as Relation).ref, column }];
  return [{ relation: undefined, candidates: relations.map((r) => r.ref), column }];
}

/** The shape of a simple SELECT, or undefined when the statement is not of that form. */
export function simpleShape(text: string): QueryShape | undefined {
  const tokens = significant(lex(text));
  const r = new Reader(tokens);
  if (!r.word('SELECT')) return undefined;
  if (r.word('DISTINCT')) {
    if (r.word('ON')) return undefined;
  } else {
    r.word('ALL');
  }
  const items: Item[] = [];
  do {
    const item = readItem(r);
    if (!item) return undefined;
    items.push(item);
  } while (r.punct(','));
  if (!r.word('FROM')) return undefined;
  const pair = pairBrackets(tokens);
  const relations = readFrom(r, pair);
  if (!relations || !tailIsPlain(r, pair)) return undefined;
  // A bare relation name used as a column is a whole-row value: leave it to the parser.
  if (items.some((it) => it.kind === 'column' && it.qualifier.length === 0 && relations.some((rel) => rel.name === it.column))) {
    return undefined;
  }

  const list: ProjectionList = { clause: 'select', items: items.map((it) => it.range) };
  const columns: ResultColumn[] = [];
  const wildcards: Wildcard[] = [];
  for (const item of items) {
    if (item.kind === 'column') {
      columns.push({ name: item.alias ?? item.column, flow: 'direct', origins: origins(item, relations), item: item.range, list });
    } else if (item.kind === 'star') {
      wildcards.push({
        form: 'star',
        range: item.starRange as SqlRange,
        text: 'SELECT *',
        sources: relations.map((rel) => ({ kind: 'table' as const, relation: rel.ref })),
        list,
      });
    } else {
      const rel = findRelation(relations, item.qualifier);
      const qualifier = item.qualifier.join('.');
      const relation: RelationRef = rel
        ? rel.ref
        : item.qualifier.length === 2
          ? { name: item.qualifier[1] as string, schema: item.qualifier[0] as string }
          : { name: item.qualifier[0] as string };
      wildcards.push({
        form: 'qualified-star',
        range: item.starRange as SqlRange,
        text: `${qualifier}.*`,
        sources: [{ kind: 'table', relation }],
        list,
        qualifier,
      });
    }
  }
  return {
    kind: 'select',
    columns,
    wildcards,
    relations: dedupeRelations(relations.map((rel) => rel.ref)),
    incomplete: false,
    via: 'ast',
  };
}
