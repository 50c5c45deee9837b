/**
 * The examples in each rule's docs are linted: every `// ❌` section must be reported by the rule,
 * every `// ✅` section must not. Sections run with the test app's SQL and Prisma schemas loaded.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as parser from '@typescript-eslint/parser';
import { Linter, type Rule } from 'eslint';
import { describe, expect, it } from 'vitest';
import { rules } from '../src/rules.js';
import { appSettingsWithPrisma } from './support/settings.js';

interface Example {
  readonly rule: string;
  readonly kind: 'bad' | 'good';
  readonly title: string;
  readonly code: string;
}

function examplesOf(rule: string): Example[] {
  const doc = readFileSync(`docs/rules/${rule}.md`, 'utf8');
  const section = doc.slice(doc.indexOf('## Examples'), doc.indexOf('\n## ', doc.indexOf('## Examples') + 1));
  const examples: Example[] = [];
  for (const block of section.matchAll(/```(?:ts|js)\n([\s\S]*?)```/g)) {
    let current: Example | undefined;
    for (const line of (block[1] ?? '').split('\n')) {
      const marker = /^\/\/ (❌|✅) ?(.*)$/.exec(line);
      if (marker) {
        if (current) examples.push(current);
        current = { rule, kind: marker[1] === '❌' ? 'bad' : 'good', title: marker[2] ?? '', code: '' };
      } else if (current) {
        current = { ...current, code: `${current.code}${line}\n` };
      }
    }
    if (current) examples.push(current);
  }
  return examples;
}

const ruleNames = readdirSync('docs/rules').map((f) => f.replace(/\.md$/, ''));
const examples = ruleNames.flatMap(examplesOf);

function lint(example: Example): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(
    example.code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser },
        plugins: { 'data-exposure': { rules: rules as unknown as Record<string, Rule.RuleModule> } },
        settings: appSettingsWithPrisma,
        rules: { [`data-exposure/${example.rule}`]: 'error' },
      },
    ],
    'example.ts',
  );
}

describe('rule docs examples', () => {
  it('every rule doc has both kinds of example', () => {
    for (const rule of ruleNames) {
      const own = examples.filter((e) => e.rule === rule);
      expect(own.some((e) => e.kind === 'bad'), rule).toBe(true);
      expect(own.some((e) => e.kind === 'good'), rule).toBe(true);
    }
  });

  it.each(examples.map((e) => [`${e.rule} ${e.kind === 'bad' ? '❌' : '✅'} ${e.title}`, e] as const))('%s', (_title, example) => {
    const messages = lint(example);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    if (example.kind === 'bad') expect(messages.length).toBeGreaterThan(0);
    else expect(messages).toEqual([]);
  });
});
