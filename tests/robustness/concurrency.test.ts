/**
 * `eslint --concurrency` (DESIGN §5: no shared mutable state that breaks across worker threads):
 * the bench corpus, with a schema, linted by ESLint with two worker threads gives exactly the
 * findings of a single thread. Workers load the configuration themselves, so it comes from an
 * `eslint.config.mjs` in the corpus directory that imports the BUILT plugin (dist/, as the
 * repository's own eslint.config.js does): run `npm run build` first.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIST = path.join(ROOT, 'dist', 'src', 'index.js');
const TABLES = ['users', 'orders', 'invoices', 'sessions', 'products', 'carts', 'payments', 'reviews', 'teams', 'audit_log'];

let dir: string;

beforeAll(async () => {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run build\` before this test.`);
  dir = mkdtempSync(path.join(tmpdir(), 'data-exposure-concurrency-'));
  const corpus = (await import(pathToFileURL(path.join(ROOT, 'bench', 'corpus.js')).href)) as {
    writeCorpus: (dir: string, filesPerBucket: number) => unknown[];
  };
  corpus.writeCorpus(dir, 3);
  writeFileSync(
    path.join(dir, 'schema.sql'),
    TABLES.map(
      (t) => `CREATE TABLE ${t} (id UUID PRIMARY KEY, name STRING, status STRING, total DECIMAL, created_at TIMESTAMPTZ, owner_id UUID, password_hash BYTES, api_key STRING, email STRING);`,
    ).join('\n'),
  );
  const parserPath = createRequire(import.meta.url).resolve('@typescript-eslint/parser');
  writeFileSync(
    path.join(dir, 'eslint.config.mjs'),
    [
      `import parser from ${JSON.stringify(pathToFileURL(parserPath).href)};`,
      `import plugin from ${JSON.stringify(pathToFileURL(DIST).href)};`,
      'export default [',
      "  { files: ['**/*.ts'], languageOptions: { parser } },",
      "  { ...plugin.configs.all, files: ['**/*.ts'] },",
      "  { settings: { 'data-exposure': { schema: ['schema.sql'] } } },",
      '];',
      '',
    ].join('\n'),
  );
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every finding as `file:line:column rule message`, sorted. */
async function findings(concurrency: number | 'off'): Promise<string[]> {
  const eslint = new ESLint({ cwd: dir, concurrency });
  const results = await eslint.lintFiles(['**/*.ts']);
  const out: string[] = [];
  for (const result of results) {
    for (const m of result.messages) {
      if (m.fatal) throw new Error(`${result.filePath}: ${m.message}`);
      out.push(`${path.relative(dir, result.filePath)}:${m.line}:${m.column} ${m.ruleId ?? ''} ${m.message}`);
    }
  }
  return out.sort();
}

/** The corpus directory's files and their mtimes (the runs must not change them). */
function listing(): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      out.push(`${path.relative(dir, p)} ${statSync(p).mtimeMs}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

describe('eslint concurrency', () => {
  it('two worker threads find exactly what one thread finds, and write nothing', async () => {
    const before = listing();
    const single = await findings('off');
    const parallel = await findings(2);
    expect(single.length).toBeGreaterThan(50);
    const rules = new Set(single.map((f) => f.split(' ')[1]));
    expect([...rules]).toEqual(expect.arrayContaining(['data-exposure/no-select-star', 'data-exposure/no-sensitive-projection']));
    expect(parallel).toEqual(single);
    expect(listing()).toEqual(before);
  }, 300_000);
});
