/**
 * Mutable state the schema loaders write into, in file order: tables and views are created,
 * altered, renamed and dropped as the DDL says, then `build()` freezes the result into a
 * `Catalog`. Never throws on unknown names: the mutators return `false` and the caller decides
 * whether that is worth a `skip` note.
 */
import type { Catalog, CatalogColumn, CatalogTable } from './catalog.js';

/** A table as a statement names it: `users`, `public.users`, `billing.accounts`. */
export interface TableRef {
  readonly name: string;
  readonly schema?: string | undefined;
}

export interface TableInit extends TableRef {
  readonly kind?: 'table' | 'view';
  readonly modelName?: string;
  readonly columns: readonly CatalogColumn[];
  readonly file: string;
}

interface MutableTable {
  name: string;
  schema: string | undefined;
  modelName: string | undefined;
  kind: 'table' | 'view';
  columns: CatalogColumn[];
  file: string;
}

/** The default search path: `public.users` and `users` are the same table. */
function keyOf(name: string, schema: string | undefined): string {
  return schema === undefined || schema === 'public' ? name : `${schema}.${name}`;
}

export class CatalogBuilder {
  private readonly tables = new Map<string, MutableTable>();
  private readonly files = new Map<string, string[]>();

  /** Registers a file as read (so it is listed in `Catalog.files` even with nothing skipped). */
  noteFile(file: string): void {
    if (!this.files.has(file)) this.files.set(file, []);
  }

  /** Records a statement (or block) of `file` that could not be read. */
  skip(file: string, description: string): void {
    const list = this.files.get(file);
    if (list) list.push(description);
    else this.files.set(file, [description]);
  }

  /**
   * Creates a table or view, replacing one of the same name (`CREATE OR REPLACE`, a later file),
   * except that SQL DDL never replaces a Prisma model: `schema.prisma` is the declared state (its
   * migrations are generated from it) and carries field names and annotations. Returns whether
   * the definition was applied.
   */
  addTable(init: TableInit): boolean {
    const table: MutableTable = {
      name: init.name,
      schema: init.schema,
      modelName: init.modelName,
      kind: init.kind ?? 'table',
      columns: [...init.columns],
      file: init.file,
    };
    const key = keyOf(init.name, init.schema);
    if (init.modelName === undefined && this.tables.get(key)?.modelName !== undefined) return false;
    // Re-insert so that iteration order follows the latest definition.
    this.tables.delete(key);
    this.tables.set(key, table);
    return true;
  }

  addView(init: Omit<TableInit, 'kind'>): boolean {
    return this.addTable({ ...init, kind: 'view' });
  }

  /** The table or view `ref` names, as it stands now (a snapshot). */
  getTable(ref: TableRef): CatalogTable | undefined {
    const table = this.find(ref);
    return table ? freeze(table) : undefined;
  }

  /** Columns of `ref` in order, or undefined when the table is unknown. */
  columnsOf(ref: TableRef): readonly CatalogColumn[] | undefined {
    return this.find(ref)?.columns.slice();
  }

  hasTable(ref: TableRef): boolean {
    return this.find(ref) !== undefined;
  }

  /** `ALTER TABLE ref RENAME TO to` (and `SET SCHEMA`, with `to.schema`). Prisma models stay. */
  renameTable(ref: TableRef, to: TableRef): boolean {
    const table = this.find(ref);
    if (!table || table.modelName !== undefined) return false;
    this.tables.delete(keyOf(table.name, table.schema));
    table.name = to.name;
    table.schema = to.schema;
    this.tables.delete(keyOf(table.name, table.schema));
    this.tables.set(keyOf(table.name, table.schema), table);
    return true;
  }

  /** `DROP TABLE`; Prisma models stay (see `addTable`). */
  dropTable(ref: TableRef): boolean {
    const table = this.find(ref);
    if (!table || table.modelName !== undefined) return false;
    this.tables.delete(keyOf(table.name, table.schema));
    return true;
  }

  /**
   * Appends a column. A column of that name already there is kept as it is (`IF NOT EXISTS`, or a
   * Prisma migration adding a field `schema.prisma` already declares).
   */
  addColumn(ref: TableRef, column: CatalogColumn): boolean {
    const table = this.find(ref);
    if (!table) return false;
    if (!table.columns.some((c) => c.name === column.name)) table.columns.push(column);
    return true;
  }

  dropColumn(ref: TableRef, column: string): boolean {
    const table = this.find(ref);
    if (!table) return false;
    const index = table.columns.findIndex((c) => c.name === column);
    if (index < 0) return false;
    table.columns.splice(index, 1);
    return true;
  }

  renameColumn(ref: TableRef, from: string, to: string): boolean {
    return this.updateColumn(ref, from, { name: to });
  }

  /** Changes some properties of a column (type, annotation, name). */
  updateColumn(ref: TableRef, column: string, patch: Partial<CatalogColumn>): boolean {
    const table = this.find(ref);
    if (!table) return false;
    const index = table.columns.findIndex((c) => c.name === column);
    const current = table.columns[index];
    if (current === undefined) return false;
    table.columns[index] = { ...current, ...patch };
    return true;
  }

  build(): Catalog {
    const tables = new Map<string, CatalogTable>();
    const models = new Map<string, CatalogTable>();
    const qualified: CatalogTable[] = [];
    for (const [key, table] of this.tables) {
      const frozen = freeze(table);
      tables.set(key, frozen);
      if (frozen.modelName !== undefined) models.set(frozen.modelName, frozen);
      if (key !== frozen.name) qualified.push(frozen);
    }
    // A table outside the default schema is also found by its bare name when that is unambiguous.
    const bareCount = new Map<string, number>();
    for (const table of qualified) bareCount.set(table.name, (bareCount.get(table.name) ?? 0) + 1);
    for (const table of qualified) {
      if (!tables.has(table.name) && bareCount.get(table.name) === 1) tables.set(table.name, table);
    }
    const files = [...this.files].map(([path, skipped]) => ({ path, skipped: skipped.slice() }));
    return { tables, models, files };
  }

  private find(ref: TableRef): MutableTable | undefined {
    const exact = this.tables.get(keyOf(ref.name, ref.schema));
    if (exact || ref.schema !== undefined) return exact;
    // Unqualified name of a table created in another schema: accept it when there is only one.
    let found: MutableTable | undefined;
    for (const table of this.tables.values()) {
      if (table.name !== ref.name) continue;
      if (found) return undefined;
      found = table;
    }
    return found;
  }
}

function freeze(table: MutableTable): CatalogTable {
  return {
    name: table.name,
    ...(table.schema !== undefined ? { schema: table.schema } : {}),
    ...(table.modelName !== undefined ? { modelName: table.modelName } : {}),
    kind: table.kind,
    columns: table.columns.slice(),
    file: table.file,
  };
}
