// `npm run smoke`: lints every .js/.mjs/.cjs/.ts/.tsx file of a few large real packages already in
// node_modules with the BUILT plugin (dist/) and the `all` preset, and checks that no rule throws.
// Prints files, findings, parse errors (the parser's, not ours), the slowest file and its rule time.
// Every suggestion is applied and the result re-parsed: one that breaks the code counts as a failure.
// Exits 1 on any exception or broken suggestion.
//
// Usage: node scripts/smoke.js [--workers N] [--only <package>] [--orm-debug]
//   --workers N   lint in N worker threads (default: 2, or 1 on a single-core machine)
//   --only P      lint only package P (as listed below)
//   --orm-debug   set ORM_DEBUG=1: ORM adapters rethrow the errors they normally swallow
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { globSync } from 'tinyglobby';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NODE_MODULES = join(ROOT, 'node_modules');

/** Package directories (relative to node_modules) linted whole. */
const PACKAGES = [
  '@typescript-eslint/eslint-plugin',
  '@typescript-eslint/parser',
  '@typescript-eslint/project-service',
  '@typescript-eslint/rule-tester',
  '@typescript-eslint/scope-manager',
  '@typescript-eslint/tsconfig-utils',
  '@typescript-eslint/type-utils',
  '@typescript-eslint/types',
  '@typescript-eslint/typescript-estree',
  '@typescript-eslint/utils',
  '@typescript-eslint/visitor-keys',
  'eslint',
  'vitest',
  'pgsql-ast-parser',
  '@mrleebo/prisma-ast',
  'typescript/lib',
];

const EXTENSIONS = '**/*.{js,mjs,cjs,ts,tsx,mts,cts}';
/** The schema the rules get, so that the schema-driven suggestions run too. */
const SCHEMA = ['tests/fixtures/app/schema.sql', 'tests/fixtures/app/prisma/schema.prisma'];

function listFiles(pkg) {
  const dir = join(NODE_MODULES, pkg);
  return globSync(EXTENSIONS, {
    cwd: dir,
    absolute: true,
    onlyFiles: true,
    expandDirectories: false,
    ignore: ['**/node_modules/**'],
  }).sort();
}

// ── worker: lints the files it is given, one at a time ───────────────────────────────────────────

async function lintWorker({ files, ormDebug }) {
  if (ormDebug) process.env.ORM_DEBUG = '1';
  const parser = await import('@typescript-eslint/parser');
  const { Linter } = await import('eslint');
  const { default: plugin } = await import(join(ROOT, 'dist/src/index.js'));
  const linter = new Linter({ configType: 'flat', cwd: ROOT });
  const config = [
    {
      files: [EXTENSIONS],
      languageOptions: { parser, parserOptions: { ecmaFeatures: { jsx: true } } },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
    },
    { ...plugin.configs.all, files: [EXTENSIONS] },
    { settings: { 'data-exposure': { schema: SCHEMA } } },
  ];

  // One small file first, so the one-time costs (schema load, the SQL grammar's first parse) are
  // not charged to whichever real file comes first.
  const warmStart = performance.now();
  linter.verify(WARM_UP, config, { filename: join(ROOT, 'smoke-virtual', 'warm-up.ts') });
  const warmUpMs = performance.now() - warmStart;

  const results = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const result = {
      file,
      bytes: text.length,
      lines: countLines(text),
      findings: 0,
      parseError: undefined,
      exception: undefined,
      badSuggestions: [],
      ruleMs: 0,
      parseMs: 0,
      byRule: {},
    };
    try {
      // ESLint ignores node_modules by default: lint the text under a virtual path outside it.
      const filename = join(ROOT, 'smoke-virtual', relative(NODE_MODULES, file));
      const { messages } = linter.verifyAndFix(text, config, { filename, fix: false, stats: true, allowInlineConfig: false });
      const pass = linter.getTimes().passes[0];
      result.parseMs = pass?.parse?.total ?? 0;
      for (const [id, time] of Object.entries(pass?.rules ?? {})) {
        if (!id.startsWith('data-exposure/')) continue;
        result.ruleMs += time.total;
        result.byRule[id] = time.total;
      }
      for (const message of messages) {
        if (message.fatal) {
          result.parseError = `${message.line}:${message.column} ${message.message}`;
          continue;
        }
        if (message.ruleId === null) {
          // "No matching configuration found", an unused directive…: the file was not really linted.
          result.exception ??= `not linted: ${message.message}`;
          continue;
        }
        if (!message.ruleId.startsWith('data-exposure/')) continue;
        result.findings++;
        for (const suggestion of message.suggestions ?? []) {
          const fixed = text.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + text.slice(suggestion.fix.range[1]);
          try {
            parser.parse(fixed, { range: true, loc: true, jsx: true, filePath: file });
          } catch (error) {
            result.badSuggestions.push(`${message.line}:${message.column} ${message.ruleId} "${suggestion.desc}": ${firstLine(error)}`);
          }
        }
      }
    } catch (error) {
      result.exception = error instanceof Error ? (error.stack ?? error.message) : String(error);
    }
    results.push(result);
  }
  return { results, warmUpMs };
}

const WARM_UP = `import express from 'express';
import { pool } from './db';
import { prisma } from './prisma';
const app = express();
app.get('/users/:id', async (req, res) => {
  const { rows } = await pool.query('SELECT u.*, o.total FROM users u JOIN orders o ON o.user_id = u.id WHERE u.id = $1', [req.params.id]);
  const user = await prisma.user.findUnique({ where: { id: req.params.id } });
  res.json({ rows, user });
});`;

function countLines(text) {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function firstLine(error) {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

if (!isMainThread) {
  lintWorker(workerData).then(
    (done) => parentPort.postMessage(done),
    (error) => parentPort.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
} else {
  await main();
}

// ── main: splits the files over the workers and prints the summary ───────────────────────────────

async function main() {
  const args = process.argv.slice(2);
  const option = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const workers = Math.max(1, Number(option('--workers') ?? Math.min(2, availableParallelism())));
  const only = option('--only');
  const ormDebug = args.includes('--orm-debug');

  const packages = only ? PACKAGES.filter((p) => p === only) : PACKAGES;
  if (packages.length === 0) {
    console.error(`unknown package ${only}; known: ${PACKAGES.join(', ')}`);
    process.exit(2);
  }
  const byPackage = new Map();
  const jobs = [];
  for (const pkg of packages) {
    const files = listFiles(pkg);
    if (files.length === 0) {
      console.error(`smoke: no files in node_modules/${pkg} (is it installed?)`);
      process.exit(2);
    }
    byPackage.set(pkg, files.length);
    for (const file of files) jobs.push({ file, pkg, size: statSize(file) });
  }

  // Largest first, each to the least loaded worker: the wall time is not decided by one big file
  // landing last.
  jobs.sort((a, b) => b.size - a.size);
  const shares = Array.from({ length: workers }, () => ({ files: [], bytes: 0 }));
  for (const job of jobs) {
    const share = shares.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    share.files.push(job.file);
    share.bytes += job.size;
  }

  const started = performance.now();
  const settled = await Promise.all(
    shares
      .filter((s) => s.files.length > 0)
      .map(
        (share) =>
          new Promise((done, fail) => {
            const worker = new Worker(fileURLToPath(import.meta.url), {
              workerData: { files: share.files, ormDebug },
              resourceLimits: { maxOldGenerationSizeMb: 4096 },
            });
            worker.once('message', (message) => {
              if (message.error) fail(new Error(message.error));
              else done(message);
              void worker.terminate();
            });
            worker.once('error', fail);
          }),
      ),
  );
  const wallMs = performance.now() - started;
  const results = settled.flatMap((s) => s.results);
  const warmUpMs = Math.max(...settled.map((s) => s.warmUpMs));

  const pkgOf = new Map(jobs.map((j) => [j.file, j.pkg]));
  const fmt = (ms) => `${ms.toFixed(1)} ms`;
  const rel = (file) => relative(ROOT, file);
  let findings = 0;
  let lines = 0;
  let ruleMs = 0;
  let parseMs = 0;
  const exceptions = [];
  const parseErrors = [];
  const badSuggestions = [];
  const findingsByPackage = new Map();
  for (const r of results) {
    findings += r.findings;
    lines += r.lines;
    ruleMs += r.ruleMs;
    parseMs += r.parseMs;
    const pkg = pkgOf.get(r.file);
    findingsByPackage.set(pkg, (findingsByPackage.get(pkg) ?? 0) + r.findings);
    if (r.exception) exceptions.push(r);
    if (r.parseError) parseErrors.push(r);
    for (const s of r.badSuggestions) badSuggestions.push(`${rel(r.file)}:${s}`);
  }
  const slowest = results.reduce((a, b) => (b.ruleMs > a.ruleMs ? b : a));

  console.log(`eslint-plugin-data-exposure smoke — preset all, schema ${SCHEMA.join(' + ')}, ${workers} worker(s)`);
  for (const pkg of packages) {
    console.log(`  ${pkg.padEnd(38)} files ${String(byPackage.get(pkg)).padStart(4)}  findings ${findingsByPackage.get(pkg) ?? 0}`);
  }
  console.log(
    `packages ${packages.length}, files ${results.length}, lines ${lines}, findings ${findings}, exceptions ${exceptions.length}, broken suggestions ${badSuggestions.length}`,
  );
  console.log(`parse errors (the parser's, not the plugin's): ${parseErrors.length}`);
  for (const r of parseErrors) console.log(`  ${rel(r.file)}: ${r.parseError}`);
  console.log(
    `wall ${(wallMs / 1000).toFixed(1)} s; ESLint parse ${fmt(parseMs)}, our rules ${fmt(ruleMs)} (summed over workers); one-time warm-up ${fmt(warmUpMs)}`,
  );
  const perRule = Object.entries(slowest.byRule)
    .sort((a, b) => b[1] - a[1])
    .map(([id, ms]) => `${id.replace('data-exposure/', '')} ${fmt(ms)}`)
    .join(', ');
  console.log(
    `slowest file (our rules): ${rel(slowest.file)} (${slowest.lines} lines, ${slowest.bytes} chars): rules ${fmt(slowest.ruleMs)}, parse ${fmt(slowest.parseMs)}${perRule ? ` [${perRule}]` : ''}`,
  );

  for (const r of exceptions.slice(0, 20)) console.error(`\nEXCEPTION in ${rel(r.file)}:\n${r.exception}`);
  if (exceptions.length > 20) console.error(`\n… and ${exceptions.length - 20} more exceptions`);
  for (const s of badSuggestions) console.error(`BROKEN SUGGESTION ${s}`);
  if (exceptions.length > 0 || badSuggestions.length > 0) process.exit(1);
}

function statSize(file) {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
