/**
 * `--format sarif`: a SARIF 2.1.0 log for code-scanning UIs (GitHub code scanning, Azure DevOps,
 * the SARIF viewer of VS Code), written directly and typed with `@types/sarif`.
 *
 * Why not @microsoft/eslint-formatter-sarif: its latest release declares `eslint ^8.9.0` and
 * installs a second ESLint (8.57) next to ours; and it cannot know our rules' CWE tags or turn
 * suggestions into anything. The log here has every rule of the plugin in `tool.driver.rules`
 * (id, descriptions, docs URL, tags `security`, the CWE and `OWASP-API3:2023`, a
 * `security-severity`), and each result its `ruleId`/`ruleIndex`, level, message, a physical
 * location relative to `%SRCROOT%` (the cwd) and the suggestions as `properties.suggestions`
 * (messages only: suggestions are not fixes, so no SARIF `fixes`).
 */
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Finding, Report } from './report.js';
import type { RuleInfo } from './rule-info.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

export interface SarifToolMeta {
  readonly name: string;
  readonly version: string;
  readonly informationUri: string;
}

function cweNumber(cwe: string): string {
  return cwe.replace(/^CWE-/i, '');
}

function ruleDescriptor(rule: RuleInfo): Sarif.ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.description },
    fullDescription: { text: `${rule.description}. ${rule.hint}` },
    ...(rule.url ? { helpUri: rule.url, help: { text: `${rule.hint} Documentation: ${rule.url}` } } : { help: { text: rule.hint } }),
    defaultConfiguration: { level: 'error' },
    properties: {
      tags: ['security', rule.cwe, `external/cwe/cwe-${cweNumber(rule.cwe)}`, 'OWASP-API3:2023'],
      precision: 'high',
      'security-severity': rule.securitySeverity,
      presets: [...rule.presets],
    },
  };
}

/** A cwd-relative path as a URI reference (each segment percent-encoded); absolute paths as file URLs. */
function artifactLocation(file: string): Sarif.ArtifactLocation {
  if (file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function region(f: { line: number; column: number; endLine?: number | undefined; endColumn?: number | undefined }): Sarif.Region {
  const r: Sarif.Region = { startLine: Math.max(1, f.line), startColumn: Math.max(1, f.column) };
  if (f.endLine !== undefined) r.endLine = f.endLine;
  if (f.endColumn !== undefined) r.endColumn = f.endColumn;
  return r;
}

function result(finding: Finding, ruleIndex: ReadonlyMap<string, number>): Sarif.Result {
  const index = ruleIndex.get(finding.ruleId);
  const text = finding.hint ? `${finding.message} Fix: ${finding.hint}` : finding.message;
  return {
    ruleId: finding.ruleId,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: finding.severity === 'error' ? 'error' : 'warning',
    message: { text },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(finding.file), region: region(finding) } }],
    ...(finding.suggestions.length > 0 ? { properties: { suggestions: [...finding.suggestions] } } : {}),
  };
}

export function buildSarif(report: Report, rules: readonly RuleInfo[], tool: SarifToolMeta): Sarif.Log {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const notifications: Sarif.Notification[] = report.parseFailures.map((p) => ({
    level: 'error',
    message: { text: `Not scanned: ${p.message}` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(p.file), region: region(p) } }],
  }));
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: tool.name,
        version: tool.version,
        semanticVersion: tool.version,
        informationUri: tool.informationUri,
        rules: rules.map(ruleDescriptor),
      },
    },
    originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(report.cwd).href.replace(/\/?$/, '/')}` } },
    columnKind: 'utf16CodeUnits',
    invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
    results: report.findings.map((f) => result(f, ruleIndex)),
    properties: { setup: report.setup, filesScanned: report.filesScanned },
  };
  return { version: '2.1.0', $schema: SARIF_SCHEMA, runs: [run] };
}

export function formatSarif(report: Report, rules: readonly RuleInfo[], tool: SarifToolMeta): string {
  return `${JSON.stringify(buildSarif(report, rules, tool), null, 2)}\n`;
}
