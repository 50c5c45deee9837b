import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { clearCatalogCache, getCatalog, loadCatalog } from '../../src/schema/load.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = 'tests/fixtures/schema';
const SETTING = "settings['data-exposure'].schema";

const tempDirs: string[] = [];
function tempCopyOfFixtures(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'data-exposure-schema-'));
  tempDirs.push(dir);
  fs.cpSync(path.join(ROOT, FIXTURES), dir, { recursive: true });
  return dir;
}

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadCatalog', () => {
  it('reads a migrations folder in numeric file order', () => {
    const catalog = loadCatalog([`${FIXTURES}/migrations`], ROOT);
    expect(catalog.files.map((f) => f.path)).toEqual([
      `${FIXTURES}/migrations/1_create_accounts.sql`,
      `${FIXTURES}/migrations/2_alter_accounts.sql`,
      `${FIXTURES}/migrations/10_rename_accounts.sql`,
    ]);
    expect(catalog.tables.get('members')?.columns.map((c) => c.name)).toEqual([
      'id',
      'username',
      'password_hash',
      'email',
      'api_key',
    ]);
    expect(catalog.tables.get('members')?.file).toBe(`${FIXTURES}/migrations/1_create_accounts.sql`);
  });

  it('expands a directory to every .sql and .prisma file below it', () => {
    const catalog = loadCatalog([FIXTURES], ROOT);
    expect(catalog.files.map((f) => f.path)).toEqual([
      `${FIXTURES}/broken.prisma`,
      `${FIXTURES}/broken.sql`,
      `${FIXTURES}/migrations/1_create_accounts.sql`,
      `${FIXTURES}/migrations/2_alter_accounts.sql`,
      `${FIXTURES}/migrations/10_rename_accounts.sql`,
      `${FIXTURES}/schema.prisma`,
      `${FIXTURES}/schema.sql`,
    ]);
    // schema.sql comes after schema.prisma, but SQL DDL does not replace a Prisma model.
    expect(catalog.tables.get('users')?.file).toBe(`${FIXTURES}/schema.prisma`);
    expect(catalog.models.get('User')).toBe(catalog.tables.get('users'));
    // …so the SQL views over `users` resolve against the Prisma columns.
    expect(catalog.tables.get('user_cards')?.columns.map((c) => c.name)).toEqual([
      'user_id',
      'email',
      'card',
      'card_last4',
    ]);
    expect(catalog.files.find((f) => f.path.endsWith('broken.sql'))?.skipped).toHaveLength(3);
  });

  it('dispatches by extension and keeps each pattern in order, without duplicates', () => {
    const catalog = loadCatalog([`${FIXTURES}/schema.prisma`, `${FIXTURES}/*.sql`, `${FIXTURES}/schema.sql`], ROOT);
    expect(catalog.files.map((f) => f.path)).toEqual([
      `${FIXTURES}/schema.prisma`,
      `${FIXTURES}/broken.sql`,
      `${FIXTURES}/schema.sql`,
    ]);
    expect(catalog.models.get('Post')?.name).toBe('blog_posts');
    expect(catalog.tables.get('user_cards')?.kind).toBe('view');
  });

  it('accepts absolute paths and paths outside cwd', () => {
    const dir = tempCopyOfFixtures();
    const catalog = loadCatalog([path.join(dir, 'schema.prisma')], ROOT);
    expect(catalog.files.map((f) => f.path)).toEqual([path.join(dir, 'schema.prisma')]);
    const relative = loadCatalog(['schema.sql'], dir);
    expect(relative.files.map((f) => f.path)).toEqual(['schema.sql']);
  });

  it('throws a ConfigError naming the setting and the pattern that matches nothing', () => {
    expect(configError(() => loadCatalog(['db/nope.sql'], ROOT)).message).toBe(
      `[eslint-plugin-data-exposure] ${SETTING}: "db/nope.sql" matches no file (relative to ${ROOT})`,
    );
    expect(configError(() => loadCatalog([FIXTURES, 'db/**/*.sql'], ROOT)).message).toBe(
      `[eslint-plugin-data-exposure] ${SETTING}: "db/**/*.sql" matches no file (relative to ${ROOT})`,
    );
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'data-exposure-empty-'));
    tempDirs.push(empty);
    expect(configError(() => loadCatalog(['.'], empty)).message).toBe(
      `[eslint-plugin-data-exposure] ${SETTING}: "." matches no file (relative to ${empty})`,
    );
  });

  it('reads a literal path that looks like a glob', () => {
    const dir = tempCopyOfFixtures();
    fs.copyFileSync(path.join(dir, 'schema.sql'), path.join(dir, 'schema[v2].sql'));
    const catalog = loadCatalog(['schema[v2].sql'], dir);
    expect(catalog.files.map((f) => f.path)).toEqual(['schema[v2].sql']);
    expect(catalog.tables.has('payment_methods')).toBe(true);
  });

  it('leaves out golang-migrate .down.sql files', () => {
    const dir = tempCopyOfFixtures();
    fs.writeFileSync(path.join(dir, 'migrations', '2_alter_accounts.down.sql'), 'DROP TABLE accounts;\n');
    const catalog = loadCatalog(['migrations'], dir);
    expect(catalog.files.map((f) => f.path)).not.toContain('migrations/2_alter_accounts.down.sql');
    expect(catalog.tables.has('members')).toBe(true);
    const globbed = loadCatalog(['migrations/*.sql'], dir);
    expect(globbed.tables.has('members')).toBe(true);
  });

  it.skipIf(process.getuid?.() === 0)('throws a ConfigError for a file it cannot read', () => {
    const dir = tempCopyOfFixtures();
    const file = path.join(dir, 'schema.sql');
    fs.chmodSync(file, 0o000);
    try {
      expect(configError(() => loadCatalog(['schema.sql'], dir)).message).toBe(
        `[eslint-plugin-data-exposure] ${SETTING}: cannot read "schema.sql" (EACCES)`,
      );
    } finally {
      fs.chmodSync(file, 0o644);
    }
  });
});

describe('getCatalog cache', () => {
  afterEach(() => {
    vi.useRealTimers();
    clearCatalogCache();
  });

  it('loads once, re-checks at most once a second, and reloads when a file changes', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const dir = tempCopyOfFixtures();
    const file = path.join(dir, 'migrations', '10_rename_accounts.sql');
    const first = getCatalog(['migrations'], dir);
    expect(first.tables.get('members')?.columns.map((c) => c.name)).not.toContain('nickname');
    expect(getCatalog(['migrations'], dir)).toBe(first);

    fs.appendFileSync(file, 'ALTER TABLE members ADD COLUMN nickname TEXT;\n');
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(file, later, later);

    // Within the throttle window the cached catalog stands.
    vi.setSystemTime(Date.now() + 500);
    expect(getCatalog(['migrations'], dir)).toBe(first);

    vi.setSystemTime(Date.now() + 600);
    const second = getCatalog(['migrations'], dir);
    expect(second).not.toBe(first);
    expect(second.tables.get('members')?.columns.map((c) => c.name)).toEqual([
      'id',
      'username',
      'password_hash',
      'email',
      'api_key',
      'nickname',
    ]);

    // Nothing changed since: same object after the next check.
    vi.setSystemTime(Date.now() + 5_000);
    expect(getCatalog(['migrations'], dir)).toBe(second);
  });

  it('reloads when a file appears, and clearCatalogCache forces a reload', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const dir = tempCopyOfFixtures();
    const first = getCatalog(['migrations'], dir);
    expect(first.tables.has('audit')).toBe(false);
    fs.writeFileSync(path.join(dir, 'migrations', '11_more.sql'), 'CREATE TABLE audit (id INT, actor TEXT);\n');
    vi.setSystemTime(Date.now() + 1_001);
    const second = getCatalog(['migrations'], dir);
    expect(second.tables.get('audit')?.columns.map((c) => c.name)).toEqual(['id', 'actor']);
    expect(second.files.at(-1)?.path).toBe('migrations/11_more.sql');

    clearCatalogCache();
    const third = getCatalog(['migrations'], dir);
    expect(third).not.toBe(second);
    expect([...third.tables.keys()]).toEqual([...second.tables.keys()]);
  });

  it('keys the cache by cwd and patterns', () => {
    const dir = tempCopyOfFixtures();
    const a = getCatalog(['schema.sql'], dir);
    const b = getCatalog(['schema.prisma'], dir);
    expect(a).not.toBe(b);
    expect(getCatalog(['schema.sql'], dir)).toBe(a);
    expect(() => getCatalog(['missing.sql'], dir)).toThrow(ConfigError);
  });
});
