/**
 * `.gitignore` lines → ESLint flat-config `ignores` globs (minimatch, relative to the directory of
 * the `.gitignore`, which for the CLI is ESLint's cwd).
 *
 * gitignore semantics kept: `#` comments, `!` negation, `\#`/`\!` escapes, trailing spaces
 * dropped unless escaped, a pattern with no slash (or only a trailing one) matches at any depth,
 * a leading or middle slash anchors it, a trailing slash means directories only, `dir/**` means
 * what is inside `dir` (so `!dir/keep.js` can still re-include a file). Characters that are
 * literal in gitignore but syntax in minimatch (`{ } ( )`) are escaped.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const MINIMATCH_ONLY = new Set(['{', '}', '(', ')']);

/** Escapes brace/extglob characters, leaving existing backslash escapes as they are. */
function escapeMinimatch(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\' && i + 1 < pattern.length) {
      out += ch + (pattern[i + 1] as string);
      i++;
    } else {
      out += MINIMATCH_ONLY.has(ch) ? `\\${ch}` : ch;
    }
  }
  return out;
}

/** Trailing spaces are ignored unless the last one is escaped (`foo\ `). */
function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) {
    if (end >= 2 && line[end - 2] === '\\') break;
    end--;
  }
  return line.slice(0, end);
}

/** One `.gitignore` line as a flat-config ignore glob; `undefined` for blanks and comments. */
export function gitignoreLineToGlob(rawLine: string): string | undefined {
  let line = trimTrailingSpaces(rawLine.replace(/\r$/, ''));
  if (line === '' || line.startsWith('#')) return undefined;
  let negated = false;
  if (line.startsWith('!')) {
    negated = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
    line = line.slice(1);
  }
  if (line === '' || line === '/') return undefined;
  const prefix = negated ? '!' : '';
  if (line === '**' || line === '**/' || line === '/**') return `${prefix}${line}`;

  const slash = line.indexOf('/');
  // No slash, or only the trailing one: the name matches at any depth.
  const anywhere = slash === -1 || slash === line.length - 1;
  const body = escapeMinimatch(slash === 0 ? line.slice(1) : line);
  const inside = line.endsWith('/**') ? '/*' : '';
  return `${prefix}${anywhere && !body.startsWith('**/') ? '**/' : ''}${body}${inside}`;
}

/** The globs of a `.gitignore` text, in order (order matters for `!` re-includes). */
export function gitignoreToGlobs(text: string): string[] {
  const globs: string[] = [];
  for (const line of text.split('\n')) {
    const glob = gitignoreLineToGlob(line);
    if (glob !== undefined) globs.push(glob);
  }
  return globs;
}

/** The globs of `<dir>/.gitignore`, or none when it does not exist or cannot be read. */
export function readGitignore(dir: string): string[] {
  let text: string;
  try {
    text = readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return [];
  }
  return gitignoreToGlobs(text);
}
