import { parse } from 'pgsql-ast-parser';
import { describe, expect, it } from 'vitest';
import type { QueryShape, WildcardSource } from '../../src/sql/query-shape.js';
import { shapeOfStatement } from '../../src/sql/shape.js';

function shape(sql: string): QueryShape {
  const [statement] = parse(sql, { locationTracking: true });
  if (!statement) throw new Error('no statement');
  return shapeOfStatement(statement);
}

function stars(sql: string): string[] {
  const s = shape(sql);
  return s.wildcards.map((w) => `${w.form}:${sql.slice(w.range.start, w.range.end)}`);
}

function describeSource(source: WildcardSource): string {
  if (source.kind === 'table') return `table ${source.relation.name}`;
  if (source.kind === 'function') return `function ${source.name}`;
  return `derived ${source.name}${source.columns ? '' : `(${source.inner.map(describeSource).join(',')})`}`;
}

function origins(sql: string): string[] {
  return shape(sql).columns.map(
    (c) =>
      `${c.name ?? '?'}:${c.flow}:${c.origins
        .map((o) => `${o.relation?.name ?? `{${(o.candidates ?? []).map((r) => r.name).join('|')}}`}.${o.column}`)
        .join('+')}`,
  );
}

describe('shapeOfStatement: result wildcards', () => {
  it.each([
    ['SELECT * FROM users', ['star:*']],
    ['select u.* from users u', ['qualified-star:u.*']],
    ['SELECT u.*, o.id FROM users u JOIN orders o ON o.user_id = u.id', ['qualified-star:u.*']],
    ['SELECT s.users.* FROM s.users', ['qualified-star:s.users.*']],
    ['INSERT INTO users (email) VALUES ($1) RETURNING *', ['returning-star:*']],
    ['UPDATE users SET email = $1 WHERE id = $2 RETURNING *', ['returning-star:*']],
    ['DELETE FROM sessions WHERE id = $1 RETURNING *', ['returning-star:*']],
    ['SELECT row_to_json(u) FROM users u', ['row-function:row_to_json(u)']],
    ['SELECT to_jsonb(u.*) AS j FROM users u', ['row-function:to_jsonb(u.*)']],
    ['SELECT json_agg(o) FROM orders o', ['row-function:json_agg(o)']],
    ['SELECT coalesce(json_agg(o), \'[]\') FROM orders o', ['row-function:json_agg(o)']],
    ['SELECT u.id, (SELECT json_agg(o) FROM orders o WHERE o.user_id = u.id) AS orders FROM users u', ['row-function:json_agg(o)']],
    ['SELECT a FROM t UNION SELECT * FROM u', ['star:*']],
    ['WITH x AS (SELECT * FROM users) SELECT * FROM x', ['star:*']],
    ['WITH x AS (SELECT * FROM users) SELECT x.* FROM x', ['qualified-star:x.*']],
    ['SELECT * FROM (SELECT * FROM users) s', ['star:*']],
    ['WITH d AS (DELETE FROM users WHERE id = $1 RETURNING *) SELECT * FROM d', ['star:*']],
  ])('%s', (sql, expected) => {
    expect(stars(sql)).toEqual(expected);
  });

  it.each([
    'SELECT count(*) FROM users',
    'SELECT id FROM users WHERE EXISTS (SELECT * FROM orders WHERE orders.user_id = users.id)',
    'SELECT id FROM users WHERE id IN (SELECT * FROM banned)',
    'WITH x AS (SELECT * FROM t) SELECT x.a FROM x',
    'SELECT * FROM (SELECT a, b FROM t) s',
    'WITH x AS (SELECT id, name FROM users) SELECT * FROM x',
    'SELECT * FROM generate_series(1, 3) AS g(n)',
    'SELECT 2 * 3',
    'SELECT count(*) * 2 FROM t',
    'INSERT INTO users (email) VALUES ($1) RETURNING id',
    'SELECT id, email FROM users',
  ])('no result wildcard: %s', (sql) => {
    expect(stars(sql)).toEqual([]);
  });

  it('lists the sources each wildcard expands to', () => {
    const s = shape('SELECT * FROM users u JOIN orders o ON o.user_id = u.id');
    expect(s.wildcards[0]?.sources.map(describeSource)).toEqual(['table users', 'table orders']);
    const cte = shape('WITH x AS (SELECT * FROM users) SELECT * FROM x');
    expect(cte.wildcards[0]?.sources.map(describeSource)).toEqual(['derived x(table users)']);
  });

  it('keeps the projection list with every item range for edits', () => {
    const sql = 'SELECT u.*, o.id AS oid FROM users u JOIN orders o ON o.user_id = u.id';
    const w = shape(sql).wildcards[0];
    expect(w?.list?.items.map((r) => sql.slice(r.start, r.end))).toEqual(['u.*', 'o.id AS oid']);
  });

  it('records keys removed from whole-row JSON', () => {
    const w = shape("SELECT to_jsonb(u) - 'password_hash' - 'totp_secret' FROM users u").wildcards[0];
    expect(w?.omitted).toEqual(['totp_secret', 'password_hash']);
  });
});

describe('shapeOfStatement: column origins', () => {
  it.each([
    ['SELECT id, password_hash AS ph FROM users', ['id:direct:users.id', 'ph:direct:users.password_hash']],
    ['SELECT u.id, s.token FROM users u JOIN sessions s ON s.user_id = u.id', ['id:direct:users.id', 'token:direct:sessions.token']],
    ["SELECT coalesce(u.api_key, '') AS k FROM users u", ['k:carried:users.api_key']],
    ['SELECT lower(email) FROM users', ['lower:carried:users.email']],
    ['SELECT password_hash IS NOT NULL AS has_password FROM users', ['has_password:derived:']],
    ['SELECT count(email) FROM users', ['count:derived:']],
    ['SELECT email = $1 AS same FROM users', ['same:derived:']],
    ['SELECT id, token FROM users u JOIN sessions s ON s.user_id = u.id', ['id:direct:{users|sessions}.id', 'token:direct:{users|sessions}.token']],
    ['WITH x AS (SELECT password_hash AS p FROM users) SELECT p FROM x', ['p:direct:users.password_hash']],
    ['SELECT s.p FROM (SELECT password_hash AS p FROM users) s', ['p:direct:users.password_hash']],
    ['WITH x AS (SELECT * FROM users) SELECT x.email FROM x', ['email:direct:users.email']],
    ['SELECT CASE WHEN u.active THEN u.email ELSE NULL END AS e FROM users u', ['e:carried:users.email']],
    ["SELECT data->>'ssn' AS ssn FROM people", ['ssn:carried:people.data']],
    ['SELECT u.id FROM users u WHERE u.password_hash = $1 ORDER BY u.email', ['id:direct:users.id']],
    ['UPDATE users SET email = $1 RETURNING id, email', ['id:direct:users.id', 'email:direct:users.email']],
  ])('%s', (sql, expected) => {
    expect(origins(sql)).toEqual(expected);
  });

  it('expands a star over a CTE with explicit columns into those columns', () => {
    expect(origins('WITH x AS (SELECT id, password_hash FROM users) SELECT * FROM x')).toEqual([
      'id:direct:users.id',
      'password_hash:direct:users.password_hash',
    ]);
  });

  it('collects the relations a statement touches', () => {
    const s = shape('WITH x AS (SELECT id FROM users) SELECT * FROM x JOIN orders o ON o.user_id = x.id');
    expect(s.relations.map((r) => r.name)).toEqual(['users', 'orders']);
  });
});
