/** `--format sarif` on the examples: a structurally valid SARIF 2.1.0 log. */
import type * as Sarif from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { EXAMPLE_ARGS, positionOf, runMain } from './helpers.js';

let log: Sarif.Log;
let code: number;

beforeAll(async () => {
  const result = await runMain([...EXAMPLE_ARGS, '--format', 'sarif']);
  code = result.code;
  expect(result.stderr).toBe('');
  log = JSON.parse(result.stdout) as Sarif.Log;
});

const run = (): Sarif.Run => log.runs[0]!;

describe('SARIF log', () => {
  it('is version 2.1.0 with the schema and one run, and the exit code is still 1', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    expect(code).toBe(1);
  });

  it('names the tool and lists every rule of the plugin with its metadata', () => {
    const driver = run().tool.driver;
    expect(driver.name).toBe('eslint-plugin-data-exposure');
    expect(driver.version).toBe(plugin.meta.version);
    expect(driver.informationUri).toMatch(/^https:\/\//);
    const ids = (driver.rules ?? []).map((r) => r.id);
    expect(ids).toEqual(Object.keys(plugin.rules).map((name) => `data-exposure/${name}`));
    for (const rule of driver.rules ?? []) {
      const name = rule.id.replace('data-exposure/', '') as keyof typeof plugin.rules;
      expect(rule.shortDescription?.text).toBe(plugin.rules[name].meta.docs?.description);
      expect(rule.helpUri).toBe(plugin.rules[name].meta.docs?.url);
      const tags = rule.properties?.tags ?? [];
      expect(tags).toContain('security');
      expect(tags).toContain('OWASP-API3:2023');
      expect(tags).toContain(name === 'no-mass-assignment' ? 'CWE-915' : 'CWE-213');
      expect(Number(rule.properties?.['security-severity'])).toBeGreaterThan(0);
    }
  });

  it('has results with ruleId, matching ruleIndex, level, message and a physical location', () => {
    const rules = run().tool.driver.rules ?? [];
    const results = run().results ?? [];
    expect(results.length).toBeGreaterThanOrEqual(4);
    for (const result of results) {
      expect(result.ruleId).toMatch(/^data-exposure\//);
      expect(rules[result.ruleIndex!]?.id).toBe(result.ruleId);
      expect(result.level).toBe('error');
      expect(result.message.text).toBeTruthy();
      const location = result.locations?.[0]?.physicalLocation;
      expect(location?.artifactLocation?.uri).toMatch(/^examples\/[\w./-]+\.ts$/);
      expect(location?.artifactLocation?.uriBaseId).toBe('%SRCROOT%');
      const region = location?.region;
      expect(region?.startLine).toBeGreaterThanOrEqual(1);
      expect(region?.startColumn).toBeGreaterThanOrEqual(1);
      expect(region?.endLine).toBeGreaterThanOrEqual(region!.startLine!);
      expect(region?.endColumn).toBeGreaterThanOrEqual(1);
    }
    expect(run().originalUriBaseIds?.['%SRCROOT%']?.uri).toMatch(/^file:\/\/.*\/$/);
  });

  it('locates the SELECT * of users.vulnerable.ts, with its suggestion as a property (not a fix)', () => {
    const file = 'examples/express-cockroach/src/routes/users.vulnerable.ts';
    const { line, column } = positionOf(file, "'SELECT * FROM users", 8);
    const result = (run().results ?? []).find(
      (r) => r.ruleId === 'data-exposure/no-select-star' && r.locations?.[0]?.physicalLocation?.artifactLocation?.uri === file,
    );
    expect(result?.locations?.[0]?.physicalLocation?.region).toEqual({ startLine: line, startColumn: column, endLine: line, endColumn: column + 1 });
    expect(result?.message.text).toContain('password_hash');
    expect(result?.fixes).toBeUndefined();
    expect(result?.properties?.suggestions).toEqual(['Replace `SELECT *` with the columns of `users` that are not sensitive.']);
  });

  it('reports no parse failures as notifications for the examples', () => {
    expect(run().invocations?.[0]).toMatchObject({ executionSuccessful: true, toolExecutionNotifications: [] });
  });
});
