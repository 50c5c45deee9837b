/**
 * Every suggestion the rule tests produce, applied and run against a real PostgreSQL (PGlite) with
 * the test app's schema: the narrowed SQL must still run, and must no longer return the column
 * or the wildcard the rule reported.
 */
import type { PGlite } from '@electric-sql/pglite';
import * as parser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { Linter, type Rule } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFileAnalysis } from '../../src/analysis/index.js';
import { rules } from '../../src/rules.js';
import { builtinClassifier } from '../../src/schema/classifier.js';
import { selectStarSchemaInvalid } from '../cases/select-star-schema.js';
import { projectionInvalid } from '../cases/sensitive-projection.js';
import { execute, startDatabase } from '../support/pglite.js';
import { APP_SCHEMA, appSettings } from '../support/settings.js';

interface Sample {
  readonly rule: keyof typeof rules;
  readonly code: string;
  readonly options: readonly unknown[];
  readonly settings: Record<string, unknown>;
}

const samples: Sample[] = [
  ...selectStarSchemaInvalid.map((c) => ({ rule: 'no-select-star' as const, code: c.code, options: c.options ?? [], settings: appSettings })),
  ...projectionInvalid.map((c) => ({
    rule: 'no-sensitive-projection' as const,
    code: c.code,
    options: c.options ?? [],
    settings: (c.settings as Record<string, unknown> | undefined) ?? {},
  })),
];

function lint(sample: Sample, code: string): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser },
        plugins: { de: { rules: rules as unknown as Record<string, Rule.RuleModule> } },
        settings: sample.settings,
        rules: { [`de/${sample.rule}`]: ['error', ...sample.options] },
      },
    ],
    'route.ts',
  );
}

/** The SQL texts the analysis finds in `code`. */
function sqlIn(code: string): string[] {
  const texts: string[] = [];
  const linter = new Linter({ configType: 'flat' });
  linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser },
        plugins: {
          collect: {
            rules: {
              sql: {
                create(context) {
                  const analysis = getFileAnalysis(context as unknown as TSESLint.RuleContext<string, []>);
                  for (const q of analysis.queries) texts.push(q.sql.text);
                  return {};
                },
              },
            },
          },
        },
        rules: { 'collect/sql': 'error' },
      },
    ],
    'route.ts',
  );
  return texts;
}

function applySuggestion(code: string, fix: { range: [number, number]; text: string }): string {
  return code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
}

interface Applied {
  readonly name: string;
  readonly sample: Sample;
  readonly fixed: string;
  readonly reported: Linter.LintMessage;
}

const applied: Applied[] = [];
for (const sample of samples) {
  for (const message of lint(sample, sample.code)) {
    for (const suggestion of message.suggestions ?? []) {
      applied.push({
        name: `${sample.rule}: ${message.message}`,
        sample,
        fixed: applySuggestion(sample.code, suggestion.fix),
        reported: message,
      });
    }
  }
}

describe('suggestions run on PostgreSQL with the schema loaded', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await startDatabase(APP_SCHEMA);
  });
  afterAll(async () => {
    await db.close();
  });

  it('the rule tests produce suggestions to check', () => {
    expect(applied.length).toBeGreaterThanOrEqual(15);
  });

  it.each(applied.map((a) => [a.name, a] as const))('%s', async (_name, a) => {
    const statements = sqlIn(a.fixed);
    expect(statements.length).toBe(1);
    const result = await execute(db, statements[0] as string);
    expect(result.fields.length).toBeGreaterThan(0);
    // No returned column has a secret name…
    for (const field of result.fields) {
      expect(builtinClassifier.classify(field)?.tier, `${field} in ${statements[0]}`).not.toBe('secret');
    }
    // …and the rule no longer reports what it reported before the suggestion.
    const again = lint(a.sample, a.fixed).filter((m) => m.message === a.reported.message);
    expect(again).toEqual([]);
  });
});
