/**
 * Same-length compatibility shims for syntax pgsql-ast-parser 12 rejects (research note §8.1).
 * Applied only after a failed parse, then the parse is retried. None changes a projection (the
 * select list or RETURNING list): they rename set operations and join kinds, rewrite predicates
 * into ones of the same shape, turn dollar-quoted and E'' strings into plain strings, and blank
 * clauses the projection does not depend on. Token walks only: linear in the input.
 */
import { blank, lex, overwrite, pairBrackets, significant, type Token } from './lexer.js';

const VERBS = new Set(['SELECT', 'INSERT', 'UPSERT', 'UPDATE', 'DELETE', 'VALUES', 'TABLE']);
/** Words that end a GROUP BY list at its bracket depth. */
const AFTER_GROUP_BY = new Set([
  'HAVING', 'WINDOW', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'FOR', 'UNION', 'EXCEPT', 'INTERSECT', 'RETURNING',
]);
const FRAME_START = new Set(['PARTITION', 'ORDER', 'ROWS', 'RANGE', 'GROUPS']);
/** Words after which `ONLY` is the inheritance marker (`FROM ONLY t`). */
const BEFORE_ONLY = new Set(['FROM', 'JOIN', 'UPDATE', 'TABLE', 'LATERAL']);
/** Words that cannot be the right operand of `->` / `->>` rewritten to a literal. */
const NOT_A_JSON_KEY = new Set(['CASE', 'NULL', 'TRUE', 'FALSE', 'ARRAY', 'CAST', 'ROW', 'NOT', 'EXISTS', 'INTERVAL']);
/** Escapes that pgsql-ast-parser accepts in E'' strings (it decodes them as JSON). */
const JSON_ESCAPES = new Set(['\\', 'n', 't', 'r', 'b', 'f', '"', '/']);
const WHERE_RETURNING = new Set(['WHERE', 'RETURNING']);
/**
 * Reserved words PostgreSQL accepts as a column label after `AS` (`SELECT x AS user`) and
 * pgsql-ast-parser does not. Not here: words that may follow `AS` for another reason (`SELECT`,
 * `WITH`, `VALUES`, `TABLE` of `CREATE … AS`, `NOT MATERIALIZED`, type names of `CAST`).
 */
const KEYWORD_LABELS = new Set([
  'USER', 'ORDER', 'GROUP', 'LIMIT', 'OFFSET', 'DESC', 'ASC', 'END', 'FOR', 'DEFAULT', 'CHECK', 'COLUMN',
  'PRIMARY', 'UNIQUE', 'WHEN', 'THEN', 'ELSE', 'FROM', 'WHERE', 'HAVING', 'TO', 'ON', 'ONLY', 'ALL', 'ANY',
  'SOME', 'IN', 'INTO', 'OR', 'AND', 'BOTH', 'LEADING', 'TRAILING', 'FETCH', 'UNION', 'EXCEPT', 'INTERSECT',
  'RETURNING', 'WINDOW', 'USING', 'CASE', 'DO', 'CONSTRAINT', 'REFERENCES', 'FOREIGN', 'GRANT', 'CURRENT_USER',
  'SESSION_USER', 'CURRENT_ROLE', 'CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'LOCALTIME',
  'LOCALTIMESTAMP', 'DISTINCT', 'LATERAL', 'ANALYSE', 'ANALYZE', 'VARIADIC', 'PLACING', 'SYMMETRIC',
  'ASYMMETRIC', 'CREATE', 'INITIALLY', 'DEFERRABLE',
]);
/** What may follow a select-list item's label. */
const AFTER_LABEL = new Set([
  'FROM', 'WHERE', 'GROUP', 'HAVING', 'WINDOW', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'FOR', 'UNION', 'EXCEPT',
  'INTERSECT', 'RETURNING', 'INTO',
]);
const DO = new Set(['DO']);

function isWord(token: Token | undefined, value: string): boolean {
  return token?.kind === 'word' && token.value === value;
}

function isPunct(token: Token | undefined, value: string): boolean {
  return token?.kind === 'punct' && token.value === value;
}

function isIdent(token: Token | undefined): boolean {
  return token?.kind === 'word' || token?.kind === 'qident';
}

/** `replacement` in lower case when `original` has no upper-case letter, padded with spaces. */
function sameCase(original: string, replacement: string): string {
  const r = original === original.toLowerCase() ? replacement.toLowerCase() : replacement;
  return r + ' '.repeat(Math.max(0, original.length - r.length));
}

interface Level {
  verb: string | undefined;
  groupBy: boolean;
}

class Shimmer {
  readonly tokens: Token[];
  readonly pair: number[];
  readonly chars: string[];

  constructor(readonly text: string) {
    this.tokens = significant(lex(text));
    this.pair = pairBrackets(this.tokens);
    this.chars = text.split('');
  }

  raw(i: number): string {
    const t = this.tokens[i] as Token;
    return this.text.slice(t.start, t.end);
  }

  /** Blanks tokens [from, to] (inclusive) and everything between them. */
  blankTokens(from: number, to: number): void {
    if (to < from) return;
    blank(this.chars, (this.tokens[from] as Token).start, (this.tokens[to] as Token).end);
  }

  /** Replaces word token `i` by `word` (same case style, padded with spaces). */
  replaceWord(i: number, word: string): void {
    overwrite(this.chars, (this.tokens[i] as Token).start, sameCase(this.raw(i), word));
  }

  /** First token at or after `from` at this depth that is in `stops`, `;` or a closing bracket. */
  clauseEnd(from: number, stops: ReadonlySet<string>): number {
    const { tokens, pair } = this;
    for (let j = from; j < tokens.length; j++) {
      const u = tokens[j] as Token;
      if (u.kind === 'punct') {
        if ((u.value === '(' || u.value === '[') && (pair[j] as number) > j) j = pair[j] as number;
        else if (u.value === ')' || u.value === ']' || u.value === ';') return j;
      } else if (u.kind === 'word' && stops.has(u.value)) {
        return j;
      }
    }
    return tokens.length;
  }

  /** Last token of a dotted name starting at `i`, or -1. */
  nameEnd(i: number): number {
    if (!isIdent(this.tokens[i])) return -1;
    let j = i;
    while (isPunct(this.tokens[j + 1], '.') && isIdent(this.tokens[j + 2])) j += 2;
    return j;
  }

  /** Closing bracket of the `(` at `i`, or -1. */
  closing(i: number): number {
    return isPunct(this.tokens[i], '(') ? (this.pair[i] as number) : -1;
  }
}

/**
 * Rewrites what pgsql-ast-parser 12 cannot parse into what it can, same length:
 * `EXCEPT`/`INTERSECT` [ALL] → `UNION` [ALL]; `NATURAL [LEFT…] JOIN` → `CROSS JOIN`;
 * `IS [NOT] DISTINCT FROM` → `<>` / `=`; `IS [NOT] UNKNOWN` → `IS [NOT] NULL`; `$tag$…$tag$` →
 * `'…'`; unsupported E'' escapes (`\'` → `''`, `\x41` → `\\x41`); `->> $1` → `->> ''`;
 * `#>` → `->`; `@?` → `@>`; `DEFAULT VALUES` → `VALUES (NULL)`; named windows (`WINDOW w AS (…)`
 * blanked, `OVER w` → `OVER ()`); GROUPING SETS/CUBE/ROLLUP items → `1`; and blanks `COLLATE x`,
 * `FOR UPDATE OF t`, `LIMIT ALL`, `ONLY`, `[NOT] MATERIALIZED`, `DELETE … USING …`, `RECURSIVE`
 * without a column list, `SYMMETRIC`, `ESCAPE '…'`, `TABLESAMPLE …`, `ON CONFLICT (…) WHERE …`,
 * `SELECT … INTO t`, the types of a column definition list (`AS x(a int)`), array slice bounds
 * (`a[1:2]` → `a[1  ]`); `SIMILAR TO` → `LIKE`; `trim(both x from y)` → `trim(x, y)`; reserved
 * words as labels (`x AS user` → `x  "user"`).
 */
export function applyShims(text: string): string {
  const s = new Shimmer(text);
  const { tokens, chars } = s;
  const levels: Level[] = [{ verb: undefined, groupBy: false }];

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    const level = levels[levels.length - 1] as Level;

    if (t.kind === 'punct') {
      if (t.value === '[' && (isIdent(prev) || isPunct(prev, ')') || isPunct(prev, ']'))) shimSlice(s, i);
      if (t.value === '(' || t.value === '[') levels.push({ verb: undefined, groupBy: false });
      else if ((t.value === ')' || t.value === ']') && levels.length > 1) levels.pop();
      else if (t.value === ';') {
        levels.length = 0;
        levels.push({ verb: undefined, groupBy: false });
      }
      continue;
    }
    if (t.kind === 'string') {
      shimString(text, t, chars);
      continue;
    }
    if (t.kind === 'op') {
      i = shimOperator(s, i);
      continue;
    }
    if (t.kind !== 'word') continue;
    const v = t.value;
    if (VERBS.has(v) && level.verb === undefined) level.verb = v;
    if (v === 'GROUP' && isWord(next, 'BY')) level.groupBy = true;
    else if (AFTER_GROUP_BY.has(v)) level.groupBy = false;

    switch (v) {
      case 'EXCEPT':
      case 'INTERSECT':
      case 'UNION':
        if (v !== 'UNION') s.replaceWord(i, 'UNION');
        if (isWord(next, 'DISTINCT')) s.blankTokens(i + 1, i + 1);
        break;
      case 'NATURAL': {
        let j = i + 1;
        while (tokens[j]?.kind === 'word' && ['INNER', 'LEFT', 'RIGHT', 'FULL', 'OUTER'].includes(tokens[j]?.value ?? '')) j++;
        if (isWord(tokens[j], 'JOIN')) {
          s.replaceWord(i, 'CROSS');
          s.blankTokens(i + 1, j - 1);
          i = j;
        }
        break;
      }
      case 'IS': {
        const not = isWord(next, 'NOT') ? 1 : 0;
        const w = tokens[i + 1 + not];
        if (isWord(w, 'DISTINCT') && isWord(tokens[i + 2 + not], 'FROM')) {
          overwrite(chars, t.start, not ? '= ' : '<>');
          s.blankTokens(i + 1, i + 2 + not);
          i += 2 + not;
        } else if (isWord(w, 'UNKNOWN')) {
          s.replaceWord(i + 1 + not, 'NULL');
          i += 1 + not;
        }
        break;
      }
      case 'DEFAULT':
        if (isWord(next, 'VALUES')) {
          s.replaceWord(i, 'VALUES ');
          overwrite(chars, (next as Token).start, '(NULL)');
          i++;
        }
        break;
      case 'WINDOW':
        i = shimWindowClause(s, i);
        break;
      case 'OVER':
        shimOver(s, i);
        break;
      case 'GROUPING':
      case 'CUBE':
      case 'ROLLUP': {
        const open = v === 'GROUPING' ? (isWord(next, 'SETS') ? i + 2 : -1) : i + 1;
        const close = open > 0 ? s.closing(open) : -1;
        if (level.groupBy && close > 0) {
          s.blankTokens(i, close);
          chars[t.start] = '1';
          i = close;
        }
        break;
      }
      case 'COLLATE': {
        const end = s.nameEnd(i + 1);
        if (end > 0) {
          s.blankTokens(i, end);
          i = end;
        }
        break;
      }
      case 'OF':
        if ((isWord(prev, 'UPDATE') || isWord(prev, 'SHARE')) && isLockingClause(tokens, i - 1)) {
          let end = s.nameEnd(i + 1);
          while (end > 0 && isPunct(tokens[end + 1], ',') && s.nameEnd(end + 2) > 0) end = s.nameEnd(end + 2);
          if (end > 0) {
            s.blankTokens(i, end);
            i = end;
          }
        }
        break;
      case 'LIMIT':
        if (isWord(next, 'ALL')) {
          s.blankTokens(i, i + 1);
          i++;
        }
        break;
      case 'ONLY':
        if ((prev?.kind === 'word' && BEFORE_ONLY.has(prev.value)) || isPunct(prev, ',')) s.blankTokens(i, i);
        break;
      case 'AS': {
        const not = isWord(next, 'NOT') ? 1 : 0;
        if (isWord(tokens[i + 1 + not], 'MATERIALIZED') && isPunct(tokens[i + 2 + not], '(')) {
          s.blankTokens(i + 1, i + 1 + not);
          i += 1 + not;
        } else if (isPunct(prev, ')') && isIdent(next) && s.closing(i + 2) > 0) {
          shimColumnDefinitions(s, i + 2);
        } else if (next?.kind === 'word' && KEYWORD_LABELS.has(next.value) && endsLabel(tokens[i + 2])) {
          // `x AS user` → `x  "user"`: the same label, quoted and without AS (a bare alias).
          const label = `"${next.value.toLowerCase()}"`;
          blank(chars, t.start, next.end);
          overwrite(chars, next.end - label.length, label);
          i++;
        }
        break;
      }
      case 'INTO':
        if (level.verb === 'SELECT') {
          let end = i + 1;
          while (['TEMP', 'TEMPORARY', 'UNLOGGED', 'TABLE'].includes(tokens[end]?.value ?? '')) end++;
          end = s.nameEnd(end);
          if (end > 0) {
            s.blankTokens(i, end);
            i = end;
          }
        }
        break;
      case 'TRIM':
        if (isPunct(next, '(')) shimTrim(s, i + 1);
        break;
      case 'USING':
        if (level.verb === 'DELETE') {
          const end = s.clauseEnd(i + 1, WHERE_RETURNING);
          s.blankTokens(i, end - 1);
          i = end - 1;
        }
        break;
      case 'RECURSIVE':
        if (isWord(prev, 'WITH') && isIdent(next) && isWord(tokens[i + 2], 'AS')) s.blankTokens(i, i);
        break;
      case 'SIMILAR':
        if (isWord(next, 'TO')) {
          s.replaceWord(i, 'LIKE');
          s.blankTokens(i + 1, i + 1);
          i++;
        }
        break;
      case 'SYMMETRIC':
      case 'ASYMMETRIC':
        if (isWord(prev, 'BETWEEN')) s.blankTokens(i, i);
        break;
      case 'ESCAPE':
        if (next?.kind === 'string') {
          s.blankTokens(i, i + 1);
          i++;
        }
        break;
      case 'TABLESAMPLE': {
        let end = s.closing(i + 2);
        if (end > 0 && isWord(tokens[end + 1], 'REPEATABLE') && s.closing(end + 2) > 0) end = s.closing(end + 2);
        if (end > 0) {
          s.blankTokens(i, end);
          i = end;
        }
        break;
      }
      case 'CONFLICT': {
        const close = s.closing(i + 1);
        if (isWord(prev, 'ON') && close > 0 && isWord(tokens[close + 1], 'WHERE')) {
          const end = s.clauseEnd(close + 2, DO);
          s.blankTokens(close + 1, end - 1);
          i = end - 1;
        }
        break;
      }
      default:
        break;
    }
  }
  return chars.join('');
}

/** Whether `token` can follow a select-list label: `,`, `)`, `;`, the end, or the next clause. */
function endsLabel(token: Token | undefined): boolean {
  if (!token) return true;
  if (token.kind === 'punct') return token.value === ',' || token.value === ')' || token.value === ';';
  return token.kind === 'word' && AFTER_LABEL.has(token.value);
}

/** Calls `visit(from, to)` for each top-level comma-separated item inside the group opened at `open`. */
function eachItem(s: Shimmer, open: number, visit: (from: number, to: number) => void): void {
  const close = s.pair[open] as number;
  let from = open + 1;
  for (let j = open + 1; j <= close; j++) {
    const u = s.tokens[j] as Token;
    if ((isPunct(u, '(') || isPunct(u, '[')) && (s.pair[j] as number) > j) {
      j = s.pair[j] as number;
    } else if (j === close || isPunct(u, ',')) {
      visit(from, j - 1);
      from = j + 1;
    }
  }
}

/** `f(…) AS x(a int, b text)` → `f(…) AS x(a    , b     )`: a column definition list loses its types. */
function shimColumnDefinitions(s: Shimmer, open: number): void {
  eachItem(s, open, (from, to) => {
    if (to > from && isIdent(s.tokens[from])) s.blankTokens(from + 1, to);
  });
}

/** `trim(both ' ' from a)` → `trim(     ' ' ,    a)`. */
function shimTrim(s: Shimmer, open: number): void {
  const { tokens, chars } = s;
  const close = s.closing(open);
  if (close < 0) return;
  let j = open + 1;
  if (['BOTH', 'LEADING', 'TRAILING'].includes(tokens[j]?.kind === 'word' ? (tokens[j] as Token).value : '')) {
    s.blankTokens(j, j);
    j++;
  }
  for (let k = j; k < close; k++) {
    const u = tokens[k] as Token;
    if ((isPunct(u, '(') || isPunct(u, '[')) && (s.pair[k] as number) > k) k = s.pair[k] as number;
    else if (isWord(u, 'FROM')) {
      s.blankTokens(k, k);
      if (k > j) chars[u.start] = ',';
      return;
    }
  }
}

/** Array slices: `a[1:2]` → `a[1  ]`, `a[:2]` → `a[ 2]` (a subscript keeps the projection's shape). */
function shimSlice(s: Shimmer, open: number): void {
  const close = s.pair[open] as number;
  if (close < 0) return;
  for (let k = open + 1; k < close; k++) {
    const u = s.tokens[k] as Token;
    if ((isPunct(u, '(') || isPunct(u, '[')) && (s.pair[k] as number) > k) k = s.pair[k] as number;
    else if (u.kind === 'op' && u.value === ':') {
      s.blankTokens(k, k > open + 1 ? close - 1 : k);
      return;
    }
  }
}

/** `UPDATE`/`SHARE` at `i` ends `FOR UPDATE`, `FOR NO KEY UPDATE`, `FOR SHARE` or `FOR KEY SHARE`. */
function isLockingClause(tokens: readonly Token[], i: number): boolean {
  if (isWord(tokens[i - 1], 'FOR')) return true;
  return isWord(tokens[i - 1], 'KEY') && (isWord(tokens[i - 2], 'FOR') || (isWord(tokens[i - 2], 'NO') && isWord(tokens[i - 3], 'FOR')));
}

/** `WINDOW w AS (…) [, w2 AS (…)]…` → blank. Returns the index to continue from. */
function shimWindowClause(s: Shimmer, i: number): number {
  const { tokens } = s;
  let end = -1;
  let j = i + 1;
  for (;;) {
    const close = isIdent(tokens[j]) && isWord(tokens[j + 1], 'AS') ? s.closing(j + 2) : -1;
    if (close < 0) break;
    end = close;
    if (!isPunct(tokens[close + 1], ',')) break;
    j = close + 2;
  }
  if (end < 0) return i;
  s.blankTokens(i, end);
  return end;
}

/** `OVER w` → `OVER ()` (or blank when `w` is one character); `OVER (w …)` → `OVER (  …)`. */
function shimOver(s: Shimmer, i: number): void {
  const { tokens, chars } = s;
  const next = tokens[i + 1];
  if (next === undefined) return;
  if (next.kind === 'qident' || (next.kind === 'word' && !FRAME_START.has(next.value))) {
    if (next.end - next.start >= 2) {
      blank(chars, next.start, next.end);
      overwrite(chars, next.start, '()');
    } else {
      s.blankTokens(i, i + 1);
    }
  } else if (isPunct(next, '(')) {
    const w = tokens[i + 2];
    if ((w?.kind === 'word' && !FRAME_START.has(w.value)) || w?.kind === 'qident') s.blankTokens(i + 2, i + 2);
  }
}

/**
 * Operator shims at token `i`: `#>` → `->`, `@?` → `@>`, and a parameter or bare name right of
 * `->`/`->>`/`#>>` → a string literal of the same length (`''`, `'  '`; `0` for one character).
 */
function shimOperator(s: Shimmer, i: number): number {
  const { tokens, chars } = s;
  const t = tokens[i] as Token;
  if (t.value === '@?') {
    chars[t.start + 1] = '>';
    return i;
  }
  if (t.value === '#>') overwrite(chars, t.start, '->');
  if (t.value !== '->' && t.value !== '->>' && t.value !== '#>' && t.value !== '#>>') return i;
  const u = tokens[i + 1];
  const after = tokens[i + 2];
  const operand =
    u?.kind === 'param' ||
    (u?.kind === 'word' && !NOT_A_JSON_KEY.has(u.value) && !isPunct(after, '.') && !isPunct(after, '('));
  if (!u || !operand) return i;
  const len = u.end - u.start;
  overwrite(chars, u.start, len === 1 ? '0' : "'" + ' '.repeat(len - 2) + "'");
  return i + 1;
}

/** Dollar-quoted bodies → `'…'`; E'' escapes pgsql-ast-parser rejects → ones it accepts. */
function shimString(text: string, t: Token, chars: string[]): void {
  const first = text[t.start];
  if (first === '$') {
    const tagEnd = text.indexOf('$', t.start + 1);
    const tagLen = tagEnd - t.start + 1;
    const len = t.end - t.start;
    if (tagEnd < 0 || len < 2 * tagLen || text.slice(t.end - tagLen, t.end) !== text.slice(t.start, tagEnd + 1)) return;
    const bodyEnd = t.end - tagLen;
    for (let k = t.start; k < t.start + tagLen - 1; k++) chars[k] = ' ';
    chars[t.start + tagLen - 1] = "'";
    for (let k = t.start + tagLen; k < bodyEnd; k++) if (chars[k] === "'") chars[k] = ' ';
    chars[bodyEnd] = "'";
    for (let k = bodyEnd + 1; k < t.end; k++) chars[k] = ' ';
    return;
  }
  if ((first !== 'E' && first !== 'e') || text[t.start + 1] !== "'") return;
  for (let k = t.start + 2; k < t.end; k++) {
    if (chars[k] !== '\\') continue;
    const c = text[k + 1];
    if (c === undefined || k + 1 >= t.end || c === '\n' || c === '\r' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) > 0x7e) {
      chars[k] = ' ';
    } else if (c === "'") {
      chars[k] = "'";
    } else if (!JSON_ESCAPES.has(c)) {
      chars[k + 1] = '\\';
    }
    k++;
  }
}
