/**
 * Result wildcards worth reporting: those whose whole rows reach a response sink (`exposed`), or
 * every result wildcard in trusted SQL (`all`).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Sink } from '../flow/sinks.js';
import { exposureOf } from '../flow/value-shape.js';
import type { Catalog } from '../schema/catalog.js';
import type { Classifier, Tier } from '../schema/classifier.js';
import { expandWildcard, type ExpandedColumn } from './columns.js';
import type { Wildcard, WildcardSource } from '../sql/query-shape.js';
import type { FileAnalysis, SqlQuery } from './index.js';

export type WildcardMode = 'exposed' | 'all';

export interface WildcardFinding {
  readonly query: SqlQuery;
  readonly wildcard: Wildcard;
  /** Source range of the wildcard's characters (may widen across segments). */
  readonly range: TSESTree.Range;
  /** The sink the rows reach, when they do. */
  readonly sink: Sink | undefined;
}

/** Table names a wildcard source stands for (through CTEs and derived tables). */
export function sourceTables(source: WildcardSource): string[] {
  switch (source.kind) {
    case 'table':
      return [source.relation.schema ? `${source.relation.schema}.${source.relation.name}` : source.relation.name];
    case 'derived':
      return source.columns ? [] : source.inner.flatMap(sourceTables);
    case 'function':
      return [];
  }
}

/** "`users`", "`users` and `orders`", "the queried table". */
export function formatSources(wildcard: Wildcard): string {
  const only = wildcard.sources.length === 1 ? wildcard.sources[0] : undefined;
  if (only?.kind === 'table') return `\`${sourceTables(only)[0] as string}\``;
  const names = [...new Set(wildcard.sources.flatMap(sourceTables))].map((n) => `\`${n}\``);
  if (names.length === 0) return 'the queried table';
  if (names.length === 1) return names[0] as string;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] as string}`;
}

/**
 * Rows that lost a sensitive-looking key on the way (`const { password_hash, ...user } = row`,
 * `{ ...row, token: undefined }`) were narrowed on purpose by the developer: not whole rows.
 * Other removed keys (`{ ...row, displayName }` replaces one value) narrow nothing that matters.
 */
function narrowedOnPurpose(omitted: ReadonlySet<string>, classifier: Classifier): boolean {
  for (const key of omitted) if (classifier.classify(key)) return true;
  return false;
}

/** The first sink that receives whole rows. */
export function wholeRowSink(query: SqlQuery, classifier: Classifier): Sink | undefined {
  for (const hit of query.flow.hits) {
    if (exposureOf(hit.shape).whole.some((omitted) => !narrowedOnPurpose(omitted, classifier))) return hit.sink;
  }
  return undefined;
}

/** JSON builders for whole-row functions: the narrowed form keeps the function's output type. */
const ROW_FUNCTION_BUILDERS: Readonly<Record<string, { builder: string; wraps: boolean }>> = {
  row_to_json: { builder: 'json_build_object', wraps: false },
  to_json: { builder: 'json_build_object', wraps: false },
  to_jsonb: { builder: 'jsonb_build_object', wraps: false },
  json_agg: { builder: 'json_build_object', wraps: true },
  jsonb_agg: { builder: 'jsonb_build_object', wraps: true },
};
/** json_build_object takes at most 100 arguments. */
const MAX_JSON_PAIRS = 50;

export interface WildcardExpansion {
  /** Every column the wildcard returns, in schema order. */
  readonly columns: readonly ExpandedColumn[];
  /** The columns of the reported tiers among them. */
  readonly sensitive: readonly ExpandedColumn[];
  /** SQL range to replace and the narrowed text, when a narrowing exists. */
  readonly edit: { readonly start: number; readonly end: number; readonly text: string } | undefined;
}

/**
 * What the wildcard expands to, with the schema, and the narrowing edit that lists only the
 * columns outside `tiers`. Undefined when the expansion is not exact.
 */
export function expandForSuggestion(
  finding: WildcardFinding,
  catalog: Catalog,
  classifier: Classifier,
  tiers: readonly Tier[],
): WildcardExpansion | undefined {
  const shape = finding.query.analysis.shapes;
  if (!finding.query.analysis.ok || shape.some((s) => s.incomplete)) return undefined;
  const columns = expandWildcard(finding.wildcard, catalog, classifier);
  if (!columns) return undefined;
  const isSensitive = (c: ExpandedColumn): boolean => c.sensitivity !== undefined && tiers.includes(c.sensitivity.tier);
  const sensitive = columns.filter(isSensitive);
  const safe = columns.filter((c) => !isSensitive(c));
  return { columns, sensitive, edit: safe.length > 0 ? narrowingEdit(finding.wildcard, safe) : undefined };
}

function narrowingEdit(wildcard: Wildcard, safe: readonly ExpandedColumn[]): WildcardExpansion['edit'] {
  switch (wildcard.form) {
    case 'star':
    case 'qualified-star':
    case 'returning-star':
      return { start: wildcard.range.start, end: wildcard.range.end, text: safe.map((c) => c.text).join(', ') };
    case 'row-function': {
      const fn = wildcard.fn && ROW_FUNCTION_BUILDERS[wildcard.fn.name];
      if (!wildcard.fn || !fn || safe.length > MAX_JSON_PAIRS) return undefined;
      const pairs = safe.map((c) => `'${c.name.replace(/'/g, "''")}', ${c.text}`).join(', ');
      const object = `${fn.builder}(${pairs})`;
      return fn.wraps
        ? { start: wildcard.fn.arg.start, end: wildcard.fn.arg.end, text: object }
        : { start: wildcard.range.start, end: wildcard.range.end, text: object };
    }
    default:
      return undefined;
  }
}

export function findWildcards(analysis: FileAnalysis, mode: WildcardMode): WildcardFinding[] {
  const findings: WildcardFinding[] = [];
  if (mode === 'exposed' && !analysis.maySend) return findings;
  for (const query of analysis.queries) {
    // Cheapest checks first: a wildcard candidate (token scan) and the flow (AST only, shared
    // with the other rules) in the order `tokensFirst` gives, then the SQL parser. In `all` mode
    // the flow decides nothing (it only names the sink), so it is followed for wildcards only.
    const tokensFirst = mode === 'all' || query.tokensFirst;
    if (tokensFirst && !query.mayHaveWildcard) continue;
    let sink: Sink | undefined;
    let sinkKnown = false;
    if (mode === 'exposed') {
      sink = query.rowsNodes.length > 0 ? wholeRowSink(query, analysis.classifier) : undefined;
      if (!sink) continue;
      sinkKnown = true;
    }
    if (!tokensFirst && !query.mayHaveWildcard) continue;
    if (!query.trusted) continue;
    for (const shape of query.analysis.shapes) {
      for (const wildcard of shape.wildcards) {
        if (wildcard.omitted && wildcard.omitted.length > 0) continue;
        if (query.sql.overlapsHole(wildcard.range.start, wildcard.range.end)) continue;
        if (!sinkKnown) {
          sink = query.rowsNodes.length > 0 ? wholeRowSink(query, analysis.classifier) : undefined;
          sinkKnown = true;
        }
        findings.push({
          query,
          wildcard,
          range: query.sql.sourceRange(wildcard.range.start, wildcard.range.end),
          sink,
        });
      }
    }
  }
  return findings;
}
