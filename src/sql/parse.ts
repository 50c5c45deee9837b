/**
 * SQL text → QueryShapes. Normalises (client placeholders, CockroachDB syntax) with same-length
 * rewrites, reads simple SELECTs on the fast path, parses the rest with pgsql-ast-parser (retrying
 * with compatibility shims), and falls back to the token scanner. Never throws; results are
 * cached by text (failures too).
 */
import { parse, type Statement } from 'pgsql-ast-parser';
import { fallbackShape } from './fallback.js';
import { hasLexerTrap } from './parser-guard.js';
import type { QueryShape } from './query-shape.js';
import { normalizeSql } from './rewrite.js';
import { shapeOfStatement } from './shape.js';
import { applyShims } from './shims.js';
import { simpleShape } from './simple.js';

/** Longer SQL is not given to the parser (its cost grows with size); the scanner still runs. */
export const MAX_PARSE_LENGTH = 10_000;
/** Longer SQL is not looked at at all. */
export const MAX_SCAN_LENGTH = 1_000_000;
const CACHE_SIZE = 4_000;

export type SqlAnalysis =
  | { readonly ok: true; readonly shapes: readonly QueryShape[] }
  | {
      readonly ok: false;
      /** Shapes from the fallback scanner (wildcards only, no column origins). */
      readonly shapes: readonly QueryShape[];
      readonly reason: 'syntax' | 'too-large';
    };

const TOO_LARGE: SqlAnalysis = { ok: false, shapes: [], reason: 'too-large' };
const cache = new Map<string, SqlAnalysis>();

function tryParse(text: string): Statement[] | undefined {
  // An unclosed `$$` or E-string sends the parser's lexer into exponential backtracking.
  if (hasLexerTrap(text)) return undefined;
  try {
    return parse(text, { locationTracking: true });
  } catch {
    // Syntax errors, and RangeError on absurd nesting: both mean "cannot read it".
    return undefined;
  }
}

/** The fast path's shape; a defect in it hands the text to the parser instead of breaking the lint run. */
function fastShape(text: string): QueryShape | undefined {
  try {
    return simpleShape(text);
  } catch {
    return undefined;
  }
}

function compute(text: string): SqlAnalysis {
  if (text.length > MAX_SCAN_LENGTH) return TOO_LARGE;
  const normalized = normalizeSql(text);
  if (text.length > MAX_PARSE_LENGTH) {
    return { ok: false, shapes: [fallbackShape(normalized)], reason: 'too-large' };
  }
  const simple = fastShape(normalized);
  if (simple) return { ok: true, shapes: [simple] };
  const statements = tryParse(normalized) ?? tryParse(applyShims(normalized));
  if (statements) {
    try {
      return { ok: true, shapes: statements.map((s) => shapeOfStatement(s, normalized)) };
    } catch {
      // Deeply nested input can exhaust the stack in the shape walk too.
    }
  }
  return { ok: false, shapes: [fallbackShape(normalized)], reason: 'syntax' };
}

/** The analysis of `text`, computed once per distinct text per process. */
export function analyzeSql(text: string): SqlAnalysis {
  const hit = cache.get(text);
  if (hit) {
    // Refresh its place in the LRU order.
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const result = compute(text);
  cache.set(text, result);
  if (cache.size > CACHE_SIZE) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  return result;
}
