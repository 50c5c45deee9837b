/**
 * What to put in place of a `${…}` hole so the assembled SQL still parses and still means the
 * same thing for the rules: chosen from the SQL tokens around the hole (research note §7).
 */
import type { HoleRole } from './embedded.js';
import { isUnterminated, lex, type Token } from './lexer.js';

export interface Placeholder {
  readonly text: string;
  readonly role: HoleRole;
}

const IDENTIFIER_BEFORE = new Set(['FROM', 'JOIN', 'INTO', 'UPDATE', 'TABLE', 'ONLY', 'AS', 'USING']);
const OPERAND_AFTER = new Set([
  'SELECT',
  'WHERE',
  'AND',
  'OR',
  'ON',
  'BY',
  'LIMIT',
  'OFFSET',
  'RETURNING',
  'THEN',
  'ELSE',
  'WHEN',
  'NOT',
  'CASE',
  'HAVING',
  'DISTINCT',
  'ALL',
  'ANY',
  'SOME',
  'LIKE',
  'ILIKE',
  'BETWEEN',
  'IS',
  'INTERVAL',
  'ARRAY',
  'EXISTS',
  'FETCH',
]);

function lastSignificant(tokens: readonly Token[], from = tokens.length - 1): Token | undefined {
  for (let i = from; i >= 0; i--) {
    const t = tokens[i] as Token;
    if (t.kind !== 'comment') return t;
  }
  return undefined;
}

function firstSignificant(tokens: readonly Token[]): Token | undefined {
  return tokens.find((t) => t.kind !== 'comment');
}

/**
 * Picks the placeholder for hole number `n` (1-based) between `before` (all SQL text so far,
 * placeholders of earlier holes included) and `after` (the static text that follows, up to the
 * next hole). `previousWasHole` tells whether the text just before is an earlier hole.
 */
export function placeholderFor(before: string, after: string, n: number): Placeholder {
  const tokens = lex(before);
  const prev = lastSignificant(tokens);
  const next = firstSignificant(lex(after.length > 200 ? after.slice(0, 200) : after));

  if (prev && prev.kind !== 'comment' && isUnterminated(before, prev)) return { text: 'x', role: 'string' };
  if (!prev) return { text: `/*ph${n}*/`, role: 'fragment' };

  if (prev.kind === 'op' && (prev.value === '->' || prev.value === '->>' || prev.value === '#>' || prev.value === '#>>')) {
    return { text: `'ph${n}'`, role: 'value' };
  }
  if ((prev.kind === 'word' && IDENTIFIER_BEFORE.has(prev.value)) || (prev.kind === 'punct' && prev.value === '.')) {
    return { text: `__ph${n}`, role: 'identifier' };
  }
  if (next && next.kind === 'punct' && next.value === '.') return { text: `__ph${n}`, role: 'identifier' };
  if (prev.kind === 'word' && (prev.value === 'IN' || prev.value === 'VALUES')) {
    return next && next.kind === 'punct' && next.value === '('
      ? { text: `/*ph${n}*/`, role: 'fragment' }
      : { text: `($${n})`, role: 'list' };
  }
  if (prev.kind === 'word' && prev.value === 'SET') return { text: `__ph${n} = $${n}`, role: 'assignment' };
  if (prev.kind === 'punct' && prev.value === '(') {
    const index = tokens.lastIndexOf(prev);
    const before2 = lastSignificant(tokens, index - 1);
    if (before2 && before2.kind === 'word' && (before2.value === 'FROM' || before2.value === 'JOIN')) {
      return { text: `SELECT $${n}`, role: 'subquery' };
    }
    return { text: `$${n}`, role: 'value' };
  }
  if (prev.kind === 'word' && !OPERAND_AFTER.has(prev.value)) {
    // `INSERT INTO t ${values}` (postgres.js `sql(row)`): columns and values in one hole.
    const index = tokens.lastIndexOf(prev);
    const before2 = lastSignificant(tokens, index - 1);
    if (before2 && before2.kind === 'word' && before2.value === 'INTO') {
      return { text: ` (__ph${n}) VALUES ($${n}) `, role: 'insert' };
    }
  }
  if (
    (prev.kind === 'op' && prev.value !== ')') ||
    (prev.kind === 'punct' && prev.value === ',') ||
    (prev.kind === 'punct' && prev.value === '[') ||
    (prev.kind === 'word' && OPERAND_AFTER.has(prev.value))
  ) {
    return { text: `$${n}`, role: 'value' };
  }
  // The operand before the hole is complete (`WHERE a = 1 ${extra}`, `FROM users ${where}`).
  return { text: ` /*ph${n}*/ `, role: 'fragment' };
}
