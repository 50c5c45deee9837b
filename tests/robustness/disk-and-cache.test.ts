/**
 * Caching and the file system (DESIGN §5): the schema cache notices an edited schema file, and a
 * lint run with a schema writes nothing — checked twice: every writing `fs` function is spied on
 * (and the spies are shown to catch an ES-module import of them), and the project directory and a
 * private TMPDIR are compared before and after.
 */
import fs, { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as parser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import plugin from '../../src/index.js';
import { clearCatalogCache } from '../../src/schema/load.js';
import { lintClean } from './harness.js';

const HANDLER = [
  "import express from 'express';",
  "import { pool } from './db';",
  "import { PrismaClient } from '@prisma/client';",
  'const prisma = new PrismaClient();',
  'const app = express();',
  "app.get('/accounts/:id', async (req, res) => {",
  "  const { rows } = await pool.query('SELECT * FROM accounts WHERE id = $1', [req.params.id]);",
  '  const user = await prisma.user.findUnique({ where: { id: req.params.id } });',
  '  await prisma.user.update({ where: { id: req.params.id }, data: req.body });',
  '  res.json({ rows, user });',
  '});',
  '',
].join('\n');

const SCHEMA_V1 = 'CREATE TABLE accounts (\n  id INT8 PRIMARY KEY,\n  api_key STRING\n);\n';
const SCHEMA_V2 = 'CREATE TABLE accounts (\n  id INT8 PRIMARY KEY,\n  display_name STRING,\n  api_key STRING,\n  password_hash BYTES\n);\n';
const PRISMA = 'model User {\n  id String @id\n  email String\n  passwordHash String\n}\n';

let dir: string;

function settings(): Record<string, unknown> {
  return { 'data-exposure': { schema: ['schema.sql', 'prisma/schema.prisma'] } };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'data-exposure-disk-'));
  mkdirSync(path.join(dir, 'prisma'));
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'schema.sql'), SCHEMA_V1);
  writeFileSync(path.join(dir, 'prisma', 'schema.prisma'), PRISMA);
  writeFileSync(path.join(dir, 'src', 'handler.ts'), HANDLER);
  clearCatalogCache();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
  syncBuiltinESMExports();
});

/** Every file and directory below `root`, with size and mtime. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      const s = statSync(p);
      out[path.relative(root, p)] = `${entry.isDirectory() ? 'dir' : 'file'} ${s.size} ${s.mtimeMs}`;
      if (entry.isDirectory()) walk(p);
    }
  };
  walk(root);
  return out;
}

const WRITERS = [
  'writeFileSync', 'writeFile', 'appendFileSync', 'appendFile', 'mkdirSync', 'mkdir', 'mkdtempSync', 'mkdtemp',
  'createWriteStream', 'copyFileSync', 'copyFile', 'cpSync', 'renameSync', 'rename', 'rmSync', 'rm', 'unlinkSync',
  'unlink', 'symlinkSync', 'linkSync', 'truncateSync', 'utimesSync', 'chmodSync', 'writeSync', 'write',
] as const;
const PROMISE_WRITERS = ['writeFile', 'appendFile', 'mkdir', 'mkdtemp', 'copyFile', 'cp', 'rename', 'rm', 'unlink', 'truncate', 'utimes', 'chmod'] as const;

/** Spies on every writing fs function (callback, sync, promises, and ES-module named imports). */
function spyOnWrites(): () => string[] {
  const spies: [string, MockInstance][] = [];
  const anyFs = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of WRITERS) {
    if (typeof anyFs[name] === 'function') spies.push([name, vi.spyOn(anyFs, name)]);
  }
  const anyPromises = fs.promises as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of PROMISE_WRITERS) {
    if (typeof anyPromises[name] === 'function') spies.push([`promises.${name}`, vi.spyOn(anyPromises, name)]);
  }
  // `open` for writing is a write too; for reading it is not.
  const isWriteFlag = (flags: unknown): boolean => typeof flags === 'string' ? /[wa+]/.test(flags) : typeof flags === 'number' && (flags & 3) !== 0;
  const openSpy = vi.spyOn(fs, 'openSync');
  const openAsync = vi.spyOn(fs, 'open');
  syncBuiltinESMExports();
  // Writes to stdout and stderr (a warning on the console) are not writes to disk.
  const toDisk = (name: string, args: unknown[]): boolean => !((name === 'writeSync' || name === 'write') && (args[0] === 1 || args[0] === 2));
  return () => [
    ...spies.flatMap(([name, spy]) => spy.mock.calls.filter((args) => toDisk(name, args)).map((args) => `${name}(${String(args[0])})`)),
    ...[...openSpy.mock.calls, ...openAsync.mock.calls].filter((args) => isWriteFlag(args[1])).map((args) => `open(${String(args[0])}, ${String(args[1])})`),
  ];
}

describe('nothing is written to disk', () => {
  it('the spies catch a write made through an ES-module import of node:fs (so they can fail)', async () => {
    const module = path.join(dir, 'writer.mjs');
    writeFileSync(module, "import { writeFileSync, mkdirSync } from 'node:fs';\nexport function write(p) { mkdirSync(p, { recursive: true }); writeFileSync(p + '/x', 'x'); }\n");
    const writes = spyOnWrites();
    const { write } = (await import(pathToFileURL(module).href)) as { write: (p: string) => void };
    write(path.join(dir, 'out'));
    expect(writes()).toEqual(expect.arrayContaining([expect.stringMatching(/^mkdirSync\(/), expect.stringMatching(/^writeFileSync\(/)]));
    vi.restoreAllMocks();
    syncBuiltinESMExports();
    rmSync(path.join(dir, 'out'), { recursive: true });
    rmSync(module);
  });

  it('by a lint run with a schema (Linter and the ESLint class, in process)', async () => {
    const before = snapshot(dir);
    const privateTmp = mkdtempSync(path.join(tmpdir(), 'data-exposure-tmpdir-'));
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    const writes = spyOnWrites();
    try {
      clearCatalogCache();
      const messages = lintClean(HANDLER, { cwd: dir, settings: settings(), filename: path.join(dir, 'src', 'handler.ts') });
      expect(messages.length).toBeGreaterThan(0);
      const eslint = new ESLint({
        cwd: dir,
        overrideConfigFile: true,
        overrideConfig: [
          { files: ['**/*.ts'], languageOptions: { parser } },
          { ...(plugin.configs.all as object), files: ['**/*.ts'] },
          { settings: settings() },
        ],
      });
      const results = await eslint.lintFiles(['src/**/*.ts']);
      expect(results.flatMap((r) => r.messages).length).toBeGreaterThan(0);
      expect(writes()).toEqual([]);
    } finally {
      vi.restoreAllMocks();
      syncBuiltinESMExports();
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
    expect(readdirSync(privateTmp)).toEqual([]);
    rmSync(privateTmp, { recursive: true });
    expect(snapshot(dir)).toEqual(before);
  }, 60_000);
});

describe('the schema cache', () => {
  it('notices an edited schema file, a new file, and a removed one', () => {
    clearCatalogCache();
    const run = (): { message: string; fix: string | undefined } => {
      const messages = lintClean(HANDLER, { cwd: dir, settings: { 'data-exposure': { schema: ['*.sql'] } } });
      const star = messages.find((m) => m.ruleId === 'data-exposure/no-select-star');
      return { message: star?.message ?? '', fix: star?.suggestions?.[0]?.fix.text };
    };
    writeFileSync(path.join(dir, 'schema.sql'), SCHEMA_V1);
    const first = run();
    expect(first.message).toContain('api_key');
    expect(first.fix).toBe('id');

    // Edit the file (a different size and mtime); the cache re-checks at most once a second.
    writeFileSync(path.join(dir, 'schema.sql'), SCHEMA_V2);
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(dir, 'schema.sql'), later, later);
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 5_000);
    const second = run();
    expect(second.message).toContain('password_hash');
    expect(second.fix).toBe('id, display_name');

    // A second file appears.
    writeFileSync(path.join(dir, 'zz_more.sql'), 'ALTER TABLE accounts ADD COLUMN nickname STRING;\n');
    vi.spyOn(Date, 'now').mockReturnValue(now + 10_000);
    expect(run().fix).toBe('id, display_name, nickname');

    // Every file is removed: the pattern matches nothing, which is a configuration error again.
    rmSync(path.join(dir, 'zz_more.sql'));
    rmSync(path.join(dir, 'schema.sql'));
    vi.spyOn(Date, 'now').mockReturnValue(now + 15_000);
    expect(run).toThrow(/settings\['data-exposure'\]\.schema: "\*\.sql" matches no file/);
    writeFileSync(path.join(dir, 'schema.sql'), SCHEMA_V1);
  });
});
