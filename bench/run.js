// `npm run bench`: lints a generated corpus with the plugin (built, from dist/) using ESLint's
// `stats` option, and prints our rules' time against ESLint's parse time for the same files.
// Usage: node bench/run.js [--preset recommended|strict|all] [--files N] [--no-schema] [--warm N] [--runs N]
// The headline figures are those of the first lint of the corpus (a cold process, as in CI and
// pre-commit hooks). `--warm N` (default 2) then lints the same files N more times in the same
// process and prints each ratio: the steady state of an editor's long-lived ESLint process.
// `--runs N` repeats the whole measurement in N fresh processes, one after the other, and prints
// each run and the medians: on a shared machine the parse time alone varies by a third between runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as parser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import plugin from '../dist/src/index.js';
import { corpusConfig, SIZES, writeCorpus, writeSchema } from './corpus.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const preset = option('--preset', 'recommended');
const filesPerBucket = Number(option('--files', '8'));
const withSchema = !args.includes('--no-schema');
const warmPasses = Number(option('--warm', '2'));
const runs = Number(option('--runs', '1'));
const asJson = args.includes('--json');
/** Human-readable lines (a `--json` child prints only its figures). */
const log = asJson ? () => {} : console.log;

if (runs > 1) {
  // Each run in a fresh process (cold JIT, empty caches), its figures read back as JSON.
  const childArgs = args.filter((a, i) => a !== '--runs' && args[i - 1] !== '--runs');
  const results = [];
  for (let run = 1; run <= runs; run++) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...childArgs, '--json'], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`run ${run} failed:\n${child.stderr}`);
    const r = JSON.parse(child.stdout);
    results.push(r);
    const warm = r.warm.map((w) => w.ratio.toFixed(4)).join(', ');
    console.log(`run ${run}: parse ${r.parse.toFixed(0)} ms, our rules ${r.ours.toFixed(1)} ms, ratio ${r.ratio.toFixed(4)}, slowest file ${r.slowestMs.toFixed(1)} ms, files over 20 ms ${r.over}, findings ${r.findings}${warm ? `; warm ratios ${warm}` : ''}`);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const first = results[0];
  console.log(`eslint-plugin-data-exposure bench — preset ${first.preset}${first.schema ? ', schema loaded' : ''}, ${runs} runs`);
  console.log(
    `median: parse ${median(results.map((r) => r.parse)).toFixed(0)} ms, our rules ${median(results.map((r) => r.ours)).toFixed(1)} ms, ratio ${median(results.map((r) => r.ratio)).toFixed(4)} (target ≤ 0.02), slowest file ${median(results.map((r) => r.slowestMs)).toFixed(1)} ms`,
  );
  for (let pass = 0; pass < (first.warm?.length ?? 0); pass++) {
    console.log(`median warm pass ${pass + 1}: ratio ${median(results.map((r) => r.warm[pass].ratio)).toFixed(4)}, slowest file ${median(results.map((r) => r.warm[pass].slowestMs)).toFixed(1)} ms`);
  }
  process.exit(0);
}

const TARGET_RATIO = 0.02;
const TARGET_FILE_MS = 20;

const dir = mkdtempSync(join(tmpdir(), 'data-exposure-bench-'));
try {
  const files = writeCorpus(dir, filesPerBucket);
  if (withSchema) writeSchema(dir);
  const config = plugin.configs[preset];
  if (!config) throw new Error(`unknown preset ${preset}`);
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: corpusConfig(parser, config, withSchema),
    stats: true,
  });
  const started = performance.now();
  const results = await eslint.lintFiles(['**/*.ts']);
  const wall = performance.now() - started;

  const info = new Map(files.map((f) => [f.path, f]));
  let parse = 0;
  let ours = 0;
  let findings = 0;
  const perFile = [];
  for (const result of results) {
    const pass = result.stats?.times.passes[0];
    const parseMs = pass?.parse?.total ?? 0;
    let ruleMs = 0;
    for (const [id, time] of Object.entries(pass?.rules ?? {})) {
      if (id.startsWith('data-exposure/')) ruleMs += time.total;
    }
    parse += parseMs;
    ours += ruleMs;
    findings += result.messages.filter((m) => m.ruleId?.startsWith('data-exposure/')).length;
    const fatal = result.messages.find((m) => m.fatal);
    if (fatal) throw new Error(`${result.filePath}: ${fatal.message}`);
    perFile.push({ file: info.get(result.filePath), parseMs, ruleMs });
  }

  const lines = files.reduce((n, f) => n + f.lines, 0);
  const ratio = ours / parse;
  const slowest = perFile.reduce((a, b) => (b.ruleMs > a.ruleMs ? b : a));
  const fmt = (ms) => `${ms.toFixed(1)} ms`;
  log(`eslint-plugin-data-exposure bench — preset ${preset}${withSchema ? ', schema loaded' : ''}`);
  log(`files ${files.length}, lines ${lines}, findings ${findings}, wall ${fmt(wall)}`);
  log(`ESLint parse ${fmt(parse)}, our rules ${fmt(ours)}, ratio ${ratio.toFixed(4)} (target ≤ ${TARGET_RATIO})`);
  log(
    `slowest file: ${relative(dir, slowest.file.path)} (${slowest.file.lines} lines) rules ${fmt(slowest.ruleMs)} (target ≤ ${TARGET_FILE_MS} ms; the first file linted also pays the schema load and the JIT warm-up)`,
  );
  const sorted = perFile.map((p) => p.ruleMs).sort((a, b) => a - b);
  log(`rule time per file: median ${fmt(sorted[Math.floor(sorted.length / 2)])}, p95 ${fmt(sorted[Math.floor(sorted.length * 0.95)])}`);
  log('growth with size (rule time per 1000 lines, by kind):');
  for (const size of Object.keys(SIZES)) {
    const row = [];
    for (const kind of ['route', 'service', 'sql', 'plain']) {
      const group = perFile.filter((p) => p.file.size === size && p.file.kind === kind);
      const ms = group.reduce((n, p) => n + p.ruleMs, 0);
      const kloc = group.reduce((n, p) => n + p.file.lines, 0) / 1000;
      row.push(`${kind} ${(ms / kloc).toFixed(2)}`);
    }
    const group = perFile.filter((p) => p.file.size === size);
    const ms = group.reduce((n, p) => n + p.ruleMs, 0);
    const pms = group.reduce((n, p) => n + p.parseMs, 0);
    log(`  ${size.padEnd(6)} ${row.join(', ')} — ratio ${(ms / pms).toFixed(4)}`);
  }
  const byKind = ['route', 'service', 'sql', 'plain'].map((kind) => {
    const group = perFile.filter((p) => p.file.kind === kind);
    const ms = group.reduce((n, p) => n + p.ruleMs, 0);
    const pms = group.reduce((n, p) => n + p.parseMs, 0);
    return `${kind} ${(ms / pms).toFixed(4)}`;
  });
  log(`ratio by kind of file: ${byKind.join(', ')}`);
  const over = perFile.filter((p) => p.ruleMs > TARGET_FILE_MS).length;
  log(
    `targets: ratio ${ratio <= TARGET_RATIO ? 'met' : 'MISSED'}, files over ${TARGET_FILE_MS} ms: ${over}`,
  );
  const warm = [];
  for (let pass = 1; pass <= warmPasses; pass++) {
    const again = await eslint.lintFiles(['**/*.ts']);
    let parseMs = 0;
    let ruleMs = 0;
    let slowestMs = 0;
    for (const result of again) {
      const times = result.stats?.times.passes[0];
      parseMs += times?.parse?.total ?? 0;
      let fileMs = 0;
      for (const [id, time] of Object.entries(times?.rules ?? {})) {
        if (id.startsWith('data-exposure/')) fileMs += time.total;
      }
      ruleMs += fileMs;
      slowestMs = Math.max(slowestMs, fileMs);
    }
    warm.push({ parse: parseMs, ours: ruleMs, ratio: ruleMs / parseMs, slowestMs });
    log(
      `warm pass ${pass} (same process, same files): parse ${fmt(parseMs)}, our rules ${fmt(ruleMs)}, ratio ${(ruleMs / parseMs).toFixed(4)}, slowest file ${fmt(slowestMs)}`,
    );
  }
  if (asJson) {
    const result = { preset, schema: withSchema, parse, ours, ratio, slowestMs: slowest.ruleMs, over, findings, warm };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
