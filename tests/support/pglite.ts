/**
 * An embedded PostgreSQL (PGlite) with the test app's schema loaded, to run the SQL that
 * suggestions produce. The schema is written for CockroachDB; the few parts PostgreSQL lacks are
 * mapped here: STRING/BYTES types (as domains), unique_rowid(), inline INDEX and FAMILY items.
 */
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';

const PRELUDE = `
CREATE DOMAIN string AS text;
CREATE DOMAIN bytes AS bytea;
CREATE SEQUENCE crdb_rowid;
CREATE FUNCTION unique_rowid() RETURNS int8 LANGUAGE sql AS 'SELECT nextval(''crdb_rowid'')';
`;

/** Drops CockroachDB-only table items (one per line in our fixtures) and fixes the commas. */
export function cockroachToPostgres(ddl: string): string {
  const kept = ddl
    .split('\n')
    .filter((line) => !/^\s*(?:UNIQUE\s+|INVERTED\s+)?INDEX\b/i.test(line) && !/^\s*FAMILY\b/i.test(line));
  return kept.join('\n').replace(/,(\s*\n\s*\);)/g, '$1');
}

export async function startDatabase(schemaFile: string): Promise<PGlite> {
  const db = new PGlite();
  await db.exec(PRELUDE);
  await db.exec(cockroachToPostgres(readFileSync(schemaFile, 'utf8')));
  return db;
}

export interface Execution {
  readonly fields: readonly string[];
}

/**
 * Describes and runs `sql` with every parameter bound to a NULL of the type PostgreSQL infers,
 * inside a transaction that is rolled back. A NOT NULL or other integrity violation caused by the
 * NULL parameters (SQLSTATE class 23) still proves the statement runs.
 */
export async function execute(db: PGlite, sql: string): Promise<Execution> {
  const described = await db.describeQuery(sql);
  const params = described.queryParams.map(() => null);
  await db.exec('BEGIN');
  try {
    await db.query(sql, params);
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (!code.startsWith('23')) throw error;
  } finally {
    await db.exec('ROLLBACK');
  }
  return { fields: described.resultFields.map((f) => f.name) };
}
