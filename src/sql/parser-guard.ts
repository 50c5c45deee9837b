/**
 * A guard in front of pgsql-ast-parser. Its lexer matches `$$…$$` code blocks with
 * `/\$\$(?:.|[\s\t\n\v\f\r])*?\$\$/s` and E-strings with
 * `/\b(?:e|E)'(?:[^'\\]|[\r\n\s]|(?:\\\s)|(?:\\\n)|(?:\\.)|(?:\'\'))+'/`: both alternations overlap
 * on whitespace, so a code block or E-string that does not close backtracks 2^n times over the n
 * whitespace characters after it (30 spaces of indentation take seconds, 40 take hours). Such text
 * cannot parse anyway: the lexer fails there. Linear.
 */

function isWordStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

function isWordChar(c: number): boolean {
  return isWordStart(c) || (c >= 0x30 && c <= 0x39);
}

function isLineEnd(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

const QUOTE = 0x27;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const DOLLAR = 0x24;

/**
 * Whether the parser's lexer, walking `text` token by token, may reach a `$$` that never closes
 * or an E-string whose greedy match runs to the end of the text. Follows the lexer's token starts
 * (words, quoted names, strings, line comments); errs on the side of true.
 */
export function hasLexerTrap(text: string): boolean {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isWordStart(c)) {
      if ((c === 0x45 || c === 0x65) && text.charCodeAt(i + 1) === QUOTE) {
        // E-string, greedily: `\x` pairs, `''` pairs, anything but a lone quote.
        let j = i + 2;
        for (;;) {
          if (j >= n) return true;
          const d = text.charCodeAt(j);
          if (d === BACKSLASH) {
            if (j + 1 >= n) return true;
            j += 2;
          } else if (d === QUOTE) {
            if (text.charCodeAt(j + 1) !== QUOTE) break;
            j += 2;
          } else {
            j++;
          }
        }
        i = j + 1;
        continue;
      }
      i++;
      while (i < n && isWordChar(text.charCodeAt(i))) i++;
      continue;
    }
    if (c === QUOTE || c === DQUOTE) {
      // A plain string or a quoted name: `''` / `""` pairs. Unterminated, the lexer stops there.
      let j = i + 1;
      for (;;) {
        if (j >= n) return false;
        if (text.charCodeAt(j) === c) {
          if (text.charCodeAt(j + 1) !== c) break;
          j += 2;
        } else {
          j++;
        }
      }
      i = j + 1;
      continue;
    }
    if (c === 0x2d && text.charCodeAt(i + 1) === 0x2d) {
      // Line comment.
      i += 2;
      while (i < n && !isLineEnd(text.charCodeAt(i))) i++;
      continue;
    }
    if (c === DOLLAR && text.charCodeAt(i + 1) === DOLLAR) {
      const close = text.indexOf('$$', i + 2);
      if (close === -1) return true;
      i = close + 2;
      continue;
    }
    i++;
  }
  return false;
}
