/**
 * Sensitive columns that a query projects explicitly and whose values reach a response sink
 * (`exposed`) or leave the function that ran the query (`escaping`).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Sink } from '../flow/sinks.js';
import type { Escape, FlowResult } from '../flow/track.js';
import { exposureOf, type ValueShape } from '../flow/value-shape.js';
import type { Tier } from '../schema/classifier.js';
import type { ResultColumn, SqlRange } from '../sql/query-shape.js';
import { sensitiveCatalogNames, sensitiveResultColumns, type SensitiveColumn } from './columns.js';
import type { FileAnalysis, SqlQuery } from './index.js';

export type ProjectionMode = 'exposed' | 'escaping';

export interface ProjectionFinding {
  readonly query: SqlQuery;
  readonly column: SensitiveColumn;
  /** Source range to report (the select-list item). */
  readonly range: TSESTree.Range;
  readonly sink: Sink | undefined;
  readonly escape: Escape | undefined;
  /** SQL range whose removal drops the item from its list, when that leaves valid SQL. */
  readonly removal: SqlRange | undefined;
  /** The item's SQL text, for the suggestion message. */
  readonly itemText: string;
}

/** Whether the column's value is inside what arrives (whole rows not missing it, or the field itself). */
export function carriesColumn(shape: ValueShape, outputName: string | undefined): boolean {
  const exposure = exposureOf(shape);
  if (outputName === undefined) return exposure.whole.length > 0;
  return exposure.whole.some((omitted) => !omitted.has(outputName)) || exposure.fields.has(outputName);
}

/** `[start, end)` that removes `item` and one comma next to it; undefined for a sole item. */
function removalRange(column: ResultColumn): SqlRange | undefined {
  const list = column.list;
  const item = column.item;
  if (!list || !item || column.through || list.items.length < 2) return undefined;
  const index = list.items.findIndex((r) => r.start === item.start && r.end === item.end);
  if (index < 0) return undefined;
  const next = list.items[index + 1];
  if (next) return { start: item.start, end: next.start };
  const previous = list.items[index - 1] as SqlRange;
  return { start: previous.end, end: item.end };
}

/**
 * A query can only project a sensitive column explicitly if it names one where values are
 * projected: in a select list (from SELECT to its FROM, at any depth) or after RETURNING. The name
 * is one the classifier flags, or a catalog column (view columns included) that is sensitive.
 * Checked on tokens, so most SQL is never parsed for this rule; names in WHERE, JOIN … ON, ORDER
 * BY are never classified.
 */
function mayProjectSensitive(
  query: SqlQuery,
  analysis: FileAnalysis,
  tiers: readonly Tier[],
  catalogNames: ReadonlySet<string>,
): boolean {
  // Per bracket depth: whether the words are projected, and whether a SELECT opened that list at
  // this depth (a FROM inside `extract(year FROM x)` or `trim(FROM x)` does not end the list).
  let projecting = false;
  let selectHere = false;
  const outer: { projecting: boolean; selectHere: boolean }[] = [];
  for (const token of query.tokens) {
    if (token.kind === 'punct') {
      if (token.value === '(') {
        outer.push({ projecting, selectHere });
        selectHere = false;
      } else if (token.value === ')') {
        const enclosing = outer.pop();
        if (enclosing) ({ projecting, selectHere } = enclosing);
      }
      continue;
    }
    if (token.kind === 'word') {
      if (token.value === 'SELECT' || token.value === 'RETURNING') {
        projecting = true;
        selectHere = true;
        continue;
      }
      if (token.value === 'FROM' && selectHere) {
        projecting = false;
        continue;
      }
    } else if (token.kind !== 'qident') {
      continue;
    }
    if (!projecting) continue;
    const name = token.kind === 'word' ? token.value.toLowerCase() : token.value.slice(1, -1);
    if (catalogNames.has(name)) return true;
    const sensitivity = analysis.classifier.classify(name);
    if (sensitivity && tiers.includes(sensitivity.tier)) return true;
  }
  return false;
}

function firstReach(
  flow: FlowResult,
  outputName: string | undefined,
  mode: ProjectionMode,
): { sink?: Sink; escape?: Escape } | undefined {
  const hit = flow.hits.find((h) => carriesColumn(h.shape, outputName));
  if (hit) return { sink: hit.sink };
  if (mode === 'escaping') {
    const escape = flow.escapes.find((e) => carriesColumn(e.shape, outputName));
    if (escape) return { escape };
  }
  return undefined;
}

export function findSensitiveProjections(
  analysis: FileAnalysis,
  tiers: readonly Tier[],
  mode: ProjectionMode,
): ProjectionFinding[] {
  const findings: ProjectionFinding[] = [];
  if (analysis.queries.length === 0 || (mode === 'exposed' && !analysis.maySend)) return findings;
  const catalogNames = sensitiveCatalogNames(analysis.catalog, analysis.classifier, tiers);
  for (const query of analysis.queries) {
    if (query.rowsNodes.length === 0) continue;
    // Most SQL names no sensitive column: the token look and the flow in `tokensFirst` order.
    const tokensFirst = query.tokensFirst;
    if (tokensFirst && !mayProjectSensitive(query, analysis, tiers, catalogNames)) continue;
    const flow = query.flow;
    if (flow.hits.length === 0 && (mode === 'exposed' || flow.escapes.length === 0)) continue;
    if (!tokensFirst && !mayProjectSensitive(query, analysis, tiers, catalogNames)) continue;
    const parsed = query.analysis;
    if (!parsed.ok) continue; // Column origins need the AST; the scanner has none.
    const reported = new Set<string>();
    for (const shape of parsed.shapes) {
      for (const column of sensitiveResultColumns(shape.columns, analysis.catalog, analysis.classifier, tiers)) {
        const item = column.column.item;
        if (item && query.sql.overlapsHole(item.start, item.end)) continue;
        const reach = firstReach(flow, column.column.name, mode);
        if (!reach) continue;
        const key = `${item?.start ?? -1}:${column.table ?? ''}.${column.name}`;
        if (reported.has(key)) continue;
        reported.add(key);
        findings.push({
          query,
          column,
          range: item ? query.sql.sourceRange(item.start, item.end) : query.sql.carrier.range,
          sink: reach.sink,
          escape: reach.escape,
          removal: removalRange(column.column),
          itemText: item ? query.sql.text.slice(item.start, item.end) : column.name,
        });
      }
    }
  }
  return findings;
}
