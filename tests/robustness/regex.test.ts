/**
 * Regular-expression audit (DESIGN §4: no catastrophic backtracking on user-controlled text).
 * Every regex literal in src/ and rules/ is read from the source, then
 *  1. checked statically: no group repeated by `*`, `+` or `{n,}` contains a quantifier or an
 *     alternation (nested quantifiers are how exponential backtracking starts);
 *  2. run the way the code runs it (`test`/`split`, `replace` for /g, a tokenizer loop for /y) on
 *     adversarial strings of 100 000 characters: runs of one character, of short words, and of the
 *     literal words of the pattern itself. A linear regex takes milliseconds; a quadratic one takes
 *     minutes and fails on the per-test timeout (the hang guard, not a measured-speed assertion).
 * The user's own `/regex/` settings are compiled by the classifier and run on column names only.
 */
import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/utils';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const N = 100_000;

interface Found {
  readonly where: string;
  readonly file: string;
  readonly pattern: string;
  readonly flags: string;
}

function findRegexes(): Found[] {
  const files = globSync(['src/**/*.ts', 'rules/**/*.ts'], { cwd: ROOT, absolute: true }).sort();
  const found: Found[] = [];
  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) {
        for (const child of node) visit(child);
        return;
      }
      if (!node || typeof node !== 'object') return;
      const n = node as TSESTree.Node;
      if (n.type === 'Literal' && 'regex' in n && n.regex) {
        found.push({ where: `${rel}:${n.loc.start.line}`, file: rel, pattern: n.regex.pattern, flags: n.regex.flags });
      }
      for (const [key, value] of Object.entries(n)) {
        if (key !== 'parent' && key !== 'loc' && key !== 'range') visit(value);
      }
    };
    visit(parse(code, { loc: true, range: true }));
  }
  return found;
}

/**
 * Quadratic on long whitespace runs, found by this audit, in files this suite does not own:
 * `s.split(/\s+as\s+/i)` tries every start of a run and rescans it. Reported to the ORM adapters'
 * owners; remove an entry once it is fixed (the test below fails while an entry is stale).
 */
const KNOWN_SUPERLINEAR: readonly { file: string; pattern: string }[] = [];

function isKnown(r: Found): boolean {
  return KNOWN_SUPERLINEAR.some((k) => k.file === r.file && k.pattern === r.pattern);
}

/**
 * Groups repeated without bound that hold a quantifier or an alternation: `(a+)+`, `(a|ab)*`,
 * `(?:\s*x)+`. Character classes and escapes are skipped; lookarounds count as groups.
 */
function nestedQuantifiers(pattern: string): string[] {
  const problems: string[] = [];
  interface Group { start: number; quantified: boolean; alternation: boolean }
  const stack: Group[] = [];
  const unboundedAt = (i: number): number => {
    // Length of an unbounded quantifier at i (`*`, `+`, `{n,}`, `{n,m}` with m > 1), else 0.
    const c = pattern[i];
    if (c === '*' || c === '+') return 1;
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (m && m[2] !== undefined && (m[3] === '' || Number(m[3]) > 1)) return m[0].length;
    }
    return 0;
  };
  const quantifierAt = (i: number): boolean => unboundedAt(i) > 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
      continue;
    }
    if (c === '(') {
      stack.push({ start: i, quantified: false, alternation: false });
      continue;
    }
    if (c === '|') {
      const top = stack[stack.length - 1];
      if (top) top.alternation = true;
      continue;
    }
    if (quantifierAt(i)) {
      for (const g of stack) g.quantified = true;
      continue;
    }
    if (c === ')') {
      const group = stack.pop();
      if (!group) continue;
      if (quantifierAt(i + 1) && (group.quantified || group.alternation)) {
        problems.push(pattern.slice(group.start, i + 2));
      }
      // A quantifier inside propagates to the enclosing groups.
      if (group.quantified || quantifierAt(i + 1)) for (const g of stack) g.quantified = true;
    }
  }
  return problems;
}

const CHARS = [' ', '\t', '\n', '\r', 'a', 'A', 'z', '0', '_', '$', '.', ':', '"', "'", '`', '\\', '/', '@', '*', '(', ')', '[', ',', '-', '=', 'é', '😀', '\u0301', '~', '#'];
const WORDS = ['a ', 'a.', 'a_', 'aA', 'a0', ' as', 'as ', 'a as ', '::', ': ', '$1', '${', '@sensitive ', '_id', "''", '""', 'ab ', 'a\n', '/*', '--'];

/** The literal words a pattern mentions (`as`, `json`, `model`), to aim the inputs at it. */
function wordsOf(pattern: string): string[] {
  const words = pattern.replace(/\\./g, ' ').match(/[A-Za-z_]{2,}/g) ?? [];
  return [...new Set(words)].slice(0, 6);
}

function adversarial(pattern: string): string[] {
  const inputs: string[] = [];
  for (const c of CHARS) inputs.push(c.repeat(N) + '!', '!' + c.repeat(N), c.repeat(N) + '\n!');
  for (const w of [...WORDS, ...wordsOf(pattern).flatMap((w) => [`${w} `, ` ${w}`, `${w}(`, `${w}.`])]) {
    inputs.push(w.repeat(Math.ceil(N / w.length)) + '!');
  }
  for (const w of wordsOf(pattern)) inputs.push(`${w}${' '.repeat(N)}!`, `${' '.repeat(N)}${w}!`);
  return inputs;
}

/** Runs `regex` on `s` as the source runs regexes of its kind. */
function exercise(regex: RegExp, s: string): void {
  if (regex.sticky) {
    regex.lastIndex = 0;
    while (regex.lastIndex < s.length && regex.exec(s)) {
      // a tokenizer stops at the first position where no token matches
    }
    return;
  }
  if (regex.global) {
    s.replace(regex, '');
    return;
  }
  regex.test(s);
  s.split(regex);
}

const regexes = findRegexes();

describe('regular expressions in src/ and rules/', () => {
  it('are found (the audit reads the source)', () => {
    expect(regexes.length).toBeGreaterThan(50);
    expect(regexes.some((r) => r.file === 'src/analysis/index.ts')).toBe(true);
  });

  it('have no nested quantifiers or repeated alternations', () => {
    const offenders = regexes
      .map((r) => ({ where: r.where, regex: `/${r.pattern}/${r.flags}`, groups: nestedQuantifiers(r.pattern) }))
      .filter((r) => r.groups.length > 0);
    expect(offenders).toEqual([]);
  });

  it('the static check catches the classic catastrophic forms', () => {
    for (const bad of ['(a+)+', '(?:\\s*x)+', '(a|ab)*', '(\\w+\\s?)*$', '((a)*b){2,}']) {
      expect(nestedQuantifiers(bad), bad).not.toEqual([]);
    }
    for (const good of ['^\\s*([\\w$.]+)(?:\\s+as\\s+([\\w$]+))?\\s*$', '(?:ab)+', '[(a+)+]', '\\(a+\\)+', '(a|b)']) {
      expect(nestedQuantifiers(good), good).toEqual([]);
    }
  });

  it('every known super-linear regex still exists (drop fixed ones from KNOWN_SUPERLINEAR)', () => {
    for (const k of KNOWN_SUPERLINEAR) {
      expect(regexes.some((r) => r.file === k.file && r.pattern === k.pattern), `${k.file} /${k.pattern}/`).toBe(true);
    }
  });

  for (const r of regexes) {
    const name = `${r.where} /${r.pattern}/${r.flags} stays linear on adversarial input`;
    if (isKnown(r)) {
      // Quadratic: ~2 minutes on 100 000 spaces. Un-skip once the owner fixes it.
      it.skip(name, () => {
        const regex = new RegExp(r.pattern, r.flags);
        for (const s of adversarial(r.pattern)) exercise(regex, s);
      });
      continue;
    }
    it(name, () => {
      const regex = new RegExp(r.pattern, r.flags);
      for (const s of adversarial(r.pattern)) exercise(regex, s);
    }, 30_000);
  }
});
