/**
 * Command-line arguments of `data-exposure`: parsed strictly with `node:util` `parseArgs`, so an
 * unknown option or a missing value is a usage error (exit code 2) that names the option.
 */
import { parseArgs } from 'node:util';

export const PRESETS = ['recommended', 'strict', 'all'] as const;
export const FORMATS = ['stylish', 'json', 'sarif'] as const;

export type Preset = (typeof PRESETS)[number];
export type Format = (typeof FORMATS)[number];
export type Concurrency = number | 'auto' | 'off';

export interface CliArgs {
  readonly paths: readonly string[];
  /** `undefined` when not given: `recommended`, unless `--config` is used. */
  readonly preset: Preset | undefined;
  readonly schema: readonly string[];
  readonly format: Format;
  readonly output: string | undefined;
  readonly config: string | undefined;
  readonly concurrency: Concurrency;
  /** `-1` when not given: warnings never fail the run. */
  readonly maxWarnings: number;
  readonly quiet: boolean;
  readonly exitZero: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

/** A mistake on the command line (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: data-exposure [options] [paths...]

Scans JavaScript and TypeScript files for Excessive Data Exposure (OWASP API3:2023, CWE-213)
and Mass Assignment (CWE-915) with eslint-plugin-data-exposure. Default path: "."

Options:
  --preset <name>          recommended | strict | all (default: recommended)
  --schema <glob>          SQL DDL / migration files or schema.prisma; repeatable
  --format <name>          stylish | json | sarif (default: stylish)
  -o, --output <file>      write the report to a file instead of stdout
  -c, --config <file>      use this eslint.config.* instead of the built-in setup
  --concurrency <n|auto|off>
                           lint in worker threads (passed to ESLint; default: off)
  --max-warnings <n>       exit 1 when there are more than n warnings
  --quiet                  report errors only, not warnings
  --exit-zero              report findings but exit 0
  -h, --help               show this help
  -v, --version            show the version

Exit codes: 0 no findings, 1 findings, 2 usage or configuration error.
`;

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`invalid value "${value}" for --${option}: expected ${allowed.join(', ')}`);
}

function parseConcurrency(value: string | undefined): Concurrency {
  if (value === undefined || value === 'off') return 'off';
  if (value === 'auto') return 'auto';
  if (/^[1-9]\d{0,3}$/.test(value)) return Number(value);
  throw new UsageError(`invalid value "${value}" for --concurrency: expected a positive number, auto or off`);
}

function parseMaxWarnings(value: string | undefined): number {
  if (value === undefined) return -1;
  if (/^\d{1,9}$/.test(value)) return Number(value);
  throw new UsageError(`invalid value "${value}" for --max-warnings: expected a number of 0 or more`);
}

/** Node's messages go on with advice about `--`; the first sentence names the problem. */
function firstSentence(message: string): string {
  const end = message.search(/\.\s/);
  return (end >= 0 ? message.slice(0, end) : message).replace(/\.$/, '');
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        preset: { type: 'string' },
        schema: { type: 'string', multiple: true },
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        concurrency: { type: 'string' },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean' },
        'exit-zero': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(firstSentence(error instanceof Error ? error.message : String(error)));
  }
  const { values, positionals } = parsed;
  const preset = values.preset === undefined ? undefined : oneOf('preset', values.preset, PRESETS);
  if (preset !== undefined && values.config !== undefined) {
    throw new UsageError('--preset cannot be combined with --config: the config file chooses the rules');
  }
  for (const [option, value] of [['output', values.output], ['config', values.config]] as const) {
    if (value !== undefined && value.trim() === '') throw new UsageError(`--${option} needs a file name`);
  }
  const schema = values.schema ?? [];
  if (schema.some((s) => s.trim() === '')) throw new UsageError('--schema needs a path or glob');
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    preset,
    schema,
    format: values.format === undefined ? 'stylish' : oneOf('format', values.format, FORMATS),
    output: values.output,
    config: values.config,
    concurrency: parseConcurrency(values.concurrency),
    maxWarnings: parseMaxWarnings(values['max-warnings']),
    quiet: values.quiet ?? false,
    exitZero: values['exit-zero'] ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}
