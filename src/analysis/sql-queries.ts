/**
 * Finds the SQL in a file: carriers (SQL-tagged templates, first arguments of query calls, their
 * `const`s) and plain strings that start like SQL, assembles each once, and links each to the
 * expression whose value holds its rows.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { trackValue, type FlowEnv, type FlowResult } from '../flow/track.js';
import { DATA } from '../flow/value-shape.js';
import { assemble, type AssembleEnv } from '../sql/assemble.js';
import type { EmbeddedSql } from '../sql/embedded.js';
import { analyzeSql, type SqlAnalysis } from '../sql/parse.js';
import { leadingKeyword, looksLikeSql } from '../sql/prefilter.js';
import { hasNonArgumentStar, scanWildcards } from '../sql/scanner.js';
import { rememberTokens, significantTokens, type Token } from '../sql/lexer.js';
import { asQueryCall, constInit, isSqlTag, sqlArgument, tagReturnsRows, type QueryCallConfig } from './query-calls.js';
import type { FileNodes } from '../flow/walk.js';

const ROW_FUNCTION_HINT = /row_to_json|to_jsonb?\s*\(|json_agg|jsonb_agg|array_agg|json_build_array|jsonb_build_array|hstore/i;
/** Up to this length, lexing a query costs less than following its rows. */
const TOKENS_FIRST_MAX_LENGTH = 200;
const STATEMENT_KEYWORDS = new Set(['SELECT', 'WITH', 'INSERT', 'UPSERT', 'UPDATE', 'DELETE', 'TABLE', 'VALUES']);

export class SqlQuery {
  private analysisCache: SqlAnalysis | undefined;
  private flowCache: FlowResult | undefined;

  constructor(
    readonly sql: EmbeddedSql,
    /** `carrier`: known to be SQL by where it is; `plain`: a string that merely starts like SQL. */
    readonly origin: 'carrier' | 'plain',
    /** The expressions whose values hold the rows (query calls, or an executing tagged template). */
    readonly rowsNodes: readonly TSESTree.Node[],
    private readonly env: FlowEnv,
  ) {}

  private wildcardCache: boolean | undefined;
  private tokenCache: readonly Token[] | undefined;

  /**
   * Whether the token checks should run before the flow: lexing costs in proportion to the text,
   * following the rows costs about the same for any query, so short SQL (or SQL already lexed) is
   * looked at first and long SQL only once its rows reach somewhere.
   */
  get tokensFirst(): boolean {
    return this.tokenCache !== undefined || this.sql.text.length <= TOKENS_FIRST_MAX_LENGTH;
  }

  /** The SQL's significant tokens (lexed once, for the cheap checks before any parse). */
  get tokens(): readonly Token[] {
    this.tokenCache ??= significantTokens(this.sql.text);
    return this.tokenCache;
  }

  /**
   * A cheap look (token scanner, no parser) for anything that may be a result wildcard, so SQL
   * without one is never parsed for the wildcard rule.
   */
  get mayHaveWildcard(): boolean {
    this.wildcardCache ??=
      (this.sql.text.includes('(') && ROW_FUNCTION_HINT.test(this.sql.text)) ||
      ((hasNonArgumentStar(this.sql.text) || /table/i.test(this.sql.text)) && scanWildcards(this.sql.text, this.tokens).length > 0) ||
      mayHaveRowValue(this.tokens);
    return this.wildcardCache;
  }

  /** Parse result, computed on first use (and cached per text for the process). */
  get analysis(): SqlAnalysis {
    if (this.analysisCache === undefined && this.tokenCache !== undefined) rememberTokens(this.sql.text, this.tokenCache);
    this.analysisCache ??= analyzeSql(this.sql.text);
    return this.analysisCache;
  }

  /** Whether the rules may trust this SQL: carriers always; plain strings only when they parse. */
  get trusted(): boolean {
    return this.origin === 'carrier' || this.analysis.ok;
  }

  /** Where the rows go (computed on first use). */
  get flow(): FlowResult {
    if (!this.flowCache) {
      const flows = this.rowsNodes.map((node) => trackValue(node, DATA, this.env));
      this.flowCache = { hits: flows.flatMap((f) => f.hits), escapes: flows.flatMap((f) => f.escapes) };
    }
    return this.flowCache;
  }
}

/** Words that are never a relation's alias. */
const NOT_ALIAS = new Set([
  'WHERE', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'ON', 'USING', 'GROUP', 'ORDER', 'LIMIT',
  'OFFSET', 'HAVING', 'WINDOW', 'UNION', 'EXCEPT', 'INTERSECT', 'FOR', 'FETCH', 'RETURNING', 'SET', 'AS',
]);

/**
 * A select-list item that is only the name of a relation of the query (`SELECT u FROM users u`)
 * sends whole rows as one composite value; no `*` shows it, so the tokens are checked for a bare
 * name item that is also a table name or alias after FROM/JOIN.
 */
function mayHaveRowValue(tokens: readonly Token[]): boolean {
  const bare = new Set<string>();
  const relations = new Set<string>();
  const name = (t: Token | undefined): string | undefined =>
    t?.kind === 'word' ? t.value.toLowerCase() : t?.kind === 'qident' ? t.value.slice(1, -1) : undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if ((t.kind === 'word' || t.kind === 'qident') && (prev?.value === 'SELECT' || prev?.value === 'DISTINCT' || prev?.value === ',')) {
      if (next?.value === ',' || next?.value === 'FROM') bare.add(name(t) as string);
    }
    if (t.kind === 'word' && (t.value === 'FROM' || t.value === 'JOIN')) {
      let j = i + 1;
      while (tokens[j + 1]?.value === '.' && tokens[j + 2]) j += 2; // schema.table
      const table = name(tokens[j]);
      if (table === undefined) continue;
      relations.add(table);
      let alias = tokens[j + 1];
      if (alias?.kind === 'word' && alias.value === 'AS') alias = tokens[j + 2];
      if (alias && !(alias.kind === 'word' && NOT_ALIAS.has(alias.value))) {
        const a = name(alias);
        if (a !== undefined) relations.add(a);
      }
    }
  }
  for (const b of bare) if (relations.has(b)) return true;
  return false;
}

interface Candidate {
  readonly node: TSESTree.Node;
  readonly origin: 'carrier' | 'plain';
  readonly rowsNodes: TSESTree.Node[];
}

/** A cheap look at the first characters: worth assembling only if it may start a statement. */
function startsLikeStatement(node: TSESTree.Node): boolean {
  let first: TSESTree.Node = node;
  while (first.type === 'BinaryExpression') first = first.left;
  if (first.type === 'TemplateLiteral') {
    const quasi = first.quasis[0];
    const head = quasi?.value.cooked ?? '';
    return head.trim() === '' ? first.expressions.length > 0 : STATEMENT_KEYWORDS.has(leadingKeyword(head) ?? '');
  }
  if (first.type === 'Literal' && typeof first.value === 'string') {
    return STATEMENT_KEYWORDS.has(leadingKeyword(first.value.slice(0, 200)) ?? '');
  }
  return false;
}

export function collectSqlQueries(
  nodes: FileNodes,
  sourceCode: Readonly<TSESLint.SourceCode>,
  config: QueryCallConfig,
  env: FlowEnv,
): SqlQuery[] {
  const tagged = nodes.tagged.filter((node) => isSqlTag(node.tag, config));
  const plain = nodes.strings;
  const candidates = new Map<TSESTree.Node, Candidate>();
  for (const c of nodes.calls) {
    const queryCall = asQueryCall(c, config);
    if (!queryCall) continue;
    const { call, returnsRows } = queryCall;
    const node = sqlArgument(call, sourceCode);
    if (!node) continue;
    const existing = candidates.get(node);
    const candidate = existing ?? { node, origin: 'carrier' as const, rowsNodes: [] };
    if (returnsRows) candidate.rowsNodes.push(call);
    candidates.set(node, candidate);
  }
  for (const node of tagged) {
    if (!candidates.has(node)) candidates.set(node, { node, origin: 'carrier', rowsNodes: tagReturnsRows(node.tag) ? [node] : [] });
  }
  for (const node of plain) {
    if (!candidates.has(node) && startsLikeStatement(node)) {
      candidates.set(node, { node, origin: 'plain', rowsNodes: [] });
    }
  }

  const assembleEnv: AssembleEnv = {
    sourceText: sourceCode.text,
    isSqlTag: (tag) => isSqlTag(tag, config),
    resolveConst: (id) => constInit(id, sourceCode),
  };
  const assembledAll = [...candidates.values()].map((candidate) => ({ candidate, assembled: assemble(candidate.node, assembleEnv) }));
  // Fragments and consts inlined into another carrier are analysed there, not on their own.
  const inlined = new Set<TSESTree.Node>();
  for (const { assembled } of assembledAll) {
    if (assembled) for (const n of assembled.inlined) inlined.add(n);
  }
  const queries: SqlQuery[] = [];
  for (const { candidate, assembled } of assembledAll) {
    if (!assembled || inlined.has(candidate.node)) continue;
    const text = assembled.sql.text;
    if (candidate.origin === 'plain' && !looksLikeSql(text)) continue;
    if (candidate.origin === 'carrier' && !STATEMENT_KEYWORDS.has(leadingKeyword(text) ?? '')) continue;
    queries.push(new SqlQuery(assembled.sql, candidate.origin, candidate.rowsNodes, env));
  }
  return queries;
}
