/** Small parts of the CLI: argument parsing, the .gitignore converter, the progress line. */
import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from '../../src/cli/args.js';
import { gitignoreLineToGlob, gitignoreToGlobs } from '../../src/cli/gitignore.js';
import { ProgressLine } from '../../src/cli/progress.js';

describe('parseCliArgs', () => {
  it('has defaults', () => {
    expect(parseCliArgs([])).toMatchObject({
      paths: ['.'],
      preset: undefined,
      schema: [],
      format: 'stylish',
      concurrency: 'off',
      maxWarnings: -1,
      quiet: false,
      exitZero: false,
    });
  });

  it('reads every option', () => {
    const args = parseCliArgs([
      'src',
      'lib',
      '--preset=strict',
      '--schema',
      'db/*.sql',
      '--schema',
      'prisma/schema.prisma',
      '--format',
      'sarif',
      '-o',
      'out.sarif',
      '--concurrency',
      'auto',
      '--max-warnings',
      '0',
      '--quiet',
      '--exit-zero',
    ]);
    expect(args).toMatchObject({
      paths: ['src', 'lib'],
      preset: 'strict',
      schema: ['db/*.sql', 'prisma/schema.prisma'],
      format: 'sarif',
      output: 'out.sarif',
      concurrency: 'auto',
      maxWarnings: 0,
      quiet: true,
      exitZero: true,
    });
    expect(parseCliArgs(['--concurrency', '4']).concurrency).toBe(4);
    expect(parseCliArgs(['-c', 'eslint.config.js']).config).toBe('eslint.config.js');
  });

  it('throws UsageError naming the option', () => {
    expect(() => parseCliArgs(['--sarif'])).toThrow(new UsageError("Unknown option '--sarif'"));
    expect(() => parseCliArgs(['--quiet=yes'])).toThrow(/'--quiet' does not take an argument/);
    expect(() => parseCliArgs(['--output', ' '])).toThrow('--output needs a file name');
  });
});

describe('gitignore → flat-config ignores', () => {
  it.each([
    ['# comment', undefined],
    ['', undefined],
    ['   ', undefined],
    ['node_modules', '**/node_modules'],
    ['build/', '**/build/'],
    ['/dist', 'dist'],
    ['/dist/', 'dist/'],
    ['src/generated', 'src/generated'],
    ['src/**/*.gen.ts', 'src/**/*.gen.ts'],
    ['*.log', '**/*.log'],
    ['**/tmp', '**/tmp'],
    ['logs/**', 'logs/**/*'],
    ['!keep.ts', '!**/keep.ts'],
    ['!/legacy/keep.ts', '!legacy/keep.ts'],
    ['\\#notes.md', '**/#notes.md'],
    ['\\!important.ts', '**/!important.ts'],
    ['trailing.ts   ', '**/trailing.ts'],
    ['space\\ ', '**/space\\ '],
    ['{a,b}.ts', '**/\\{a,b\\}.ts'],
    ['file(1).js', '**/file\\(1\\).js'],
    ['windows.ts\r', '**/windows.ts'],
  ])('%j → %j', (line, glob) => {
    expect(gitignoreLineToGlob(line)).toBe(glob);
  });

  it('keeps the order of a file (re-includes after excludes)', () => {
    expect(gitignoreToGlobs('/legacy/*\n!/legacy/keep.ts\n')).toEqual(['legacy/*', '!legacy/keep.ts']);
  });
});

describe('ProgressLine', () => {
  it('waits for the delay, throttles, counts past an underestimated total, and erases itself', () => {
    let now = 0;
    let out = '';
    const line = new ProgressLine({ write: (s: string) => (out += s) }, 3, 400, () => now);
    line.tick();
    expect(out).toBe('');
    now = 500;
    line.tick();
    expect(out).toBe('\r\x1b[2Kdata-exposure: scanning 2/3 files (66%)');
    now = 550;
    line.tick();
    expect(out.match(/scanning/g)).toHaveLength(1);
    now = 700;
    line.tick();
    expect(out).toContain('scanning 4/4 files (100%)');
    line.finish();
    expect(out.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('writes nothing at all for a short scan', () => {
    let out = '';
    const line = new ProgressLine({ write: (s: string) => (out += s) }, 10);
    line.tick();
    line.finish();
    expect(out).toBe('');
  });
});
