/**
 * Lints code with every rule of the plugin (the `all` preset, from src/) through ESLint's Linter,
 * and checks what a lint run must never do: throw, report outside the file, or suggest an edit
 * that breaks the code. Shared by tests/robustness and tests/property.
 */
import * as parser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { expect } from 'vitest';
import plugin from '../../src/index.js';
import { APP_PRISMA_SCHEMA, APP_SCHEMA } from '../support/settings.js';

export const SCHEMA_SETTINGS = { 'data-exposure': { schema: [APP_SCHEMA, APP_PRISMA_SCHEMA] } };

const FILES = ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs', '**/*.cjs'];

export interface LintOptions {
  readonly filename?: string;
  readonly settings?: Record<string, unknown>;
  /** `espree` (ESLint's default parser) instead of @typescript-eslint/parser. */
  readonly espree?: boolean;
  /** The directory schema paths are relative to (default: the repository). */
  readonly cwd?: string;
  /** Re-parse at most this many suggestions (each re-parse reads the whole file). Default: all. */
  readonly reparseLimit?: number;
}

export interface Linted {
  readonly messages: Linter.LintMessage[];
  /** The source lines as ESLint split them. */
  readonly lines: readonly string[];
}

/** One Linter per cwd: it keeps no state between `verify` calls that matters here. */
const linters = new Map<string, Linter>();

function linterFor(cwd: string): Linter {
  let linter = linters.get(cwd);
  if (!linter) {
    linter = new Linter({ configType: 'flat', cwd });
    linters.set(cwd, linter);
  }
  return linter;
}

export function configFor(options: LintOptions = {}): Linter.Config[] {
  return [
    {
      files: FILES,
      ...(options.espree ? {} : { languageOptions: { parser } }),
      linterOptions: { reportUnusedDisableDirectives: 'off' },
    },
    { ...(plugin.configs.all as unknown as Linter.Config), files: FILES },
    { settings: options.settings ?? SCHEMA_SETTINGS },
  ];
}

/** Lints `code`; a throw from a rule propagates (that is the failure the tests look for). */
export function lint(code: string, options: LintOptions = {}): Linted {
  const filename = options.filename ?? 'handler.ts';
  const linter = linterFor(options.cwd ?? process.cwd());
  const messages = linter.verify(code, configFor(options), { filename });
  const lines = linter.getSourceCode()?.lines ?? code.split(/\r\n|[\r\n\u2028\u2029]/);
  return { messages, lines };
}

/** Parses `code` as the file's parser would (throws on a syntax error). */
export function reparse(code: string, filename = 'handler.ts'): void {
  parser.parse(code, { range: true, loc: true, jsx: filename.endsWith('x'), filePath: filename });
}

export function applyFix(code: string, fix: { range: readonly [number, number]; text: string }): string {
  return code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
}

/**
 * Lints `code` and asserts: no fatal message, only this plugin's rules report, every location lies
 * inside the file, and every suggestion applies inside the file and leaves code that parses.
 * Returns the messages.
 */
export function lintClean(code: string, options: LintOptions = {}): Linter.LintMessage[] {
  const filename = options.filename ?? 'handler.ts';
  const { messages, lines } = lint(code, options);
  let reparses = options.reparseLimit ?? Number.POSITIVE_INFINITY;
  const fatal = messages.find((m) => m.fatal);
  expect(fatal?.message, 'fatal message').toBeUndefined();
  for (const m of messages) {
    expect(m.ruleId ?? m.message, 'only our rules report').toMatch(/^data-exposure\//);
    expectInside(lines, m.line, m.column, 'start');
    expectInside(lines, m.endLine ?? m.line, m.endColumn ?? m.column, 'end');
    const ordered = (m.endLine ?? m.line) > m.line || ((m.endLine ?? m.line) === m.line && (m.endColumn ?? m.column) >= m.column);
    expect(ordered, `${m.ruleId} ${m.line}:${m.column} ends before it starts`).toBe(true);
    for (const s of m.suggestions ?? []) {
      const [from, to] = s.fix.range;
      expect(0 <= from && from <= to && to <= code.length, `${m.ruleId} suggestion range ${from}-${to} in ${code.length} chars`).toBe(true);
      if (reparses-- <= 0) continue;
      const fixed = applyFix(code, s.fix);
      expect(() => reparse(fixed, filename), `${m.ruleId} suggestion "${s.desc}" leaves code that parses`).not.toThrow();
    }
  }
  return messages;
}

function expectInside(lines: readonly string[], line: number, column: number, which: string): void {
  expect(line >= 1 && line <= lines.length, `${which} line ${line} of ${lines.length}`).toBe(true);
  const length = lines[line - 1]?.length ?? 0;
  expect(column >= 1 && column <= length + 1, `${which} column ${column} on a line of ${length}`).toBe(true);
}
