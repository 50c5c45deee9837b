/** Shared by the CLI tests: running `main()` in-process, the build, positions in example files. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main, type CliIo } from '../../src/cli/main.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO, 'bin/data-exposure.js');

export const EXAMPLE_SCHEMAS = ['examples/express-cockroach/schema.sql', 'examples/next-prisma/prisma/schema.prisma'];
export const EXAMPLE_ARGS = ['examples', ...EXAMPLE_SCHEMAS.flatMap((s) => ['--schema', s])];

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process (from the TypeScript sources). */
export async function runMain(argv: readonly string[], io: Partial<Omit<CliIo, 'stdout' | 'stderr'>> = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    isTTY: false,
    cwd: REPO,
    ...io,
  });
  return { code, stdout, stderr };
}

/** 1-based line and column of `snippet` in a repository file, plus `offset` characters into it. */
export function positionOf(file: string, snippet: string, offset = 0): { line: number; column: number } {
  const text = readFileSync(path.join(REPO, file), 'utf8');
  const index = text.indexOf(snippet);
  if (index < 0 || text.indexOf(snippet, index + 1) >= 0) throw new Error(`"${snippet}" is not once in ${file}`);
  const before = text.slice(0, index + offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function builtAt(): number {
  try {
    return Math.min(...['dist/src/cli/main.js', 'dist/src/index.js'].map((f) => statSync(path.join(REPO, f)).mtimeMs));
  } catch {
    return 0;
  }
}

const LOCK = path.join(REPO, 'node_modules/.cache/data-exposure-cli-test-build.lock');

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Builds `dist/` (tsc -p tsconfig.build.json) when it is missing or older than `src/`/`rules/`.
 * Test files run in parallel: a lock directory makes the others wait for one build.
 */
export function ensureBuilt(): void {
  const stale = (): boolean => builtAt() < Math.max(newestMtime(path.join(REPO, 'src')), newestMtime(path.join(REPO, 'rules')));
  if (!stale()) return;
  mkdirSync(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock older than the deadline is left over from a killed run.
      const lock = statSync(LOCK, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > 120_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for another test file to build dist/');
      sleep(200);
    }
  }
  try {
    if (!stale()) return;
    try {
      execFileSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
        cwd: REPO,
        stdio: 'pipe',
      });
    } catch (error) {
      // Type errors in files being written by others still emit JavaScript; only a missing build fails.
      if (builtAt() === 0) throw error;
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
