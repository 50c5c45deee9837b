/**
 * `settings['data-exposure'].schema` mistakes (DESIGN §4): a pattern that matches nothing or a
 * file that cannot be read stops the run with one message naming the setting and the path; a
 * schema file with statements the parser cannot read still yields every table it can read, and
 * says which statements it skipped and where.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearCatalogCache, loadCatalog } from '../../src/schema/load.js';
import { lint, lintClean } from '../robustness/harness.js';

const PREFIX = '[eslint-plugin-data-exposure] ';
const HANDLER = [
  "import express from 'express';",
  "import { pool } from './db';",
  'const app = express();',
  "app.get('/x', async (req, res) => {",
  "  const { rows } = await pool.query('SELECT * FROM good_two');",
  '  res.json(rows);',
  '});',
].join('\n');

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'data-exposure-config-'));
  mkdirSync(path.join(dir, 'db'));
  writeFileSync(path.join(dir, 'db', 'schema.sql'), 'CREATE TABLE users (id INT8 PRIMARY KEY, api_key STRING);\n');
  mkdirSync(path.join(dir, 'empty'));
  writeFileSync(path.join(dir, 'empty', 'README.md'), 'no schema here\n');
  symlinkSync('loop.sql', path.join(dir, 'loop.sql'));
  symlinkSync('missing-target.sql', path.join(dir, 'dangling.sql'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The plugin's one message from a lint run with these schema patterns (cwd: the temp dir). */
function failure(schema: string[]): string {
  clearCatalogCache();
  let message = '(no error)';
  try {
    lint('export const x = 1;\n', { cwd: dir, settings: { 'data-exposure': { schema } } });
  } catch (error) {
    message = error instanceof Error ? error.message : String(error);
  }
  expect(message.split(PREFIX).length - 1, message).toBe(1);
  return (message.slice(message.indexOf(PREFIX) + PREFIX.length).split('\n')[0] ?? '').replaceAll(dir, '<dir>');
}

describe('schema patterns that match nothing', () => {
  it.each<[string, string[], string]>([
    ['a glob', ['migrations/**/*.sql'], `settings['data-exposure'].schema: "migrations/**/*.sql" matches no file (relative to <dir>)`],
    ['a path', ['db/schema.prisma'], `settings['data-exposure'].schema: "db/schema.prisma" matches no file (relative to <dir>)`],
    ['the second of two', ['db/schema.sql', 'db/*.prisma'], `settings['data-exposure'].schema: "db/*.prisma" matches no file (relative to <dir>)`],
    ['a directory without .sql or .prisma files', ['empty'], `settings['data-exposure'].schema: "empty" matches no file (relative to <dir>)`],
    ['a dangling symlink', ['dangling.sql'], `settings['data-exposure'].schema: "dangling.sql" matches no file (relative to <dir>)`],
  ])('%s', (_name, schema, expected) => {
    expect(failure(schema)).toBe(expected);
  });
});

describe('schema files that cannot be read', () => {
  it('a symlink loop (ELOOP)', () => {
    expect(failure(['loop.sql'])).toBe(`settings['data-exposure'].schema: cannot read "loop.sql" (ELOOP)`);
  });

  it.skipIf(process.getuid?.() === 0)('a file without read permission (EACCES; not testable as root)', () => {
    const file = path.join(dir, 'secret.sql');
    writeFileSync(file, 'CREATE TABLE t (id INT8);\n');
    chmodSync(file, 0o000);
    try {
      expect(failure(['secret.sql'])).toBe(`settings['data-exposure'].schema: cannot read "secret.sql" (EACCES)`);
    } finally {
      chmodSync(file, 0o644);
    }
  });
});

describe('schema files with syntax errors', () => {
  it('yield every table they can read and list what they skipped, by line', () => {
    const catalog = loadCatalog(['tests/fixtures/schema/broken.sql', 'tests/fixtures/schema/broken.prisma'], process.cwd());
    expect([...catalog.tables.keys()].sort()).toEqual(['AlsoGood', 'Good', 'good_one', 'good_two']);
    expect(catalog.files).toEqual([
      {
        path: 'tests/fixtures/schema/broken.sql',
        skipped: [
          expect.stringMatching(/^line 6: CREATE TABLE: /),
          expect.stringMatching(/^line 8: CREATE VIEW bad_view .*does not parse/),
          expect.stringMatching(/^line 10: ALTER TABLE missing_table .*not defined/),
        ],
      },
      { path: 'tests/fixtures/schema/broken.prisma', skipped: [expect.stringMatching(/^line 8: model Broken: /)] },
    ]);
  });

  it('lint with what was read: the readable table after the broken statements is known', () => {
    clearCatalogCache();
    const messages = lintClean(HANDLER, { settings: { 'data-exposure': { schema: ['tests/fixtures/schema/broken.sql'] } } });
    const star = messages.find((m) => m.ruleId === 'data-exposure/no-select-star');
    expect(star?.message).toContain('secret_token');
    expect(star?.suggestions?.[0]?.fix.text).toBe('id');
  });

  it('garbage, binary and half-written files load without throwing', () => {
    const cases: Record<string, string> = {
      'garbage.sql': '\u0000\u0001\uFFFD \uD800 ;;; )))((( CREATE CREATE TABLE TABLE ( ( ;',
      'half.sql': 'CREATE TABLE t (\n  id INT8 PRIMARY KEY,\n  token STRING',
      'unclosed.sql': "CREATE TABLE a (id INT8);\nCREATE FUNCTION f() RETURNS int AS $$\n  SELECT 1;\n" + ' '.repeat(200),
      'view.sql': `CREATE TABLE a (id INT8);\nCREATE VIEW v AS SELECT E'x FROM a;\n${' '.repeat(200)}`,
      'half.prisma': 'model User {\n  id Int @id\n  password String\n',
      'garbage.prisma': '}}}{{{ model model { @@@ \u0000',
    };
    for (const [name, text] of Object.entries(cases)) writeFileSync(path.join(dir, name), text);
    for (const name of Object.keys(cases)) {
      expect(() => loadCatalog([name], dir), name).not.toThrow();
    }
    expect(loadCatalog(['unclosed.sql'], dir).tables.has('a')).toBe(true);
  }, 60_000);
});
