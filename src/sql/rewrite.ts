/**
 * Same-length normalisation of SQL text before it is parsed (research note §6, §7): client-library
 * placeholders become identifiers, CockroachDB-only syntax becomes blanks or its PostgreSQL
 * twin. Every pass keeps the text's length and line breaks, so parser offsets are offsets in the
 * input. Text inside strings, quoted identifiers, dollar-quoted bodies and comments is never
 * rewritten (only blanked with the clause it belongs to). Token walks only: linear in the input.
 */
import { blank, lex, overwrite, pairBrackets, significant, type Token } from './lexer.js';

/** Placeholder syntaxes of client libraries (`$1` is native and always left alone). */
export type PlaceholderStyle =
  /** `:name`, `:name:` (knex identifiers), `:...names` (TypeORM lists). */
  | 'colon'
  /** `@name` (mssql, Spanner, some ORMs). */
  | 'at'
  /** `?` and `??` (knex, mysql-style drivers). */
  | 'question'
  /** `$name`, `${name}`, `$(name)`, `$[name]`, `$<name>`, `$/name/` (pg-promise). */
  | 'dollar-name';

export const PLACEHOLDER_STYLES: readonly PlaceholderStyle[] = ['colon', 'at', 'question', 'dollar-name'];

/**
 * The identifier a placeholder of `length` characters becomes: `_`, `_p`, `_p_`, `_p__`, …
 * (`rewritePlaceholders`); recognisable in the AST as a name made of `_` and one leading `p`.
 */
export function placeholderIdentifier(length: number): string {
  return identifierOfLength('_p', length);
}

/** `prefix` cut or padded with `_` to exactly `length` characters. */
function identifierOfLength(prefix: string, length: number): string {
  return length <= prefix.length ? prefix.slice(0, length) : prefix + '_'.repeat(length - prefix.length);
}

/** Writes an identifier over [start, end); what follows a line break in the range is blanked. */
function writeIdentifier(chars: string[], start: number, end: number, prefix: string): void {
  let stop = start;
  while (stop < end && chars[stop] !== '\n' && chars[stop] !== '\r') stop++;
  overwrite(chars, start, identifierOfLength(prefix, stop - start));
  blank(chars, stop, end);
}

/** `replacement` in lower case when `original` has no upper-case letter. */
function inCaseOf(original: string, replacement: string): string {
  return original === original.toLowerCase() ? replacement.toLowerCase() : replacement;
}

function isWord(token: Token | undefined, value: string): boolean {
  return token?.kind === 'word' && token.value === value;
}

function isPunct(token: Token | undefined, value: string): boolean {
  return token?.kind === 'punct' && token.value === value;
}

function isIdent(token: Token | undefined): boolean {
  return token?.kind === 'word' || token?.kind === 'qident';
}

/* ------------------------------------------------------------------------------------------ */
/* Placeholders (§7)                                                                           */
/* ------------------------------------------------------------------------------------------ */

/** Keywords after which an operand (so possibly a placeholder) comes next. */
const OPERAND_AFTER = new Set([
  'SELECT', 'DISTINCT', 'ALL', 'WHERE', 'AND', 'OR', 'NOT', 'ON', 'SET', 'VALUES', 'LIMIT', 'OFFSET',
  'IN', 'THEN', 'ELSE', 'WHEN', 'CASE', 'BY', 'HAVING', 'RETURNING', 'ANY', 'SOME', 'BETWEEN',
  'LIKE', 'ILIKE', 'IS', 'FROM', 'JOIN', 'INTO', 'UPDATE', 'TABLE', 'USING', 'AS', 'FETCH', 'TOP',
  'LATERAL', 'ONLY', 'OF', 'DEFAULT', 'RETURN', 'OVERLAPS', 'SIMILAR', 'TO', 'ESCAPE', 'WITH',
]);

function expectsOperandAfter(prev: Token | undefined): boolean {
  if (prev === undefined) return true;
  if (prev.kind === 'op') return true;
  if (prev.kind === 'punct') return prev.value === '(' || prev.value === ',' || prev.value === '[' || prev.value === ';';
  return prev.kind === 'word' && OPERAND_AFTER.has(prev.value);
}

const DOLLAR_CLOSERS: Readonly<Record<string, string>> = { '{': '}', '(': ')', '[': ']', '<': '>', '/': '/' };

/** Characters allowed between pg-promise's `${` and `}`: a property path and its modifiers. */
function isDollarNameChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x5f || // _
    code === 0x2e || // .
    code === 0x3a || // :
    code === 0x5e || // ^
    code === 0x7e || // ~
    code === 0x23 || // #
    code === 0x20 ||
    code === 0x09
  );
}

/** End of a pg-promise placeholder whose `$` is at `dollar`, or -1. */
function endOfDollarName(text: string, dollar: number, next: Token | undefined): number {
  const opener = text[dollar + 1] ?? '';
  const closer = DOLLAR_CLOSERS[opener];
  if (closer !== undefined) {
    let j = dollar + 2;
    let letters = 0;
    while (j < text.length && text[j] !== closer && isDollarNameChar(text.charCodeAt(j))) {
      if (text[j] !== ' ' && text[j] !== '\t') letters++;
      j++;
    }
    if (text[j] === closer && letters > 0) return j + 1;
  }
  if (next?.kind === 'word' && next.start === dollar + 1) return next.end;
  return -1;
}

/**
 * Client placeholders → same-length identifiers (`:id` → `_p_`, `@email` → `_p____`, `?` → `_`,
 * `??` → `_p`, `${id}` → `_p___`). `?` and `@name` are rewritten only where an operand is
 * expected, so the jsonb `?`/`?|`/`?&`/`@?` operators, `@>`/`<@`/`@@`, and CockroachDB index
 * hints (`users@idx`, an `@` right after an identifier) stay. `:name` is not read inside
 * `::casts` nor as the upper bound of an array slice (`a[lo:hi]`). knex's escaped `\?` becomes
 * ` ?` (the operator knex sends).
 */
export function rewritePlaceholders(text: string, styles: readonly PlaceholderStyle[] = PLACEHOLDER_STYLES): string {
  const colon = styles.includes('colon');
  const at = styles.includes('at');
  const question = styles.includes('question');
  const dollar = styles.includes('dollar-name');
  if (!colon && !at && !question && !dollar) return text;
  if (!hasAny(text, colon, at, question, dollar)) return text;

  const tokens = significant(lex(text));
  const chars = text.split('');
  /** Open brackets: true for `[`, false for `(`. */
  const brackets: boolean[] = [];
  /** Index of the last token that a rewrite turned into an operand. */
  let placeholderEnd = -1;
  const replace = (start: number, end: number, from: number): number => {
    overwrite(chars, start, placeholderIdentifier(end - start));
    let j = from;
    while (j + 1 < tokens.length && (tokens[j + 1] as Token).start < end) j++;
    placeholderEnd = j;
    return j;
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (t.kind === 'punct') {
      if (t.value === '(' || t.value === '[') brackets.push(t.value === '[');
      else if (t.value === ')' || t.value === ']') brackets.pop();
      continue;
    }
    if (t.kind !== 'op') continue;
    const operandBefore = placeholderEnd === i - 1 && i > 0;
    const expected = !operandBefore && expectsOperandAfter(prev);

    if (colon && t.value === ':') {
      const spread = text.startsWith('...', t.end);
      const word = spread ? tokens[i + 4] : next;
      const wordStart = spread ? t.end + 3 : t.end;
      const inSlice =
        brackets[brackets.length - 1] === true &&
        prev !== undefined &&
        (prev.kind === 'word' || prev.kind === 'number' || prev.kind === 'qident' || prev.kind === 'param' ||
          prev.value === ')' || prev.value === ']');
      if (word?.kind === 'word' && word.start === wordStart && !inSlice && !operandBefore) {
        let end = word.end;
        if (!spread && text[end] === ':' && text[end + 1] !== ':') end++;
        i = replace(t.start, end, i);
      }
      continue;
    }
    if (dollar && t.value === '$') {
      const end = endOfDollarName(text, t.start, next);
      if (end > 0) i = replace(t.start, end, i);
      continue;
    }
    if (question && t.value === '\\' && next?.kind === 'op' && next.start === t.end && next.value.startsWith('?')) {
      chars[t.start] = ' ';
      i++; // the escaped `?` is the jsonb operator
      continue;
    }
    if (question && t.value.includes('?') && rewriteQuestions(t, expected, chars)) {
      placeholderEnd = i;
      continue;
    }
    if (at && t.value.endsWith('@') && next?.kind === 'word' && next.start === t.end) {
      const before = t.value.slice(0, -1);
      // `<@`, `@@` are operators; a lone `@` touching an identifier is a CockroachDB index hint.
      const operand =
        before === ''
          ? expected && !(prev !== undefined && isIdent(prev) && prev.end === t.start)
          : !before.endsWith('<') && !before.endsWith('@');
      if (operand) i = replace(t.end - 1, next.end, i);
    }
  }
  return chars.join('');
}

/** A `:` that is not part of a `::` cast. */
const SINGLE_COLON = /(?:^|[^:]):(?!:)/;
/** A `$` not followed by a digit (`$1` is native; `$name`, `${…}`, `$(…)` are not). */
const DOLLAR_NAME = /\$(?!\d)/;

/** Cheap check that `text` contains a character some enabled style starts with. */
function hasAny(text: string, colon: boolean, at: boolean, question: boolean, dollar: boolean): boolean {
  return (
    (colon && SINGLE_COLON.test(text)) ||
    (at && text.includes('@')) ||
    (question && text.includes('?')) ||
    (dollar && DOLLAR_NAME.test(text))
  );
}

/**
 * Rewrites the placeholder `?`/`??` inside one operator token: a `?` is a placeholder when an
 * operand is expected at its position (at the token start: from the previous token; inside:
 * after another operator character), unless it follows `@` (the jsonpath `@?` operator).
 * Returns whether the token now ends with a placeholder (an operand).
 */
function rewriteQuestions(t: Token, expectedAtStart: boolean, chars: string[]): boolean {
  let expected = expectedAtStart;
  let endsWithOperand = false;
  for (let k = t.start; k < t.end; k++) {
    endsWithOperand = false;
    if (chars[k] !== '?' || (k > t.start && chars[k - 1] === '@') || !expected) {
      // An operator character (the jsonb `?` included): an operand follows it.
      expected = true;
      continue;
    }
    const len = k + 1 < t.end && chars[k + 1] === '?' ? 2 : 1;
    overwrite(chars, k, placeholderIdentifier(len));
    k += len - 1;
    expected = false;
    endsWithOperand = true;
  }
  return endsWithOperand;
}

/* ------------------------------------------------------------------------------------------ */
/* CockroachDB → PostgreSQL (§6)                                                               */
/* ------------------------------------------------------------------------------------------ */

const VERBS = new Set(['SELECT', 'INSERT', 'UPSERT', 'UPDATE', 'DELETE', 'VALUES', 'TABLE']);
const JOIN_TYPES = new Set(['INNER', 'LEFT', 'RIGHT', 'FULL', 'OUTER']);
const JOIN_HINTS = new Set(['HASH', 'MERGE', 'LOOKUP', 'INVERTED', 'STRAIGHT']);
const BRACKET_STATEMENTS = new Set([
  'SHOW', 'INSERT', 'UPSERT', 'UPDATE', 'DELETE', 'SELECT', 'EXPLAIN', 'WITH', 'VALUES', 'TABLE',
]);
/** Words that end an `AS OF SYSTEM TIME` expression. */
const AOST_END = new Set([
  'WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'FOR', 'WINDOW', 'UNION', 'EXCEPT',
  'INTERSECT', 'RETURNING', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'ON', 'USING',
  'SELECT', 'VALUES', 'SET', 'INTO', 'FROM',
]);
const RETURNING = new Set(['RETURNING']);
const FROM = new Set(['FROM']);
const EXPLAIN_OPTIONS = new Set(['ANALYZE', 'ANALYSE', 'VERBOSE']);

/** Walks tokens and edits a character copy of the text. */
class Editor {
  readonly tokens: Token[];
  readonly pair: number[];
  readonly chars: string[];

  constructor(readonly text: string) {
    this.tokens = significant(lex(text));
    this.pair = pairBrackets(this.tokens);
    this.chars = text.split('');
  }

  /** Blanks tokens [from, to] (inclusive) and everything between them. */
  blankTokens(from: number, to: number): void {
    if (to < from) return;
    blank(this.chars, (this.tokens[from] as Token).start, (this.tokens[to] as Token).end);
  }

  /**
   * The index of the first token at or after `from`, at the same bracket depth, that is one of
   * `stops`, a `;`, a closing bracket of the enclosing level or (if `comma`) a `,`; or the
   * token count.
   */
  clauseEnd(from: number, stops: ReadonlySet<string>, comma = false): number {
    const { tokens, pair } = this;
    for (let j = from; j < tokens.length; j++) {
      const u = tokens[j] as Token;
      if (u.kind === 'punct') {
        if ((u.value === '(' || u.value === '[') && (pair[j] as number) > j) j = pair[j] as number;
        else if (u.value === ')' || u.value === ']' || u.value === ';' || (comma && u.value === ',')) return j;
      } else if (u.kind === 'word' && stops.has(u.value)) {
        return j;
      }
    }
    return tokens.length;
  }

  /** Last token index of a dotted name starting at `i` (`s.t`, `"t"`), or -1. */
  nameEnd(i: number): number {
    const { tokens } = this;
    if (!isIdent(tokens[i])) return -1;
    let j = i;
    while (isPunct(tokens[j + 1], '.') && isIdent(tokens[j + 2])) j += 2;
    return j;
  }

  result(): string {
    return this.chars.join('');
  }
}

/**
 * CockroachDB syntax → PostgreSQL, same length (§6): blanks `AS OF SYSTEM TIME …`, index hints
 * (`t@idx`, `t@{…}`, `t@[n]`), `RETURNING NOTHING`, join hints, `ORDER BY PRIMARY KEY t` /
 * `ORDER BY INDEX t@i`, `ORDER BY … LIMIT n` of DELETE/UPDATE, `EXPLAIN [ANALYZE] […]` and
 * `EXPORT INTO … FROM` prefixes; `UPSERT` → `INSERT`; `[SHOW …]` / `[INSERT … RETURNING …]`
 * sources → an identifier `_crdb_src…`; `b'…'` bytes → `' …'`.
 */
export function rewriteCockroach(text: string): string {
  const ed = new Editor(text);
  const { tokens, pair, chars } = ed;
  const verbs: (string | undefined)[] = [undefined];
  let statementStart = true;

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    const atStart = statementStart;
    statementStart = false;

    if (t.kind === 'punct') {
      if (t.value === ';') {
        verbs.length = 0;
        verbs.push(undefined);
        statementStart = true;
      } else if (t.value === '[' && (pair[i] as number) > i && isBracketSource(prev, next)) {
        writeIdentifier(chars, t.start, (tokens[pair[i] as number] as Token).end, '_crdb_src');
        i = pair[i] as number;
      } else if (t.value === '(' || t.value === '[') {
        verbs.push(undefined);
      } else if ((t.value === ')' || t.value === ']') && verbs.length > 1) {
        verbs.pop();
      }
      continue;
    }

    if (t.kind === 'op') {
      if (t.value === '@' && prev !== undefined && isIdent(prev) && prev.end === t.start) {
        const end = indexHintEnd(ed, i);
        if (end > i) {
          ed.blankTokens(i, end);
          i = end;
        }
      }
      continue;
    }

    if (t.kind === 'string') {
      if (isBytesLiteral(text, t)) {
        chars[t.start] = "'";
        chars[t.start + 1] = ' ';
      }
      continue;
    }

    if (t.kind !== 'word') continue;
    const v = t.value;

    if (atStart && v === 'EXPLAIN') {
      let j = i + 1;
      let parens = false;
      for (;;) {
        const u = tokens[j];
        if (u?.kind === 'word' && EXPLAIN_OPTIONS.has(u.value)) j++;
        else if (!parens && isPunct(u, '(') && (pair[j] as number) > j) {
          j = (pair[j] as number) + 1;
          parens = true;
        } else break;
      }
      ed.blankTokens(i, j - 1);
      i = j - 1;
      statementStart = true;
      continue;
    }
    if (atStart && v === 'EXPORT' && isWord(next, 'INTO')) {
      const from = ed.clauseEnd(i + 1, FROM);
      if (isWord(tokens[from], 'FROM')) {
        ed.blankTokens(i, from);
        i = from;
        statementStart = true;
      }
      continue;
    }

    const depth = verbs.length - 1;
    if (VERBS.has(v) && verbs[depth] === undefined) verbs[depth] = v;

    if (v === 'UPSERT' && isWord(next, 'INTO')) {
      overwrite(chars, t.start, inCaseOf(text.slice(t.start, t.end), 'INSERT'));
    } else if (v === 'RETURNING' && isWord(next, 'NOTHING')) {
      ed.blankTokens(i, i + 1);
      i++;
    } else if (JOIN_HINTS.has(v) && isWord(next, 'JOIN') && prev?.kind === 'word' && JOIN_TYPES.has(prev.value)) {
      ed.blankTokens(i, i);
    } else if (v === 'AS' && isWord(next, 'OF') && isWord(tokens[i + 2], 'SYSTEM') && isWord(tokens[i + 3], 'TIME')) {
      const end = ed.clauseEnd(i + 4, AOST_END, true);
      ed.blankTokens(i, end - 1);
      i = end - 1;
    } else if (
      (v === 'ORDER' || v === 'LIMIT') &&
      (v === 'LIMIT' || isWord(next, 'BY')) &&
      (verbs[depth] === 'DELETE' || verbs[depth] === 'UPDATE')
    ) {
      const end = ed.clauseEnd(i + 1, RETURNING);
      ed.blankTokens(i, end - 1);
      i = end - 1;
    } else if ((v === 'PRIMARY' && isWord(next, 'KEY')) || v === 'INDEX') {
      i = orderByKeyItem(ed, i);
    }
  }
  return ed.result();
}

/**
 * `b'…'` holding anything but `0`/`1`: a CockroachDB bytes literal (`b'\x00'`), where a
 * PostgreSQL bit string (`B'0101'`) is left alone.
 */
function isBytesLiteral(text: string, t: Token): boolean {
  const first = text[t.start];
  if ((first !== 'b' && first !== 'B') || text[t.start + 1] !== "'") return false;
  for (let k = t.start + 2; k < t.end - 1; k++) {
    if (text[k] !== '0' && text[k] !== '1') return true;
  }
  return false;
}

/** `[` opens a CockroachDB statement source (`FROM [SHOW JOBS]`). */
function isBracketSource(prev: Token | undefined, next: Token | undefined): boolean {
  const afterFrom =
    (prev?.kind === 'word' && (prev.value === 'FROM' || prev.value === 'JOIN' || prev.value === 'LATERAL')) ||
    isPunct(prev, ',');
  return afterFrom && next?.kind === 'word' && BRACKET_STATEMENTS.has(next.value);
}

/** Last token of the index hint whose `@` is token `at` (`@idx`, `@{…}`, `@[n]`), or -1. */
function indexHintEnd(ed: Editor, at: number): number {
  const { tokens, pair } = ed;
  const t = tokens[at] as Token;
  const u = tokens[at + 1];
  if (u === undefined || u.start !== t.end) return -1;
  if (u.kind === 'word' || u.kind === 'qident' || u.kind === 'number') return at + 1;
  if (u.kind === 'punct' && u.value === '[') return (pair[at + 1] as number) > at ? (pair[at + 1] as number) : -1;
  if (u.kind === 'op' && u.value === '{') {
    // Hints are short; the bound keeps a run of unclosed `@{` linear.
    for (let j = at + 2; j < tokens.length && j < at + 64; j++) {
      const w = tokens[j] as Token;
      if (w.kind === 'op' && w.value === '}') return j;
      if (w.kind === 'punct' && (w.value === ';' || w.value === '(' || w.value === ')')) return -1;
    }
  }
  return -1;
}

/**
 * `ORDER BY PRIMARY KEY t` / `ORDER BY INDEX t@i` items (token `i` is PRIMARY or INDEX): blanks
 * the item with its comma, or the whole `ORDER BY` when it is the only item. Returns the index
 * to continue from.
 */
function orderByKeyItem(ed: Editor, i: number): number {
  const { tokens } = ed;
  const prev = tokens[i - 1];
  const inOrderBy = (isWord(prev, 'BY') && isWord(tokens[i - 2], 'ORDER')) || isPunct(prev, ',');
  if (!inOrderBy) return i;
  const primary = (tokens[i] as Token).value === 'PRIMARY';
  let end = ed.nameEnd(primary ? i + 2 : i + 1);
  if (end < 0) return i;
  if (!primary) {
    const hint = tokens[end + 1];
    const last = hint?.kind === 'op' && hint.value === '@' ? indexHintEnd(ed, end + 1) : -1;
    if (last < 0) return i;
    end = last;
  }
  const dir = tokens[end + 1];
  if (isWord(dir, 'ASC') || isWord(dir, 'DESC')) end++;
  if (isPunct(tokens[end + 1], ',')) ed.blankTokens(i, end + 1);
  else if (isPunct(prev, ',')) ed.blankTokens(i - 1, end);
  else ed.blankTokens(i - 2, end);
  return end;
}

/**
 * Placeholders first (so `@name` parameters are identifiers before the index-hint pass looks at
 * `@`; the two never overlap anyway: a hint's `@` touches an identifier, a parameter's does not),
 * then the CockroachDB rewrite. Same length as `text`.
 */
export function normalizeSql(text: string, styles: readonly PlaceholderStyle[] = PLACEHOLDER_STYLES): string {
  const withPlaceholders = rewritePlaceholders(text, styles);
  return mayHaveCockroachSyntax(withPlaceholders) ? rewriteCockroach(withPlaceholders) : withPlaceholders;
}

/** Characters and words every CockroachDB rewrite starts from (a superset, checked without lexing). */
const COCKROACH_HINT = /[[@]|\bb'|\b(?:explain|export|upsert|nothing|hash|merge|lookup|inverted|straight|system|primary)\b/i;
const DML_VERB = /\b(?:delete|update)\b/i;
const ORDER_OR_LIMIT = /\b(?:order|limit)\b/i;

/** False only when `rewriteCockroach` would return `text` unchanged: most SQL skips the lexer. */
export function mayHaveCockroachSyntax(text: string): boolean {
  return COCKROACH_HINT.test(text) || (DML_VERB.test(text) && ORDER_OR_LIMIT.test(text));
}
