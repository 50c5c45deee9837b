/**
 * The built command, `node bin/data-exposure.js`, as a user runs it: exit codes, SARIF, usage
 * errors, worker threads (`--concurrency`), `--config` with warnings, and `npm run example`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAKY_ROUTE, project, type Project } from './fixture.js';
import { BIN, ensureBuilt, EXAMPLE_ARGS, REPO } from './helpers.js';

interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: readonly string[], cwd = REPO): Spawned {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const keys = (stdout: string): string[] =>
  (JSON.parse(stdout) as { findings: { file: string; line: number; column: number; ruleId: string }[] }).findings
    .map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)
    .sort();

// Spawned processes (and worker threads) are slow on a loaded machine; the build may wait for another.
const SLOW = { timeout: 90_000 };

beforeAll(() => {
  ensureBuilt();
}, 180_000);

describe('bin/data-exposure.js on examples/', SLOW, () => {
  it('exits 1 and prints the findings and the summary', () => {
    const r = run(EXAMPLE_ARGS);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('examples/express-cockroach/src/routes/users.vulnerable.ts:11:45  error  data-exposure/no-select-star');
    expect(r.stdout).toMatch(/✖ \d+ findings in \d files — \d+ files scanned in/);
  });

  it('--format sarif prints a SARIF 2.1.0 log with rules and located results', () => {
    const r = run([...EXAMPLE_ARGS, '--format', 'sarif']);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; message: { text: string }; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]?.tool.driver.rules.length).toBeGreaterThanOrEqual(2);
    for (const result of log.runs[0]?.results ?? []) {
      expect(result.ruleId).toMatch(/^data-exposure\//);
      expect(result.message.text).not.toBe('');
      expect(result.locations[0]?.physicalLocation.region.startLine).toBeGreaterThan(0);
    }
  });

  it('bad usage exits 2 with its message on stderr', () => {
    const r = run(['--frobnicate']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain("data-exposure: Unknown option '--frobnicate'");
    const missing = run(['examples', '--schema', 'nothing/*.sql']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('"nothing/*.sql" matches no file');
  });

  it('--concurrency 2 (worker threads) finds the same as a single thread', () => {
    const single = run([...EXAMPLE_ARGS, '--format', 'json']);
    const workers = run([...EXAMPLE_ARGS, '--format', 'json', '--concurrency', '2']);
    expect(workers.code).toBe(1);
    expect(keys(workers.stdout)).toEqual(keys(single.stdout));
  });

  it('the progress line counts files linted in worker threads', () => {
    const script = `
      const { main } = await import(${JSON.stringify(pathToFileURL(path.join(REPO, 'dist/src/cli/main.js')).href)});
      const code = await main(${JSON.stringify([...EXAMPLE_ARGS, '--concurrency', '2'])}, {
        stdout: { write() {} }, stderr: process.stderr, isTTY: true, progressDelayMs: 0,
      });
      process.exit(code);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/data-exposure: scanning \d+\/\d+ files/);
  });

  it('`npm run example` (after its build step) reports the findings and exits 0', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const command = pkg.scripts.example?.replace(/^npm run build && /, '') ?? '';
    expect(command).toMatch(/^node bin\/data-exposure\.js examples .*--exit-zero$/);
    const r = spawnSync(command, { cwd: REPO, encoding: 'utf8', shell: true });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('data-exposure/no-sensitive-projection');
  });
});

describe('--config <file>: the project\'s own flat config', SLOW, () => {
  let p: Project;

  beforeAll(() => {
    const pluginUrl = pathToFileURL(path.join(REPO, 'dist/src/index.js')).href;
    const parserUrl = pathToFileURL(path.join(REPO, 'node_modules/@typescript-eslint/parser/dist/index.js')).href;
    p = project({
      'src/routes.ts': `${LEAKY_ROUTE}console.log('ready');\n`,
      'eslint.config.js': `import dataExposure from ${JSON.stringify(pluginUrl)};
import * as parser from ${JSON.stringify(parserUrl)};

export default [
  { files: ['**/*.ts'], languageOptions: { parser } },
  dataExposure.configs.recommended,
  { rules: { 'data-exposure/no-select-star': 'warn', 'no-console': 'error' } },
];
`,
    });
  });

  afterAll(() => p.remove());

  it('runs only the plugin\'s rules with the config\'s severities: a warning does not fail the run', () => {
    const r = run(['--config', 'eslint.config.js', '--format', 'json'], p.dir);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { setup: string; findings: { ruleId: string; severity: string }[] };
    expect(doc.setup).toBe('config:eslint.config.js');
    expect(doc.findings).toEqual([expect.objectContaining({ ruleId: 'data-exposure/no-select-star', severity: 'warning' })]);
  });

  it('an invalid plugin setting in the config exits 2 with the plugin\'s message, also from worker threads', () => {
    p.write('bad.config.js', readFileSync(path.join(p.dir, 'eslint.config.js'), 'utf8').replace("rules: {", "settings: { 'data-exposure': { schemas: [] } }, rules: {"));
    for (const extra of [[], ['--concurrency', '2']]) {
      const r = run(['--config', 'bad.config.js', 'src', ...extra], p.dir);
      expect(r.code).toBe(2);
      // The plugin's message alone: no "Error while loading rule", no "Occurred while linting".
      expect(r.stderr).toMatch(/^data-exposure: \[eslint-plugin-data-exposure\] Unknown setting settings\['data-exposure'\]\.schemas\. Known settings: [^\n]+\n$/);
    }
  });

  it('--max-warnings 0 fails on the warning; --quiet hides it', () => {
    expect(run(['--config', 'eslint.config.js', '--max-warnings', '0'], p.dir).code).toBe(1);
    const quiet = run(['--config', 'eslint.config.js', '--quiet'], p.dir);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toContain('No findings');
  });
});
