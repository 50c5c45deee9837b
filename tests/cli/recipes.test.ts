/**
 * The recipes of docs/integration.md, tested: the flat-config snippet runs (with the built plugin)
 * and reports a finding that needs its schema setting; `.pre-commit-hooks.yaml` declares the hook
 * the docs describe; the CI and lint-staged snippets call the command with existing options.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAKY_ROUTE, project, SCHEMA_SQL, type Project } from './fixture.js';
import { ensureBuilt, REPO } from './helpers.js';

const INTEGRATION = readFileSync(path.join(REPO, 'docs/integration.md'), 'utf8');

/** The fenced code block right after `<!-- recipe: name -->`. */
function recipe(name: string): string {
  const marker = `<!-- recipe: ${name} -->`;
  const at = INTEGRATION.indexOf(marker);
  if (at < 0) throw new Error(`no ${marker} in docs/integration.md`);
  const match = /^```\w*\n([\s\S]*?)^```$/m.exec(INTEGRATION.slice(at + marker.length));
  if (!match?.[1]) throw new Error(`no code block after ${marker}`);
  return match[1];
}

/** Every fenced block of a language in the document. */
function blocks(language: string): string[] {
  return [...INTEGRATION.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((m) => m[1] ?? '');
}

describe('flat-config recipe', () => {
  let p: Project;

  beforeAll(() => {
    ensureBuilt();
    const config = recipe('flat-config')
      .replace("'eslint-plugin-data-exposure'", JSON.stringify(pathToFileURL(path.join(REPO, 'dist/src/index.js')).href))
      .replace(
        "'@typescript-eslint/parser'",
        JSON.stringify(pathToFileURL(path.join(REPO, 'node_modules/@typescript-eslint/parser/dist/index.js')).href),
      );
    p = project({
      'eslint.config.js': config,
      'db/migrations/001_init.sql': SCHEMA_SQL,
      'prisma/schema.prisma': 'model AuditEvent {\n  id   Int    @id\n  kind String\n}\n',
      'src/routes.ts': LEAKY_ROUTE,
    });
  }, 180_000);

  afterAll(() => p.remove());

  it('imports the plugin by its package name and uses the recommended preset', () => {
    expect(recipe('flat-config')).toContain("import dataExposure from 'eslint-plugin-data-exposure';");
    expect(recipe('flat-config')).toContain('dataExposure.configs.recommended');
  });

  it('reports SELECT * with the columns from the schema setting', async () => {
    const eslint = new ESLint({ cwd: p.dir });
    const [result] = await eslint.lintFiles(['src/routes.ts']);
    expect(result?.messages).toEqual([
      expect.objectContaining({
        ruleId: 'data-exposure/no-select-star',
        severity: 2,
        line: 8,
        message: expect.stringContaining('(including password_hash) to `res.json`'),
      }),
    ]);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const yaml = readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8');
  const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  const field = (name: string): string | undefined => new RegExp(`^ {2}${name}: (.+)$`, 'm').exec(yaml)?.[1]?.trim();

  it('declares one hook with id data-exposure, language node, running the package bin', () => {
    expect(yaml.match(/^- id: /gm)).toHaveLength(1);
    expect(yaml).toMatch(/^- id: data-exposure$/m);
    expect(field('language')).toBe('node');
    expect(field('entry')).toBe('data-exposure');
    expect(Object.keys(pkg.bin)).toContain(field('entry'));
  });

  it('runs on JavaScript and TypeScript files only', () => {
    expect(field('types_or')).toBe('[javascript, jsx, ts, tsx]');
    expect(field('files')).toBeUndefined();
  });

  it('is what docs/integration.md tells people to use', () => {
    expect(INTEGRATION).toContain('- id: data-exposure');
  });
});

describe('CI and lint-staged recipes', () => {
  it('the GitHub Actions workflow writes SARIF and uploads it with codeql-action/upload-sarif', () => {
    const workflow = blocks('yaml').find((b) => b.includes('upload-sarif'));
    expect(workflow).toBeDefined();
    expect(workflow).toMatch(/npx data-exposure .*--format sarif --output data-exposure\.sarif/);
    expect(workflow).toContain('uses: github/codeql-action/upload-sarif@');
    expect(workflow).toContain('sarif_file: data-exposure.sarif');
    expect(workflow).toContain('security-events: write');
  });

  it('the lint-staged entry is valid JSON calling the command', () => {
    const json = blocks('json').find((b) => b.includes('lint-staged'));
    const config = JSON.parse(json ?? '{}') as { 'lint-staged': Record<string, string> };
    expect(Object.values(config['lint-staged'])).toEqual(['data-exposure --schema db/schema.sql']);
  });
});
