/**
 * Meta-tests: the rule files, the registry, the docs, the tests and the presets agree, and the
 * presets work through ESLint's own config resolution.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as parser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { defineConfig } from 'eslint/config';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const ruleFiles = readdirSync('rules')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();
const rules = plugin.rules as Record<string, { meta: { docs?: Record<string, unknown>; schema?: unknown; messages: Record<string, string> } }>;
const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

describe('plugin object', () => {
  it('carries meta from package.json and the namespace', () => {
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: 'data-exposure' });
  });

  it('registers exactly the rule files, in sorted order', () => {
    expect(Object.keys(plugin.rules)).toEqual(ruleFiles);
  });

  it('has named flat configs', () => {
    expect(Object.keys(plugin.configs).sort()).toEqual(['all', 'recommended', 'strict']);
    for (const [name, config] of Object.entries(plugin.configs)) {
      expect(config.name).toBe(`data-exposure/${name}`);
      expect(config.plugins['data-exposure']).toBe(plugin);
    }
  });
});

describe.each(ruleFiles)('rule %s', (name) => {
  const rule = rules[name];
  const docs = rule?.meta.docs ?? {};

  it('has a description of the form "Disallow/Require/Enforce …" and a docs url for its name', () => {
    expect(docs.description).toMatch(/^(Enforce|Require|Disallow) .+[^. ]$/);
    expect(docs.url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
  });

  it('has docs and tests', () => {
    expect(existsSync(`docs/rules/${name}.md`)).toBe(true);
    expect(existsSync(`tests/rules/${name}.test.ts`)).toBe(true);
  });

  it('documents every option under "## Options"', () => {
    const doc = readFileSync(`docs/rules/${name}.md`, 'utf8');
    const options = doc.slice(doc.indexOf('## Options'));
    const schema = (rule?.meta.schema as { properties?: Record<string, unknown> }[] | undefined)?.[0];
    for (const property of Object.keys(schema?.properties ?? {})) {
      expect(options).toContain(`### \`${property}\``);
    }
    expect(doc).toContain('## When Not To Use It');
  });

  it('is in the presets its docs say', () => {
    const id = `data-exposure/${name}`;
    expect(id in plugin.configs.recommended.rules).toBe(docs.recommended === true);
    expect(id in plugin.configs.strict.rules).toBe(docs.recommended === true || docs.strict !== undefined);
    expect(id in plugin.configs.all.rules).toBe(true);
  });
});

describe('presets through ESLint', () => {
  const code = `import { pool } from './db';
export default async function handler(req, res) {
  const { rows } = await pool.query('SELECT *, password_hash AS ph FROM users');
  res.json(rows);
}`;

  async function lintWith(preset: string): Promise<string[]> {
    const eslint = new ESLint({
      overrideConfigFile: true,
      overrideConfig: defineConfig({
        files: ['**/*.ts'],
        languageOptions: { parser },
        plugins: { 'data-exposure': plugin as never },
        extends: [`data-exposure/${preset}`],
      }) as Linter.Config[],
    });
    const [result] = await eslint.lintText(code, { filePath: 'handler.ts' });
    return (result?.messages ?? []).map((m) => m.ruleId ?? m.message).sort();
  }

  it('recommended reports the wildcard and the secret column', async () => {
    expect(await lintWith('recommended')).toEqual(['data-exposure/no-select-star', 'data-exposure/no-sensitive-projection']);
  });

  it('strict and all resolve to the same rules with strict options', async () => {
    expect(await lintWith('strict')).toEqual(await lintWith('all'));
    const eslint = new ESLint({ overrideConfigFile: true, overrideConfig: [plugin.configs.strict as never] });
    const config = (await eslint.calculateConfigForFile('x.js')) as { rules: Record<string, unknown> };
    expect(config.rules['data-exposure/no-select-star']).toEqual([2, { report: 'all', tiers: ['secret', 'personal', 'internal'] }]);
  });
});
