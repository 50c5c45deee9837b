/**
 * `settings['data-exposure']`: read, validated (ESLint never validates `settings`), and cached
 * per settings object. A mistake throws a ConfigError that names the key and the value.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { ConfigError } from './errors.js';

export const SETTINGS_KEY = 'data-exposure';

export interface DataExposureSettings {
  /** Schema files: SQL DDL / migrations and `schema.prisma`, paths or globs relative to the cwd. */
  readonly schema: readonly string[];
  /** Extra sensitive columns: `name`, `table.column`, `/regex/flags`, optionally `tier:` first. */
  readonly sensitiveColumns: readonly string[];
  /** Columns never reported (same forms). */
  readonly safeColumns: readonly string[];
  /** Extra tag names for SQL tagged templates (the last name of the tag: `sql`, `$queryRaw`). */
  readonly sqlTags: readonly string[];
  /** Extra method or function names whose first argument is SQL (`runQuery`, `db.fetchRows`). */
  readonly queryFunctions: readonly string[];
}

interface SettingSpec {
  readonly key: keyof DataExposureSettings;
  readonly description: string;
}

/** Every key, with the text shown in docs and errors. */
export const SETTING_SPECS: readonly SettingSpec[] = [
  { key: 'schema', description: 'paths or globs of SQL DDL / migration files and schema.prisma' },
  { key: 'sensitiveColumns', description: 'extra sensitive column names, table.column pairs or /regex/' },
  { key: 'safeColumns', description: 'columns never reported: names, table.column pairs or /regex/' },
  { key: 'sqlTags', description: 'extra tag names of SQL tagged templates' },
  { key: 'queryFunctions', description: 'extra function or method names whose first argument is SQL' },
];

export const DEFAULT_SETTINGS: DataExposureSettings = {
  schema: [],
  sensitiveColumns: [],
  safeColumns: [],
  sqlTags: [],
  queryFunctions: [],
};

/** How an error message shows a wrong value: its type and, when short, the value itself. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `the ${typeof value} ${String(value)}`;
  if (typeof value === 'object') {
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch {
      text = undefined;
    }
    return text !== undefined && text.length <= 60 ? `the object ${text}` : 'an object';
  }
  return `a ${typeof value}`;
}

function readStringArray(raw: Record<string, unknown>, key: keyof DataExposureSettings): readonly string[] {
  const value = raw[key];
  if (value === undefined) return DEFAULT_SETTINGS[key];
  const where = `settings['${SETTINGS_KEY}'].${key}`;
  if (!Array.isArray(value)) {
    throw new ConfigError(`${where} must be an array of strings, got ${describe(value)}.`);
  }
  value.forEach((item, index) => {
    if (typeof item !== 'string' || item.trim() === '') {
      throw new ConfigError(`${where}[${index}] must be a non-empty string, got ${describe(item)}.`);
    }
  });
  return value as string[];
}

/** Validates a raw `settings['data-exposure']` value. */
export function parseSettings(raw: unknown): DataExposureSettings {
  if (raw === undefined) return DEFAULT_SETTINGS;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`settings['${SETTINGS_KEY}'] must be an object, got ${describe(raw)}.`);
  }
  const record = raw as Record<string, unknown>;
  const known = new Set<string>(SETTING_SPECS.map((s) => s.key));
  for (const key of Object.keys(record)) {
    if (!known.has(key)) {
      throw new ConfigError(
        `Unknown setting settings['${SETTINGS_KEY}'].${key}. Known settings: ${[...known].join(', ')}.`,
      );
    }
  }
  return {
    schema: readStringArray(record, 'schema'),
    sensitiveColumns: readStringArray(record, 'sensitiveColumns'),
    safeColumns: readStringArray(record, 'safeColumns'),
    sqlTags: readStringArray(record, 'sqlTags'),
    queryFunctions: readStringArray(record, 'queryFunctions'),
  };
}

const cache = new WeakMap<object, DataExposureSettings>();

/** The validated settings for the file being linted (cached per settings object). */
export function getSettings(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): DataExposureSettings {
  const all = context.settings as Record<string, unknown> | undefined;
  const raw = all?.[SETTINGS_KEY];
  if (raw === undefined) return DEFAULT_SETTINGS;
  if (raw !== null && typeof raw === 'object') {
    const hit = cache.get(raw);
    if (hit) return hit;
    const parsed = parseSettings(raw);
    cache.set(raw, parsed);
    return parsed;
  }
  return parseSettings(raw);
}
