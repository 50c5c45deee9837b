import { parse } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { assemble, type AssembleEnv } from '../../src/sql/assemble.js';
import type { EmbeddedSql } from '../../src/sql/embedded.js';

/** Assembles the initializer of the first `const` in `code`. */
function embed(code: string): { sql: EmbeddedSql; code: string } {
  const ast = parse(code, { range: true, loc: true });
  const decl = ast.body[0] as TSESTree.VariableDeclaration;
  const init = decl.declarations[0]?.init;
  if (!init) throw new Error('no initializer');
  const env: AssembleEnv = {
    sourceText: code,
    isSqlTag: (tag) => tag.type === 'Identifier' && tag.name === 'sql',
    resolveConst: () => undefined,
  };
  const assembled = assemble(init, env);
  if (!assembled) throw new Error('not assembled');
  return { sql: assembled.sql, code };
}

/** The source text that SQL range of `needle` (nth occurrence) maps to. */
function mapped(code: string, needle: string, nth = 0): string {
  const { sql } = embed(code);
  let at = -1;
  for (let i = 0; i <= nth; i++) at = sql.text.indexOf(needle, at + 1);
  expect(at).toBeGreaterThanOrEqual(0);
  const [s, e] = sql.sourceRange(at, at + needle.length);
  return code.slice(s, e);
}

function applyEdit(code: string, needle: string, replacement: string): string | null {
  const { sql } = embed(code);
  const at = sql.text.indexOf(needle);
  const edit = sql.edit(at, at + needle.length, replacement);
  if (!edit) return null;
  return code.slice(0, edit.range[0]) + edit.text + code.slice(edit.range[1]);
}

describe('EmbeddedSql: text and offsets', () => {
  it('maps a plain string literal 1:1', () => {
    const code = "const q = 'SELECT * FROM users';";
    expect(embed(code).sql.text).toBe('SELECT * FROM users');
    expect(mapped(code, '*')).toBe('*');
    expect(mapped(code, 'users')).toBe('users');
  });

  it('maps through escapes in strings (\\n, \\\\, \\\', \\u, \\x)', () => {
    const code = "const q = 'SELECT\\n  u.*,\\t\\'it\\\\s\\' AS x, \\u0041 FROM users u';";
    const { sql } = embed(code);
    expect(sql.text).toBe("SELECT\n  u.*,\t'it\\s' AS x, A FROM users u");
    expect(mapped(code, 'u.*')).toBe('u.*');
    expect(mapped(code, "'it\\s'")).toBe("\\'it\\\\s\\'");
    expect(mapped(code, 'A FROM')).toBe('\\u0041 FROM');
  });

  it('maps multi-line templates and template escapes (\\`, \\${)', () => {
    const code = 'const q = `\n  SELECT \\`x\\`, \\${y}, o.*\n  FROM orders o`;';
    const { sql } = embed(code);
    expect(sql.text).toBe('\n  SELECT `x`, ${y}, o.*\n  FROM orders o');
    expect(mapped(code, 'o.*')).toBe('o.*');
    expect(mapped(code, '`x`')).toBe('\\`x\\`');
  });

  it('maps characters outside the BMP by UTF-16 offsets', () => {
    const code = "const q = '/* 😀 \\u{1F600} */ SELECT t.* FROM t';";
    const { sql } = embed(code);
    expect(sql.text).toBe('/* 😀 😀 */ SELECT t.* FROM t');
    expect(mapped(code, 't.*')).toBe('t.*');
    expect(mapped(code, '😀', 1)).toBe('\\u{1F600}');
  });

  it('assembles concatenations with holes for non-static parts', () => {
    const code = "const q = 'SELECT * ' + \"FROM users \" + where + ' LIMIT 10';";
    const { sql } = embed(code);
    expect(sql.text).toBe('SELECT * FROM users  /*ph1*/  LIMIT 10');
    expect(sql.hasHoles).toBe(true);
    expect(mapped(code, '*')).toBe('*');
    expect(mapped(code, 'users')).toBe('users');
    // A range across two literals widens to span both.
    expect(mapped(code, '* FROM')).toBe('* \' + "FROM');
  });

  it('fills holes by context: values, identifiers, fragments, lists', () => {
    const code = 'const q = sql`SELECT * FROM ${table} WHERE id = ${id} AND k IN ${ids} ${order}`;';
    const { sql } = embed(code);
    expect(sql.text).toBe('SELECT * FROM __ph1 WHERE id = $2 AND k IN ($3)  /*ph4*/ ');
    expect(sql.holes().map((h) => h.role)).toEqual(['identifier', 'value', 'list', 'fragment']);
    expect(mapped(code, '__ph1')).toBe('table');
  });

  it('fills a hole inside a string literal with text', () => {
    const { sql } = embed("const q = sql`SELECT * FROM t WHERE name LIKE '%${term}%'`;");
    expect(sql.text).toBe("SELECT * FROM t WHERE name LIKE '%x%'");
  });

  it('inlines static nested sql fragments with their own offsets', () => {
    const code = 'const q = sql`SELECT ${sql`u.*`} FROM users u ${sql.raw("WHERE 1 = 1")}`;';
    const { sql } = embed(code);
    expect(sql.text).toBe('SELECT u.* FROM users u WHERE 1 = 1');
    expect(mapped(code, 'u.*')).toBe('u.*');
    expect(mapped(code, 'WHERE')).toBe('WHERE');
  });

  it('refuses to assemble too many holes', () => {
    const parts = Array.from({ length: 100 }, (_, i) => `\${v${i}}`).join(', ');
    const code = `const q = sql\`SELECT ${parts} FROM t\`;`;
    const ast = parse(code, { range: true });
    const init = (ast.body[0] as TSESTree.VariableDeclaration).declarations[0]?.init as TSESTree.Node;
    const env: AssembleEnv = { sourceText: code, isSqlTag: () => true, resolveConst: () => undefined };
    expect(assemble(init, env)).toBeUndefined();
  });
});

describe('EmbeddedSql: edits', () => {
  it('edits inside a single-quoted literal, escaping the replacement', () => {
    const code = "const q = 'SELECT * FROM users';";
    expect(applyEdit(code, '*', "id, 'a' AS b")).toBe("const q = 'SELECT id, \\'a\\' AS b FROM users';");
  });

  it('edits inside a double-quoted literal', () => {
    const code = 'const q = "SELECT * FROM users";';
    expect(applyEdit(code, '*', 'id, "Name"')).toBe('const q = "SELECT id, \\"Name\\" FROM users";');
  });

  it('edits inside a template, escaping backticks and ${', () => {
    const code = 'const q = `SELECT * FROM users`;';
    expect(applyEdit(code, '*', '`id`, \'${x}\'')).toBe("const q = `SELECT \\`id\\`, '\\${x}' FROM users`;");
  });

  it('maps edits exactly past escapes', () => {
    const code = "const q = 'SELECT\\n  *\\n FROM users';";
    expect(applyEdit(code, '*', 'id')).toBe("const q = 'SELECT\\n  id\\n FROM users';");
  });

  it('gives no edit across segments or over a hole', () => {
    const code = "const q = 'SELECT * ' + 'FROM users';";
    expect(applyEdit(code, '* FROM', 'id FROM')).toBeNull();
    const tagged = 'const q = sql`SELECT * FROM ${t}`;';
    expect(applyEdit(tagged, '__ph1', 'users')).toBeNull();
  });
});
