import fc from 'fast-check';
import { parse } from 'pgsql-ast-parser';
import { describe, expect, it } from 'vitest';
import { shapeOfStatement } from '../../src/sql/shape.js';
import { simpleShape } from '../../src/sql/simple.js';

/** The fast path must give exactly what the parser-based shape gives, whenever it answers. */
function same(sql: string): void {
  const fast = simpleShape(sql);
  expect(fast, sql).toBeDefined();
  const [statement] = parse(sql, { locationTracking: true });
  expect(fast).toEqual(shapeOfStatement(statement as never, sql));
}

describe('simpleShape', () => {
  it.each([
    'SELECT * FROM users',
    'select * from users where id = $1',
    'SELECT id, email FROM users WHERE id = $1 ORDER BY created_at DESC LIMIT 10',
    'SELECT DISTINCT u.id, u.email AS e FROM users u',
    'SELECT u.*, o.total FROM users u JOIN orders o ON o.user_id = u.id',
    'SELECT u.*, o.total FROM users AS u LEFT OUTER JOIN orders AS o ON (o.user_id = u.id AND o.x IN (SELECT 1)) WHERE u.id = $1',
    'SELECT id, token FROM users u, sessions s WHERE s.user_id = u.id',
    'SELECT * FROM users u JOIN orders o USING (id)',
    'SELECT s.users.* FROM s.users',
    'SELECT "User".*, "Email" FROM "User"',
    'SELECT password_hash ph FROM users',
    'SELECT x.* FROM users',
    'SELECT id FROM users WHERE EXISTS (SELECT * FROM orders WHERE orders.user_id = users.id) FOR UPDATE',
    'SELECT id, name FROM users GROUP BY id, name HAVING count(*) > 1;',
    'SELECT count(*) FROM users',
    'SELECT count(DISTINCT u.id) AS n, max(o.total) latest FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id',
    'SELECT u FROM users u',
    'SELECT to_jsonb(u), json_agg(u.*) AS j FROM users AS u',
    'SELECT row_to_json(s) FROM sessions s',
    'SELECT * FROM (SELECT id FROM users) s',
    'SELECT s.* FROM (SELECT id, password_hash AS ph FROM users) AS s',
    'SELECT lower(email), coalesce(api_key, \'\') AS k, upper(name::text) FROM users',
    'SELECT id::text AS i, 1, 2.5, \'x\', $1, true, null FROM users',
    'SELECT row_number() OVER (PARTITION BY region ORDER BY id) AS rn FROM users',
    'WITH r AS (SELECT id, email FROM users WHERE id = $1) SELECT r.id, count(*) AS n FROM r GROUP BY r.id',
    'WITH a AS (SELECT * FROM users), b AS (SELECT a.id FROM a) SELECT * FROM b JOIN a ON a.id = b.id',
    'WITH "R" AS (SELECT token FROM sessions) SELECT "R".token FROM "R"',
    'SELECT x.id FROM (WITH y AS (SELECT id FROM users) SELECT y.id FROM y) x',
    'SELECT s.t.c, s.t.* FROM s.t',
    'SELECT * FROM users u JOIN (SELECT user_id, token FROM sessions) s ON s.user_id = u.id WHERE u.id = $1;',
  ])('agrees with the parser: %s', (sql) => same(sql));

  it.each([
    'SELECT a FROM t UNION SELECT b FROM u',
    'WITH x AS (SELECT 1) SELECT * FROM x',
    'WITH RECURSIVE x AS (SELECT id FROM t) SELECT * FROM x',
    'WITH x(a) AS (SELECT id FROM t) SELECT * FROM x',
    'WITH x AS (SELECT id FROM t) DELETE FROM t',
    'SELECT * FROM generate_series(1, 3)',
    'SELECT DISTINCT ON (id) * FROM users',
    'SELECT id FROM users; SELECT 1',
    'SELECT id FROM users u NATURAL JOIN orders',
    'SELECT * FROM users u JOIN LATERAL (SELECT 1) x ON true',
    'SELECT * FROM (SELECT id FROM users)',
    'SELECT * FROM (SELECT id FROM users) s(a)',
    'SELECT id INTO t2 FROM users',
    'SELECT a + b FROM t',
    'SELECT (a) FROM t',
    'SELECT a::double precision FROM t',
    'SELECT a::varchar(10) FROM t',
    'SELECT extract(epoch FROM a) FROM t',
    'SELECT count(*) FILTER (WHERE a) FROM t',
    'SELECT string_agg(a, \',\' ORDER BY a) FROM t',
    'SELECT pg_catalog.lower(a) FROM t',
    'SELECT date \'2020-01-01\' FROM t',
    'SELECT (SELECT 1) FROM t',
    'SELECT CASE WHEN a THEN b END FROM t',
    'SELECT E\'x\' FROM t',
    'SELECT \u00c4 FROM t',
  ])('leaves the rest to the parser: %s', (sql) => {
    expect(simpleShape(sql)).toBeUndefined();
  });

  it('agrees with the parser on generated simple statements', () => {
    const name = fc.constantFrom('id', 'email', 'password_hash', 'total', '"Name"', 'created_at', 'x1');
    const table = fc.constantFrom('users', 'orders', 'public.users', '"User"', 'sessions');
    const alias = fc.option(fc.constantFrom('u', 'o', 's', 't1'), { nil: undefined });
    const item = fc.oneof(
      fc.constant('*'),
      name,
      fc.tuple(fc.constantFrom('u', 'o', 's'), name).map(([q, n]) => `${q}.${n}`),
      fc.constantFrom('u', 'o').map((q) => `${q}.*`),
      fc.tuple(name, fc.constantFrom('a', 'b_2')).map(([n, a]) => `${n} AS ${a}`),
    );
    const from = fc.tuple(table, alias).map(([t, a]) => (a ? `${t} ${a}` : t));
    const join = fc.tuple(fc.constantFrom('JOIN', 'LEFT JOIN', 'INNER JOIN', ','), table, alias).map(([j, t, a]) =>
      j === ',' ? `, ${t}${a ? ` ${a}` : ''}` : ` ${j} ${t}${a ? ` ${a}` : ''} ON true`,
    );
    const tail = fc.constantFrom('', ' WHERE id = $1', ' ORDER BY 1 LIMIT 5', ' WHERE a IN (SELECT b FROM c)');
    const statement = fc
      .tuple(fc.array(item, { minLength: 1, maxLength: 4 }), from, fc.array(join, { maxLength: 2 }), tail)
      .map(([items, f, joins, t]) => `SELECT ${items.join(', ')} FROM ${f}${joins.join('')}${t}`);
    let compared = 0;
    fc.assert(
      fc.property(statement, (sql) => {
        const fast = simpleShape(sql);
        let statements;
        try {
          statements = parse(sql, { locationTracking: true });
        } catch {
          return; // Not valid for the parser either: nothing to compare.
        }
        expect(fast, sql).toBeDefined();
        compared++;
        expect(fast).toEqual(shapeOfStatement(statements[0] as never, sql));
      }),
      { numRuns: 500, seed: 7 },
    );
    expect(compared).toBeGreaterThan(300);
  });

  it('agrees with the parser on generated statements with CTEs, derived tables, calls and casts', () => {
    const name = fc.constantFrom('id', 'email', 'password_hash', 'token', '"Name"', 'total', 'u', 's', 'name', 'status');
    const qualifier = fc.constantFrom('u', 's', 'r', 'x', 'users', 'public.users');
    const fn = fc.constantFrom('count', 'max', 'lower', 'coalesce', 'to_jsonb', 'row_to_json', 'json_agg', 'md5', 'length', 'now', 'COUNT', 'array_agg', 'nullif');
    const leaf = fc.oneof(
      name,
      fc.tuple(qualifier, name).map(([q, n]) => `${q}.${n}`),
      fc.constantFrom('1', '2.5', "'x'", '$1', 'true', 'null'),
    );
    const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.tuple(fn, fc.array(tie('e') as fc.Arbitrary<string>, { maxLength: 2 }), fc.boolean()).map(
          ([f, args, distinct]) => `${f}(${distinct && args.length > 0 ? 'DISTINCT ' : ''}${args.join(', ')})`,
        ),
        fn.map((f) => `${f}(*)`),
        fc.constantFrom('u', 's', 'r').map((q) => `to_jsonb(${q}.*)`),
        fc.tuple(tie('e') as fc.Arbitrary<string>, fc.constantFrom('text', 'int', 'jsonb')).map(([e, t]) => `${e}::${t}`),
        fc.constantFrom('row_number() OVER (ORDER BY id)', 'sum(total) OVER (PARTITION BY u.id)'),
      ),
    })).e;
    const item = fc.oneof(
      fc.constant('*'),
      qualifier.map((q) => `${q}.*`),
      expr,
      fc.tuple(expr, fc.constantFrom('a', 'ph', '"Tok"'), fc.boolean()).map(([e, a, as]) => `${e}${as ? ' AS' : ''} ${a}`),
    );
    const select = (from: fc.Arbitrary<string>): fc.Arbitrary<string> =>
      fc
        .tuple(fc.array(item, { minLength: 1, maxLength: 3 }), from, fc.constantFrom('', ' WHERE id = $1', ' GROUP BY 1 ORDER BY 2 DESC LIMIT 3'))
        .map(([items, f, tail]) => `SELECT ${items.join(', ')} FROM ${f}${tail}`);
    const table = fc.tuple(fc.constantFrom('users', 'sessions', 'public.users', 'r', 'x'), fc.constantFrom('', ' u', ' AS s', ' x'));
    const simpleFrom = table.map(([t, a]) => `${t}${a}`);
    const derived = fc.tuple(select(simpleFrom), fc.constantFrom('x', 's', 'u')).map(([q, a]) => `(${q}) ${a}`);
    const fromItem = fc.oneof(simpleFrom, derived);
    const from = fc
      .tuple(fromItem, fc.array(fc.tuple(fc.constantFrom(', ', ' JOIN ', ' LEFT JOIN '), fromItem), { maxLength: 2 }))
      .map(([first, rest]) => first + rest.map(([j, f]) => (j === ', ' ? `, ${f}` : `${j}${f} ON true`)).join(''));
    const cte = fc.tuple(fc.constantFrom('r', 'x', 'users'), select(simpleFrom)).map(([n, q]) => `${n} AS (${q})`);
    const statement = fc
      .tuple(fc.array(cte, { maxLength: 2 }), select(from))
      .map(([ctes, q]) => (ctes.length > 0 ? `WITH ${ctes.join(', ')} ${q}` : q));
    let compared = 0;
    let accepted = 0;
    fc.assert(
      fc.property(statement, (sql) => {
        const fast = simpleShape(sql);
        if (fast) accepted++;
        let statements;
        try {
          statements = parse(sql, { locationTracking: true });
        } catch {
          // Not valid for the parser: the fast path may still read it (it skips clauses it does
          // not need), but must not invent a result the parser could disagree with.
          return;
        }
        if (!fast) return;
        compared++;
        expect(fast, sql).toEqual(shapeOfStatement(statements[0] as never, sql));
      }),
      { numRuns: 1000, seed: 11 },
    );
    expect(compared).toBeGreaterThan(800);
    expect(accepted).toBeGreaterThan(compared * 0.9);
  });
});
