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
  ])('agrees with the parser: %s', (sql) => same(sql));

  it.each([
    'SELECT count(*) FROM users',
    'SELECT u FROM users u',
    'SELECT a FROM t UNION SELECT b FROM u',
    'WITH x AS (SELECT 1) SELECT * FROM x',
    'SELECT * FROM (SELECT id FROM users) s',
    'SELECT * FROM generate_series(1, 3)',
    'SELECT DISTINCT ON (id) * FROM users',
    'SELECT id FROM users; SELECT 1',
    'SELECT lower(email) FROM users',
    'SELECT id FROM users u NATURAL JOIN orders',
    'SELECT * FROM users u JOIN LATERAL (SELECT 1) x ON true',
    'SELECT id INTO t2 FROM users',
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
});
