/**
 * The paths given on the command line: checked before linting (an unreadable path is a usage
 * error that names it) and, for the progress line only, counted the way ESLint will find them.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import type { ESLint } from 'eslint';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { UsageError } from './args.js';
import { SOURCE_GLOB } from './eslint-setup.js';

function reason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return typeof code === 'string' ? code : String(error);
}

/** Throws a UsageError for a path (not a glob) that does not exist or cannot be read. */
export function checkPaths(paths: readonly string[], cwd: string): void {
  for (const p of paths) {
    if (isDynamicPattern(p)) continue;
    const absolute = path.resolve(cwd, p);
    try {
      statSync(absolute);
      accessSync(absolute, constants.R_OK);
    } catch (error) {
      throw new UsageError(`cannot read path "${p}": ${reason(error)}`);
    }
    const relative = path.relative(cwd, absolute);
    if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
      // ESLint lints nothing outside its cwd (it would say "All files … are ignored").
      throw new UsageError(`path "${p}" is outside the current directory ${cwd}: run data-exposure from a directory that contains it`);
    }
  }
}

/** Throws a UsageError when `--config` names no readable file. */
export function checkConfigFile(file: string, cwd: string): void {
  const absolute = path.resolve(cwd, file);
  try {
    accessSync(absolute, constants.R_OK);
  } catch (error) {
    throw new UsageError(`cannot read config file "${file}": ${reason(error)}`);
  }
  if (!statSync(absolute).isFile()) throw new UsageError(`config file "${file}" is not a file`);
}

function candidates(pattern: string, cwd: string): string[] {
  if (isDynamicPattern(pattern)) return globSync(pattern, { cwd, absolute: true, onlyFiles: true });
  const absolute = path.resolve(cwd, pattern);
  try {
    if (!statSync(absolute).isDirectory()) return [absolute];
  } catch {
    return [];
  }
  return globSync(SOURCE_GLOB, { cwd: absolute, absolute: true, onlyFiles: true, ignore: ['**/node_modules/**', '**/.git/**'] });
}

/** How many JS/TS files ESLint will lint for these paths (an estimate for the progress line). */
export async function countLintableFiles(eslint: ESLint, paths: readonly string[], cwd: string): Promise<number> {
  const files = new Set<string>();
  for (const p of paths) for (const f of candidates(p, cwd)) files.add(path.resolve(f));
  const ignored = await Promise.all([...files].map((f) => eslint.isPathIgnored(f)));
  return ignored.filter((i) => !i).length;
}
