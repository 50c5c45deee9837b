import { describe, expect, it } from 'vitest';
import { hasNonArgumentStar, scanWildcards, type ScannedWildcard } from '../../src/sql/scanner.js';

/** Each wildcard as [the text it covers, form, qualifier]. */
function scan(sql: string): [string, ScannedWildcard['form'], string | undefined][] {
  return scanWildcards(sql).map((w) => [sql.slice(w.start, w.end), w.form, w.qualifier]);
}

describe('scanWildcards (research §8.2)', () => {
  const found: [string, [string, ScannedWildcard['form'], string | undefined][]][] = [
    ['SELECT * FROM t', [['*', 'star', undefined]]],
    ['select *from t', [['*', 'star', undefined]]],
    ['SELECT*FROM t', [['*', 'star', undefined]]],
    ['SELECT * -- all\nFROM t', [['*', 'star', undefined]]],
    ['SELECT DISTINCT * FROM t', [['*', 'star', undefined]]],
    ['SELECT ALL * FROM t', [['*', 'star', undefined]]],
    ['SELECT DISTINCT ON (a) * FROM t', [['*', 'star', undefined]]],
    ['SELECT a, * FROM t', [['*', 'star', undefined]]],
    ['SELECT a AS x, *, b FROM t', [['*', 'star', undefined]]],
    ['SELECT *', [['*', 'star', undefined]]],
    ['SELECT * FROM a UNION SELECT * FROM b', [['*', 'star', undefined], ['*', 'star', undefined]]],
    ['SELECT * FROM (SELECT * FROM t) x', [['*', 'star', undefined], ['*', 'star', undefined]]],
    ['WITH x AS (SELECT * FROM t) SELECT * FROM x', [['*', 'star', undefined], ['*', 'star', undefined]]],
    ['SELECT a FROM t WHERE x = (SELECT * FROM u)', [['*', 'star', undefined]]],
    ['SELECT 1; SELECT * FROM t;', [['*', 'star', undefined]]],
    ['INSERT INTO t (a) VALUES (1) RETURNING *', [['*', 'returning-star', undefined]]],
    ['UPDATE t SET a = 1 RETURNING *, a', [['*', 'returning-star', undefined]]],
    ['DELETE FROM t RETURNING id, *;', [['*', 'returning-star', undefined]]],
    ['SELECT u.* FROM users u', [['u.*', 'qualified-star', 'u']]],
    ['SELECT s.u.* FROM s.u', [['s.u.*', 'qualified-star', 's.u']]],
    ['SELECT "U".*, "a""b".* FROM t', [['"U".*', 'qualified-star', 'U'], ['"a""b".*', 'qualified-star', 'a"b']]],
    ['SELECT Users.* FROM users', [['Users.*', 'qualified-star', 'users']]],
    ['SELECT row_to_json(t.*) FROM t', [['t.*', 'qualified-star', 't']]],
    ['SELECT json_agg(u.*) FROM u WHERE EXISTS (SELECT v.* FROM v)', [['u.*', 'qualified-star', 'u'], ['v.*', 'qualified-star', 'v']]],
    ['SELECT t.*=u.* FROM t, u', [['t.*', 'qualified-star', 't'], ['u.*', 'qualified-star', 'u']]],
    ['SELECT (u).* FROM users u', [['(u).*', 'row-expand', 'u']]],
    ['SELECT (s.u).* FROM s.u', [['(s.u).*', 'row-expand', 's.u']]],
    ['SELECT ((f(x))).* FROM t', [['((f(x))).*', 'row-expand', undefined]]],
    ['TABLE users', [['TABLE users', 'table-statement', 'users']]],
    ['table public.Users', [['table public.Users', 'table-statement', 'public.users']]],
    ['TABLE ONLY t *', [['TABLE ONLY t *', 'table-statement', 't']]],
    ['SELECT 1; TABLE t', [['TABLE t', 'table-statement', 't']]],
    ['SELECT * FROM t UNION ALL TABLE u', [['*', 'star', undefined], ['TABLE u', 'table-statement', 'u']]],
    ['WITH x AS (SELECT 1) TABLE x', [['TABLE x', 'table-statement', 'x']]],
    ['(TABLE t)', [['TABLE t', 'table-statement', 't']]],
  ];
  it.each(found)('finds the wildcards of %j', (sql, expected) => {
    expect(scan(sql)).toEqual(expected);
  });

  const none: string[] = [
    'SELECT count(*) FROM t',
    'SELECT 2*3 FROM t',
    'SELECT count(*)*2 FROM t',
    'SELECT a * b, a*b FROM t',
    "SELECT '*' FROM t",
    "SELECT 'u.*', E'*' FROM t",
    'SELECT "*" FROM t',
    'SELECT /* * */ a FROM t',
    'SELECT a -- SELECT *\nFROM t',
    'SELECT $$SELECT *$$',
    'SELECT $f$ SELECT u.* $f$',
    'SELECT array(SELECT * FROM t)',
    'SELECT ARRAY(SELECT * FROM t)',
    'SELECT a FROM t WHERE EXISTS (SELECT * FROM u)',
    'SELECT a FROM t WHERE NOT EXISTS (SELECT * FROM u)',
    'SELECT a FROM t WHERE b IN (SELECT * FROM v)',
    'SELECT a FROM t WHERE c = ANY (SELECT * FROM w) OR d > ALL (SELECT * FROM w) OR e = SOME (SELECT * FROM w)',
    'SELECT a FROM t WHERE EXISTS (SELECT * FROM u UNION SELECT * FROM v)',
    'SELECT a FROM t WHERE EXISTS (TABLE u)',
    'SELECT a FROM t GROUP BY a HAVING count(*) > 1',
    'SELECT 10 * -1',
    'CREATE TABLE t (a int)',
    'ALTER TABLE t ADD COLUMN b int',
    'INSERT INTO t TABLE u',
    'SELECT * 2',
    'SELECT a, *b FROM t',
    'select the table below',
    '',
  ];
  it.each(none)('finds nothing in %j', (sql) => {
    expect(scanWildcards(sql)).toEqual([]);
  });

  it('reports offsets in the input', () => {
    const sql = "SELECT 'x', u.*, * FROM users u";
    expect(scanWildcards(sql)).toEqual([
      { start: 12, end: 15, form: 'qualified-star', qualifier: 'u' },
      { start: 17, end: 18, form: 'star' },
    ]);
  });

  it('survives unbalanced brackets and unterminated strings', () => {
    expect(scan('SELECT * FROM t) ) SELECT * FROM (')).toEqual([
      ['*', 'star', undefined],
      ['*', 'star', undefined],
    ]);
    expect(scan("SELECT u.* FROM t WHERE a = 'x")).toEqual([['u.*', 'qualified-star', 'u']]);
  });
});

describe('hasNonArgumentStar (the look before the scanner)', () => {
  it.each([
    ['SELECT * FROM t', true],
    ['SELECT count(*), t.* FROM t', true],
    ['SELECT count(*) FROM t', false],
    ['SELECT count( * ), max(a) FROM t', false],
    ['SELECT count(\n*\t) FROM t', false],
    ['SELECT a * 2 FROM t', true],
    ['SELECT a /* c */ FROM t', true],
    ['*', true],
    ['(*', true],
    ['*)', true],
    ['SELECT a FROM t', false],
  ])('%j → %s', (text, expected) => {
    expect(hasNonArgumentStar(text)).toBe(expected);
  });

  it('is true whenever the scanner finds a star wildcard', async () => {
    const { default: fc } = await import('fast-check');
    const part = fc.constantFrom('SELECT', ' ', '*', '(', ')', '(*)', 'count', ',', 'FROM', 't', 'u.', "'*'", '"x"', '--', '\n', '/*', '*/', 'RETURNING', 'WITH', 'AS', 'EXISTS');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 24 }), (parts) => {
        const text = parts.join('');
        const stars = scanWildcards(text).filter((w) => w.form !== 'table-statement');
        if (stars.length > 0) expect(hasNonArgumentStar(text)).toBe(true);
      }),
      { numRuns: 3000, seed: 11 },
    );
  });
});
