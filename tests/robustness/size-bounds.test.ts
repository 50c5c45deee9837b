/**
 * "Inputs over a size bound are skipped, not parsed" (DESIGN §4), checked where it matters: the
 * SQL parser (pgsql-ast-parser) is wrapped in a spy, files with hostile SQL are linted, and no text
 * longer than MAX_PARSE_LENGTH (nor any carrier past MAX_ASSEMBLED_LENGTH) ever reaches it.
 */
import { parse } from 'pgsql-ast-parser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_ASSEMBLED_LENGTH } from '../../src/sql/assemble.js';
import { analyzeSql, MAX_PARSE_LENGTH } from '../../src/sql/parse.js';
import { lintClean } from './harness.js';

vi.mock('pgsql-ast-parser', async (importOriginal) => {
  const actual = await importOriginal<typeof import('pgsql-ast-parser')>();
  return { ...actual, parse: vi.fn(actual.parse) };
});

const parseSpy = vi.mocked(parse);

function parsedLengths(): number[] {
  return parseSpy.mock.calls.map(([text]) => text.length);
}

function express(query: string): string {
  return [
    "import express from 'express';",
    "import { pool } from './db';",
    'const app = express();',
    "app.get('/users', async (req, res) => {",
    `  const { rows } = await pool.query(${query});`,
    '  res.json(rows);',
    '});',
  ].join('\n');
}

/** A query the fast path does not read, so the parser runs on it. */
function cte(filler: string): string {
  return `WITH recent AS (SELECT u.*, count(o.id) AS n FROM users u LEFT JOIN orders o ON o.user_id = u.id GROUP BY u.id) SELECT *, n + 1 AS next FROM recent WHERE note IN (${filler}0)`;
}

beforeEach(() => {
  parseSpy.mockClear();
});

describe('size bounds', () => {
  it('the spy sees the parser run on SQL under the bound (so it can see a violation)', () => {
    const sql = cte('1, 2, ');
    expect(sql.length).toBeLessThan(MAX_PARSE_LENGTH);
    lintClean(express(`'${sql}'`));
    expect(parsedLengths()).toContain(sql.length);
  });

  it('SQL just over MAX_PARSE_LENGTH is scanned, never parsed', () => {
    const sql = cte('1, '.repeat(MAX_PARSE_LENGTH / 3));
    expect(sql.length).toBeGreaterThan(MAX_PARSE_LENGTH);
    const messages = lintClean(express(`'${sql}'`));
    expect(messages.map((m) => m.ruleId)).toContain('data-exposure/no-select-star');
    expect(analyzeSql(sql).ok).toBe(false);
    expect(parsedLengths().filter((n) => n > MAX_PARSE_LENGTH)).toEqual([]);
  }, 60_000);

  it('5 000 columns, 500 joins, a 1 MB string: nothing over the bound reaches the parser', () => {
    const columns = Array.from({ length: 5_000 }, (_, i) => `c${i}`).join(', ');
    const joins = Array.from({ length: 500 }, (_, i) => `JOIN orders o${i} ON o${i}.user_id = u.id`).join(' ');
    for (const query of [
      `'SELECT ${columns}, * FROM users'`,
      `'SELECT u.* FROM users u ${joins}'`,
      `\`${cte('1, '.repeat(350_000))}\``,
      `'SELECT * FROM users' + ' WHERE a IN (${'1, '.repeat(80_000)}1)' + ' AND b = 1'`,
    ]) {
      lintClean(express(query));
    }
    expect(parsedLengths().filter((n) => n > MAX_PARSE_LENGTH)).toEqual([]);
  }, 120_000);

  it('a carrier past MAX_ASSEMBLED_LENGTH is not even assembled (nothing reported, nothing parsed)', () => {
    const sql = `SELECT * FROM users -- ${'x'.repeat(MAX_ASSEMBLED_LENGTH)}`;
    const messages = lintClean(express(`'${sql}'`));
    expect(messages).toEqual([]);
    expect(parseSpy).not.toHaveBeenCalled();
  }, 60_000);
});
