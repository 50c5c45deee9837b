/**
 * `data-exposure [options] [paths…]`: lints JS/TS files with the plugin through ESLint's Node API
 * and prints a report. Returns the exit code: 0 no findings, 1 findings, 2 usage or configuration
 * error (the message names the option, path, setting or schema glob at fault).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ESLint } from 'eslint';
import { REPO_URL } from '../create-rule.js';
import plugin from '../index.js';
import { getCatalog } from '../schema/load.js';
import { parseCliArgs, USAGE, UsageError, type CliArgs } from './args.js';
import { optionsModuleAvailable, optionsModuleUrl } from './eslint-options-module.js';
import { createESLintOptions, type LintSetup } from './eslint-setup.js';
import { checkConfigFile, checkPaths, countLintableFiles } from './files.js';
import { formatJson } from './format-json.js';
import { formatSarif } from './format-sarif.js';
import { formatStylish } from './format-stylish.js';
import { listenForProgress, ProgressLine, type TextSink } from './progress.js';
import { buildReport, type Report } from './report.js';
import { ruleInfos, type RuleInfo } from './rule-info.js';

export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** stderr is a terminal: show the progress line of long scans. */
  readonly isTTY: boolean;
  /** Colour the stylish report written to stdout (default: false). */
  readonly color?: boolean;
  /** Default: `process.cwd()`. */
  readonly cwd?: string;
  /** How long a scan runs before the progress line appears (default 400 ms). */
  readonly progressDelayMs?: number;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

const CONFIG_ERROR_PREFIX = '[eslint-plugin-data-exposure]';

/**
 * The text of a failure. For the plugin's own configuration errors, only the plugin's message:
 * ESLint wraps it ("Error while loading rule 'x': …") and appends "Occurred while linting …".
 */
function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const eslintError = error as { messageTemplate?: unknown; messageData?: { pattern?: unknown } } | null;
  if (eslintError?.messageTemplate === 'all-matched-files-ignored' && typeof eslintError.messageData?.pattern === 'string') {
    // ESLint counts files that no config matches (README.md) as ignored too.
    return `No JavaScript or TypeScript file to scan in '${eslintError.messageData.pattern}': every file found there is ignored or is not a JS/TS file.`;
  }
  const start = message.indexOf(CONFIG_ERROR_PREFIX);
  if (start < 0) return message;
  const end = message.indexOf('\nOccurred while linting', start);
  return message.slice(start, end >= 0 ? end : undefined);
}

/** Errors whose message is the whole story; anything else is unexpected and shows its stack. */
function isExpected(error: unknown): boolean {
  if (error instanceof UsageError) return true;
  const e = error as { message?: unknown; messageTemplate?: unknown } | null;
  return typeof e?.messageTemplate === 'string' || (typeof e?.message === 'string' && e.message.includes(CONFIG_ERROR_PREFIX));
}

function fail(io: CliIo, error: unknown): number {
  io.stderr.write(`data-exposure: ${describeFailure(error)}\n`);
  if (error instanceof UsageError) io.stderr.write('Run "data-exposure --help" for usage.\n');
  else if (!isExpected(error) && error instanceof Error && error.stack) {
    io.stderr.write(`${error.stack.split('\n').slice(1).join('\n')}\n`);
  }
  return EXIT_ERROR;
}

function lintSetup(args: CliArgs, cwd: string, progress: boolean): LintSetup {
  return {
    cwd,
    preset: args.preset ?? 'recommended',
    configFile: args.config === undefined ? undefined : path.resolve(cwd, args.config),
    schema: args.schema,
    concurrency: args.concurrency,
    progress,
  };
}

async function createESLint(setup: LintSetup): Promise<ESLint> {
  if (setup.concurrency === 'off') return new ESLint(createESLintOptions(setup));
  if (!optionsModuleAvailable()) throw new Error('--concurrency needs the built CLI (run `npm run build`).');
  // Worker threads rebuild the options (plugin and parser objects cannot be sent to them).
  return ESLint.fromOptionsModule(optionsModuleUrl(setup));
}

async function lint(eslint: ESLint, args: CliArgs, cwd: string, io: CliIo, progress: boolean): Promise<ESLint.LintResult[]> {
  if (!progress) return eslint.lintFiles([...args.paths]);
  const line = new ProgressLine(io.stderr, await countLintableFiles(eslint, args.paths, cwd), io.progressDelayMs);
  const stop = listenForProgress(() => line.tick());
  try {
    return await eslint.lintFiles([...args.paths]);
  } finally {
    stop();
    line.finish();
  }
}

function render(report: Report, args: CliArgs, rules: readonly RuleInfo[], color: boolean): string {
  const tool = { name: plugin.meta.name, version: plugin.meta.version };
  switch (args.format) {
    case 'json':
      return formatJson(report, { tool: tool.name, version: tool.version });
    case 'sarif':
      return formatSarif(report, rules, { ...tool, informationUri: REPO_URL });
    default:
      return formatStylish(report, color);
  }
}

function exitCode(report: Report, args: CliArgs): number {
  if (args.exitZero) return EXIT_OK;
  const tooManyWarnings = args.maxWarnings >= 0 && report.warningCount > args.maxWarnings;
  return report.errorCount > 0 || tooManyWarnings ? EXIT_FINDINGS : EXIT_OK;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const started = performance.now();
  const cwd = path.resolve(io.cwd ?? process.cwd());
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    return fail(io, error);
  }
  if (args.help) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (args.version) {
    io.stdout.write(`${plugin.meta.name} ${plugin.meta.version}\n`);
    return EXIT_OK;
  }

  const progress = io.isTTY && args.format === 'stylish';
  const setup = lintSetup(args, cwd, progress);
  let results: ESLint.LintResult[];
  try {
    checkPaths(args.paths, cwd);
    if (args.config !== undefined) checkConfigFile(args.config, cwd);
    // Fails fast, naming the glob, when a --schema matches nothing (and warms the schema cache).
    if (setup.schema.length > 0) getCatalog(setup.schema, cwd);
    results = await lint(await createESLint(setup), args, cwd, io, progress);
  } catch (error) {
    return fail(io, error);
  }

  const rules = ruleInfos();
  const report = buildReport(results, {
    cwd,
    setup: setup.configFile === undefined ? setup.preset : `config:${args.config ?? ''}`,
    quiet: args.quiet,
    durationMs: performance.now() - started,
    rules,
    namespace: plugin.meta.namespace,
  });
  const text = render(report, args, rules, args.output === undefined && (io.color ?? false));
  if (args.output === undefined) {
    io.stdout.write(text);
  } else {
    const file = path.resolve(cwd, args.output);
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    } catch (error) {
      return fail(io, new UsageError(`cannot write --output file "${args.output}": ${describeFailure(error)}`));
    }
  }
  return exitCode(report, args);
}
