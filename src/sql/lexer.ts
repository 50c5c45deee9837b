/**
 * A small, linear SQL tokenizer for PostgreSQL / CockroachDB text.
 *
 * It knows just enough to tell code from strings, comments and quoted identifiers, so that the
 * rewrite layer, the fallback wildcard scanner and the interpolation placeholders never touch
 * text inside a literal. It has no regular expressions with quantifiers over user text: every
 * character is looked at a bounded number of times.
 */

export type TokenKind =
  /** Identifier or keyword (unquoted). */
  | 'word'
  /** `"quoted identifier"`. */
  | 'qident'
  /** `'string'`, `E'…'`, `B'…'`, `X'…'`, `U&'…'`, `$tag$…$tag$`. */
  | 'string'
  | 'number'
  /** `$1`-style positional parameter. */
  | 'param'
  /** Operator characters (`=`, `<>`, `->>`, `::`, `*`, `?`, `@`, …). */
  | 'op'
  /** `(`, `)`, `[`, `]`, `,`, `;`, `.`. */
  | 'punct'
  | 'comment';

export interface Token {
  readonly kind: TokenKind;
  /** Offset of the first character. */
  readonly start: number;
  /** Offset after the last character. */
  readonly end: number;
  /** Upper-cased text for words, the text itself otherwise. */
  readonly value: string;
}

const OPERATOR_CHARS = new Set('+-*/<>=~!@#%^&|`?:');
const PUNCT_CHARS = new Set('()[],;.');

function isWordStart(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    code === 0x5f ||
    code >= 0x80
  );
}

function isWordPart(code: number): boolean {
  return isWordStart(code) || (code >= 0x30 && code <= 0x39) || code === 0x24;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/**
 * The end of a quoted run closed by `quote`, where a doubled quote is an escaped one; -1 when
 * the run never closes.
 */
function endOfQuotedOrOpen(text: string, from: number, quote: string, backslashEscapes: boolean): number {
  let i = from;
  while (i < text.length) {
    const ch = text[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (text[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return -1;
}

/** Like `endOfQuotedOrOpen`, but an open run ends with the text. */
function endOfQuoted(text: string, from: number, quote: string, backslashEscapes: boolean): number {
  const end = endOfQuotedOrOpen(text, from, quote, backslashEscapes);
  return end < 0 ? text.length : end;
}

/** `$tag$` at `from`, or undefined. Tags follow identifier rules (no digit first). */
function dollarTag(text: string, from: number): string | undefined {
  let i = from + 1;
  if (text[i] === '$') return '$$';
  const first = text.charCodeAt(i);
  if (!isWordStart(first)) return undefined;
  while (i < text.length && isWordPart(text.charCodeAt(i)) && text[i] !== '$') i++;
  return text[i] === '$' ? text.slice(from, i + 1) : undefined;
}

function endOfBlockComment(text: string, from: number): number {
  // PostgreSQL block comments nest.
  let depth = 1;
  let i = from + 2;
  while (i < text.length && depth > 0) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
    } else {
      i++;
    }
  }
  return i;
}

function endOfNumber(text: string, from: number): number {
  let i = from;
  while (i < text.length && (isDigit(text.charCodeAt(i)) || text[i] === '_')) i++;
  if (text[i] === '.' && text[i + 1] !== '.') {
    i++;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  }
  if ((text[i] === 'e' || text[i] === 'E') && (isDigit(text.charCodeAt(i + 1)) || ((text[i + 1] === '+' || text[i + 1] === '-') && isDigit(text.charCodeAt(i + 2))))) {
    i += 2;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}

/** Character classes of the ASCII range, for the lexer's dispatch (0: other). */
const SPACE = 1;
const WORD = 2;
const DIGIT = 3;
const PUNCT = 4;
const OPERATOR = 5;
const CLASSES = new Uint8Array(128);
for (const c of ' \t\n\r\f\v') CLASSES[c.charCodeAt(0)] = SPACE;
for (let c = 0x61; c <= 0x7a; c++) CLASSES[c] = WORD;
for (let c = 0x41; c <= 0x5a; c++) CLASSES[c] = WORD;
CLASSES[0x5f] = WORD;
for (let c = 0x30; c <= 0x39; c++) CLASSES[c] = DIGIT;
for (const c of PUNCT_CHARS) CLASSES[c.charCodeAt(0)] = PUNCT;
for (const c of OPERATOR_CHARS) CLASSES[c.charCodeAt(0)] = OPERATOR;

function classOf(code: number): number {
  return code < 128 ? (CLASSES[code] as number) : WORD;
}

function token(text: string, kind: TokenKind, start: number, end: number): Token {
  const raw = text.slice(start, end);
  return { kind, start, end, value: kind === 'word' ? raw.toUpperCase() : raw };
}

/**
 * Splits `text` into tokens (whitespace dropped, comments kept). Never throws; an unterminated
 * string or comment runs to the end of the text.
 */
export function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const code = text.charCodeAt(i);
    const cls = classOf(code);
    if (cls === SPACE) {
      i++;
      continue;
    }
    if (cls === WORD) {
      // Prefixed strings: E'…' (backslash escapes), B'…', X'…', N'…', U&'…'.
      const next = text.charCodeAt(i + 1);
      if (next === 0x27 /* ' */) {
        const upper = code & ~0x20;
        if (upper === 0x45 /* E */ || upper === 0x42 /* B */ || upper === 0x58 /* X */ || upper === 0x4e /* N */) {
          const end = endOfQuoted(text, i + 2, "'", upper === 0x45);
          tokens.push(token(text, 'string', i, end));
          i = end;
          continue;
        }
      } else if (next === 0x26 /* & */ && (code & ~0x20) === 0x55 /* U */) {
        const quote = text[i + 2];
        if (quote === "'" || quote === '"') {
          const end = endOfQuoted(text, i + 3, quote, false);
          tokens.push(token(text, quote === "'" ? 'string' : 'qident', i, end));
          i = end;
          continue;
        }
      }
      let end = i + 1;
      while (end < n && isWordPart(text.charCodeAt(end))) end++;
      tokens.push(token(text, 'word', i, end));
      i = end;
      continue;
    }
    if (cls === DIGIT || (code === 0x2e /* . */ && isDigit(text.charCodeAt(i + 1)))) {
      const end = endOfNumber(text, i);
      tokens.push(token(text, 'number', i, end));
      i = end;
      continue;
    }
    const ch = text[i] as string;
    if (ch === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      const end = nl === -1 ? n : nl;
      tokens.push(token(text, 'comment', i, end));
      i = end;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const end = endOfBlockComment(text, i);
      tokens.push(token(text, 'comment', i, end));
      i = end;
      continue;
    }
    if (ch === "'") {
      const end = endOfQuoted(text, i + 1, "'", false);
      tokens.push(token(text, 'string', i, end));
      i = end;
      continue;
    }
    if (ch === '"') {
      const end = endOfQuoted(text, i + 1, '"', false);
      tokens.push(token(text, 'qident', i, end));
      i = end;
      continue;
    }
    if (ch === '$') {
      const next = text.charCodeAt(i + 1);
      if (isDigit(next)) {
        let end = i + 1;
        while (end < n && isDigit(text.charCodeAt(end))) end++;
        tokens.push(token(text, 'param', i, end));
        i = end;
        continue;
      }
      const tag = dollarTag(text, i);
      if (tag !== undefined) {
        const close = text.indexOf(tag, i + tag.length);
        const end = close === -1 ? n : close + tag.length;
        tokens.push(token(text, 'string', i, end));
        i = end;
        continue;
      }
      tokens.push(token(text, 'op', i, i + 1));
      i++;
      continue;
    }
    if (cls === PUNCT) {
      tokens.push(token(text, 'punct', i, i + 1));
      i++;
      continue;
    }
    if (cls === OPERATOR) {
      let end = i + 1;
      // `::` stays a token of its own so a following `:name` placeholder is not glued to it.
      if (ch === ':' && text[end] === ':') {
        tokens.push(token(text, 'op', i, end + 1));
        i = end + 1;
        continue;
      }
      while (end < n && OPERATOR_CHARS.has(text[end] as string) && text[end] !== ':') {
        // Do not glue a comment start onto an operator.
        if ((text[end] === '-' && text[end + 1] === '-') || (text[end] === '/' && text[end + 1] === '*')) break;
        end++;
      }
      tokens.push(token(text, 'op', i, end));
      i = end;
      continue;
    }
    // Anything else (backslash, control characters…) is a one-character operator.
    tokens.push(token(text, 'op', i, i + 1));
    i++;
  }
  return tokens;
}

/** Tokens that carry meaning (comments removed). */
export function significant(tokens: readonly Token[]): Token[] {
  return tokens.filter((t) => t.kind !== 'comment');
}

const recentTokens = new Map<string, readonly Token[]>();
const RECENT_TOKENS = 32;
const RECENT_MAX_LENGTH = 10_000;

/**
 * `significant(lex(text))`, remembered for the last few texts: one SQL text is lexed by several
 * steps of the analysis (the cheap checks, the fast path, the scanner) in a row.
 */
export function significantTokens(text: string): readonly Token[] {
  const hit = recentTokens.get(text);
  if (hit) return hit;
  const tokens = significant(lex(text));
  rememberTokens(text, tokens);
  return tokens;
}

/**
 * Adds `tokens` (the significant tokens of `text`, lexed earlier) to the recent texts, so
 * the next step that lexes `text` (the fast path, after `normalizeSql` left it unchanged) reuses them.
 */
export function rememberTokens(text: string, tokens: readonly Token[]): void {
  if (text.length > RECENT_MAX_LENGTH || recentTokens.has(text)) return;
  recentTokens.set(text, tokens);
  if (recentTokens.size > RECENT_TOKENS) recentTokens.delete(recentTokens.keys().next().value as string);
}

/** Same length, same line breaks: replaces every non-newline character of [start, end) by a space. */
export function blank(chars: string[], start: number, end: number): void {
  for (let i = start; i < end; i++) {
    if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
  }
}

/**
 * For each `(` / `[` punct token, the index of its matching `)` / `]` (and back); -1 for other
 * tokens and for unmatched brackets. Linear.
 */
export function pairBrackets(tokens: readonly Token[]): number[] {
  const pair = new Array<number>(tokens.length).fill(-1);
  const stack: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== 'punct') continue;
    if (t.value === '(' || t.value === '[') {
      stack.push(i);
    } else if (t.value === ')' || t.value === ']') {
      const open = stack[stack.length - 1];
      if (open === undefined) continue;
      if ((tokens[open] as Token).value !== (t.value === ')' ? '(' : '[')) continue;
      stack.pop();
      pair[open] = i;
      pair[i] = open;
    }
  }
  return pair;
}

/** Writes `replacement` over `chars` from `start` on (the caller keeps it clear of line breaks). */
export function overwrite(chars: string[], start: number, replacement: string): void {
  for (let k = 0; k < replacement.length; k++) chars[start + k] = replacement[k] as string;
}

/**
 * Whether a `string`, `qident` or block `comment` token runs to the end of `text` without its
 * closing delimiter (`'abc`, `"abc`, `$$abc`, `/* abc`). False for every other token.
 */
export function isUnterminated(text: string, token: Token): boolean {
  const raw = text.slice(token.start, token.end);
  if (token.kind === 'comment') {
    if (!raw.startsWith('/*')) return false;
    let depth = 0;
    for (let i = 0; i < raw.length - 1; i++) {
      if (raw[i] === '/' && raw[i + 1] === '*') {
        depth++;
        i++;
      } else if (raw[i] === '*' && raw[i + 1] === '/') {
        depth--;
        i++;
      }
    }
    return depth > 0;
  }
  if (token.kind !== 'string' && token.kind !== 'qident') return false;
  if (raw.startsWith('$')) {
    const tag = dollarTag(raw, 0) ?? '$$';
    return raw.length < tag.length * 2 || !raw.endsWith(tag);
  }
  const quotePos = raw.search(/['"]/);
  if (quotePos < 0) return true;
  const quote = raw[quotePos] as string;
  const backslashes = quotePos === 1 && (raw[0] === 'E' || raw[0] === 'e');
  return endOfQuotedOrOpen(raw, quotePos + 1, quote, backslashes) < 0;
}

