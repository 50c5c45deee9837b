/**
 * The built-in term table of the sensitivity classifier.
 *
 * A term is a short sequence of word tokens (as produced by `tokenize`) that must form the END of
 * a column name: the last meaningful tokens decide. `user_password` and `hashed_password` end with
 * `password`; `password_changed_at`, `password_reset_requested`, `token_count` and `max_tokens` do
 * not end with any secret term, so they are facts *about* a secret, not the secret. Nothing is ever
 * matched as a substring (`passenger`, `hashtags`, `secretary`, `monkey`, `tokenizer` are whole
 * tokens that appear in no term).
 *
 * Pattern syntax (expanded once, at module load): slots separated by spaces, alternatives by `|`,
 * a trailing `?` makes a slot optional. `'card|cc number|num|no'` is the six sequences card number,
 * card num, …, cc no. Every alternative is ONE lower-case token, as `tokenize` splits it: write
 * `e mail` and `2 fa` as two slots, and a multi-word alternative as a pattern of its own.
 *
 * When several terms end the name, the longest wins, so a specific term overrides a general one:
 * `ip address` (personal, IP) beats `address` (personal, postal); `page token` (not sensitive)
 * beats `token` (secret). Terms with tier `null` exist only to block a shorter term.
 *
 * Around the table, the classifier strips trailing noise before matching (see `TRAILING_*`) and
 * applies the boolean-prefix rule (`BOOLEAN_PREFIXES`).
 */
import type { Tier } from './classifier.js';

export interface TermSpec {
  /** `null`: a known non-sensitive phrase that blocks a shorter, sensitive term. */
  readonly tier: Tier | null;
  /** Short human reason shown in messages: 'password', 'API key', 'e-mail address'. */
  readonly reason: string;
  readonly patterns: readonly string[];
  /** Matches only when a hash/salt/encrypted suffix was stripped (`pass_hash`, but not `pass`). */
  readonly formOnly?: boolean;
}

const secret = (reason: string, ...patterns: string[]): TermSpec => ({ tier: 'secret', reason, patterns });
const personal = (reason: string, ...patterns: string[]): TermSpec => ({ tier: 'personal', reason, patterns });
const internal = (reason: string, ...patterns: string[]): TermSpec => ({ tier: 'internal', reason, patterns });
const secretWhenHashed = (reason: string, ...patterns: string[]): TermSpec => ({
  tier: 'secret',
  reason,
  patterns,
  formOnly: true,
});
const notSensitive = (reason: string, ...patterns: string[]): TermSpec => ({ tier: null, reason, patterns });

export const TERM_SPECS: readonly TermSpec[] = [
  // ── secret: passwords ────────────────────────────────────────────────────────────────────────
  // Hash / salt / digest / encrypted *suffixes* are handled generically (TRAILING_FORMS), so
  // `password_hash`, `pwd_hash`, `password_salt`, `password_digest` reach the `password` term.
  secret('password', 'password|passwords|passwd|pwd|pw', 'pass word'),
  secret('passphrase', 'passphrase|passphrases', 'pass phrase'),
  secret('passcode', 'passcode', 'pass code'),
  // `pass` alone is a boarding/season pass; only an owner (WordPress `user_pass`, `db_pass`,
  // `smtp_pass`) or a hash/salt suffix (`pass_hash`, `pass_salt`) makes it a password.
  secret('password', 'user|db|database|smtp|admin|root|login|ftp|mail|wifi|account pass'),
  secretWhenHashed('password', 'pass'),
  secret('password hash', 'hashed|crypted|salted password|passwd|pwd|pw'),
  secret('encrypted password', 'encrypted|enc password|passwd|pwd|pw'),
  secret('password history', 'password|passwords history'),
  secret('password confirmation', 'password confirmation'),
  secret('password verifier', 'password|srp verifier'),
  secret('security answer', 'security|secret answer|answers', 'security question answer|answers'),
  secret('PIN', 'pin'),
  secret('credentials', 'credential|credentials'),
  secret('connection string', 'connection string|url', 'database|db url'),

  // ── secret: tokens ───────────────────────────────────────────────────────────────────────────
  // Any name ending in `token` is a credential (`token`, `invite_token`, `remember_token`, …);
  // plural `tokens` only with an owner (`max_tokens`, `tokens_used` are LLM usage counters).
  secret('token', 'token'),
  secret('session token', 'session token|tokens'),
  secret('refresh token', 'refresh token|tokens'),
  secret('access token', 'access token|tokens'),
  secret('API token', 'api token|tokens', 'apitoken'),
  secret('auth token', 'auth|authentication|authorization token|tokens', 'authtoken'),
  secret('bearer token', 'bearer token|tokens'),
  secret('CSRF token', 'csrf|xsrf token|tokens'),
  secret('invitation token', 'invite|invitation token|tokens'),
  secret('magic-link token', 'magic link? token|tokens'),
  secret('confirmation token', 'confirmation|confirm token|tokens'),
  secret('verification token', 'verification|verify token|tokens'),
  secret('reset token', 'reset token|tokens'),
  secret('password reset token', 'password reset token|tokens', 'reset password token|tokens', 'password token'),
  secret('remember-me token', 'remember me? token'),
  secret('unlock token', 'unlock token'),
  secret('recovery token', 'recovery token|tokens'),
  secret('ID token', 'id token|tokens'),
  secret('OAuth token', 'oauth token|tokens'),
  secret('device token', 'device|push|fcm|apns|gcm token|tokens'),
  secret('JWT', 'jwt|jwts', 'jwt token'),
  // Pagination cursors and design-system tokens are not credentials.
  notSensitive('pagination token', 'page|pagination|next|cursor|continuation|sync|cancel|cancellation token'),
  notSensitive('design token', 'design token'),

  // ── secret: keys ─────────────────────────────────────────────────────────────────────────────
  // `key` alone is never a term: primary/foreign/cache/sort/partition/idempotency/object/sharing
  // keys are not secrets; `public_key`, `publishable_key` and `key_id` end elsewhere.
  secret('API key', 'api key|keys', 'apikey|apikeys'),
  secret('private key', 'private|priv key|keys', 'privkey|privatekey'),
  secret('secret key', 'secret key|keys', 'secretkey'),
  secret('secret access key', 'secret access key'),
  secret('access key', 'access key|keys'),
  secret('signing key', 'signing|sign key|keys'),
  secret('encryption key', 'encryption|decryption|aes|master|hmac|jwt|shared|symmetric key|keys'),
  secret('session key', 'session key'),
  secret('auth key', 'auth|authentication|authorization key'),
  secret('license key', 'license|licence|product|activation|serial key'),
  secret('recovery key', 'recovery key|keys'),

  // ── secret: "… secret" ───────────────────────────────────────────────────────────────────────
  secret('secret', 'secret|secrets'),
  secret('client secret', 'client|consumer secret'),
  secret('webhook secret', 'webhook secret', 'webhook signing secret'),
  secret('API secret', 'api secret'),
  secret('JWT secret', 'jwt secret'),
  secret('signing secret', 'signing secret'),
  secret('shared secret', 'shared secret'),
  secret('app secret', 'app|application secret'),
  secret('OAuth token secret', 'token secret'),
  secret('TOTP secret', 'totp secret', 'totp'),
  secret('OTP secret', 'otp|hotp secret', 'hotp'),
  secret('MFA secret', 'mfa|tfa secret', '2|two fa secret', 'two|multi factor secret'),
  secret('one-time password', 'otp|otps', 'one time password'),

  // ── secret: one-time codes ───────────────────────────────────────────────────────────────────
  // `code` alone is never a term (country, currency, status, promo, invite, referral codes).
  secret(
    'recovery codes',
    'recovery|backup|scratch code|codes',
    'two factor recovery|backup code|codes',
    'otp|mfa|tfa backup|recovery code|codes',
    '2 fa backup|recovery code|codes',
  ),
  secret(
    'one-time code',
    'otp|totp|hotp|mfa|tfa|sms|login|magic code|codes',
    '2|two fa code|codes',
    'two factor code|codes',
    'one time code|codes',
  ),
  secret('verification code', 'verification|verify|confirmation|confirm|activation code|codes'),
  secret('reset code', 'reset code|codes', 'password reset code'),
  secret('authorization code', 'auth|authorization|authentication code'),
  secret('access code', 'access code|codes'),
  secret('PKCE code verifier', 'code verifier'),

  // ── secret: payment cards ────────────────────────────────────────────────────────────────────
  secret('card number', 'card|cc number|num|no|nr|numbers', 'ccn', 'pan', 'primary account number', 'credit card', 'creditcard|cardnumber'),
  secret('card security code', 'cvv|cvc|csc|cvn', 'cvv|cvc code', 'security code'),
  // Expiry only with card context: `expiry`, `exp_month` alone stay unclassified.
  secret('card expiry', 'card|cc exp|expiry|expiration|expire date|month|year?'),

  // ── secret: bank accounts ────────────────────────────────────────────────────────────────────
  secret('IBAN', 'iban|ibans'),
  secret('bank account number', 'bank account|acct', 'bank account|acct number|num|no'),
  // Bare `account_number` is treated as a bank account number (fintech schemas); `account_id` is not.
  secret('account number', 'account|acct number|num|no|nr'),
  secret('routing number', 'routing|aba|transit number|num|no', 'aba'),
  secret('sort code', 'sort code', 'bsb'),

  // ── secret: government identifiers ───────────────────────────────────────────────────────────
  secret('SSN', 'ssn|ssns', 'social security number|num|no?', 'social insurance number'),
  secret('tax id', 'tax|taxpayer id|number|num|no', 'tax identification number', 'tax id number', 'tin'),
  secret('national id', 'national id|identity|identification number|num|no?', 'national insurance number|no', 'nino', 'nric', 'aadhaar|aadhar number|no?'),
  secret('passport number', 'passport', 'passport number|num|no|id'),
  secret("driver's licence", 'driver|drivers|driving license|licence number|num|no|id?', 'dl number'),

  // ── personal ─────────────────────────────────────────────────────────────────────────────────
  personal('e-mail address', 'email|emails', 'e mail', 'email|mail address|addresses', 'e mail address|addresses'),
  personal('phone number', 'phone|phones|telephone|tel|cellphone|msisdn|fax', 'mobile', 'phone|telephone|tel|mobile|cell|fax number|num|no'),
  personal('postal address', 'address|addresses', 'street', 'street|home|billing|shipping|mailing|postal|delivery|residential address', 'address|addr line', 'house number'),
  personal('postal code', 'zip|zipcode|postcode', 'zip|postal|post code'),
  // India's PIN code is a postal code; the bare `pin` is a secret PIN (above).
  personal('postal code (PIN code)', 'pin code', 'pincode'),
  // Non-postal addresses: blockchain, network and memory addresses.
  notSensitive('non-postal address', 'wallet|contract|server|host|node|bind|listen|memory|web|peer|gateway|network|proxy|broadcast|multicast address|addresses'),
  personal('birth date', 'dob', 'birthdate|birthday', 'birth date|day|year', 'date|year of birth'),
  personal('place of birth', 'birthplace', 'birth place', 'place of birth'),
  personal('IP address', 'ip|ips|ipv', 'ip address|addr|addresses', 'ipv 4|6 address|addr', 'remote addr|address|ip', 'forwarded for', 'ipaddress'),
  personal('MAC address', 'mac address|addr'),
  personal('user agent', 'user agent|agents', 'useragent'),
  // Bare `fingerprint` is left alone: key, certificate and card fingerprints are not personal.
  personal('device fingerprint', 'device|browser|client|visitor fingerprint'),
  personal('device id', 'device id|identifier|uuid', 'udid|idfa|gaid|imei|imsi', 'advertising id', 'android id'),
  // Bare `location` is left alone (often a shop's or an event's place).
  personal(
    'geolocation',
    'lat|lng|lon|latitude|longitude|latlng|latlon|geolocation|gps|coords|coordinates|geopoint|geo',
    'geo location|point|lat|lng|coordinates',
    'lat lng|lon|long',
    'location coordinates|coords',
    'gps|last|current|home|user location',
  ),

  // ── internal ─────────────────────────────────────────────────────────────────────────────────
  // Isolation ids. `account_id` is left out (often the caller's own account); add it with
  // `internal:account_id` in sensitiveColumns where accounts are the tenant boundary.
  internal('tenant id', 'tenant', 'tenant id|ids|uuid|key'),
  internal('organisation id', 'org|organization|organisation id|ids|uuid'),
  internal('workspace id', 'workspace id|ids|uuid'),
  internal('role', 'role|roles', 'role id|ids|name'),
  internal('admin flag', 'admin', 'super admin', 'superadmin'),
  internal('superuser flag', 'superuser', 'super user'),
  internal('staff flag', 'staff'),
  internal('root flag', 'is root'),
  internal('moderator flag', 'is moderator'),
  internal('permissions', 'permission|permissions|perms|privilege|privileges|grants', 'access|permission|privilege level'),
  internal('scopes', 'scope|scopes'),
  internal('access control list', 'acl|acls'),
  internal('internal notes', 'internal|admin|staff|private|moderator|moderation note|notes|comment|comments|memo', 'notes internal'),
  internal('soft-delete marker', 'deleted', 'deleted at|on|by', 'deleted by id'),
  internal('audit column', 'created|updated|modified|changed|edited by', 'created|updated|modified|changed|edited by id'),
];

/**
 * Trailing tokens that describe the *form* of a value (a hash, a salt, a ciphertext, raw text).
 * They are stripped before matching; the result keeps the **secret** tier only (`token_hash` →
 * 'token hash', `ssn_encrypted` → 'encrypted SSN'), while `email_hash`, `content_hash` and a bare
 * `hash` stay unclassified — a hashed e-mail (e.g. a Gravatar hash) is not the e-mail.
 * The value is the word used in the reason ('' adds nothing).
 */
export const TRAILING_FORMS: ReadonlyMap<string, 'hash' | 'salt' | 'digest' | 'encrypted' | ''> = new Map([
  ['hash', 'hash'],
  ['hashed', 'hash'],
  ['hashes', 'hash'],
  ['bcrypt', 'hash'],
  ['scrypt', 'hash'],
  ['argon', 'hash'],
  ['pbkdf', 'hash'],
  ['sha', 'hash'],
  ['md', 'hash'],
  ['hmac', 'hash'],
  ['digest', 'digest'],
  ['salt', 'salt'],
  ['encrypted', 'encrypted'],
  ['enc', 'encrypted'],
  ['encr', 'encrypted'],
  ['crypt', 'encrypted'],
  ['crypted', 'encrypted'],
  ['cipher', 'encrypted'],
  ['ciphertext', 'encrypted'],
  ['value', ''],
  ['raw', ''],
  ['plain', ''],
  ['plaintext', ''],
  ['cleartext', ''],
  ['clear', ''],
  ['pem', ''],
] as const);

/** Trailing version markers, stripped before matching for every tier (`password_old`, `email_new`). */
export const TRAILING_VARIANTS: ReadonlySet<string> = new Set([
  'old',
  'new',
  'prev',
  'previous',
  'legacy',
  'tmp',
  'temp',
  'bak',
  'orig',
  'original',
  'current',
]);

/**
 * A name that starts with one of these and has more words is a boolean or a setting ABOUT the
 * thing (`has_password`, `is_secret`, `requires_password`, `show_email`): it is not the secret or
 * the personal datum. Authorisation-state flags are the exception — the internal tier survives,
 * so `is_admin`, `isSuperuser`, `is_staff`, `is_deleted` stay internal.
 */
export const BOOLEAN_PREFIXES: ReadonlySet<string> = new Set([
  'is',
  'has',
  'have',
  'had',
  'was',
  'were',
  'are',
  'can',
  'could',
  'should',
  'must',
  'will',
  'did',
  'does',
  'need',
  'needs',
  'require',
  'requires',
  'use',
  'uses',
  'allow',
  'allows',
  'enable',
  'enables',
  'show',
  'hide',
  'include',
  'includes',
  'supports',
  'no',
  'without',
]);

/** A name whose FIRST token is `audit` (`audit_log`, `auditUserId`) is an internal audit column. */
export const AUDIT_PREFIX = 'audit';

// ── compilation ───────────────────────────────────────────────────────────────────────────────

export interface TermEntry {
  readonly tier: Tier | null;
  readonly reason: string;
  /** Number of tokens of the term. */
  readonly length: number;
  readonly formOnly: boolean;
}

interface TrieNode {
  readonly children: Map<string, TrieNode>;
  entry: TermEntry | undefined;
}

const SINGLE_TOKEN = /^(?:[a-z]+|[0-9]+)$/;

/** Expand one pattern (`'card|cc number|no?'`) into its token sequences. */
export function expandPattern(pattern: string): string[][] {
  let sequences: string[][] = [[]];
  for (const rawSlot of pattern.split(' ')) {
    if (rawSlot === '') throw new Error(`term pattern "${pattern}": empty slot`);
    const optional = rawSlot.endsWith('?');
    const alternatives = (optional ? rawSlot.slice(0, -1) : rawSlot).split('|');
    for (const alternative of alternatives) {
      if (!SINGLE_TOKEN.test(alternative)) {
        throw new Error(`term pattern "${pattern}": "${alternative}" is not a single lower-case token`);
      }
    }
    const next: string[][] = [];
    for (const sequence of sequences) {
      if (optional) next.push(sequence);
      for (const alternative of alternatives) next.push([...sequence, alternative]);
    }
    sequences = next;
  }
  return sequences.filter((sequence) => sequence.length > 0);
}

function isStrippable(token: string): boolean {
  return TRAILING_FORMS.has(token) || TRAILING_VARIANTS.has(token) || (token.charCodeAt(0) >= 48 && token.charCodeAt(0) <= 57);
}

export interface CompiledTerms {
  /**
   * Longest term that ends `tokens[0, end)`, if any. `afterForm`: a hash/salt/… suffix was
   * stripped, which enables the form-only terms.
   */
  match(tokens: readonly string[], end: number, afterForm: boolean): TermEntry | undefined;
  /** Every word used by a term or by the surrounding rules, for splitting folded names. */
  readonly vocabulary: ReadonlySet<string>;
  readonly maxWordLength: number;
}

/** Build the reversed-token trie. Throws on a malformed table (a programming error, caught by tests). */
export function compileTerms(specs: readonly TermSpec[]): CompiledTerms {
  const root: TrieNode = { children: new Map(), entry: undefined };
  const vocabulary = new Set<string>();
  for (const spec of specs) {
    for (const pattern of spec.patterns) {
      for (const sequence of expandPattern(pattern)) {
        const last = sequence[sequence.length - 1] ?? '';
        if (isStrippable(last)) {
          throw new Error(`term "${sequence.join(' ')}" ends with a token the classifier strips`);
        }
        let node = root;
        for (let k = sequence.length - 1; k >= 0; k--) {
          const token = sequence[k] ?? '';
          let child = node.children.get(token);
          if (child === undefined) {
            child = { children: new Map(), entry: undefined };
            node.children.set(token, child);
          }
          node = child;
          if (token.length >= 2 && !/^[0-9]/.test(token)) vocabulary.add(token);
        }
        const entry: TermEntry = {
          tier: spec.tier,
          reason: spec.reason,
          length: sequence.length,
          formOnly: spec.formOnly === true,
        };
        if (node.entry !== undefined) {
          throw new Error(
            `term "${sequence.join(' ')}" is listed twice ("${node.entry.reason}", "${entry.reason}")`,
          );
        }
        node.entry = entry;
      }
    }
  }
  for (const word of [...TRAILING_FORMS.keys(), ...TRAILING_VARIANTS, ...BOOLEAN_PREFIXES, AUDIT_PREFIX]) {
    if (word.length >= 2) vocabulary.add(word);
  }
  let maxWordLength = 0;
  for (const word of vocabulary) maxWordLength = Math.max(maxWordLength, word.length);

  return {
    vocabulary,
    maxWordLength,
    match(tokens, end, afterForm) {
      let node: TrieNode | undefined = root;
      let best: TermEntry | undefined;
      for (let k = end - 1; k >= 0; k--) {
        node = node.children.get(tokens[k] ?? '');
        if (node === undefined) break;
        if (node.entry !== undefined && (afterForm || !node.entry.formOnly)) best = node.entry;
      }
      return best;
    },
  };
}

export const BUILTIN_TERMS: CompiledTerms = compileTerms(TERM_SPECS);
