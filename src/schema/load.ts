/**
 * `settings['data-exposure'].schema` → Catalog: expands the configured paths and globs, reads the
 * files in order (`.prisma` with the Prisma loader, anything else as SQL) and caches the result
 * per process, rebuilt only when the set of files or a file's mtime/size changes. Reads only;
 * never writes and never connects to a database.
 */
import { readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { ConfigError } from '../errors.js';
import { CatalogBuilder } from './builder.js';
import type { Catalog } from './catalog.js';
import { loadSqlSchema } from './ddl.js';
import { loadPrismaSchema } from './prisma.js';

const SETTING = "settings['data-exposure'].schema";
/** How often a cached catalog re-globs and re-stats its files. */
const RECHECK_MS = 1000;
/** Larger files are listed with a skip note instead of being read. */
const MAX_FILE_BYTES = 32 * 1024 * 1024;
/** What a directory given as a pattern stands for. */
const DIRECTORY_PATTERNS = ['**/*.sql', '**/*.prisma'];

/** Reads every file the patterns match, in order. Throws ConfigError for a pattern matching nothing. */
export function loadCatalog(patterns: readonly string[], cwd: string): Catalog {
  return loadFiles(stampFiles(resolveFiles(patterns, cwd)), cwd);
}

interface CacheEntry {
  readonly catalog: Catalog;
  readonly fingerprint: string;
  checkedAt: number;
}

const cache = new Map<string, CacheEntry>();

/**
 * The catalog for these settings, loaded once per process: at most once every second it checks
 * whether the matched files or their mtimes/sizes changed, and reloads only then.
 */
export function getCatalog(patterns: readonly string[], cwd: string): Catalog {
  const key = JSON.stringify([cwd, ...patterns]);
  const now = Date.now();
  const entry = cache.get(key);
  if (entry && now - entry.checkedAt < RECHECK_MS && now >= entry.checkedAt) return entry.catalog;
  const stamps = stampFiles(resolveFiles(patterns, cwd));
  const fingerprint = stamps.map((s) => `${s.file}\u0000${s.mtimeMs}\u0000${s.size}`).join('\n');
  if (entry && entry.fingerprint === fingerprint) {
    entry.checkedAt = now;
    return entry.catalog;
  }
  const catalog = loadFiles(stamps, cwd);
  cache.set(key, { catalog, fingerprint, checkedAt: now });
  return catalog;
}

/** Forgets every cached catalog (tests). */
export function clearCatalogCache(): void {
  cache.clear();
}

interface FileStamp {
  readonly file: string;
  readonly mtimeMs: number;
  readonly size: number;
}

function unreadable(file: string, error: unknown): ConfigError {
  const code = (error as { code?: unknown } | null)?.code;
  const why = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  return new ConfigError(`${SETTING}: cannot read "${file}" (${why})`);
}

/** Absolute paths of the files the patterns match: each pattern's files sorted, duplicates dropped. */
function resolveFiles(patterns: readonly string[], cwd: string): string[] {
  const seen = new Set<string>();
  for (const pattern of patterns) {
    const files = filesOf(pattern, cwd);
    if (files.length === 0) {
      throw new ConfigError(`${SETTING}: "${pattern}" matches no file (relative to ${cwd})`);
    }
    for (const file of files) seen.add(file);
  }
  return [...seen];
}

function filesOf(pattern: string, cwd: string): string[] {
  if (isDynamicPattern(pattern)) {
    const files = globSync(pattern, { cwd, absolute: true, onlyFiles: true, expandDirectories: false });
    // A literal path that merely looks like a glob (`schema[v2].sql`) still names its file.
    if (files.length > 0) return sortNatural(files.map((f) => path.resolve(f)).filter(isUpMigration));
  }
  const absolute = path.resolve(cwd, pattern);
  let stats: Stats;
  try {
    stats = statSync(absolute);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw unreadable(pattern, error);
  }
  if (!stats.isDirectory()) return [absolute];
  const files = globSync(DIRECTORY_PATTERNS, {
    cwd: absolute,
    absolute: true,
    onlyFiles: true,
    expandDirectories: false,
    ignore: ['**/node_modules/**'],
  });
  return sortNatural(files.map((f) => path.resolve(f)).filter(isUpMigration));
}

/** golang-migrate keeps `N_name.down.sql` beside `N_name.up.sql`: reverting is not the schema. */
function isUpMigration(file: string): boolean {
  return !file.toLowerCase().endsWith('.down.sql');
}

function stampFiles(files: readonly string[]): FileStamp[] {
  return files.map((file) => {
    try {
      const stats = statSync(file);
      return { file, mtimeMs: stats.mtimeMs, size: stats.size };
    } catch (error) {
      throw unreadable(file, error);
    }
  });
}

function loadFiles(stamps: readonly FileStamp[], cwd: string): Catalog {
  const builder = new CatalogBuilder();
  for (const { file, size } of stamps) {
    const shown = displayPath(file, cwd);
    if (size > MAX_FILE_BYTES) {
      builder.skip(shown, `file too large to read (${size} bytes)`);
      continue;
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw unreadable(shown, error);
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (file.toLowerCase().endsWith('.prisma')) loadPrismaSchema(text, shown, builder);
    else loadSqlSchema(text, shown, builder);
  }
  return builder.build();
}

/** Relative to cwd with `/` separators when inside it, absolute otherwise. */
function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return file;
  return relative.split(path.sep).join('/');
}

/** Path order with digit runs compared as numbers: `2_x.sql` before `10_x.sql`. */
function sortNatural(files: string[]): string[] {
  return files.sort(compareNatural);
}

function compareNatural(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      const endA = digitsEnd(a, i);
      const endB = digitsEnd(b, j);
      const na = a.slice(i, endA).replace(/^0+/, '');
      const nb = b.slice(j, endB).replace(/^0+/, '');
      if (na.length !== nb.length) return na.length - nb.length;
      if (na !== nb) return na < nb ? -1 : 1;
      // Same number: fewer leading zeros first, then continue.
      if (endA - i !== endB - j) return endA - i - (endB - j);
      i = endA;
      j = endB;
      continue;
    }
    if (ca !== cb) return ca - cb;
    i++;
    j++;
  }
  return a.length - i - (b.length - j);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function digitsEnd(s: string, from: number): number {
  let k = from;
  while (k < s.length && isDigit(s.charCodeAt(k))) k++;
  return k;
}
