/**
 * The shape of SQL the parser cannot read: wildcards from the token scanner, with the relations
 * guessed from the words after FROM / JOIN / INTO / UPDATE. No column origins.
 */
import { lex, significant, type Token } from './lexer.js';
import { leadingKeyword } from './prefilter.js';
import type { QueryShape, RelationRef, StatementKind, Wildcard, WildcardSource } from './query-shape.js';
import { scanWildcards } from './scanner.js';
import { ROW_FUNCTIONS } from './shape.js';

const RELATION_BEFORE = new Set(['FROM', 'JOIN', 'INTO', 'UPDATE']);
const NOT_AN_ALIAS = new Set([
  'WHERE', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'ON', 'USING', 'GROUP', 'ORDER',
  'LIMIT', 'OFFSET', 'UNION', 'EXCEPT', 'INTERSECT', 'RETURNING', 'SET', 'VALUES', 'AS', 'FOR', 'WINDOW',
  'HAVING', 'LATERAL', 'SELECT', 'DEFAULT', 'ONLY', 'FETCH', 'WITH', 'OUTER',
]);

function identifier(token: Token | undefined): string | undefined {
  if (!token) return undefined;
  if (token.kind === 'word') return token.value.toLowerCase();
  if (token.kind === 'qident') return token.value.slice(1, -1).replace(/""/g, '"');
  return undefined;
}

function guessRelations(tokens: readonly Token[]): RelationRef[] {
  const out: RelationRef[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== 'word' || !RELATION_BEFORE.has(t.value)) continue;
    let j = i + 1;
    if (tokens[j]?.kind === 'word' && (tokens[j]?.value === 'ONLY' || tokens[j]?.value === 'LATERAL')) j++;
    let name = identifier(tokens[j]);
    if (name === undefined || NOT_AN_ALIAS.has(name.toUpperCase())) continue;
    let schema: string | undefined;
    if (tokens[j + 1]?.value === '.' && identifier(tokens[j + 2]) !== undefined) {
      schema = name;
      name = identifier(tokens[j + 2]) as string;
      j += 2;
    }
    j++;
    if (tokens[j]?.kind === 'word' && tokens[j]?.value === 'AS') j++;
    const alias = identifier(tokens[j]);
    const ref: { name: string; schema?: string; alias?: string } = { name };
    if (schema) ref.schema = schema;
    if (alias && !NOT_AN_ALIAS.has(alias.toUpperCase())) ref.alias = alias;
    out.push(ref);
  }
  return out;
}

function kindOf(keyword: string | undefined): StatementKind {
  switch (keyword) {
    case 'SELECT':
    case 'WITH':
    case 'TABLE':
      return 'select';
    case 'INSERT':
    case 'UPSERT':
      return 'insert';
    case 'UPDATE':
      return 'update';
    case 'DELETE':
      return 'delete';
    case 'VALUES':
      return 'values';
    default:
      return 'other';
  }
}

/** `row_to_json(u)`, `json_agg(u.*)` over a relation the query reads. */
function rowFunctions(tokens: readonly Token[], relations: readonly RelationRef[]): Wildcard[] {
  const out: Wildcard[] = [];
  for (let i = 0; i + 3 < tokens.length; i++) {
    const fn = tokens[i] as Token;
    if (fn.kind !== 'word' || !ROW_FUNCTIONS.has(fn.value.toLowerCase()) || tokens[i + 1]?.value !== '(') continue;
    const arg = identifier(tokens[i + 2]);
    if (arg === undefined) continue;
    let close = i + 3;
    if (tokens[close]?.value === '.' && tokens[close + 1]?.value === '*') close += 2;
    const closing = tokens[close];
    if (!closing || closing.value !== ')') continue;
    const match = relations.find((r) => r.alias === arg || (!r.alias && r.name === arg));
    if (!match) continue;
    const name = fn.value.toLowerCase();
    out.push({
      form: 'row-function',
      range: { start: fn.start, end: closing.end },
      text: `${name}(${arg})`,
      sources: [{ kind: 'table', relation: match }],
      qualifier: arg,
      fn: { name, arg: { start: (tokens[i + 2] as Token).start, end: (tokens[close - 1] as Token).end } },
    });
  }
  return out;
}

export function fallbackShape(text: string): QueryShape {
  const tokens = significant(lex(text));
  const relations = guessRelations(tokens);
  const tableSource = (r: RelationRef): WildcardSource => ({ kind: 'table', relation: r });
  const wildcards: Wildcard[] = scanWildcards(text).map((w) => {
    const raw = text.slice(w.start, w.end);
    if (w.form === 'star' || w.form === 'returning-star') {
      return {
        form: w.form,
        range: { start: w.start, end: w.end },
        text: w.form === 'star' ? 'SELECT *' : 'RETURNING *',
        sources: relations.map(tableSource),
      };
    }
    const qualifier = w.qualifier ?? '';
    const last = qualifier.split('.').pop() ?? qualifier;
    const match = relations.find((r) => r.alias === last || (!r.alias && r.name === last));
    const sources =
      w.form === 'table-statement'
        ? [tableSource({ name: last })]
        : match
          ? [tableSource(match)]
          : [];
    return { form: w.form, range: { start: w.start, end: w.end }, text: raw, sources, qualifier };
  });
  wildcards.push(...rowFunctions(tokens, relations));
  return {
    kind: kindOf(leadingKeyword(text)),
    columns: [],
    wildcards,
    relations,
    incomplete: true,
    via: 'scanner',
  };
}
