/**
 * Column sensitivity classifier: decides from a column's NAME (plus settings and schema
 * annotations) whether it is sensitive, and in which tier.
 *
 * Built-in rule (see `sensitive-terms.ts` for the table):
 *   1. tokenize the name (`resetPasswordToken` → reset, password, token); split folded all-lower
 *      tokens into known words (`passwordhash` → password, hash);
 *   2. strip trailing digits, version markers (`_old`, `_new`) and value forms (`_hash`, `_salt`,
 *      `_encrypted`, `_digest`); a stripped form keeps only the secret tier (`token_hash` is
 *      secret, `email_hash` is not personal);
 *   3. match the longest term that ENDS the remaining tokens (ending-anchored, never substrings:
 *      `password_changed_at` ends with `at`, `hashtags` is one token, `max_tokens` has no owner);
 *   4. a leading boolean word (`has_password`, `is_secret`) keeps only the internal tier, so
 *      `is_admin` / `isSuperuser` / `is_staff` stay internal while `has_password` is nothing;
 *   5. otherwise a leading `audit` token (`audit_log`) is an internal audit column.
 *
 * Precedence, highest first: schema annotation (`/// @sensitive`, `/// @safe`) > `safeColumns` >
 * `sensitiveColumns` > built-in terms.
 */
import { ConfigError } from '../errors.js';
import {
  AUDIT_PREFIX,
  BOOLEAN_PREFIXES,
  BUILTIN_TERMS,
  TRAILING_FORMS,
  TRAILING_VARIANTS,
  type CompiledTerms,
} from './sensitive-terms.js';
import { segment, tokenize } from './tokenize.js';

export { tokenize } from './tokenize.js';

/**
 * secret: credentials, hashes and salts, tokens, keys, MFA secrets, card, bank and government ids
 * (`recommended`); personal: contact, address, birth date, IP, device, location; internal:
 * isolation ids, roles and admin flags, internal notes, soft-delete and audit columns (`strict`).
 */
export type Tier = 'secret' | 'personal' | 'internal';

export const ALL_TIERS: readonly Tier[] = Object.freeze(['secret', 'personal', 'internal'] as const);

export function tierIncluded(tier: Tier, tiers: readonly Tier[]): boolean {
  return tiers.includes(tier);
}

export interface Sensitivity {
  readonly tier: Tier;
  /** Short human reason: 'password hash', 'API key', 'e-mail address', 'tenant id'. */
  readonly reason: string;
  readonly source: 'builtin' | 'setting' | 'annotation';
}

/**
 * `settings['data-exposure']` overrides. Each entry is one of:
 *   - a column name, compared case-insensitively: `ssn_last4`;
 *   - `table.column` (or `schema.table.column`), case-insensitive; `users.nickname` also matches
 *     the table `public.users`;
 *   - `/regex/flags`, tested against the column name and against `table.column` (`g` and `y` are
 *     dropped: matching must not depend on a previous match).
 * In `sensitiveColumns` an entry may start with `secret:`, `personal:` or `internal:` to choose
 * the tier (default `secret`): `personal:nickname`, `internal:/^legacy_/`.
 * `safeColumns` entries take no tier prefix. A safe entry beats a sensitive one, which beats the
 * built-in terms.
 */
export interface ClassifierOptions {
  sensitiveColumns?: readonly string[];
  safeColumns?: readonly string[];
}

export interface Classifier {
  /**
   * Sensitivity of `table.column`, or undefined when it is not sensitive. `annotation` comes from
   * the schema's doc comments: `'sensitive'` → secret ('marked @sensitive'), `'safe'` → undefined;
   * it beats the settings. Never throws.
   */
  classify(column: string, table?: string, annotation?: 'sensitive' | 'safe'): Sensitivity | undefined;
}

// ── built-in classification ───────────────────────────────────────────────────────────────────

const MAX_CACHE_ENTRIES = 10_000;

/** Set a cache entry, clearing the whole map first when it has grown past the bound. */
function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= MAX_CACHE_ENTRIES) cache.clear();
  cache.set(key, value);
  return value;
}

function withForm(reason: string, form: 'hash' | 'salt' | 'digest' | 'encrypted' | ''): string {
  if (form === '') return reason;
  if (form === 'encrypted') return `encrypted ${reason}`;
  return `${reason} ${form}`;
}

function isDigits(token: string): boolean {
  const c = token.charCodeAt(0);
  return c >= 48 && c <= 57;
}

/** Tokens of a name, with folded compounds (`passwordhash`) split into known words. */
function wordsOf(name: string, terms: CompiledTerms): string[] {
  const words: string[] = [];
  for (const token of tokenize(name)) {
    const parts = terms.vocabulary.has(token) ? undefined : segment(token, terms.vocabulary, terms.maxWordLength);
    if (parts === undefined) words.push(token);
    else words.push(...parts);
  }
  return words;
}

function classifyByName(name: string, terms: CompiledTerms): Sensitivity | undefined {
  const words = wordsOf(name, terms);
  let end = words.length;
  // Strip trailing digits, version markers and value forms; remember the form nearest the base.
  let form: 'hash' | 'salt' | 'digest' | 'encrypted' | '' | undefined;
  let sawSalt = false;
  while (end > 0) {
    const last = words[end - 1] ?? '';
    const lastForm = TRAILING_FORMS.get(last);
    if (lastForm !== undefined) {
      form = lastForm;
      if (last === 'salt') sawSalt = true;
    } else if (!isDigits(last) && !TRAILING_VARIANTS.has(last)) {
      break;
    }
    end--;
  }
  if (end === 0) {
    // A bare `salt` column is a password salt; a bare `hash`, `digest` or `2` is nothing.
    return sawSalt ? freeze({ tier: 'secret', reason: 'password salt', source: 'builtin' }) : undefined;
  }

  const entry = terms.match(words, end, form !== undefined);
  if (entry === undefined || entry.tier === null) {
    if (words[0] === AUDIT_PREFIX && words.length > 1) {
      return freeze({ tier: 'internal', reason: 'audit column', source: 'builtin' });
    }
    return undefined;
  }
  // A hashed / encrypted form of a personal or internal value is not that value.
  if (form !== undefined && entry.tier !== 'secret') return undefined;
  // `has_password`, `is_secret`, `show_email`: a flag about the thing, not the thing — except
  // authorisation-state flags, which are internal (`is_admin`, `is_staff`).
  if (end > 1 && entry.tier !== 'internal' && BOOLEAN_PREFIXES.has(words[0] ?? '')) return undefined;

  return freeze({
    tier: entry.tier,
    reason: form === undefined ? entry.reason : withForm(entry.reason, form),
    source: 'builtin',
  });
}

function freeze(sensitivity: Sensitivity): Sensitivity {
  return Object.freeze(sensitivity);
}

/** Built-in results depend on the column name only; shared by every classifier of the process. */
const builtinCache = new Map<string, Sensitivity | null>();

function classifyBuiltin(column: string): Sensitivity | undefined {
  const cached = builtinCache.get(column);
  if (cached !== undefined) return cached ?? undefined;
  return remember(builtinCache, column, classifyByName(column, BUILTIN_TERMS) ?? null) ?? undefined;
}

// ── settings ──────────────────────────────────────────────────────────────────────────────────

type SettingName = 'sensitiveColumns' | 'safeColumns';

interface ColumnRule {
  readonly tier: Tier;
  readonly entry: string;
  readonly matches: (column: string, table: string | undefined) => boolean;
}

const TIER_PREFIX = /^(secret|personal|internal):/;
const OTHER_PREFIX = /^([A-Za-z]+):/;

function settingPath(setting: SettingName): string {
  return `settings['data-exposure'].${setting}`;
}

function lastSegment(table: string): string {
  const dot = table.lastIndexOf('.');
  return dot === -1 ? table : table.slice(dot + 1);
}

function compileRegex(setting: SettingName, raw: string, body: string): RegExp {
  const close = body.lastIndexOf('/');
  const source = body.slice(1, close);
  const flags = body.slice(close + 1).replace(/[gy]/g, '');
  if (source === '') {
    throw new ConfigError(`${settingPath(setting)}: invalid regular expression "${raw}": empty pattern`);
  }
  try {
    return new RegExp(source, flags);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`${settingPath(setting)}: invalid regular expression "${raw}": ${detail}`);
  }
}

function compileRule(setting: SettingName, raw: unknown): ColumnRule {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new ConfigError(`${settingPath(setting)}: expected a non-empty string, got ${JSON.stringify(raw)}`);
  }
  let body = raw.trim();
  let tier: Tier = 'secret';
  if (!body.startsWith('/')) {
    const prefix = TIER_PREFIX.exec(body);
    if (prefix !== null) {
      if (setting === 'safeColumns') {
        throw new ConfigError(
          `${settingPath(setting)}: "${raw}" has a tier prefix; tiers apply to sensitiveColumns only`,
        );
      }
      tier = prefix[1] as Tier;
      body = body.slice(prefix[0].length);
    } else {
      const other = OTHER_PREFIX.exec(body);
      if (other !== null) {
        throw new ConfigError(
          `${settingPath(setting)}: "${raw}" has an unknown tier "${other[1] ?? ''}" (expected secret, personal or internal)`,
        );
      }
    }
  }

  if (body.startsWith('/')) {
    if (body.lastIndexOf('/') === 0) {
      throw new ConfigError(`${settingPath(setting)}: invalid regular expression "${raw}": missing the closing /`);
    }
    const regex = compileRegex(setting, raw, body);
    return {
      tier,
      entry: raw,
      matches: (column, table) =>
        regex.test(column) ||
        (table !== undefined &&
          (regex.test(`${table}.${column}`) || (table.includes('.') && regex.test(`${lastSegment(table)}.${column}`)))),
    };
  }

  const parts = body.toLowerCase().split('.');
  if (parts.length > 3 || parts.some((part) => part === '')) {
    throw new ConfigError(
      `${settingPath(setting)}: "${raw}" is not a column name, table.column or /regex/flags`,
    );
  }
  const name = parts[parts.length - 1] ?? '';
  if (parts.length === 1) {
    return { tier, entry: raw, matches: (column) => column.toLowerCase() === name };
  }
  const owner = parts.slice(0, -1).join('.');
  return {
    tier,
    entry: raw,
    matches: (column, table) => {
      if (table === undefined || column.toLowerCase() !== name) return false;
      const lowered = table.toLowerCase();
      return lowered === owner || lastSegment(lowered) === owner;
    },
  };
}

function compileSetting(setting: SettingName, value: readonly string[] | undefined): ColumnRule[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new ConfigError(`${settingPath(setting)} must be an array of strings, got ${JSON.stringify(value)}`);
  }
  return value.map((raw: unknown) => compileRule(setting, raw));
}

// ── classifier ────────────────────────────────────────────────────────────────────────────────

const MARKED_SENSITIVE: Sensitivity = freeze({ tier: 'secret', reason: 'marked @sensitive', source: 'annotation' });

/**
 * Build a classifier. Settings are validated (and regexes compiled) here, once: a bad entry throws
 * `ConfigError` naming the setting and the value.
 */
export function createClassifier(options: ClassifierOptions = {}): Classifier {
  const sensitive = compileSetting('sensitiveColumns', options.sensitiveColumns);
  const safe = compileSetting('safeColumns', options.safeColumns);
  const settingResults = new Map<string, Sensitivity>();
  const cache = new Map<string, Sensitivity | null>();

  const fromSettings = (column: string, table: string | undefined): Sensitivity | null | undefined => {
    for (const rule of safe) if (rule.matches(column, table)) return null;
    for (const rule of sensitive) {
      if (rule.matches(column, table)) {
        const key = `${rule.tier}\u0000${rule.entry}`;
        let result = settingResults.get(key);
        if (result === undefined) {
          result = freeze({ tier: rule.tier, reason: 'listed in sensitiveColumns', source: 'setting' });
          settingResults.set(key, result);
        }
        return result;
      }
    }
    return undefined;
  };

  const hasSettings = sensitive.length > 0 || safe.length > 0;

  return {
    classify(column, table, annotation) {
      if (annotation === 'sensitive') return MARKED_SENSITIVE;
      if (annotation === 'safe') return undefined;
      if (!hasSettings) return classifyBuiltin(column);
      const key = `${table ?? ''}\u0000${column}`;
      const cached = cache.get(key);
      if (cached !== undefined) return cached ?? undefined;
      const setting = fromSettings(column, table);
      const result = setting === undefined ? classifyBuiltin(column) : setting ?? undefined;
      return remember(cache, key, result ?? null) ?? undefined;
    },
  };
}

/** The classifier with no settings: built-in terms only. */
export const builtinClassifier: Classifier = createClassifier();
