import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CatalogBuilder } from '../../src/schema/builder.js';
import { findTable, type Catalog } from '../../src/schema/catalog.js';
import { loadSqlSchema } from '../../src/schema/ddl.js';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/schema');

function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

function load(...files: [name: string, text: string][]): Catalog {
  const builder = new CatalogBuilder();
  for (const [name, text] of files) loadSqlSchema(text, name, builder);
  return builder.build();
}

function loadText(text: string): Catalog {
  return load(['inline.sql', text]);
}

function columns(catalog: Catalog, table: string): string[] | undefined {
  return catalog.tables.get(table)?.columns.map((c) => c.name);
}

function origins(catalog: Catalog, view: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of catalog.tables.get(view)?.columns ?? []) {
    out[c.name] = (c.origins ?? []).map((o) => `${o.table}.${o.column}`);
  }
  return out;
}

function skipped(catalog: Catalog, file = 'inline.sql'): readonly string[] | undefined {
  return catalog.files.find((f) => f.path === file)?.skipped;
}

describe('CockroachDB schema.sql', () => {
  const catalog = load(['schema.sql', fixture('schema.sql')]);

  it('reads every table in order, without indexes, families or constraints', () => {
    expect([...catalog.tables.keys()]).toEqual([
      'users',
      'orders',
      'sessions',
      'auth_log',
      'payment_methods',
      'user_cards',
      'order_summaries',
      'card_holders',
    ]);
    expect(columns(catalog, 'users')).toEqual([
      'id',
      'email',
      'password_hash',
      'display_name',
      'MfaSecret',
      'profile',
      'email_domain',
      'name_lower',
      'created_at',
    ]);
    expect(columns(catalog, 'orders')).toEqual(['id', 'user_id', 'total', 'status', 'tags']);
    expect(columns(catalog, 'sessions')).toEqual(['token', 'user_id', 'expires_at', 'region']);
    expect(columns(catalog, 'auth_log')).toEqual(['id', 'user_id', 'ip_address', 'user_agent', 'logged_at']);
    expect(columns(catalog, 'payment_methods')).toEqual(['id', 'user_id', 'card_number', 'card_last4', 'expires']);
    expect(skipped(catalog, 'schema.sql')).toEqual([]);
  });

  it('keeps types as written and the schema qualifier', () => {
    const users = catalog.tables.get('users');
    expect(users?.schema).toBe('public');
    expect(users?.kind).toBe('table');
    expect(users?.file).toBe('schema.sql');
    expect(users?.columns.map((c) => c.type)).toEqual([
      'UUID',
      'STRING',
      'BYTES',
      'STRING(100)',
      'STRING',
      'JSONB',
      'STRING',
      'STRING',
      'TIMESTAMPTZ',
    ]);
    expect(catalog.tables.get('orders')?.columns.map((c) => c.type)).toEqual([
      'INT8',
      'UUID',
      'DECIMAL(12,2)',
      'STRING',
      'STRING[]',
    ]);
    expect(findTable(catalog, 'users', 'public')?.name).toBe('users');
  });

  it('flags CockroachDB NOT VISIBLE columns as hidden', () => {
    const sessions = catalog.tables.get('sessions')?.columns;
    expect(sessions?.filter((c) => c.hidden).map((c) => c.name)).toEqual(['region']);
    const withView = load(['schema.sql', fixture('schema.sql')], ['v.sql', 'CREATE VIEW s AS SELECT * FROM sessions;']);
    expect(columns(withView, 's')).toEqual(['token', 'user_id', 'expires_at']);
  });

  it('reads COMMENT ON COLUMN … @sensitive as an annotation', () => {
    const expires = catalog.tables.get('payment_methods')?.columns.find((c) => c.name === 'expires');
    expect(expires?.annotation).toBe('sensitive');
    expect(catalog.tables.get('payment_methods')?.columns.filter((c) => c.annotation)).toHaveLength(1);
  });

  it('gives each view column the base columns it projects', () => {
    expect(catalog.tables.get('user_cards')?.kind).toBe('view');
    expect(origins(catalog, 'user_cards')).toEqual({
      user_id: ['users.id'],
      email: ['users.email'],
      card: ['payment_methods.card_number'],
      card_last4: ['payment_methods.card_last4'],
    });
  });

  it('expands o.* with the table columns in order (materialized view)', () => {
    expect(catalog.tables.get('order_summaries')?.kind).toBe('view');
    expect(origins(catalog, 'order_summaries')).toEqual({
      id: ['orders.id'],
      user_id: ['orders.user_id'],
      total: ['orders.total'],
      status: ['orders.status'],
      tags: ['orders.tags'],
      email: ['users.email'],
    });
    expect(columns(catalog, 'order_summaries')).toEqual(['id', 'user_id', 'total', 'status', 'tags', 'email']);
  });

  it('applies a view column list and follows a view to its base table', () => {
    expect(origins(catalog, 'card_holders')).toEqual({
      holder: ['users.email'],
      number: ['payment_methods.card_number'],
    });
  });
});

describe('broken file', () => {
  const catalog = load(['broken.sql', fixture('broken.sql')]);

  it('skips what it cannot read and loads the rest', () => {
    expect([...catalog.tables.keys()]).toEqual(['good_one', 'good_two']);
    expect(columns(catalog, 'good_one')).toEqual(['id', 'name', 'note']);
    expect(columns(catalog, 'good_two')).toEqual(['id', 'secret_token']);
    expect(skipped(catalog, 'broken.sql')).toEqual([
      'line 6: CREATE TABLE: expected a table name',
      'line 8: CREATE VIEW bad_view AS SELEC id: the query does not parse (Syntax error at line 1 col 31:)',
      'line 10: ALTER TABLE missing_table ADD COLUMN x: table missing_table is not defined before this statement',
    ]);
  });
});

describe('migrations', () => {
  const dir = 'migrations';
  const files = ['1_create_accounts.sql', '2_alter_accounts.sql', '10_rename_accounts.sql'];
  const catalog = load(...files.map((f): [string, string] => [`${dir}/${f}`, fixture(`${dir}/${f}`)]));

  it('applies ADD / DROP / RENAME COLUMN and RENAME TO in order, ignoring the Down parts', () => {
    expect(catalog.tables.has('accounts')).toBe(false);
    expect(columns(catalog, 'members')).toEqual(['id', 'username', 'password_hash', 'email', 'api_key']);
    expect(catalog.tables.get('members')?.columns.map((c) => c.type)).toEqual([
      'SERIAL',
      'VARCHAR(64)',
      'TEXT',
      'TEXT',
      'TEXT',
    ]);
    for (const f of files) expect(skipped(catalog, `${dir}/${f}`)).toEqual([]);
  });

  it('reads a view over the renamed table', () => {
    expect(origins(catalog, 'member_logins')).toEqual({
      id: ['members.id'],
      username: ['members.username'],
      key: ['members.api_key'],
    });
  });

  it('understands dbmate and sql-migrate markers', () => {
    const dbmate = loadText(`-- migrate:up
CREATE TABLE a (x INT, y INT);
-- migrate:down
DROP TABLE a;
`);
    expect(columns(dbmate, 'a')).toEqual(['x', 'y']);
    const sqlMigrate = loadText(`-- +migrate Up
CREATE TABLE b (x INT);
ALTER TABLE b ADD y TEXT;
-- +migrate Down
ALTER TABLE b DROP COLUMN y;
`);
    expect(columns(sqlMigrate, 'b')).toEqual(['x', 'y']);
  });
});

describe('CREATE TABLE details', () => {
  it('folds unquoted identifiers and keeps quoted ones', () => {
    const catalog = loadText(`CREATE TABLE Users (Id INT, "Email" TEXT, "we""ird" TEXT, "lower" TEXT);
CREATE TABLE "Accounts" (ID INT);`);
    expect(columns(catalog, 'users')).toEqual(['id', 'Email', 'we"ird', 'lower']);
    expect(columns(catalog, 'Accounts')).toEqual(['id']);
  });

  it('reads tables pgsql-ast-parser would refuse, and a column named index', () => {
    const catalog = loadText(`CREATE TABLE devices (
      id INT8 PRIMARY KEY,
      location GEOGRAPHY(POINT, 4326),
      family STRING,
      index STRING(10),
      INDEX idx (family),
      secret BYTES DEFAULT b'\\x00',
      CONSTRAINT c FOREIGN KEY (id) REFERENCES other (id)
    );`);
    expect(columns(catalog, 'devices')).toEqual(['id', 'location', 'family', 'index', 'secret']);
    expect(catalog.tables.get('devices')?.columns.map((c) => c.type)).toEqual([
      'INT8',
      'GEOGRAPHY(POINT, 4326)',
      'STRING',
      'STRING(10)',
      'BYTES',
    ]);
    expect(skipped(catalog)).toEqual([]);
  });

  it('reads types with several words, arrays and qualifiers', () => {
    const catalog = loadText(`CREATE UNLOGGED TABLE IF NOT EXISTS app.t (
      a timestamp without time zone NOT NULL,
      b double precision,
      c character varying(40) COLLATE "C",
      d INT8 ARRAY,
      e public.mood,
      f int GENERATED BY DEFAULT AS IDENTITY,
      g int GENERATED ALWAYS AS (f * 2) VIRTUAL
    ) WITH (fillfactor = 70);`);
    const table = findTable(catalog, 't', 'app');
    expect(table?.schema).toBe('app');
    expect(table?.columns.map((c) => [c.name, c.type])).toEqual([
      ['a', 'timestamp without time zone'],
      ['b', 'double precision'],
      ['c', 'character varying(40)'],
      ['d', 'INT8 ARRAY'],
      ['e', 'public.mood'],
      ['f', 'int'],
      ['g', 'int'],
    ]);
    // Outside the default schema: under `schema.name`, and under the bare name when unambiguous.
    expect(catalog.tables.get('app.t')).toBe(table);
    expect(catalog.tables.get('t')).toBe(table);
  });

  it('copies columns for LIKE and reads CREATE TABLE … AS with origins', () => {
    const catalog = loadText(`CREATE TABLE base (id INT, token TEXT);
CREATE TABLE copy (LIKE base INCLUDING ALL, extra INT);
CREATE TABLE snapshot AS SELECT id, token AS t FROM base WITH NO DATA;
CREATE TABLE named (a, b) AS SELECT id, token FROM base;`);
    expect(columns(catalog, 'copy')).toEqual(['id', 'token', 'extra']);
    expect(origins(catalog, 'snapshot')).toEqual({ id: ['base.id'], t: ['base.token'] });
    expect(catalog.tables.get('snapshot')?.kind).toBe('table');
    expect(origins(catalog, 'named')).toEqual({ a: ['base.id'], b: ['base.token'] });
  });

  it('gives partitions and inheriting tables their parents\' columns', () => {
    const catalog = loadText(`CREATE TABLE events (id INT, at DATE, payload JSONB) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE audited (id INT, actor TEXT);
CREATE TABLE audited_events (note TEXT, id INT) INHERITS (events, audited);
CREATE TABLE typed OF some_type;`);
    expect(columns(catalog, 'events_2026')).toEqual(['id', 'at', 'payload']);
    expect(columns(catalog, 'audited_events')).toEqual(['id', 'at', 'payload', 'actor', 'note']);
    expect(skipped(catalog)).toEqual(['line 5: CREATE TABLE typed OF some_type: typed tables (OF type) are not read']);
  });

  it('does not split on semicolons in strings, comments, dollar quotes or BEGIN ATOMIC bodies', () => {
    const catalog = loadText(`CREATE TABLE a (x TEXT DEFAULT 'a;b'); -- c;d
/* e; f */ CREATE FUNCTION g() RETURNS INT AS $body$ SELECT 1; $body$ LANGUAGE sql;
CREATE FUNCTION h() RETURNS INT LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END;
CREATE TABLE b (y INT)`);
    expect([...catalog.tables.keys()]).toEqual(['a', 'b']);
    expect(skipped(catalog)).toEqual([]);
  });

  it('skips COPY … FROM stdin data (pg_dump)', () => {
    const catalog = loadText(`CREATE TABLE a (x TEXT);
COPY a (x) FROM stdin;
it's; not SQL
\\.
CREATE TABLE b (y INT);`);
    expect([...catalog.tables.keys()]).toEqual(['a', 'b']);
  });

  it('ignores statements that do not shape tables', () => {
    const catalog = loadText(`SET search_path = public;
CREATE SCHEMA app;
CREATE TYPE mood AS ENUM ('a', 'b');
CREATE INDEX ON t (x);
INSERT INTO t VALUES (1);
GRANT SELECT ON t TO reader;`);
    expect(catalog.tables.size).toBe(0);
    expect(skipped(catalog)).toEqual([]);
  });
});

describe('ALTER and DROP', () => {
  it('applies several comma-separated actions and IF [NOT] EXISTS', () => {
    const catalog = loadText(`CREATE TABLE t (a INT, b INT, c INT);
ALTER TABLE ONLY t ADD COLUMN d TEXT, DROP COLUMN b, RENAME c TO c2, ADD CONSTRAINT pk PRIMARY KEY (a);
ALTER TABLE t ADD COLUMN IF NOT EXISTS a TEXT, DROP COLUMN IF EXISTS nope, ALTER COLUMN d SET DATA TYPE VARCHAR(9);
ALTER TABLE IF EXISTS missing ADD COLUMN x INT;`);
    expect(catalog.tables.get('t')?.columns.map((c) => [c.name, c.type])).toEqual([
      ['a', 'INT'],
      ['c2', 'INT'],
      ['d', 'VARCHAR(9)'],
    ]);
    expect(skipped(catalog)).toEqual([]);
  });

  it('notes a column that is not there', () => {
    const catalog = loadText(`CREATE TABLE t (a INT);
ALTER TABLE t DROP COLUMN zz;
ALTER TABLE t RENAME COLUMN yy TO y;`);
    expect(skipped(catalog)).toEqual([
      'line 2: ALTER TABLE t DROP COLUMN zz: DROP COLUMN zz: no such column',
      'line 3: ALTER TABLE t RENAME COLUMN yy: RENAME COLUMN yy: no such column',
    ]);
  });

  it('renames into and out of schemas, and drops tables and views', () => {
    const catalog = loadText(`CREATE TABLE billing.acc (id INT);
ALTER TABLE billing.acc RENAME TO accounts;
CREATE TABLE x (id INT);
CREATE VIEW v AS SELECT id FROM x;
DROP VIEW IF EXISTS v;
DROP TABLE x, nope CASCADE;
CREATE TABLE y (id INT);
ALTER TABLE y SET SCHEMA archive;`);
    expect([...catalog.tables.keys()]).toEqual(['billing.accounts', 'archive.y', 'accounts', 'y']);
    expect(findTable(catalog, 'accounts', 'billing')?.schema).toBe('billing');
  });
});

describe('views', () => {
  const base = `CREATE TABLE users (id INT, email TEXT, password_hash TEXT);
CREATE TABLE cards (id INT, user_id INT, card_number TEXT);
`;

  it('merges UNION branches by position', () => {
    const catalog = loadText(`${base}CREATE VIEW contacts AS
      SELECT id, email FROM users UNION ALL SELECT user_id, card_number FROM cards;`);
    expect(origins(catalog, 'contacts')).toEqual({
      id: ['users.id', 'cards.user_id'],
      email: ['users.email', 'cards.card_number'],
    });
  });

  it('puts whole-row values into the origins of their column, minus removed keys', () => {
    const catalog = loadText(`${base}CREATE VIEW docs AS
      SELECT u.id, to_jsonb(u) - 'password_hash' AS doc, row_to_json(c) AS card
      FROM users u JOIN cards c ON c.user_id = u.id;`);
    expect(origins(catalog, 'docs')).toEqual({
      id: ['users.id'],
      doc: ['users.id', 'users.email'],
      card: ['cards.id', 'cards.user_id', 'cards.card_number'],
    });
  });

  it('expands stars over tables and CTEs in select-list order', () => {
    const catalog = loadText(`${base}CREATE VIEW mix AS
      WITH c AS (SELECT card_number FROM cards) SELECT u.email, *, u.id AS again FROM users u, c;
CREATE VIEW passthrough AS WITH x AS (SELECT * FROM users) SELECT x.* FROM x;`);
    expect(columns(catalog, 'mix')).toEqual(['email', 'id', 'email', 'password_hash', 'card_number', 'again']);
    expect(origins(catalog, 'mix')['card_number']).toEqual(['cards.card_number']);
    expect(origins(catalog, 'passthrough')).toEqual({
      id: ['users.id'],
      email: ['users.email'],
      password_hash: ['users.password_hash'],
    });
  });

  it('resolves an unqualified column with the schema when several tables could hold it', () => {
    const catalog = loadText(`${base}CREATE VIEW v AS SELECT email, card_number FROM users, cards;`);
    expect(origins(catalog, 'v')).toEqual({ email: ['users.email'], card_number: ['cards.card_number'] });
  });

  it('notes a star over a table it does not know, and keeps the rest', () => {
    const catalog = loadText(`${base}CREATE VIEW v AS SELECT u.id, m.* FROM users u, mystery m;`);
    expect(origins(catalog, 'v')).toEqual({ id: ['users.id'] });
    expect(skipped(catalog)).toEqual([
      'line 3: CREATE VIEW v AS SELECT u: columns of mystery are unknown (not defined before this statement)',
    ]);
  });

  it('reads CockroachDB-only query syntax and what pgsql-ast-parser needs shims for', () => {
    const catalog = loadText(`${base}CREATE VIEW recent AS
      SELECT u.id, u.email FROM users@{FORCE_INDEX=primary} AS u AS OF SYSTEM TIME '-10s';
CREATE VIEW diff AS SELECT id, email FROM users EXCEPT SELECT user_id, card_number FROM cards;`);
    expect(origins(catalog, 'recent')).toEqual({ id: ['users.id'], email: ['users.email'] });
    expect(origins(catalog, 'diff')).toEqual({
      id: ['users.id', 'cards.user_id'],
      email: ['users.email', 'cards.card_number'],
    });
    expect(skipped(catalog)).toEqual([]);
  });

  it('reads CockroachDB type annotations and view options', () => {
    const catalog = loadText(`${base}CREATE VIEW IF NOT EXISTS v WITH (security_barrier) AS
      SELECT id, email, now():::TIMESTAMPTZ AS at FROM users WITH CASCADED CHECK OPTION;`);
    expect(origins(catalog, 'v')).toEqual({ id: ['users.id'], email: ['users.email'], at: [] });
  });
});

describe('robustness', () => {
  it('never throws, whatever the text', () => {
    const words = fc.constantFrom(
      'CREATE', 'TABLE', 'VIEW', 'ALTER', 'DROP', 'ADD', 'COLUMN', 'RENAME', 'TO', 'AS', 'SELECT', '*', 'FROM',
      '(', ')', ',', ';', '.', 't', 'u', '"Q"', "'s", '$$', '--', '/*', 'INDEX', 'FAMILY', 'COPY', 'STDIN',
      'BEGIN', 'ATOMIC', 'END', 'LIKE', 'COMMENT', 'ON', 'IS', '\n',
    );
    fc.assert(
      fc.property(fc.array(words, { maxLength: 40 }), (parts) => {
        const builder = new CatalogBuilder();
        loadSqlSchema(parts.join(' '), 'fuzz.sql', builder);
        builder.build();
      }),
      { numRuns: 300 },
    );
  });

  it('survives unterminated strings and comments', () => {
    expect(() => loadText("CREATE TABLE a (x TEXT DEFAULT 'oops);\nCREATE TABLE b (y INT);")).not.toThrow();
    expect(() => loadText('CREATE TABLE a (x INT /* never closed')).not.toThrow();
    expect(columns(loadText('CREATE TABLE a (x INT, y INT'), 'a')).toBeUndefined();
  });
});
