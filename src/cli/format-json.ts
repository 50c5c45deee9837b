/**
 * `--format json`: the report as one JSON document (stable keys, documented in docs/cli.md).
 */
import type { Report } from './report.js';

export interface JsonReportMeta {
  readonly tool: string;
  readonly version: string;
}

export function formatJson(report: Report, meta: JsonReportMeta): string {
  const document = {
    tool: meta.tool,
    version: meta.version,
    setup: report.setup,
    summary: {
      filesScanned: report.filesScanned,
      findings: report.findings.length,
      errors: report.errorCount,
      warnings: report.warningCount,
      byRule: report.byRule,
      parseFailures: report.parseFailures.length,
      durationMs: Math.round(report.durationMs),
    },
    findings: report.findings,
    parseFailures: report.parseFailures,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
