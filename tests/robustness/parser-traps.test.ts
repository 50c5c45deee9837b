/**
 * Regression: pgsql-ast-parser's lexer backtracks exponentially on a `$$` code block or an
 * E-string that does not close, over the whitespace after it (its regexes alternate `.` with
 * `[\s…]`). Found by the SQL-engine property test: `UPDATE sessions SE$$ users …` followed by ~30
 * spaces never returned. Half-typed SQL in a multi-line template (indentation!) is exactly that.
 * `src/sql/parser-guard.ts` keeps such text away from the parser (it cannot parse anyway); these
 * tests would hang for hours without it (the per-test timeout is the guard).
 */
import { parse } from 'pgsql-ast-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CatalogBuilder } from '../../src/schema/builder.js';
import { loadSqlSchema } from '../../src/schema/ddl.js';
import { loadPrismaSchema } from '../../src/schema/prisma.js';
import { analyzeSql } from '../../src/sql/parse.js';
import { hasLexerTrap } from '../../src/sql/parser-guard.js';
import { lintClean } from './harness.js';

const GUARD = 30_000;
const WS = ' '.repeat(64);
const INDENT = '\n        '.repeat(12);

describe('unclosed $$ and E-strings never reach the parser', () => {
  it.each([
    ['an unclosed $$ (the property-test counterexample)', `UPDATE sessions SE$$ users  - -2134705621\n::jsonb\nx'ff'${WS}RETURNING *`],
    ['SELECT * then an unclosed $$', `SELECT *, $$ body${WS}FROM users`],
    ['an unclosed $$ inside a block comment (the lexer reads comments token by token)', `SELECT * FROM users /* $$ ${WS} */`],
    ['an unclosed E-string', `SELECT * FROM users WHERE name = E'${INDENT}`],
    ['an E-string whose greedy match runs to the end', `SELECT * FROM users WHERE a = E'x''${WS}`],
    ['an E-string ending in a backslash', `SELECT * FROM users WHERE a = E'x${WS}\\`],
  ])('%s', (_name, sql) => {
    expect(hasLexerTrap(sql)).toBe(true);
    // Returns (through the fast path or the scanner), and still sees the wildcard.
    const result = analyzeSql(sql);
    expect(result.shapes.flatMap((shape) => shape.wildcards).length).toBeGreaterThan(0);
  }, GUARD);

  it('closed code blocks and strings still parse', () => {
    for (const sql of [
      `SELECT $$ a * b $$ AS body, * FROM users${WS}`,
      `SELECT E'it\\'s' AS a, e'x''y' AS b, * FROM users${INDENT}`,
      `SELECT '$$' AS a, "$$" AS b, * FROM users -- $$${INDENT}`,
      `SELECT id${INDENT}FROM users WHERE price = $1`,
    ]) {
      expect(hasLexerTrap(sql), sql).toBe(false);
      expect(analyzeSql(sql).ok, sql).toBe(true);
    }
  }, GUARD);

  it('a handler with half-typed SQL in an indented template lints (the wildcard before it is still found)', () => {
    const code = [
      "import express from 'express';",
      "import { pool } from './db';",
      'const app = express();',
      "app.get('/users', async (req, res) => {",
      '  const { rows } = await pool.query(`',
      '    SELECT *',
      '    FROM users',
      "    WHERE name = E'",
      '    ORDER BY created_at DESC',
      '    LIMIT 10',
      `    ${WS}`,
      '  `);',
      '  res.json(rows);',
      '});',
    ].join('\n');
    const messages = lintClean(code);
    expect(messages.map((m) => m.ruleId)).toContain('data-exposure/no-select-star');
    lintClean(code.replace("E'", 'AS $$'));
  }, GUARD);

  it('a schema view with an unclosed E-string is skipped; the other tables load', () => {
    const builder = new CatalogBuilder();
    const text = `CREATE TABLE a (id INT8 PRIMARY KEY);\nCREATE VIEW v AS SELECT E'oops FROM a;${INDENT}\nCREATE TABLE b (id INT8 PRIMARY KEY, api_key STRING);\n`;
    loadSqlSchema(text, 'schema.sql', builder);
    const catalog = builder.build();
    expect(catalog.tables.has('a')).toBe(true);
  }, GUARD);

  it('a Prisma schema string with many colons that does not close is skipped; the other models load', () => {
    // @mrleebo/prisma-ast's string token `"(:?[^\\"\n\r]|…)*"` (`(:?` for `(?:`) backtracks
    // exponentially over the colons of a string that does not close: 40 took 35 s, 60 never ended.
    const builder = new CatalogBuilder();
    const text = [
      'model Good {\n  id Int @id\n  apiKey String\n}',
      `model Typing {\n  id Int @id\n  note String @default("${':'.repeat(60)}\n}`,
      `model Escaped {\n  id Int @id\n  note String @default("${':'.repeat(60)}\\q")\n}`,
      'model AlsoGood {\n  id Int @id\n  url String @default("postgres://u:p@h:5432/db")\n}',
    ].join('\n');
    loadPrismaSchema(text, 'schema.prisma', builder);
    const catalog = builder.build();
    expect([...catalog.tables.keys()]).toEqual(expect.arrayContaining(['Good', 'AlsoGood']));
    expect(catalog.files[0]?.skipped.join('\n')).toMatch(/model Typing: does not parse/);
  }, GUARD);

  it('when the guard says "trap", the parser fails anyway (skipping it loses nothing)', () => {
    const piece = fc.constantFrom('$$', "E'", "e'", "'", '"', "''", '--', '/*', '*/', '\\', 'SELECT', 'x', 'E', '1', '$1', '$', ',', '*', '(', ')', 'FROM', 't', '\n');
    // At most 10 whitespace characters: the parser's backtracking stays cheap while we compare.
    const text = fc
      .array(fc.tuple(piece, fc.constantFrom('', ' ')), { maxLength: 14 })
      .map((parts) => parts.map(([p, g]) => p + g).join(''))
      .filter((t) => (t.match(/\s/g) ?? []).length <= 10);
    fc.assert(
      fc.property(text, (sql) => {
        if (!hasLexerTrap(sql)) return;
        expect(() => parse(sql, { locationTracking: true }), sql).toThrow();
      }),
      { numRuns: 2_000 },
    );
  }, 120_000);
});
