/**
 * The human report: findings sorted by file and position, each as `path:line:col  severity  rule` (a link in
 * most terminals and editors), the message (what leaks, where it goes) and a `fix:` line; then
 * the summary (findings per rule, files scanned, time) and any file that could not be parsed.
 */
import type { Finding, Report } from './report.js';

interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
}

function paint(code: number): (s: string) => string {
  return (s) => `\x1b[${code}m${s}\x1b[0m`;
}

const plain = (s: string): string => s;
const NO_COLOR: Style = { bold: plain, dim: plain, red: plain, yellow: plain, green: plain, cyan: plain };
const COLOR: Style = { bold: paint(1), dim: paint(2), red: paint(31), yellow: paint(33), green: paint(32), cyan: paint(36) };

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function formatFinding(f: Finding, style: Style): string[] {
  const severity = f.severity === 'error' ? style.red('error') : style.yellow('warning');
  const lines = [`${style.bold(`${f.file}:${f.line}:${f.column}`)}  ${severity}  ${style.dim(f.ruleId)}`, `  ${f.message}`];
  if (f.hint) lines.push(`  ${style.cyan('fix:')} ${f.hint}`);
  return lines;
}

function summary(report: Report, style: Style): string[] {
  const lines: string[] = [];
  const scanned = `${plural(report.filesScanned, 'file')} scanned in ${formatDuration(report.durationMs)}`;
  const count = report.findings.length;
  if (count === 0) {
    lines.push(style.green(`✔ No findings: ${scanned}.`));
  } else {
    const files = new Set(report.findings.map((f) => f.file)).size;
    const split = report.warningCount > 0 ? ` (${plural(report.errorCount, 'error')}, ${plural(report.warningCount, 'warning')})` : '';
    lines.push(style.red(style.bold(`✖ ${plural(count, 'finding')}${split} in ${plural(files, 'file')}`)) + ` — ${scanned}.`);
    const entries = Object.entries(report.byRule).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
    const width = Math.max(...entries.map(([, n]) => String(n).length));
    for (const [rule, n] of entries) lines.push(`  ${String(n).padStart(width)}  ${rule}`);
  }
  if (report.parseFailures.length > 0) {
    lines.push(style.yellow(`! ${plural(report.parseFailures.length, 'file')} could not be parsed and ${report.parseFailures.length === 1 ? 'was' : 'were'} not scanned:`));
    for (const p of report.parseFailures) lines.push(`  ${p.file}:${p.line}:${p.column}  ${p.message}`);
  }
  return lines;
}

export function formatStylish(report: Report, color: boolean): string {
  const style = color ? COLOR : NO_COLOR;
  const out: string[] = [];
  for (const finding of report.findings) out.push(...formatFinding(finding, style), '');
  out.push(...summary(report, style));
  return `${out.join('\n')}\n`;
}
