/**
 * Result wildcards worth reporting: those whose whole rows reach a response sink (`exposed`), or
 * every result wildcard in trusted SQL (`all`).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Sink } from '../flow/sinks.js';
import { exposureOf } from '../flow/value-shape.js';
import type { Classifier } from '../schema/classifier.js';
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

export function findWildcards(analysis: FileAnalysis, mode: WildcardMode): WildcardFinding[] {
  const findings: WildcardFinding[] = [];
  for (const query of analysis.queries) {
    // Cheap text check before any parse: a wildcard needs a `*` or a whole-row function.
    if (!mayHaveWildcard(query.sql.text)) continue;
    if (!query.trusted) continue;
    const sink = query.rowsNodes.length > 0 ? wholeRowSink(query, analysis.classifier) : undefined;
    if (mode === 'exposed' && !sink) continue;
    for (const shape of query.analysis.shapes) {
      for (const wildcard of shape.wildcards) {
        if (wildcard.omitted && wildcard.omitted.length > 0) continue;
        if (query.sql.overlapsHole(wildcard.range.start, wildcard.range.end)) continue;
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

const ROW_FUNCTION_HINT = /row_to_json|to_jsonb?|json_agg|jsonb_agg|array_agg|json_build_array|jsonb_build_array|hstore/i;

function mayHaveWildcard(text: string): boolean {
  return text.includes('*') || ROW_FUNCTION_HINT.test(text);
}
