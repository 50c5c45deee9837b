/**
 * ESLint's lint results → the CLI's report: findings with cwd-relative paths, their fix hint
 * (the first suggestion, else the rule's hint) and suggestion messages; parse failures kept apart
 * (a file that does not parse was not scanned); counts per rule and the summary numbers.
 */
import path from 'node:path';
import type { ESLint, Linter } from 'eslint';
import type { RuleInfo } from './rule-info.js';

export type Severity = 'error' | 'warning';

export interface Finding {
  /** Relative to the cwd with `/` separators (absolute when outside the cwd). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number | undefined;
  readonly endColumn: number | undefined;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly hint: string | undefined;
  readonly suggestions: readonly string[];
  readonly docsUrl: string | undefined;
}

export interface ParseFailure {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface Report {
  readonly cwd: string;
  /** The preset, or `config:<file>` with `--config`. */
  readonly setup: string;
  readonly filesScanned: number;
  readonly findings: readonly Finding[];
  readonly parseFailures: readonly ParseFailure[];
  readonly errorCount: number;
  readonly warningCount: number;
  /** Rule id → number of findings, for every rule with at least one. */
  readonly byRule: Readonly<Record<string, number>>;
  readonly durationMs: number;
}

export interface ReportOptions {
  readonly cwd: string;
  readonly setup: string;
  readonly quiet: boolean;
  readonly durationMs: number;
  readonly rules: readonly RuleInfo[];
  /** Rule ids of this plugin start with `<namespace>/`; other messages (ESLint's notes about
   * disable comments naming rules that are not loaded) are not findings. */
  readonly namespace: string;
}

export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return file;
  return relative.split(path.sep).join('/');
}

function toFinding(file: string, message: Linter.LintMessage, rules: ReadonlyMap<string, RuleInfo>): Finding {
  const ruleId = message.ruleId ?? 'unknown';
  const rule = rules.get(ruleId);
  const suggestions = (message.suggestions ?? []).map((s) => s.desc);
  return {
    file,
    line: message.line,
    column: message.column,
    endLine: message.endLine,
    endColumn: message.endColumn,
    ruleId,
    severity: message.severity === 2 ? 'error' : 'warning',
    message: message.message,
    hint: suggestions[0] ?? rule?.hint,
    suggestions,
    docsUrl: rule?.url,
  };
}

export function buildReport(results: readonly ESLint.LintResult[], options: ReportOptions): Report {
  const rules = new Map(options.rules.map((r) => [r.id, r]));
  const findings: Finding[] = [];
  const parseFailures: ParseFailure[] = [];
  const byRule: Record<string, number> = {};
  for (const result of results) {
    const file = displayPath(result.filePath, options.cwd);
    for (const message of result.messages) {
      if (message.fatal || message.ruleId === null) {
        parseFailures.push({ file, line: message.line, column: message.column, message: message.message });
        continue;
      }
      if (!message.ruleId.startsWith(`${options.namespace}/`)) continue;
      if (options.quiet && message.severity !== 2) continue;
      const finding = toFinding(file, message, rules);
      findings.push(finding);
      byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
    }
  }
  findings.sort((a, b) => compare(a.file, b.file) || a.line - b.line || a.column - b.column || compare(a.ruleId, b.ruleId));
  parseFailures.sort((a, b) => compare(a.file, b.file) || a.line - b.line);
  return {
    cwd: options.cwd,
    setup: options.setup,
    filesScanned: results.length,
    findings,
    parseFailures,
    errorCount: findings.filter((f) => f.severity === 'error').length,
    warningCount: findings.filter((f) => f.severity === 'warning').length,
    byRule,
    durationMs: options.durationMs,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
