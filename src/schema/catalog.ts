/**
 * The offline knowledge of the database: tables, views and their columns, read from SQL DDL /
 * migrations and `schema.prisma`. Names are stored as the database sees them (unquoted
 * identifiers folded to lower case, quoted ones kept).
 */

/** A sensitivity annotation written next to the column (`/// @sensitive`, `/// @safe` in Prisma). */
export type ColumnAnnotation = 'sensitive' | 'safe';

export interface CatalogColumn {
  /** Database column name. */
  readonly name: string;
  /** The name the ORM uses when it differs (Prisma field name of a `@map`ped column). */
  readonly fieldName?: string;
  /** Type as written (`STRING`, `text`, `INT8`, `String?`), for display only. */
  readonly type?: string;
  readonly annotation?: ColumnAnnotation;
  /** For view columns: the base columns it projects (a view inherits their sensitivity). */
  readonly origins?: readonly { readonly table: string; readonly column: string }[];
  /** CockroachDB `NOT VISIBLE` (hidden) column: readable by name, but not part of `SELECT *`. */
  readonly hidden?: boolean;
  /** True for Prisma relation fields (not database columns). */
  readonly relation?: { readonly model: string; readonly list: boolean };
}

export interface CatalogTable {
  /** Database name (`@@map` applied for Prisma). */
  readonly name: string;
  readonly schema?: string;
  /** Prisma model name, when the table comes from `schema.prisma`. */
  readonly modelName?: string;
  readonly kind: 'table' | 'view';
  /** Columns in declaration order (relation fields of Prisma models included, flagged). */
  readonly columns: readonly CatalogColumn[];
  /** Where it was read from, for messages. */
  readonly file: string;
}

export interface Catalog {
  /** Look up by table/view name (case-sensitive as stored; callers fold unquoted names). */
  readonly tables: ReadonlyMap<string, CatalogTable>;
  /** Look up a Prisma model (or any ORM model name known) → table. */
  readonly models: ReadonlyMap<string, CatalogTable>;
  /** Files read, with what could not be read in them (for diagnostics, never thrown). */
  readonly files: readonly { readonly path: string; readonly skipped: readonly string[] }[];
}

export const EMPTY_CATALOG: Catalog = {
  tables: new Map(),
  models: new Map(),
  files: [],
};

/** Finds a table by name, with or without schema qualifier. */
export function findTable(catalog: Catalog, name: string, schema?: string): CatalogTable | undefined {
  if (schema !== undefined) {
    const qualified = catalog.tables.get(`${schema}.${name}`);
    if (qualified) return qualified;
  }
  return catalog.tables.get(name);
}
