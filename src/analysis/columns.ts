/**
 * Joins a QueryShape with the Catalog and the classifier: which result columns carry a
 * sensitive base column (through aliases, expressions, CTEs, derived tables and views), and what
 * a wildcard expands to.
 */
import { findTable, type Catalog, type CatalogTable } from '../schema/catalog.js';
import type { Classifier, Sensitivity, Tier } from '../schema/classifier.js';
import type { ColumnOrigin, RelationRef, ResultColumn, Wildcard, WildcardSource } from '../sql/query-shape.js';

export interface SensitiveColumn {
  readonly column: ResultColumn;
  /** Base table (resolved through views) when known. */
  readonly table: string | undefined;
  /** Base column name. */
  readonly name: string;
  readonly sensitivity: Sensitivity;
}

/** `users.password_hash`, or `password_hash` when the table is unknown. */
export function qualifiedColumn(table: string | undefined, name: string): string {
  return table ? `${table}.${name}` : name;
}

function tableOf(catalog: Catalog, ref: RelationRef): CatalogTable | undefined {
  return findTable(catalog, ref.name, ref.schema);
}

interface BaseColumn {
  readonly table: string | undefined;
  readonly name: string;
  readonly annotation: 'sensitive' | 'safe' | undefined;
}

/** The base columns an origin stands for: itself, or what a view column projects. */
function baseColumns(origin: ColumnOrigin, catalog: Catalog, depth = 0): BaseColumn[] {
  let ref = origin.relation;
  if (!ref && origin.candidates) {
    // Unqualified column with several relations in scope: the schema says which one has it.
    ref = origin.candidates.find((c) => tableOf(catalog, c)?.columns.some((col) => col.name === origin.column));
  }
  if (!ref) return [{ table: undefined, name: origin.column, annotation: undefined }];
  const table = tableOf(catalog, ref);
  const column = table?.columns.find((c) => c.name === origin.column);
  if (table?.kind === 'view' && column?.origins && depth < 8) {
    return column.origins.flatMap((o) =>
      baseColumns({ relation: { name: o.table }, column: o.column }, catalog, depth + 1),
    );
  }
  return [{ table: table?.name ?? ref.name, name: origin.column, annotation: column?.annotation }];
}

/** Result columns whose values carry a sensitive base column of one of `tiers`. */
export function sensitiveResultColumns(
  columns: readonly ResultColumn[],
  catalog: Catalog,
  classifier: Classifier,
  tiers: readonly Tier[],
): SensitiveColumn[] {
  const found: SensitiveColumn[] = [];
  for (const column of columns) {
    if (column.flow !== 'direct' && column.flow !== 'carried') continue;
    const seen = new Set<string>();
    for (const origin of column.origins) {
      for (const base of baseColumns(origin, catalog)) {
        const key = qualifiedColumn(base.table, base.name);
        if (seen.has(key)) continue;
        seen.add(key);
        const sensitivity = classifier.classify(base.name, base.table, base.annotation);
        if (sensitivity && tiers.includes(sensitivity.tier)) {
          found.push({ column, table: base.table, name: base.name, sensitivity });
        }
      }
    }
  }
  return found;
}

export interface ExpandedColumn {
  /** How to write it in the replacement: `name`, or `alias.name` when qualified. */
  readonly text: string;
  readonly table: string;
  readonly name: string;
  readonly sensitivity: Sensitivity | undefined;
}

function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** Words that cannot be bare column names in PostgreSQL. */
const RESERVED = new Set([
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'both', 'case', 'cast', 'check',
  'collate', 'column', 'constraint', 'create', 'current_catalog', 'current_date', 'current_role', 'current_time',
  'current_timestamp', 'current_user', 'default', 'deferrable', 'desc', 'distinct', 'do', 'else', 'end', 'except',
  'false', 'fetch', 'for', 'foreign', 'from', 'grant', 'group', 'having', 'in', 'initially', 'intersect', 'into',
  'lateral', 'leading', 'limit', 'localtime', 'localtimestamp', 'not', 'null', 'offset', 'on', 'only', 'or',
  'order', 'placing', 'primary', 'references', 'returning', 'select', 'session_user', 'some', 'symmetric',
  'system_user', 'table', 'then', 'to', 'trailing', 'true', 'union', 'unique', 'user', 'using', 'variadic', 'when',
  'where', 'window', 'with',
]);

/** The qualifier to write before expanded columns: the alias, else the table name, when needed. */
function qualifierOf(source: WildcardSource): string | undefined {
  if (source.kind !== 'table') return undefined;
  return source.relation.alias ?? source.relation.name;
}

/** Per classifier and catalog: the expanded columns of a table under a qualifier (bounded). */
const expansions = new WeakMap<Classifier, WeakMap<Catalog, Map<string, readonly ExpandedColumn[]>>>();
const MAX_EXPANSIONS = 2000;

function perClassifierAndCatalog<V>(
  store: WeakMap<Classifier, WeakMap<Catalog, Map<string, V>>>,
  classifier: Classifier,
  catalog: Catalog,
): Map<string, V> {
  let byCatalog = store.get(classifier);
  if (!byCatalog) {
    byCatalog = new WeakMap();
    store.set(classifier, byCatalog);
  }
  let map = byCatalog.get(catalog);
  if (!map) {
    map = new Map();
    byCatalog.set(catalog, map);
  }
  return map;
}

/** The columns of `table`, in schema order, written with `qualifier` when given. */
function tableColumns(
  table: CatalogTable,
  qualifier: string | undefined,
  catalog: Catalog,
  classifier: Classifier,
): readonly ExpandedColumn[] {
  const cache = perClassifierAndCatalog(expansions, classifier, catalog);
  const key = `${table.name}\u0000${qualifier ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const out: ExpandedColumn[] = [];
  for (const column of table.columns) {
    if (column.relation || column.hidden) continue;
    const bases = table.kind === 'view' && column.origins
      ? column.origins.flatMap((o) => baseColumns({ relation: { name: o.table }, column: o.column }, catalog))
      : [{ table: table.name, name: column.name, annotation: column.annotation }];
    const sensitivity = bases
      .map((b) => classifier.classify(b.name, b.table, b.annotation))
      .find((s): s is Sensitivity => s !== undefined);
    const name = quoteIdent(column.name);
    out.push({
      text: qualifier ? `${quoteIdent(qualifier)}.${name}` : name,
      table: table.name,
      name: column.name,
      sensitivity,
    });
  }
  if (cache.size >= MAX_EXPANSIONS) cache.clear();
  cache.set(key, out);
  return out;
}

/**
 * The columns a wildcard stands for, in schema order — only when the expansion is exact: every
 * source is a table or view the catalog knows (derived relations and functions are not expanded).
 */
export function expandWildcard(
  wildcard: Wildcard,
  catalog: Catalog,
  classifier: Classifier,
): readonly ExpandedColumn[] | undefined {
  if (wildcard.sources.length === 0) return undefined;
  const qualify = wildcard.form === 'qualified-star' || wildcard.form === 'row-function' || wildcard.sources.length > 1;
  const lists: (readonly ExpandedColumn[])[] = [];
  for (const source of wildcard.sources) {
    if (source.kind !== 'table') return undefined;
    const table = tableOf(catalog, source.relation);
    if (!table) return undefined;
    lists.push(tableColumns(table, qualify ? qualifierOf(source) : undefined, catalog, classifier));
  }
  // One source: its memoised list as it is.
  return lists.length === 1 ? lists[0] : lists.flat();
}

const nameSets = new WeakMap<Classifier, WeakMap<Catalog, Map<string, ReadonlySet<string>>>>();

/**
 * Column names of the catalog that are sensitive in `tiers`, directly or (view columns) through
 * what they project. A query that names none of them, and no other sensitive-looking name,
 * cannot project a sensitive column explicitly.
 */
export function sensitiveCatalogNames(catalog: Catalog, classifier: Classifier, tiers: readonly Tier[]): ReadonlySet<string> {
  const key = [...tiers].sort().join(',');
  const perTiers = perClassifierAndCatalog(nameSets, classifier, catalog);
  const hit = perTiers.get(key);
  if (hit) return hit;
  const names = new Set<string>();
  for (const table of new Set(catalog.tables.values())) {
    for (const column of table.columns) {
      if (column.relation) continue;
      const bases: BaseColumn[] =
        table.kind === 'view' && column.origins
          ? column.origins.flatMap((o) => baseColumns({ relation: { name: o.table }, column: o.column }, catalog))
          : [{ table: table.name, name: column.name, annotation: column.annotation }];
      for (const base of bases) {
        const sensitivity = classifier.classify(base.name, base.table, base.annotation);
        if (sensitivity && tiers.includes(sensitivity.tier)) names.add(column.name);
      }
    }
  }
  perTiers.set(key, names);
  return names;
}
