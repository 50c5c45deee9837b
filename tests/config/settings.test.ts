/**
 * Configuration mistakes in `settings['data-exposure']` (DESIGN §4): each stops the run with one
 * message that names the setting and the value, through ESLint itself (the Linter and the ESLint
 * class), on any file — even one without SQL.
 */
import * as parser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { lint } from '../robustness/harness.js';

const PREFIX = '[eslint-plugin-data-exposure]';

/** The error a lint run with these settings throws (an empty file and a file with SQL alike). */
function failure(settings: unknown): string {
  const messages: string[] = [];
  for (const code of ['', "import { pool } from './db';\nexport const q = pool.query('SELECT * FROM users');\n"]) {
    try {
      lint(code, { settings: { 'data-exposure': settings } });
      messages.push('(no error)');
    } catch (error) {
      messages.push(error instanceof Error ? error.message : String(error));
    }
  }
  expect(messages[0]).toBe(messages[1]);
  return messages[0] as string;
}

/** The plugin's message, once, in the error: `[eslint-plugin-data-exposure] <text>`. */
function ours(message: string): string {
  expect(message.split(PREFIX).length - 1, message).toBe(1);
  const text = message.slice(message.indexOf(PREFIX) + PREFIX.length + 1);
  return text.split('\n')[0] as string;
}

describe('settings: unknown keys and wrong types', () => {
  it.each<[string, unknown, RegExp]>([
    ['an unknown key', { schemas: ['schema.sql'] }, /^Unknown setting settings\['data-exposure'\]\.schemas\. Known settings: schema, sensitiveColumns, safeColumns, sqlTags, queryFunctions\.$/],
    ['a misspelt key next to good ones', { schema: [], sensitveColumns: ['x'] }, /^Unknown setting settings\['data-exposure'\]\.sensitveColumns\./],
    ['a string instead of the object', 'schema.sql', /^settings\['data-exposure'\] must be an object, got the string "schema\.sql"\.$/],
    ['an array instead of the object', ['schema.sql'], /^settings\['data-exposure'\] must be an object, got an array\.$/],
    ['null instead of the object', null, /^settings\['data-exposure'\] must be an object, got null\.$/],
    ['a string instead of an array', { schema: 'db/schema.sql' }, /^settings\['data-exposure'\]\.schema must be an array of strings, got the string "db\/schema\.sql"\.$/],
    ['a number instead of an array', { queryFunctions: 5 }, /^settings\['data-exposure'\]\.queryFunctions must be an array of strings, got the number 5\.$/],
    ['an object instead of an array', { safeColumns: { id: true } }, /^settings\['data-exposure'\]\.safeColumns must be an array of strings, got the object \{"id":true\}\.$/],
    ['a number in the array', { sensitiveColumns: ['ssn', 7] }, /^settings\['data-exposure'\]\.sensitiveColumns\[1\] must be a non-empty string, got the number 7\.$/],
    ['an empty string in the array', { sqlTags: [''] }, /^settings\['data-exposure'\]\.sqlTags\[0\] must be a non-empty string, got the string ""\.$/],
    ['null in the array', { schema: [null] }, /^settings\['data-exposure'\]\.schema\[0\] must be a non-empty string, got null\.$/],
  ])('%s', (_name, settings, expected) => {
    expect(ours(failure(settings))).toMatch(expected);
  });

  it('the error names the rule that was loading and the file (ESLint adds them)', () => {
    const message = failure({ schemas: [] });
    expect(message).toMatch(/^Error while loading rule 'data-exposure\/[a-z-]+': /);
    expect(message).toContain('handler.ts');
  });
});

describe('settings: invalid /regex/ and column entries', () => {
  it.each<[string, unknown, RegExp]>([
    ['an unterminated group', { sensitiveColumns: ['/(secret/'] }, /^settings\['data-exposure'\]\.sensitiveColumns: invalid regular expression "\/\(secret\/": Invalid regular expression: .*Unterminated group$/],
    ['an unterminated class', { safeColumns: ['/[a-z/i'] }, /^settings\['data-exposure'\]\.safeColumns: invalid regular expression "\/\[a-z\/i": /],
    ['a bad flag', { safeColumns: ['/^id$/q'] }, /^settings\['data-exposure'\]\.safeColumns: invalid regular expression "\/\^id\$\/q": Invalid flags/],
    ['a missing closing slash', { sensitiveColumns: ['/^legacy_'] }, /^settings\['data-exposure'\]\.sensitiveColumns: invalid regular expression "\/\^legacy_": missing the closing \/$/],
    ['an empty pattern', { sensitiveColumns: ['personal://'] }, /^settings\['data-exposure'\]\.sensitiveColumns: invalid regular expression "personal:\/\/": empty pattern$/],
    ['an unknown tier', { sensitiveColumns: ['secrets:api_key'] }, /^settings\['data-exposure'\]\.sensitiveColumns: "secrets:api_key" has an unknown tier "secrets"/],
    ['a tier on a safe column', { safeColumns: ['internal:tenant_id'] }, /^settings\['data-exposure'\]\.safeColumns: "internal:tenant_id" has a tier prefix; tiers apply to sensitiveColumns only$/],
    ['too many dots', { sensitiveColumns: ['db.public.users.email'] }, /^settings\['data-exposure'\]\.sensitiveColumns: "db\.public\.users\.email" is not a column name, table\.column or \/regex\/flags$/],
  ])('%s', (_name, settings, expected) => {
    expect(ours(failure(settings))).toMatch(expected);
  });

  it('valid entries of every form are accepted', () => {
    expect(failure({
      sensitiveColumns: ['ssn_last4', 'users.nickname', 'personal:/^home_/i', 'internal:public.users.flags', '/token$/gy'],
      safeColumns: ['token_type', '/^public_/'],
      sqlTags: ['q'],
      queryFunctions: ['runQuery', 'db.fetchRows'],
    })).toBe('(no error)');
  });
});

describe('settings through the ESLint class', () => {
  it('lintText rejects with the same single message', async () => {
    const eslint = new ESLint({
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.ts'], languageOptions: { parser } },
        { ...(plugin.configs.all as object), files: ['**/*.ts'] },
        { settings: { 'data-exposure': { sensitiveColumns: ['/(/'] } } },
      ],
    });
    const error = await eslint.lintText('export const x = 1;\n', { filePath: 'a.ts' }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(ours(error?.message ?? '')).toMatch(/^settings\['data-exposure'\]\.sensitiveColumns: invalid regular expression "\/\(\/"/);
  });
});
