/**
 * The shape of a query's result, as the rules need it: which columns come back, where each one
 * comes from, and which wildcards send whole rows. Offsets are in the (assembled, rewritten) SQL
 * text; `src/sql/embedded.ts` maps them back to source.
 */

export type StatementKind =
  | 'select'
  | 'insert'
  | 'update'
  | 'delete'
  | 'values'
  | 'create-view'
  | 'other';

/** A relation in a FROM clause or a DML target, as written. */
export interface RelationRef {
  /** Table or view name, unquoted identifiers folded to lower case. */
  readonly name: string;
  readonly schema?: string;
  /** The alias it is referred to by, when it has one. */
  readonly alias?: string;
}

/** A base-table column that a result column carries. */
export interface ColumnOrigin {
  /**
   * The relation the column belongs to; undefined when the column is unqualified and several
   * relations could hold it (then `candidates` lists them, and the schema decides).
   */
  readonly relation: RelationRef | undefined;
  readonly candidates?: readonly RelationRef[];
  /** Column name, folded like the parser folds it. */
  readonly column: string;
}

/**
 * How a result column relates to its origins:
 * - `direct`: the column itself (maybe renamed),
 * - `carried`: an expression that passes the value on (`coalesce(x, '')`, `lower(x)`, `x::text`),
 * - `derived`: an expression whose value does not reveal the origin (`count(x)`, `x IS NULL`),
 * - `unknown`: a placeholder or an expression the analysis cannot read.
 */
export type ColumnFlow = 'direct' | 'carried' | 'derived' | 'unknown';

export interface ResultColumn {
  /** Output name (alias, or the column name), or undefined for anonymous expressions. */
  readonly name: string | undefined;
  readonly flow: ColumnFlow;
  /** Base columns whose values come back in this column (empty for `derived`/literals). */
  readonly origins: readonly ColumnOrigin[];
  /**
   * The select-list item range `[start, end)` in SQL text (expression plus alias) that projects
   * this column: an item of the outermost projection, or (with `through`) the item inside a CTE
   * or derived table whose columns an outer `*` passes on.
   */
  readonly item?: SqlRange;
  /** The list the item belongs to, for removal edits (commas). */
  readonly list?: ProjectionList;
  /** True when the column reaches the result through an outer `*` over a CTE / derived table. */
  readonly through?: boolean;
}

export interface SqlRange {
  readonly start: number;
  readonly end: number;
}

/** A select list or a RETURNING list, with every item's range, for edits that drop an item. */
export interface ProjectionList {
  readonly clause: 'select' | 'returning';
  readonly items: readonly SqlRange[];
}

/**
 * What a wildcard expands to.
 * - `table`: a base table or view (columns known only from the schema),
 * - `derived`: a CTE or derived table whose columns are known (`columns`), or not (`columns`
 *   undefined, e.g. a CTE that itself selects `*` from a table — then `inner` names the tables),
 * - `function`: a set-returning function (`unnest`, `generate_series`, …): fixed columns, not an
 *   exposure.
 */
export type WildcardSource =
  | { readonly kind: 'table'; readonly relation: RelationRef }
  | {
      readonly kind: 'derived';
      readonly name: string;
      readonly columns: readonly ResultColumn[] | undefined;
      /** The tables whose rows the derived relation passes through whole, when columns are unknown. */
      readonly inner: readonly WildcardSource[];
    }
  | { readonly kind: 'function'; readonly name: string };

export type WildcardForm =
  /** `SELECT *` */
  | 'star'
  /** `t.*`, `s.t.*` */
  | 'qualified-star'
  /** `RETURNING *` */
  | 'returning-star'
  /** `row_to_json(t)`, `to_jsonb(t)`, `json_agg(t)`, `array_agg(t.*)`, … */
  | 'row-function'
  /** `(t).*` */
  | 'row-expand'
  /** `TABLE t` */
  | 'table-statement';

export interface Wildcard {
  readonly form: WildcardForm;
  /** The characters to underline: the `*`, the `t.*`, or the whole-row call. */
  readonly range: SqlRange;
  /** The text that stands for the wildcard in messages (`*`, `u.*`, `row_to_json(u)`). */
  readonly text: string;
  /** What the wildcard expands to (one entry per relation for an unqualified star). */
  readonly sources: readonly WildcardSource[];
  /** The projection list the wildcard is an item of (for edits), when it is one. */
  readonly list?: ProjectionList;
  /** For `qualified-star`/`row-function`/`row-expand`: the qualifier as written (`u`). */
  readonly qualifier?: string;
  /** For `row-function`: the function name (`row_to_json`) and the range of its row argument. */
  readonly fn?: { readonly name: string; readonly arg: SqlRange };
  /** Keys removed from a whole-row JSON value (`to_jsonb(u) - 'password_hash'`). */
  readonly omitted?: readonly string[];
}

export interface QueryShape {
  readonly kind: StatementKind;
  /**
   * Result columns of explicit items, and of wildcards over relations whose columns are known
   * (CTEs and derived tables with explicit projections). Wildcards over base tables are in
   * `wildcards`, not here; `src/analysis` expands them with the schema.
   */
  readonly columns: readonly ResultColumn[];
  /** Result wildcards: those that send whole rows of a table (or of an unresolvable relation). */
  readonly wildcards: readonly Wildcard[];
  /** The relations the statement reads from or writes to (FROM, JOIN, INTO, UPDATE, DELETE FROM). */
  readonly relations: readonly RelationRef[];
  /** True when the result has columns the analysis cannot see (a placeholder projection). */
  readonly incomplete: boolean;
  /** Whether this shape came from the parser (`ast`) or from the fallback token scanner. */
  readonly via: 'ast' | 'scanner';
}
