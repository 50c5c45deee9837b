/**
 * The SQL fast path is an optimisation: a defect in it (here, a thrown error) must hand the text to
 * pgsql-ast-parser, never break the lint run.
 */
import { describe, expect, it, vi } from 'vitest';
import { analyzeSql } from '../../src/sql/parse.js';

vi.mock('../../src/sql/simple.js', () => ({
  simpleShape: () => {
    throw new TypeError('a defect in the fast path');
  },
}));

describe('fast path defects', () => {
  it('fall back to the parser, which still reads the statement', () => {
    const analysis = analyzeSql('SELECT id, password_hash FROM users WHERE id = $1');
    expect(analysis.ok).toBe(true);
    expect(analysis.shapes[0]?.columns.map((c) => c.name)).toEqual(['id', 'password_hash']);
    expect(analysis.shapes[0]?.via).toBe('ast');
  });
});
