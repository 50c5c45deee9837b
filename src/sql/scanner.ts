/**
 * The token-level fallback wildcard scanner (research note §8.2), for SQL the parser cannot read.
 * No grammar: it finds qualified stars anywhere, bare stars that are a whole SELECT/RETURNING list
 * item, and a leading `TABLE t`. Strings, comments and dollar-quoted bodies are single tokens, so
 * stars inside them are never seen. Linear in the input.
 */
import { pairBrackets, significantTokens, type Token } from './lexer.js';

export interface ScannedWildcard {
  /** Offset of the first character (`*`, the qualifier of `u.*`, the `(` of `(u).*`, `TABLE`). */
  start: number;
  /** Offset after the last character. */
  end: number;
  form: 'star' | 'qualified-star' | 'returning-star' | 'row-expand' | 'table-statement';
  /**
   * `u` / `s.u` for `u.*` / `s.u.*` and `TABLE s.u`, and for `(u).*` when the parenthesis holds
   * a plain name. Unquoted parts are folded to lower case, quoted parts are unquoted.
   */
  qualifier?: string;
}

/** Keywords that end a select or RETURNING list at its bracket depth. */
const LIST_END = new Set([
  'FROM', 'INTO', 'WHERE', 'GROUP', 'HAVING', 'WINDOW', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'FOR', 'UNION',
  'EXCEPT', 'INTERSECT', 'VALUES', 'SET', 'USING',
]);
/** What may follow a bare star that is a whole list item. */
const AFTER_STAR = new Set([
  'FROM', 'INTO', 'WHERE', 'GROUP', 'HAVING', 'WINDOW', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'FOR', 'UNION',
  'EXCEPT', 'INTERSECT',
]);
/** A subquery in a parenthesis after one of these does not send its rows to the client. */
const PREDICATE_SUBQUERY = new Set(['EXISTS', 'IN', 'ANY', 'SOME', 'ALL', 'ARRAY']);
const SET_OPERATIONS = new Set(['UNION', 'INTERSECT', 'EXCEPT']);

type ListKind = 'select' | 'returning' | 'exempt-select' | undefined;

function isWord(token: Token | undefined, value: string): boolean {
  return token?.kind === 'word' && token.value === value;
}

function isPunct(token: Token | undefined, value: string): boolean {
  return token?.kind === 'punct' && token.value === value;
}

function nameOf(token: Token): string {
  if (token.kind === 'word') return token.value.toLowerCase();
  const raw = token.value;
  const open = raw.indexOf('"');
  return raw.slice(open + 1, raw.endsWith('"') && raw.length > open + 1 ? -1 : undefined).replace(/""/g, '"');
}

function isName(token: Token | undefined): token is Token {
  return token?.kind === 'word' || token?.kind === 'qident';
}

/** Index of the first token of the dotted name ending at `last` (`s`.`u` in `s.u`). */
function nameStart(tokens: readonly Token[], last: number): number {
  let j = last;
  while (isPunct(tokens[j - 1], '.') && isName(tokens[j - 2])) j -= 2;
  return j;
}

function qualifierOf(tokens: readonly Token[], from: number, to: number): string {
  const parts: string[] = [];
  for (let j = from; j <= to; j += 2) parts.push(nameOf(tokens[j] as Token));
  return parts.join('.');
}

function isBlank(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/**
 * Whether some `*` of the text is not an argument star (`count(*)`, `( * )`): only such a star can
 * be a result wildcard. A linear look at the characters around each star, without lexing.
 */
export function hasNonArgumentStar(text: string): boolean {
  for (let i = text.indexOf('*'); i >= 0; i = text.indexOf('*', i + 1)) {
    let before = i - 1;
    while (before >= 0 && isBlank(text.charCodeAt(before))) before--;
    let after = i + 1;
    while (after < text.length && isBlank(text.charCodeAt(after))) after++;
    if (text[before] !== '(' || text[after] !== ')') return true;
  }
  return false;
}

/** Finds result wildcards in SQL text (see {@link ScannedWildcard}). Never throws. */
export function scanWildcards(text: string, lexed?: readonly Token[]): ScannedWildcard[] {
  if (!text.includes('*') && !/table/i.test(text)) return [];
  const tokens = lexed ?? significantTokens(text);
  const pair = pairBrackets(tokens);
  const out: ScannedWildcard[] = [];
  /** The list kind at each open bracket depth; index 0 is the top level. */
  const lists: ListKind[] = [undefined];
  /** Whether the innermost open parenthesis directly holds a predicate subquery. */
  const exempt: boolean[] = [false];

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const prev = tokens[i - 1];
    const depth = lists.length - 1;

    if (t.kind === 'punct') {
      if (t.value === '(' || t.value === '[') {
        lists.push(undefined);
        exempt.push(t.value === '(' && prev?.kind === 'word' && PREDICATE_SUBQUERY.has(prev.value));
      } else if ((t.value === ')' || t.value === ']') && lists.length > 1) {
        lists.pop();
        exempt.pop();
      } else if (t.value === ';') {
        lists.length = 1;
        exempt.length = 1;
        lists[0] = undefined;
      }
      continue;
    }

    if (t.kind === 'word') {
      if (t.value === 'SELECT') lists[depth] = exempt[depth] ? 'exempt-select' : 'select';
      else if (t.value === 'RETURNING') lists[depth] = 'returning';
      else if (LIST_END.has(t.value)) lists[depth] = undefined;
      if (t.value === 'TABLE' && isStatementStart(tokens, pair, i) && !(isPunct(prev, '(') && exempt[depth])) {
        const w = tableStatement(tokens, i);
        if (w) out.push(w);
      }
      continue;
    }

    if (t.kind !== 'op' || !t.value.startsWith('*')) continue;

    if (isPunct(prev, '.')) {
      const starEnd = t.start + 1;
      const before = tokens[i - 2];
      if (isName(before)) {
        const first = nameStart(tokens, i - 2);
        out.push({
          start: (tokens[first] as Token).start,
          end: starEnd,
          form: 'qualified-star',
          qualifier: qualifierOf(tokens, first, i - 2),
        });
      } else if (isPunct(before, ')') && (pair[i - 2] as number) >= 0) {
        const open = pair[i - 2] as number;
        const w: ScannedWildcard = { start: (tokens[open] as Token).start, end: starEnd, form: 'row-expand' };
        const innerLast = i - 3;
        if (innerLast > open && nameStart(tokens, innerLast) === open + 1 && isName(tokens[innerLast])) {
          w.qualifier = qualifierOf(tokens, open + 1, innerLast);
        }
        out.push(w);
      }
      continue;
    }

    if (t.value !== '*') continue;
    const list = lists[depth];
    if (list !== 'select' && list !== 'returning') continue;
    if (!startsListItem(tokens, pair, i) || !endsListItem(tokens[i + 1])) continue;
    out.push({ start: t.start, end: t.end, form: list === 'select' ? 'star' : 'returning-star' });
  }
  return out;
}

/** The star at `i` begins a list item: after SELECT, DISTINCT, ALL, RETURNING, `,` or `DISTINCT ON (…)`. */
function startsListItem(tokens: readonly Token[], pair: readonly number[], i: number): boolean {
  const prev = tokens[i - 1];
  if (prev === undefined) return false;
  if (prev.kind === 'punct') {
    if (prev.value === ',') return true;
    if (prev.value === ')') {
      const open = pair[i - 1] as number;
      return open > 0 && isWord(tokens[open - 1], 'ON') && isWord(tokens[open - 2], 'DISTINCT');
    }
    return false;
  }
  if (prev.kind !== 'word') return false;
  if (prev.value === 'SELECT' || prev.value === 'RETURNING') return true;
  return (prev.value === 'DISTINCT' || prev.value === 'ALL') && isWord(tokens[i - 2], 'SELECT');
}

function endsListItem(next: Token | undefined): boolean {
  if (next === undefined) return true;
  if (next.kind === 'punct') return next.value === ',' || next.value === ')' || next.value === ';';
  return next.kind === 'word' && AFTER_STAR.has(next.value);
}

/** `TABLE` at `i` starts a statement or a set-operation operand (not CREATE/ALTER/LOCK TABLE). */
function isStatementStart(tokens: readonly Token[], pair: readonly number[], i: number): boolean {
  const prev = tokens[i - 1];
  if (prev === undefined) return true;
  if (prev.kind === 'punct') {
    if (prev.value === ';' || prev.value === '(') return true;
    // `WITH x AS (…) TABLE x`
    const open = prev.value === ')' ? (pair[i - 1] as number) : -1;
    return open > 0 && (isWord(tokens[open - 1], 'AS') || isWord(tokens[open - 1], 'MATERIALIZED'));
  }
  if (prev.kind !== 'word') return false;
  if (SET_OPERATIONS.has(prev.value) || prev.value === 'AS') return true;
  return (prev.value === 'ALL' || prev.value === 'DISTINCT') && SET_OPERATIONS.has(tokens[i - 2]?.value ?? '');
}

function tableStatement(tokens: readonly Token[], i: number): ScannedWildcard | undefined {
  let first = i + 1;
  if (isWord(tokens[first], 'ONLY')) first++;
  if (!isName(tokens[first])) return undefined;
  let last = first;
  while (isPunct(tokens[last + 1], '.') && isName(tokens[last + 2])) last += 2;
  let end = (tokens[last] as Token).end;
  const star = tokens[last + 1];
  if (star?.kind === 'op' && star.value === '*') end = star.end;
  return {
    start: (tokens[i] as Token).start,
    end,
    form: 'table-statement',
    qualifier: qualifierOf(tokens, first, last),
  };
}
