import { describe, expect, it } from 'vitest';
import { isRelevantStatementStart, leadingKeyword, looksLikeSql, mayContainSql } from '../../src/sql/prefilter.js';

describe('leadingKeyword', () => {
  const cases: [string, string | undefined][] = [
    ['SELECT 1', 'SELECT'],
    ['  select 1', 'SELECT'],
    ['-- note\n/* block /* nested */ */ update t set a = 1', 'UPDATE'],
    ['((SELECT 1) UNION (SELECT 2))', 'SELECT'],
    ['EXPLAIN SELECT 1', 'SELECT'],
    ['EXPLAIN ANALYZE VERBOSE SELECT 1', 'SELECT'],
    ['EXPLAIN (ANALYZE, BUFFERS) SELECT 1', 'SELECT'],
    ['EXPLAIN ANALYZE (DISTSQL) DELETE FROM t', 'DELETE'],
    ['WITH x AS (SELECT 1) SELECT * FROM x', 'WITH'],
    ['CREATE VIEW v AS SELECT 1', 'CREATE'],
    ["'SELECT'", undefined],
    ['"select"', undefined],
    ['1 + 1', undefined],
    ['', undefined],
    ['   -- only a comment', undefined],
    ['(', undefined],
    ['EXPLAIN', undefined],
  ];
  it.each(cases)('%j → %s', (text, expected) => {
    expect(leadingKeyword(text)).toBe(expected);
  });
});

describe('looksLikeSql', () => {
  const sql: string[] = [
    'SELECT * FROM users',
    'select id, name from users where id = $1',
    'SELECT u.id FROM users u JOIN orders o ON o.user_id = u.id',
    'select *from users',
    'SELECT count(*) FROM orders',
    'SELECT 1',
    "SELECT 'x'",
    'SELECT now()',
    'SELECT $1::int AS n',
    'SELECT current_user',
    "select date '2020-01-01'",
    'SELECT DISTINCT ON (a) a, b FROM t ORDER BY a',
    'SELECT id FROM users;',
    'SELECT * FROM t WHERE id = ?',
    'SELECT * FROM t WHERE id=?',
    'SELECT * FROM t WHERE id = :id',
    'SELECT * FROM (SELECT 1) x',
    'SELECT * FROM users@users_email_idx WHERE email = $1',
    'SELECT * FROM [SHOW JOBS]',
    'Select * from users',
    '(SELECT 1) UNION (SELECT 2)',
    'EXPLAIN ANALYZE SELECT * FROM t',
    'WITH x AS (SELECT 1) SELECT * FROM x',
    'WITH RECURSIVE t(n) AS (VALUES (1)) SELECT * FROM t',
    'INSERT INTO users (a, b) VALUES ($1, $2)',
    'INSERT INTO t SELECT * FROM u',
    'INSERT INTO t DEFAULT VALUES',
    'UPSERT INTO t (a) VALUES (1)',
    'UPDATE users SET name = $1 WHERE id = $2',
    'UPDATE users u SET (a, b) = ($1, $2)',
    'DELETE FROM sessions WHERE expires < now()',
    'DELETE FROM sessions RETURNING *',
    'VALUES (1, 2), (3, 4)',
    'TABLE users',
    "EXPORT INTO CSV 'nodelocal://1/x' FROM SELECT * FROM t",
  ];
  it.each(sql)('is SQL: %j', (text) => {
    expect(looksLikeSql(text)).toBe(true);
  });

  const prose: string[] = [
    'Select the option below',
    'Select one from list',
    'Select from the list below',
    'Select one from the list below',
    'Select a file to upload.',
    'Select 2 items',
    'Select all',
    'Select',
    'Select...',
    "Select the user's profile",
    'Update your profile',
    'Update available!',
    'Update settings set to default',
    'delete this item?',
    'Delete this item?',
    'Delete from cart',
    'Insert into cart',
    'Insert a row into the table',
    'insert into the table',
    'With great power comes great responsibility',
    'Values (optional)',
    'Table of contents',
    'Table settings',
    'Explain select options',
    "Don't select anything",
    'selected items',
    'Please select * from the menu',
  ];
  it.each(prose)('is not SQL: %j', (text) => {
    expect(looksLikeSql(text)).toBe(false);
  });

  it('cannot tell lower-case prose that is a valid statement from SQL', () => {
    // Known limit: these are well-formed statements. Parsing them costs time but finds nothing.
    expect(looksLikeSql('select one from list')).toBe(true);
    expect(looksLikeSql('delete from cart')).toBe(true);
  });
});

describe('isRelevantStatementStart', () => {
  const cases: [string, boolean][] = [
    ['SELECT', true],
    ['WITH x AS (SELECT 1) SELECT 1', true],
    ['INSERT INTO t VALUES (1)', true],
    ['upsert into t values (1)', true],
    ['UPDATE t SET a = 1', true],
    ['DELETE FROM t', true],
    ['VALUES (1)', true],
    ['TABLE t', true],
    ['EXPLAIN SELECT 1', true],
    ["EXPORT INTO CSV 'x' FROM SELECT 1", true],
    ['CREATE VIEW v AS SELECT 1', true],
    ['create or replace view v as select 1', true],
    ['CREATE MATERIALIZED VIEW v AS SELECT 1', true],
    ['CREATE OR REPLACE TEMP RECURSIVE VIEW v (n) AS VALUES (1)', true],
    ['CREATE TABLE t (a int)', false],
    ['CREATE INDEX i ON t (a)', false],
    ['CREATE', false],
    ['SHOW JOBS', false],
    ['SET CLUSTER SETTING x = 1', false],
    ['ALTER TABLE t ADD COLUMN b int', false],
    ['', false],
  ];
  it.each(cases)('%j → %s', (text, expected) => {
    expect(isRelevantStatementStart(text)).toBe(expected);
  });
});

describe('leadingKeyword fast path', () => {
  it('agrees with the lexer-based reading', async () => {
    const { default: fc } = await import('fast-check');
    const { lex, significant } = await import('../../src/sql/lexer.js');
    const { leadingKeyword } = await import('../../src/sql/prefilter.js');
    // Reference: the first word token after `(` tokens, unless the text starts with EXPLAIN.
    const reference = (text: string): string | undefined => {
      const tokens = significant(lex(text));
      let i = 0;
      while (tokens[i]?.kind === 'punct' && tokens[i]?.value === '(') i++;
      const t = tokens[i];
      return t?.kind === 'word' ? t.value : undefined;
    };
    const start = fc.constantFrom('', ' ', '\n  ', '(', '( (', '\t');
    const head = fc.constantFrom('SELECT', 'select', 'With', 'insert', 'E', "E'x'", 'U&"a"', '"Select"', "'s'", '1', '$1', '*', 'é', 'x_1', '$$ a $$', ';', 'upsert', '/orders/:id', '-1', '- x', '-- c\nSELECT', '/* c */ SELECT', '/*', '"a" b');
    const tail = fc.constantFrom('', ' * FROM t', "'x'", '(1)', ' 2', 'ë', '$x');
    fc.assert(
      fc.property(start, head, tail, (s, h, t) => {
        const text = `${s}${h}${t}`;
        expect(leadingKeyword(text)).toBe(reference(text));
      }),
      { numRuns: 2000, seed: 5 },
    );
  });
});

describe('mayContainSql (the file-level gate)', () => {
  it.each([
    "db.query('SELECT id FROM users')",
    'const q = `select ${cols.join(", ")}\n  from orders`;',
    "pool.query('INSERT INTO users (email) VALUES ($1)')",
    "sql`UPSERT INTO t (a) VALUES (1)`",
    "db.query('UPDATE users SET name = $1 WHERE id = $2')",
    'db.query(`UPDATE "users" AS u SET name = $1`)',
    "db.query('DELETE FROM sessions WHERE id = $1')",
    "knex('users').insert(row).returning('*')",
    "db.query('TABLE users')",
    // The FROM comes later in the file, within reach.
    "const head = 'SELECT *';\nconst q = head + ' FROM users';",
  ])('opens %j', (text) => {
    expect(mayContainSql(text)).toBe(true);
  });

  it.each([
    'cache.delete(key); map.delete(other);',
    'Object.values(x).map((v) => v.id);',
    'store.update(state); setState(next);',
    'export function select(items) { return items[0]; }',
    'const table = createTable(rows);',
    '',
  ])('leaves closed %j', (text) => {
    expect(mayContainSql(text)).toBe(false);
  });

  it('needs the FROM near the SELECT and the SET near the UPDATE', () => {
    expect(mayContainSql(`select(a);\n${' '.repeat(100_001)}import x from 'y';`)).toBe(false);
    expect(mayContainSql(`update(a);\n${' '.repeat(300)}set(b);`)).toBe(false);
  });

  it('stays linear on text made of SELECT and UPDATE words', () => {
    const hostile = 'select update '.repeat(100_000);
    const started = performance.now();
    expect(mayContainSql(hostile)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
