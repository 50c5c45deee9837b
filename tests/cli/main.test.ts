/** `main()` in-process: exit codes, usage errors, file selection, output options, progress line. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLEAN_ROUTE, LEAKY_ROUTE, project, SCHEMA_SQL, type Project } from './fixture.js';
import { EXAMPLE_ARGS, runMain } from './helpers.js';

let current: Project | undefined;
afterEach(() => {
  current?.remove();
  current = undefined;
});

function tmp(files: Record<string, string>): Project {
  current = project(files);
  return current;
}

const findingFiles = (stdout: string): string[] =>
  (JSON.parse(stdout) as { findings: { file: string }[] }).findings.map((f) => f.file).sort();

describe('exit codes', () => {
  it('0 and a clean summary when nothing is found', async () => {
    const p = tmp({ 'src/routes.ts': CLEAN_ROUTE });
    const result = await runMain([], { cwd: p.dir });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/✔ No findings: 1 file scanned in \d+/);
  });

  it('1 with findings, each as path:line:col, rule, message and fix hint, then the summary', async () => {
    const p = tmp({ 'src/routes.ts': LEAKY_ROUTE, 'db/schema.sql': SCHEMA_SQL });
    const result = await runMain(['--schema', 'db/*.sql'], { cwd: p.dir });
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('src/routes.ts:8:45  error  data-exposure/no-select-star');
    expect(lines[1]).toContain('`SELECT *` returns every column of `users` (including password_hash) to `res.json`');
    expect(lines[2]).toBe('  fix: Replace `SELECT *` with the columns of `users` that are not sensitive.');
    expect(result.stdout).toMatch(/✖ 1 finding in 1 file — 1 file scanned in \d+(\.\d)? m?s\.\n {2}1 {2}data-exposure\/no-select-star\n$/);
  });

  it('--exit-zero reports the findings but exits 0', async () => {
    const result = await runMain([...EXAMPLE_ARGS, '--exit-zero']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('data-exposure/no-select-star');
  });
});

describe('usage and configuration errors exit 2 with a message naming the problem', () => {
  it.each([
    [['--frobnicate'], "Unknown option '--frobnicate'"],
    [['-x'], "Unknown option '-x'"],
    [['--preset', 'paranoid'], 'invalid value "paranoid" for --preset: expected recommended, strict, all'],
    [['--format', 'xml'], 'invalid value "xml" for --format: expected stylish, json, sarif'],
    [['--concurrency', '0'], 'invalid value "0" for --concurrency'],
    [['--max-warnings', 'many'], 'invalid value "many" for --max-warnings'],
    [['--schema'], "Option '--schema <value>' argument missing"],
    [['--preset', 'strict', '--config', 'eslint.config.js'], '--preset cannot be combined with --config'],
  ])('%j', async (argv, message) => {
    const result = await runMain(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`data-exposure: ${message}`);
    expect(result.stderr).toContain('data-exposure --help');
  });

  it('a path that does not exist', async () => {
    const result = await runMain(['examples', 'no/such/dir']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('data-exposure: cannot read path "no/such/dir": no such file or directory\nRun "data-exposure --help" for usage.\n');
  });

  it('a path outside the current directory (ESLint would ignore it)', async () => {
    const result = await runMain(['..']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('path ".." is outside the current directory');
  });

  it('a directory without JS/TS files', async () => {
    const p = tmp({ 'docs/readme.md': '# hi\n' });
    const result = await runMain(['docs'], { cwd: p.dir });
    expect(result).toMatchObject({ code: 2, stderr: "data-exposure: No JavaScript or TypeScript file to scan in 'docs': every file found there is ignored or is not a JS/TS file.\n" });
  });

  it('a --schema glob that matches nothing', async () => {
    const result = await runMain(['examples', '--schema', 'db/migrations/*.sql']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"db/migrations/*.sql" matches no file');
    expect(result.stderr).toContain("settings['data-exposure'].schema");
  });

  it('a --config file that does not exist', async () => {
    const result = await runMain(['examples', '--config', 'no-such.config.js']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot read config file "no-such.config.js"');
  });

  it('a glob that matches no file (ESLint "No files matching")', async () => {
    const result = await runMain(['examples/**/*.nothing']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("data-exposure: No files matching 'examples/**/*.nothing' were found.\n");
  });

  it('--help and --version exit 0', async () => {
    expect(await runMain(['--help'])).toMatchObject({ code: 0, stderr: '' });
    expect((await runMain(['--help'])).stdout).toContain('--exit-zero');
    expect((await runMain(['-v'])).stdout).toMatch(/^eslint-plugin-data-exposure \d+\.\d+\.\d+/);
  });
});

describe('which files are scanned', () => {
  it('skips node_modules, build output, minified files and .gitignore entries', async () => {
    const p = tmp({
      'src/a.ts': LEAKY_ROUTE,
      'src/b.jsx': LEAKY_ROUTE.replace(/: \w+/g, ''),
      'node_modules/pkg/index.js': LEAKY_ROUTE,
      'dist/a.js': LEAKY_ROUTE,
      'build/a.js': LEAKY_ROUTE,
      '.next/server/a.js': LEAKY_ROUTE,
      'coverage/a.js': LEAKY_ROUTE,
      'public/app.min.js': LEAKY_ROUTE,
      'generated/client.ts': LEAKY_ROUTE,
      'legacy/old.ts': LEAKY_ROUTE,
      'legacy/keep.ts': LEAKY_ROUTE,
      '.gitignore': '# generated code\ngenerated/\n/legacy/*\n!/legacy/keep.ts\n',
    });
    const result = await runMain(['--format', 'json'], { cwd: p.dir });
    expect(findingFiles(result.stdout)).toEqual(['legacy/keep.ts', 'src/a.ts', 'src/b.jsx']);
  });

  it('an ignored file named explicitly (a pre-commit hook passes every staged file) is skipped quietly', async () => {
    const p = tmp({ 'src/a.ts': LEAKY_ROUTE, 'dist/a.js': LEAKY_ROUTE });
    const result = await runMain(['src/a.ts', 'dist/a.js', '--format', 'json'], { cwd: p.dir });
    expect(findingFiles(result.stdout)).toEqual(['src/a.ts']);
    expect(result.stderr).toBe('');
  });

  it('a file that does not parse is listed as not scanned, without failing the run', async () => {
    const p = tmp({ 'src/broken.ts': 'export const x = ;\n', 'src/ok.ts': CLEAN_ROUTE });
    const result = await runMain([], { cwd: p.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('! 1 file could not be parsed and was not scanned:');
    expect(result.stdout).toContain('src/broken.ts:1:17  Parsing error');
  });

  it('disable comments for rules of other plugins do not become findings', async () => {
    const p = tmp({ 'src/a.ts': `// eslint-disable-next-line @typescript-eslint/no-explicit-any\nexport const x: any = 1;\n/* eslint no-console: "error" */\nconsole.log(x);\n` });
    const result = await runMain([], { cwd: p.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('no-explicit-any');
    expect(result.stdout).not.toContain('no-console');
  });
});

describe('output', () => {
  it('--format json is one JSON document with the summary', async () => {
    const result = await runMain([...EXAMPLE_ARGS, '--format', 'json']);
    const doc = JSON.parse(result.stdout) as { tool: string; setup: string; summary: { filesScanned: number; findings: number; byRule: Record<string, number> } };
    expect(doc.tool).toBe('eslint-plugin-data-exposure');
    expect(doc.setup).toBe('recommended');
    expect(doc.summary.filesScanned).toBeGreaterThanOrEqual(13);
    expect(Object.values(doc.summary.byRule).reduce((a, b) => a + b, 0)).toBe(doc.summary.findings);
  });

  it('--output writes the report to the file and nothing to stdout', async () => {
    const p = tmp({ 'src/a.ts': LEAKY_ROUTE });
    const result = await runMain(['--format', 'sarif', '--output', 'reports/scan.sarif'], { cwd: p.dir });
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: '' });
    const log = JSON.parse(readFileSync(path.join(p.dir, 'reports/scan.sarif'), 'utf8')) as { version: string };
    expect(log.version).toBe('2.1.0');
  });

  it('colours the stylish report only when asked', async () => {
    const p = tmp({ 'src/a.ts': LEAKY_ROUTE });
    expect((await runMain([], { cwd: p.dir })).stdout).not.toContain('\x1b[');
    expect((await runMain([], { cwd: p.dir, color: true })).stdout).toContain('\x1b[31m');
  });

  it('--quiet and --max-warnings change nothing for errors (the presets report errors)', async () => {
    const p = tmp({ 'src/a.ts': LEAKY_ROUTE });
    expect((await runMain(['--quiet'], { cwd: p.dir })).code).toBe(1);
    expect((await runMain(['--max-warnings', '10'], { cwd: p.dir })).code).toBe(1);
  });
});

describe('progress line', () => {
  it('on a terminal, draws files done / total on stderr and erases it', async () => {
    const p = tmp({ 'src/a.ts': LEAKY_ROUTE, 'src/b.ts': CLEAN_ROUTE, 'src/c.ts': CLEAN_ROUTE });
    const result = await runMain([], { cwd: p.dir, isTTY: true, progressDelayMs: 0 });
    expect(result.stderr.startsWith('\r\x1b[2Kdata-exposure: scanning ')).toBe(true);
    expect(result.stderr).toMatch(/scanning [1-3]\/3 files \(\d+%\)/);
    expect(result.stderr.endsWith('\r\x1b[2K')).toBe(true);
    expect(result.stdout).not.toContain('scanning');
  });

  it('never with json or sarif, nor when stderr is not a terminal', async () => {
    const p = tmp({ 'src/a.ts': LEAKY_ROUTE });
    for (const format of ['json', 'sarif']) {
      expect((await runMain(['--format', format], { cwd: p.dir, isTTY: true, progressDelayMs: 0 })).stderr).toBe('');
    }
    expect((await runMain([], { cwd: p.dir, isTTY: false, progressDelayMs: 0 })).stderr).toBe('');
  });
});
