/**
 * First-keyword prefilter (research note §9): which strings are SQL statements worth parsing.
 * `looksLikeSql` is strict, for string literals in code, where "Select an option" or
 * "Update your profile" are UI text: it wants the statement's first keyword and then a
 * statement skeleton (SELECT … FROM t, INSERT INTO t (…) VALUES, UPDATE t SET c =, …).
 */
import { lex, pairBrackets, significant, type Token } from './lexer.js';

/** Statements whose result or assignments the rules look at. */
const PROJECTION_STARTS = new Set(['SELECT', 'WITH', 'INSERT', 'UPSERT', 'UPDATE', 'DELETE', 'VALUES', 'TABLE']);
const EXPLAIN_OPTIONS = new Set(['ANALYZE', 'ANALYSE', 'VERBOSE']);
/** Words that join operands inside an expression (never an operand or alias themselves). */
const CONNECTIVES = new Set([
  'AND', 'OR', 'NOT', 'IS', 'NULL', 'IN', 'LIKE', 'ILIKE', 'BETWEEN', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END',
  'AS', 'DISTINCT', 'TRUE', 'FALSE', 'AT', 'TIME', 'ZONE', 'OVER', 'FILTER', 'COLLATE', 'INTERVAL', 'ARRAY',
  'EXISTS', 'ANY', 'SOME', 'ALL', 'SIMILAR', 'TO', 'ESCAPE', 'ASC', 'DESC', 'NULLS', 'FIRST', 'LAST',
  'CAST', 'ROW', 'UNKNOWN', 'SYMMETRIC', 'WITHIN', 'GROUP', 'ORDER', 'BY', 'PARTITION', 'FROM', 'DEFAULT',
]);
/** Value keywords that make `SELECT <kw>` SQL on their own. */
const VALUE_KEYWORDS = new Set([
  'CURRENT_USER', 'CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'LOCALTIME', 'LOCALTIMESTAMP',
  'SESSION_USER', 'CURRENT_SCHEMA', 'CURRENT_CATALOG', 'NULL', 'TRUE', 'FALSE',
]);
/** Type names that may prefix a string literal (`date '2020-01-01'`). */
const LITERAL_TYPES = new Set([
  'DATE', 'TIME', 'TIMESTAMP', 'TIMESTAMPTZ', 'INTERVAL', 'TEXT', 'JSON', 'JSONB', 'UUID', 'INT', 'INTEGER',
  'BIGINT', 'NUMERIC', 'BOOLEAN', 'INET', 'BYTES', 'STRING',
]);
/** Words that end a select list. */
const SELECT_LIST_END = new Set([
  'FROM', 'INTO', 'WHERE', 'GROUP', 'HAVING', 'WINDOW', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'FOR', 'UNION',
  'EXCEPT', 'INTERSECT',
]);
/** Words that may follow a table reference (`FROM t u WHERE`, `DELETE FROM t RETURNING`). */
const AFTER_RELATION = new Set([
  'WHERE', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'GROUP', 'ORDER', 'LIMIT', 'OFFSET',
  'HAVING', 'WINDOW', 'UNION', 'EXCEPT', 'INTERSECT', 'FOR', 'FETCH', 'ON', 'USING', 'RETURNING', 'TABLESAMPLE',
  'WITH', 'AS', 'LATERAL', 'SET', 'VALUES', 'SELECT', 'DEFAULT', 'OVERRIDING', 'INTO',
]);
/** Words that are never a table alias. */
const NOT_ALIAS = new Set([...AFTER_RELATION, ...CONNECTIVES, 'SELECT']);

type Tokens = readonly Token[];

interface Lead {
  tokens: Token[];
  /** Index of the leading keyword in `tokens`. */
  index: number;
}

/** The leading keyword's position, past comments, `(` and an `EXPLAIN [ANALYZE] […]` prefix. */
function lead(text: string): Lead | undefined {
  const tokens = significant(lex(text));
  const pair = pairBrackets(tokens);
  let i = 0;
  for (;;) {
    const t = tokens[i];
    if (t === undefined) return undefined;
    if (t.kind === 'punct' && t.value === '(') {
      i++;
    } else if (t.kind === 'word' && t.value === 'EXPLAIN') {
      i++;
      let parens = false;
      for (;;) {
        const u = tokens[i];
        if (u?.kind === 'word' && EXPLAIN_OPTIONS.has(u.value)) i++;
        else if (!parens && u?.kind === 'punct' && u.value === '(' && (pair[i] as number) > i) {
          i = (pair[i] as number) + 1;
          parens = true;
        } else break;
      }
    } else {
      return t.kind === 'word' ? { tokens, index: i } : undefined;
    }
  }
}

/**
 * The first significant keyword of `text`, upper-cased, skipping comments, whitespace, opening
 * parentheses and an `EXPLAIN [ANALYZE] [(…)]` prefix; undefined when the text starts otherwise.
 */
export function leadingKeyword(text: string): string | undefined {
  const quick = quickLeadingWord(text);
  if (quick !== null) return quick;
  const l = lead(text);
  return l ? (l.tokens[l.index] as Token).value : undefined;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/**
 * Without lexing: skips white space and `(`, then reads a plain word. `null` when the text starts
 * with anything that needs the lexer (a comment, a quote, EXPLAIN…); `undefined` when it starts
 * with something that is not a word at all.
 */
function quickLeadingWord(text: string): string | undefined | null {
  let i = 0;
  const limit = Math.min(text.length, 512);
  for (; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0x28) break;
  }
  if (i >= limit) return null;
  const first = text.charCodeAt(i);
  // Comments need the lexer; a string, a quoted name, `/` or `-` alone start no statement.
  if (first === 0x2d) return text.charCodeAt(i + 1) === 0x2d ? null : undefined;
  if (first === 0x2f) return text.charCodeAt(i + 1) === 0x2a ? null : undefined;
  if (first === 0x22 || first === 0x27) return undefined;
  if (first >= 0x80) return null;
  if (!isAsciiLetter(first) && first !== 0x5f) return /[0-9$*@?:;,.)\]]/.test(text[i] as string) ? undefined : null;
  let end = i + 1;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (isAsciiLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x24) end++;
    else break;
  }
  const next = text.charCodeAt(end);
  if (next === 0x27 || next === 0x26 || next >= 0x80) return null; // E'…', U&'…', non-ASCII word
  const word = text.slice(i, end).toUpperCase();
  return word === 'EXPLAIN' ? null : word;
}

/**
 * Whether a statement (from a `.sql` file, or a keyword on its own) is one the rules read:
 * SELECT, WITH, INSERT, UPSERT, UPDATE, DELETE, VALUES, TABLE, `EXPORT … FROM` (CockroachDB),
 * and `CREATE [OR REPLACE] [TEMP|TEMPORARY] [RECURSIVE] [MATERIALIZED] VIEW`.
 */
export function isRelevantStatementStart(statement: string): boolean {
  const l = lead(statement);
  if (!l) return false;
  const { tokens } = l;
  const kw = (tokens[l.index] as Token).value;
  if (PROJECTION_STARTS.has(kw) || kw === 'EXPORT') return true;
  if (kw !== 'CREATE') return false;
  let j = l.index + 1;
  if (isWord(tokens[j], 'OR') && isWord(tokens[j + 1], 'REPLACE')) j += 2;
  for (const optional of ['TEMP', 'TEMPORARY', 'RECURSIVE', 'MATERIALIZED']) {
    if (isWord(tokens[j], optional)) j++;
  }
  return isWord(tokens[j], 'VIEW');
}

function isWord(token: Token | undefined, value: string): boolean {
  return token?.kind === 'word' && token.value === value;
}

function isPunct(token: Token | undefined, value: string): boolean {
  return token?.kind === 'punct' && token.value === value;
}

/**
 * Whether a string from code is a SQL statement worth parsing. Strict: the leading keyword (see
 * {@link leadingKeyword}) must be one of SELECT, WITH, INSERT, UPSERT, UPDATE, DELETE, VALUES,
 * TABLE (or CockroachDB's `EXPORT INTO`), followed by that statement's skeleton; text that reads
 * like prose (apostrophes in words, a closing `.`/`!`/`?`, word runs) is refused, and a
 * Title-case first keyword ("Select …") also needs a code sign (`*`, `=`, `$1`, `::`, `a_b`, …).
 */
export function looksLikeSql(text: string): boolean {
  if (!mayStartStatement(text)) return false;
  const l = lead(text);
  if (!l) return false;
  const { tokens, index } = l;
  const first = tokens[index] as Token;
  const kw = first.value;
  if (!PROJECTION_STARTS.has(kw) && kw !== 'EXPORT') return false;
  if (readsLikeProse(text, tokens)) return false;
  const raw = text.slice(first.start, first.end);
  if (raw !== raw.toUpperCase() && raw !== raw.toLowerCase() && !hasCodeSign(text, tokens)) return false;
  const c = new Checker(tokens);
  const k = index + 1;
  switch (kw) {
    case 'SELECT':
      return c.select(k);
    case 'WITH':
      return c.with(k);
    case 'INSERT':
    case 'UPSERT':
      return c.insert(k);
    case 'UPDATE':
      return c.update(k);
    case 'DELETE':
      return c.delete(k);
    case 'VALUES':
      return c.values(k);
    case 'TABLE':
      return c.table(k);
    default:
      return c.export(k);
  }
}

/** Cheap check before lexing: the first visible character can begin a statement or a comment. */
function mayStartStatement(text: string): boolean {
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  const c = (text[i] ?? '').toUpperCase();
  return c !== '' && 'SWIUDVTE(-/'.includes(c);
}

/** Apostrophes inside words, a closing `.`/`!`, a `?` right after a word, spaced-out dots. */
function readsLikeProse(text: string, tokens: Tokens): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const prev = tokens[i - 1];
    if (t.kind === 'string' && text[t.start] === "'" && prev?.kind === 'word' && prev.end === t.start) return true;
    if (t.kind === 'punct' && t.value === '.' && (prev?.end !== t.start || tokens[i + 1]?.start !== t.end)) return true;
  }
  const last = tokens[tokens.length - 1] as Token;
  const before = tokens[tokens.length - 2];
  if (last.kind === 'op' && (last.value.endsWith('!') || (last.value === '?' && isAtom(before) && before?.end === last.start))) {
    return true;
  }
  return last.kind === 'punct' && last.value === '.';
}

/** Signs that a text is code rather than a sentence. */
function hasCodeSign(text: string, tokens: Tokens): boolean {
  for (const t of tokens) {
    if (t.kind === 'param' || t.kind === 'qident') return true;
    if (t.kind === 'op' && /[*=<>|]|::/.test(t.value)) return true;
    if (t.kind === 'punct' && t.value === ';') return true;
    if (t.kind === 'word' && t.value.length > 1 && t.value.slice(1).includes('_')) return true;
    if (t.kind === 'punct' && t.value === '.' && text[t.start - 1] !== ' ') return true;
  }
  return false;
}

function isAtom(t: Token | undefined): boolean {
  if (t === undefined) return false;
  if (t.kind === 'word') return !CONNECTIVES.has(t.value);
  return t.kind === 'number' || t.kind === 'string' || t.kind === 'qident' || t.kind === 'param';
}

/** Statement skeleton checks over significant tokens. */
class Checker {
  readonly pair: number[];

  constructor(readonly tokens: Tokens) {
    this.pair = pairBrackets(tokens);
  }

  /** Index after a dotted name at `i` (`t`, `s.t`, `"T"`), or -1. */
  name(i: number): number {
    const { tokens } = this;
    const t = tokens[i];
    if (!(t?.kind === 'qident' || (t?.kind === 'word' && !NOT_ALIAS.has(t.value)))) return -1;
    let j = i + 1;
    while (isPunct(tokens[j], '.') && (tokens[j + 1]?.kind === 'word' || tokens[j + 1]?.kind === 'qident')) j += 2;
    return j;
  }

  /** Index after a bracket group at `i`, or -1. */
  group(i: number): number {
    const t = this.tokens[i];
    if (!(isPunct(t, '(') || isPunct(t, '['))) return -1;
    const close = this.pair[i] as number;
    return close > i ? close + 1 : -1;
  }

  /** Index after `[AS] alias` at `i` (or `i` when there is none). */
  alias(i: number): number {
    const { tokens } = this;
    if (isWord(tokens[i], 'AS') && !isWord(tokens[i + 1], 'OF')) i++;
    const t = tokens[i];
    if (t?.kind === 'qident' || (t?.kind === 'word' && !NOT_ALIAS.has(t.value))) return i + 1;
    return i;
  }

  /** A statement or clause may end at `i`: end of text, `;`, `)`, or one of `words`. */
  endsAt(i: number, words: ReadonlySet<string>): boolean {
    const t = this.tokens[i];
    if (t === undefined) return true;
    if (t.kind === 'punct') return t.value === ';' || t.value === ')' || t.value === ',';
    if (t.kind === 'op') return t.value === '@' || t.value === '*';
    return t.kind === 'word' && words.has(t.value);
  }

  /** A table reference at `i`: a name, a call, a subquery or a CockroachDB `[…]` source. */
  relation(i: number): number {
    const { tokens } = this;
    if (isWord(tokens[i], 'ONLY') || isWord(tokens[i], 'LATERAL')) i++;
    let j = this.group(i);
    if (j < 0) {
      j = this.name(i);
      if (j < 0) return -1;
      if (isPunct(tokens[j], '(')) j = this.group(j);
      if (j < 0) return -1;
    }
    return this.alias(j);
  }

  /**
   * Items [from, to) split by top-level commas are expressions: no two operands in a row except
   * a final alias (when `aliases`), and a typed literal (`date '…'`). Returns false for an empty
   * list or an empty item.
   */
  expressions(from: number, to: number, aliases: boolean): boolean {
    const { tokens, pair } = this;
    let itemStart = from;
    let prevAtom = false;
    if (from >= to) return false;
    for (let i = from; i < to; i++) {
      const t = tokens[i] as Token;
      if (isPunct(t, ',')) {
        if (i === itemStart) return false;
        itemStart = i + 1;
        prevAtom = false;
        continue;
      }
      const atom = isAtom(t);
      if (atom && prevAtom) {
        const prev = tokens[i - 1] as Token;
        const typed = t.kind === 'string' && prev.kind === 'word' && LITERAL_TYPES.has(prev.value);
        const finalAlias = aliases && (t.kind === 'word' || t.kind === 'qident') && (i + 1 === to || isPunct(tokens[i + 1], ','));
        if (!typed && !finalAlias) return false;
      }
      prevAtom = atom || isPunct(t, ')') || isPunct(t, ']');
      if ((isPunct(t, '(') || isPunct(t, '[')) && (pair[i] as number) > i) i = pair[i] as number;
    }
    return itemStart < to;
  }

  /** First index at or after `from` at depth 0 holding one of `words`, or the token count. */
  find(from: number, words: ReadonlySet<string>): number {
    const { tokens, pair } = this;
    for (let i = from; i < tokens.length; i++) {
      const t = tokens[i] as Token;
      if ((isPunct(t, '(') || isPunct(t, '[')) && (pair[i] as number) > i) i = pair[i] as number;
      else if (isPunct(t, ')') || isPunct(t, ';')) return i;
      else if (t.kind === 'word' && words.has(t.value)) return i;
    }
    return tokens.length;
  }

  select(k: number): boolean {
    const { tokens } = this;
    if (isWord(tokens[k], 'DISTINCT')) {
      k++;
      if (isWord(tokens[k], 'ON')) {
        k = this.group(k + 1);
        if (k < 0) return false;
      }
    } else if (isWord(tokens[k], 'ALL')) {
      k++;
    }
    const end = this.find(k, SELECT_LIST_END);
    const from = tokens[end];
    if (isWord(from, 'FROM')) {
      if (!this.expressions(k, end, true)) return false;
      const rel = this.relation(end + 1);
      return rel > 0 && this.endsAt(rel, AFTER_RELATION);
    }
    if (!this.expressions(k, end, false)) return false;
    for (let i = k; i < end; i++) {
      const t = tokens[i] as Token;
      if (t.kind !== 'word' || VALUE_KEYWORDS.has(t.value)) return true;
    }
    return false;
  }

  with(k: number): boolean {
    const { tokens } = this;
    if (isWord(tokens[k], 'RECURSIVE')) k++;
    let j = this.name(k);
    if (j < 0) return false;
    if (isPunct(tokens[j], '(')) j = this.group(j);
    if (j < 0 || !isWord(tokens[j], 'AS')) return false;
    j++;
    if (isWord(tokens[j], 'NOT')) j++;
    if (isWord(tokens[j], 'MATERIALIZED')) j++;
    const body = tokens[j + 1];
    return isPunct(tokens[j], '(') && body?.kind === 'word' && (PROJECTION_STARTS.has(body.value) || body.value === 'UPSERT');
  }

  insert(k: number): boolean {
    const { tokens } = this;
    if (!isWord(tokens[k], 'INTO')) return false;
    let j = this.name(k + 1);
    if (j < 0) return false;
    if (isWord(tokens[j], 'AS')) j = this.alias(j);
    if (isPunct(tokens[j], '(')) {
      const close = this.group(j);
      if (close < 0 || !this.expressions(j + 1, close - 1, false)) return false;
      j = close;
    }
    const t = tokens[j];
    const after = tokens[j + 1];
    if (isPunct(t, '(')) return isWord(after, 'SELECT') || isWord(after, 'VALUES') || isWord(after, 'WITH');
    if (isWord(t, 'VALUES') || isWord(t, 'SELECT')) return after !== undefined && !isPunct(after, ';');
    if (isWord(t, 'DEFAULT')) return isWord(after, 'VALUES');
    if (isWord(t, 'OVERRIDING')) return isWord(tokens[j + 2], 'VALUE');
    return isWord(t, 'WITH') && this.with(j + 1);
  }

  update(k: number): boolean {
    const { tokens } = this;
    const rel = this.relation(k);
    if (rel < 0 || !isWord(tokens[rel], 'SET')) return false;
    const target = this.name(rel + 1);
    if (target > 0) return tokens[target]?.kind === 'op' && (tokens[target] as Token).value.startsWith('=');
    const cols = this.group(rel + 1);
    return cols > 0 && tokens[cols]?.kind === 'op' && (tokens[cols] as Token).value.startsWith('=');
  }

  delete(k: number): boolean {
    if (!isWord(this.tokens[k], 'FROM')) return false;
    const rel = this.relation(k + 1);
    return rel > 0 && this.endsAt(rel, AFTER_RELATION);
  }

  values(k: number): boolean {
    const { tokens } = this;
    let j = k;
    for (;;) {
      const close = this.group(j);
      if (close < 0 || !isPunct(tokens[j], '(') || !this.expressions(j + 1, close - 1, false)) return false;
      j = close;
      if (!isPunct(tokens[j], ',')) break;
      j++;
    }
    return this.endsAt(j, SELECT_LIST_END);
  }

  table(k: number): boolean {
    const { tokens } = this;
    if (isWord(tokens[k], 'ONLY')) k++;
    const j = this.name(k);
    return j > 0 && this.endsAt(j, SELECT_LIST_END);
  }

  export(k: number): boolean {
    const { tokens } = this;
    if (!isWord(tokens[k], 'INTO') || tokens[k + 1]?.kind !== 'word' || tokens[k + 2]?.kind !== 'string') return false;
    const from = this.find(k + 3, new Set(['FROM']));
    const body = tokens[from + 1];
    return isWord(tokens[from], 'FROM') && (isWord(body, 'SELECT') || isWord(body, 'TABLE'));
  }
}

/** Words that may start what the rules read; each is confirmed by what follows it. */
const HEAD_WORDS = /\b(?:select|update|insert|upsert|delete|returning|table)\b/gi;
const INTO_NEXT = /\s+into\b/iy;
const FROM_NEXT = /\s+from\b/iy;
const TABLE_NAME_NEXT = /\s+["\w]/y;
const FROM_WORD = /\bfrom\b/gi;
const SET_WORD = /\bset\b/gi;
/** How far a FROM may follow its SELECT (select lists of thousands of columns exist). */
const SELECT_FROM_WINDOW = 100_000;
/** How far a SET may follow its UPDATE (the target table, an alias, an index hint). */
const UPDATE_SET_WINDOW = 200;

function followedAt(pattern: RegExp, text: string, at: number): boolean {
  pattern.lastIndex = at;
  return pattern.test(text);
}

/** Offset of the next match of the global `pattern` at or after `from` (Infinity when none). */
function nextMatch(pattern: RegExp, text: string, from: number): number {
  pattern.lastIndex = from;
  const found = pattern.exec(text);
  return found === null ? Infinity : found.index;
}

/**
 * A whole file's text: whether it may hold a statement the rules read (SELECT … FROM, INSERT INTO,
 * UPSERT INTO, UPDATE … SET, DELETE FROM, RETURNING, `TABLE t`). A cheap gate before any node is
 * collected: `.delete(`, `Object.values` or `update()` alone do not open a file. One scan of the
 * text; the searches for FROM and SET only move forward.
 */
export function mayContainSql(text: string): boolean {
  let from = -1;
  let set = -1;
  HEAD_WORDS.lastIndex = 0;
  for (let m = HEAD_WORDS.exec(text); m !== null; m = HEAD_WORDS.exec(text)) {
    const at = m.index;
    const after = at + m[0].length;
    switch (m[0].toLowerCase()) {
      case 'returning':
        return true;
      case 'insert':
      case 'upsert':
        if (followedAt(INTO_NEXT, text, after)) return true;
        break;
      case 'delete':
        if (followedAt(FROM_NEXT, text, after)) return true;
        break;
      case 'table':
        // Uppercase only: `table` is an everyday word in code.
        if (m[0] === 'TABLE' && followedAt(TABLE_NAME_NEXT, text, after)) return true;
        break;
      case 'select':
        if (from < after) from = nextMatch(FROM_WORD, text, after);
        if (from - at <= SELECT_FROM_WINDOW) return true;
        break;
      case 'update':
        if (set < after) set = nextMatch(SET_WORD, text, after);
        if (set - at <= UPDATE_SET_WINDOW) return true;
        break;
      default:
        break;
    }
  }
  return false;
}
