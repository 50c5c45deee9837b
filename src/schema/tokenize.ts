/**
 * Identifier tokeniser for the sensitivity classifier.
 *
 * Splits a column / field name into lower-case word tokens: snake_case, camelCase (acronyms
 * included: `APIKey` → api, key; `userIDHash` → user, id, hash), kebab-case, dots, spaces, and
 * digit runs as tokens of their own (`totp2` → totp, 2; `sha256` → sha, 256).
 *
 * One left-to-right pass with one code point of look-ahead; no regular expression ever runs on
 * the whole name (non-ASCII code points are classified one at a time), so the cost is linear.
 *
 * Word characters are Unicode letters, numbers and combining marks; everything else separates.
 * Tokens are lower-cased one code point at a time, so `tokenize(x).join('')` always equals the
 * word characters of `x`, each lower-cased on its own (no context-dependent casing such as the
 * Greek final sigma).
 */

const SEP = 0;
const LOWER = 1; // lower-case letters, and letters without case (CJK, Arabic, …)
const UPPER = 2; // upper-case and title-case letters
const DIGIT = 3;
type Kind = typeof SEP | typeof LOWER | typeof UPPER | typeof DIGIT;

// Single-code-point tests (anchored, no quantifiers), used only outside ASCII.
const RE_MARK = /^\p{M}$/u;
const RE_UPPER = /^[\p{Lu}\p{Lt}]$/u;
const RE_LETTER = /^\p{L}$/u;
const RE_NUMBER = /^\p{N}$/u;

function kindOf(ch: string, code: number): Kind {
  if (code < 0x80) {
    if (code >= 97 && code <= 122) return LOWER;
    if (code >= 65 && code <= 90) return UPPER;
    if (code >= 48 && code <= 57) return DIGIT;
    return SEP;
  }
  if (RE_UPPER.test(ch)) return UPPER;
  if (RE_LETTER.test(ch)) return LOWER;
  if (RE_NUMBER.test(ch)) return DIGIT;
  return SEP;
}

function lower(ch: string, code: number): string {
  if (code >= 65 && code <= 90) return String.fromCharCode(code + 32);
  return code < 0x80 ? ch : ch.toLowerCase();
}

function isMark(ch: string, code: number): boolean {
  return code >= 0x300 && RE_MARK.test(ch);
}

/** Split an identifier into lower-case word tokens (see the module comment). */
export function tokenize(name: string): string[] {
  const out: string[] = [];
  // The current token, one entry per code point (a base letter plus its combining marks), so the
  // acronym rule can move the last upper-case letter to the next token.
  let buf: string[] = [];
  let prev: Kind = SEP;
  const flush = (): void => {
    if (buf.length > 0) {
      out.push(buf.join(''));
      buf = [];
    }
  };

  let i = 0;
  while (i < name.length) {
    const code = name.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(code);
    i += ch.length;

    if (isMark(ch, code)) {
      // A combining mark belongs to the letter before it and never starts a new token.
      const last = buf.pop();
      if (last === undefined) {
        buf.push(lower(ch, code));
        prev = LOWER;
      } else {
        buf.push(last + lower(ch, code));
      }
      continue;
    }

    const kind = kindOf(ch, code);
    if (kind === SEP) {
      flush();
      prev = SEP;
      continue;
    }

    if (buf.length > 0) {
      if ((kind === DIGIT) !== (prev === DIGIT)) {
        // letters ↔ digits: `totp2`, `address_line1`, `md5Hash`
        flush();
      } else if (kind === UPPER && prev === LOWER) {
        // camel hump: `passwordHash`
        flush();
      } else if (kind === LOWER && prev === UPPER && buf.length > 1 && !isPluralAcronym(name, i, ch)) {
        // end of an acronym: `APIKey` → API | Key — the last capital starts the next word
        const last = buf.pop() ?? '';
        flush();
        buf.push(last);
      }
    }
    buf.push(lower(ch, code));
    prev = kind;
  }
  flush();
  return out;
}

/** `userIDs`, `APIs`, `IPs`: a lone `s` after an acronym is a plural, not the start of a word. */
function isPluralAcronym(name: string, next: number, ch: string): boolean {
  if (ch !== 's') return false;
  if (next >= name.length) return true;
  const code = name.codePointAt(next) ?? 0;
  const following = String.fromCodePoint(code);
  return !isMark(following, code) && kindOf(following, code) !== LOWER;
}

/**
 * Split one all-lower-case ASCII token into known words (`passwordhash` → password, hash).
 * PostgreSQL folds unquoted camelCase names (`CREATE TABLE u (passwordHash text)` stores
 * `passwordhash`), so the classifier would otherwise miss them. The whole token must be covered by
 * words of `vocabulary` (each at least 2 letters), so `passenger`, `compass` or `monkey` never
 * split. Fewest words win. Returns undefined when no split into two or more words exists.
 * Cost: O(length × maxWordLength) set look-ups; tokens outside 4..40 letters are not tried.
 */
export function segment(
  token: string,
  vocabulary: ReadonlySet<string>,
  maxWordLength: number,
): string[] | undefined {
  const n = token.length;
  if (n < 4 || n > 40) return undefined;
  for (let k = 0; k < n; k++) {
    const c = token.charCodeAt(k);
    if (c < 97 || c > 122) return undefined;
  }
  // parts[e] = fewest words covering token[0, e); from[e] = where the last of them starts.
  const parts: number[] = new Array<number>(n + 1).fill(Number.POSITIVE_INFINITY);
  const from: number[] = new Array<number>(n + 1).fill(-1);
  parts[0] = 0;
  for (let end = 2; end <= n; end++) {
    for (let start = Math.max(0, end - maxWordLength); start <= end - 2; start++) {
      const before = parts[start] ?? Number.POSITIVE_INFINITY;
      if (before + 1 < (parts[end] ?? Number.POSITIVE_INFINITY) && vocabulary.has(token.slice(start, end))) {
        parts[end] = before + 1;
        from[end] = start;
      }
    }
  }
  const count = parts[n] ?? Number.POSITIVE_INFINITY;
  if (!Number.isFinite(count) || count < 2) return undefined;
  const words: string[] = [];
  let end = n;
  while (end > 0) {
    const start = from[end] ?? 0;
    words.push(token.slice(start, end));
    end = start;
  }
  return words.reverse();
}
