import { parse, type Statement } from 'pgsql-ast-parser';
import { describe, expect, it } from 'vitest';
import { normalizeSql } from '../../src/sql/rewrite.js';
import { scanWildcards } from '../../src/sql/scanner.js';
import { applyShims } from '../../src/sql/shims.js';

function lineBreaks(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) if (s[i] === '\n' || s[i] === '\r') out.push(i);
  return out;
}

function expectSameShape(input: string, output: string): void {
  expect(output.length).toBe(input.length);
  expect(lineBreaks(output)).toEqual(lineBreaks(input));
}

function tryParse(sql: string): Statement[] | undefined {
  try {
    return parse(sql);
  } catch {
    return undefined;
  }
}

/** [title, input, expected output, does pgsql-ast-parser parse the input, … the output]. */
type Row = [string, string, string, boolean, boolean];

describe('applyShims (research §8.1)', () => {
  const rows: Row[] = [
    ["EXCEPT", "SELECT a FROM t EXCEPT SELECT a FROM u", "SELECT a FROM t UNION  SELECT a FROM u", false, true],
    ["EXCEPT ALL", "SELECT a FROM t EXCEPT ALL SELECT a FROM u", "SELECT a FROM t UNION  ALL SELECT a FROM u", false, true],
    ["INTERSECT", "SELECT a FROM t INTERSECT SELECT a FROM u", "SELECT a FROM t UNION     SELECT a FROM u", false, true],
    ["intersect distinct (lower case)", "select a from t intersect distinct select a from u", "select a from t union              select a from u", false, true],
    ["reserved word as a label", "SELECT id, name AS user FROM t", "SELECT id, name  \"user\" FROM t", false, true],
    ["reserved labels before a comma, a bracket and the end", "SELECT (SELECT x AS order FROM t) AS group, y AS limit", "SELECT (SELECT x  \"order\" FROM t)  \"group\", y  \"limit\"", false, true],
    ["NATURAL JOIN", "SELECT * FROM t NATURAL JOIN u", "SELECT * FROM t CROSS   JOIN u", false, true],
    ["NATURAL LEFT OUTER JOIN", "SELECT * FROM t NATURAL LEFT OUTER JOIN u", "SELECT * FROM t CROSS              JOIN u", false, true],
    ["IS NOT DISTINCT FROM", "SELECT * FROM t WHERE a IS NOT DISTINCT FROM b", "SELECT * FROM t WHERE a =                    b", false, true],
    ["IS DISTINCT FROM", "SELECT * FROM t WHERE a IS DISTINCT FROM b", "SELECT * FROM t WHERE a <>               b", false, true],
    ["IS [NOT] UNKNOWN", "SELECT * FROM t WHERE a IS UNKNOWN OR b IS NOT UNKNOWN", "SELECT * FROM t WHERE a IS NULL    OR b IS NOT NULL   ", false, true],
    ["dollar quotes", "SELECT $$it's$$, $fn$body$fn$ FROM t", "SELECT  'it s' ,    'body'    FROM t", false, true],
    ["dollar quotes over lines", "SELECT $$a\nb$$ AS x", "SELECT  'a\nb'  AS x", false, true],
    ["E-string \\'", "SELECT E'O\\'Brien' AS n", "SELECT E'O''Brien' AS n", false, true],
    ["E-string escapes JSON lacks", "SELECT E'\\x41\\u0041\\0', E'a\\\\b\\n'", "SELECT E'\\\\41\\\\0041\\\\', E'a\\\\b\\n'", false, true],
    ["->> $1", "SELECT * FROM t WHERE data->>$1 = 'x' AND data -> $2 IS NOT NULL", "SELECT * FROM t WHERE data->>'' = 'x' AND data -> '' IS NOT NULL", false, true],
    ["->> placeholder identifiers", "SELECT * FROM t WHERE data->>_p_ = 'y' AND data->>_ = 'z'", "SELECT * FROM t WHERE data->>' ' = 'y' AND data->>0 = 'z'", false, true],
    ["#> and @?", "SELECT data #> '{a,b}' FROM t WHERE data @? '$.a'", "SELECT data -> '{a,b}' FROM t WHERE data @> '$.a'", false, true],
    ["DEFAULT VALUES", "INSERT INTO t DEFAULT VALUES RETURNING *", "INSERT INTO t VALUES  (NULL) RETURNING *", false, true],
    ["DEFAULT VALUES over lines", "insert into t\ndefault\nvalues returning id", "insert into t\nvalues \n(NULL) returning id", false, true],
    ["named window", "SELECT sum(a) OVER win FROM t WINDOW win AS (PARTITION BY c)", "SELECT sum(a) OVER ()  FROM t                               ", false, true],
    ["one-letter window, window base, two windows", "SELECT row_number() OVER w, rank() OVER (w2 ORDER BY b) FROM t WINDOW w AS (ORDER BY a), w2 AS (PARTITION BY c)", "SELECT row_number()       , rank() OVER (   ORDER BY b) FROM t                                                 ", false, true],
    ["GROUPING SETS", "SELECT a, count(*) FROM t GROUP BY GROUPING SETS ((a), ()) HAVING count(*) > 1", "SELECT a, count(*) FROM t GROUP BY 1                       HAVING count(*) > 1", false, true],
    ["CUBE with empty set", "SELECT a, count(*) FROM t GROUP BY a, CUBE ((a), ())", "SELECT a, count(*) FROM t GROUP BY a, 1             ", false, true],
    ["COLLATE", "SELECT a FROM t WHERE a = 'x' COLLATE pg_catalog.\"default\" ORDER BY a COLLATE \"C\"", "SELECT a FROM t WHERE a = 'x'                              ORDER BY a            ", false, true],
    ["FOR UPDATE OF", "SELECT a FROM t, u FOR UPDATE OF t, u SKIP LOCKED", "SELECT a FROM t, u FOR UPDATE         SKIP LOCKED", false, true],
    ["FOR NO KEY UPDATE OF", "SELECT a FROM t FOR NO KEY UPDATE OF t", "SELECT a FROM t FOR NO KEY UPDATE     ", false, true],
    ["LIMIT ALL", "SELECT a FROM t LIMIT ALL", "SELECT a FROM t          ", false, true],
    ["ONLY", "SELECT a FROM ONLY t JOIN ONLY u ON true", "SELECT a FROM      t JOIN      u ON true", false, true],
    ["[NOT] MATERIALIZED", "WITH x AS MATERIALIZED (SELECT 1), y AS NOT MATERIALIZED (SELECT 2) SELECT * FROM x, y", "WITH x AS              (SELECT 1), y AS                  (SELECT 2) SELECT * FROM x, y", false, true],
    ["DELETE … USING", "DELETE FROM t USING u, v WHERE t.a = u.a RETURNING t.*", "DELETE FROM t            WHERE t.a = u.a RETURNING t.*", false, true],
    ["RECURSIVE without a column list", "WITH RECURSIVE x AS (SELECT 1) SELECT * FROM x", "WITH           x AS (SELECT 1) SELECT * FROM x", false, true],
    ["SIMILAR TO", "SELECT * FROM t WHERE a SIMILAR TO 'x' AND b NOT SIMILAR TO 'y'", "SELECT * FROM t WHERE a LIKE       'x' AND b NOT LIKE       'y'", false, true],
    ["BETWEEN SYMMETRIC", "SELECT * FROM t WHERE a BETWEEN SYMMETRIC 1 AND 2", "SELECT * FROM t WHERE a BETWEEN           1 AND 2", false, true],
    ["LIKE … ESCAPE", "SELECT * FROM t WHERE a LIKE 'x!%' ESCAPE '!'", "SELECT * FROM t WHERE a LIKE 'x!%'           ", false, true],
    ["TABLESAMPLE", "SELECT * FROM t TABLESAMPLE SYSTEM (10) REPEATABLE (42)", "SELECT * FROM t                                        ", false, true],
    ["ON CONFLICT (…) WHERE", "INSERT INTO t (a) VALUES (1) ON CONFLICT (a) WHERE a > 0 DO NOTHING", "INSERT INTO t (a) VALUES (1) ON CONFLICT (a)             DO NOTHING", false, true],
    ["SELECT … INTO", "SELECT * INTO TEMP TABLE tmp FROM t", "SELECT *                     FROM t", false, true],
    ["column definition list", "SELECT x.* FROM jsonb_to_recordset(a) AS x(a int, b numeric(10, 2))", "SELECT x.* FROM jsonb_to_recordset(a) AS x(a    , b               )", false, true],
    ["trim(both … from …)", "SELECT trim(both ' ' from a), trim(leading from b) FROM t", "SELECT trim(     ' ' ,    a), trim(             b) FROM t", false, true],
    ["array slices", "SELECT a[1:2], a[:2], a[lo:hi][1] FROM t", "SELECT a[1  ], a[ 2], a[lo   ][1] FROM t", false, true],
  ];
  it.each(rows)('%s', (_title, input, expected, inputParses, outputParses) => {
    const output = applyShims(input);
    expectSameShape(input, output);
    expect(output).toBe(expected);
    expect(tryParse(input) !== undefined).toBe(inputParses);
    expect(tryParse(output) !== undefined).toBe(outputParses);
  });

  it.each(rows)('keeps the wildcards of: %s', (_title, input) => {
    expect(scanWildcards(applyShims(input))).toEqual(scanWildcards(input));
  });

  it('keeps the select list of a set operation', () => {
    const [stmt] = tryParse(applyShims('SELECT a, b AS c FROM t EXCEPT SELECT x, y FROM u')) ?? [];
    expect(stmt?.type).toBe('union');
    if (stmt?.type !== 'union') return;
    expect(stmt.left.type === 'select' && stmt.left.columns?.map((c) => c.alias?.name ?? c.expr.type)).toEqual([
      'ref',
      'c',
    ]);
  });

  it('keeps the RETURNING list of DELETE … USING', () => {
    const [stmt] = tryParse(applyShims('DELETE FROM t USING u WHERE t.id = u.id RETURNING t.*, u.name')) ?? [];
    expect(stmt?.type).toBe('delete');
    if (stmt?.type !== 'delete') return;
    expect(stmt.returning?.length).toBe(2);
  });

  it('leaves what pgsql-ast-parser already reads', () => {
    for (const sql of [
      'SELECT * FROM t WHERE a IS TRUE AND b IS NOT FALSE',
      'SELECT a FROM t UNION ALL SELECT a FROM u',
      'SELECT data->>\'k\', data->0 FROM t',
      'SELECT count(*) FILTER (WHERE a) OVER (PARTITION BY b) FROM t',
      'SELECT cube(a, b) FROM t',
      "SELECT E'a\\nb', 'x\\y' FROM t",
      'INSERT INTO t (a) VALUES (DEFAULT)',
      'SELECT a FROM t FOR UPDATE SKIP LOCKED',
      'CREATE MATERIALIZED VIEW v AS SELECT 1',
      'SELECT * FROM t FETCH FIRST 5 ROWS ONLY',
      // `AS` before a keyword that is not a label.
      'CREATE VIEW v AS SELECT a AS b FROM t',
      'CREATE TABLE t2 AS TABLE t',
      'SELECT CAST(a AS date), b AS "user" FROM t',
    ]) {
      expect(applyShims(sql)).toBe(sql);
    }
  });

  it('does not touch strings, quoted identifiers or comments', () => {
    const sql = 'SELECT \'EXCEPT NATURAL\', "INTERSECT" FROM t -- IS DISTINCT FROM\n/* LIMIT ALL */';
    expect(applyShims(sql)).toBe(sql);
  });

  it('leaves an unterminated dollar quote alone', () => {
    expect(applyShims('SELECT $$abc')).toBe('SELECT $$abc');
  });

  it('runs after normalizeSql on CockroachDB text', () => {
    const input = 'SELECT * FROM t@idx AS OF SYSTEM TIME \'-1s\' NATURAL JOIN u WHERE a IS DISTINCT FROM :b';
    const output = applyShims(normalizeSql(input));
    expectSameShape(input, output);
    expect(tryParse(input)).toBeUndefined();
    expect(tryParse(output)).toBeDefined();
  });

  it('still cannot make (x).* or TABLE t parseable (the scanner handles them)', () => {
    expect(tryParse(applyShims('SELECT (u).* FROM users u'))).toBeUndefined();
    expect(tryParse(applyShims('TABLE users'))).toBeUndefined();
  });
});
