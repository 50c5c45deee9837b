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
import { asQueryCall, constInit, isSqlTag, sqlArgument, type QueryCall, type QueryCallConfig } from './query-calls.js';

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

  /** Parse result, computed on first use (and cached per text for the process). */
  get analysis(): SqlAnalysis {
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

interface Candidate {
  readonly node: TSESTree.Node;
  readonly origin: 'carrier' | 'plain';
  readonly rowsNodes: TSESTree.Node[];
}

function isStringNode(node: TSESTree.Node): boolean {
  return (node.type === 'Literal' && typeof node.value === 'string') || node.type === 'TemplateLiteral';
}

/** Outermost string-ish expression: a literal or template not part of a `+` chain or a tag. */
function isPlainCandidate(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (parent?.type === 'BinaryExpression' && parent.operator === '+') return false;
  if (parent?.type === 'TaggedTemplateExpression') return false;
  if (node.type === 'BinaryExpression') return node.operator === '+' && (isStringNode(node.left) || isStringNode(node.right) || node.left.type === 'BinaryExpression');
  return isStringNode(node);
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
  program: TSESTree.Program,
  sourceCode: Readonly<TSESLint.SourceCode>,
  config: QueryCallConfig,
  env: FlowEnv,
): SqlQuery[] {
  const tagged: TSESTree.TaggedTemplateExpression[] = [];
  const calls: QueryCall[] = [];
  const plain: TSESTree.Node[] = [];
  const keys = sourceCode.visitorKeys;
  const stack: TSESTree.Node[] = [program];
  while (stack.length > 0) {
    const node = stack.pop() as TSESTree.Node;
    if (node.type === 'TaggedTemplateExpression') {
      if (isSqlTag(node.tag, config)) tagged.push(node);
    } else if (node.type === 'CallExpression') {
      const call = asQueryCall(node, config);
      if (call) calls.push(call);
    } else if ((node.type === 'Literal' || node.type === 'TemplateLiteral' || node.type === 'BinaryExpression') && isPlainCandidate(node)) {
      plain.push(node);
    }
    const childKeys = keys[node.type] ?? [];
    for (let k = childKeys.length - 1; k >= 0; k--) {
      const value = (node as unknown as Record<string, unknown>)[childKeys[k] as string];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const child = value[i] as TSESTree.Node | null;
          if (child && typeof child.type === 'string') stack.push(child);
        }
      } else if (value && typeof (value as TSESTree.Node).type === 'string') {
        stack.push(value as TSESTree.Node);
      }
    }
  }

  const candidates = new Map<TSESTree.Node, Candidate>();
  for (const { call, returnsRows } of calls) {
    const node = sqlArgument(call, sourceCode);
    if (!node) continue;
    const existing = candidates.get(node);
    const candidate = existing ?? { node, origin: 'carrier' as const, rowsNodes: [] };
    if (returnsRows) candidate.rowsNodes.push(call);
    candidates.set(node, candidate);
  }
  for (const node of tagged) {
    if (!candidates.has(node)) candidates.set(node, { node, origin: 'carrier', rowsNodes: [node] });
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
