import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import {
  ALL_TIERS,
  builtinClassifier,
  createClassifier,
  tierIncluded,
  tokenize,
  type ClassifierOptions,
  type Sensitivity,
  type Tier,
} from '../../src/schema/classifier.js';
import { compileTerms, expandPattern, TERM_SPECS } from '../../src/schema/sensitive-terms.js';
import { segment } from '../../src/schema/tokenize.js';

const classify = (column: string, table?: string): Sensitivity | undefined => builtinClassifier.classify(column, table);

/** What `tokenize(x).join('')` must equal: the word characters of x, each lower-cased on its own. */
const wordChars = (input: string): string =>
  Array.from(input)
    .filter((ch) => /^[\p{L}\p{N}\p{M}]$/u.test(ch))
    .map((ch) => ch.toLowerCase())
    .join('');

function settingsError(options: ClassifierOptions): ConfigError {
  try {
    createClassifier(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

// ── tokenize ─────────────────────────────────────────────────────────────────────────────────────

describe('tokenize', () => {
  it.each([
    // snake, kebab, dots, spaces
    ['password_hash', ['password', 'hash']],
    ['__private__key__', ['private', 'key']],
    ['user-agent', ['user', 'agent']],
    ['users.email', ['users', 'email']],
    ['Date of Birth', ['date', 'of', 'birth']],
    ['SCREAMING_SNAKE_CASE', ['screaming', 'snake', 'case']],
    // camel and Pascal
    ['passwordHash', ['password', 'hash']],
    ['resetPasswordToken', ['reset', 'password', 'token']],
    ['PasswordHash', ['password', 'hash']],
    // acronyms
    ['APIKey', ['api', 'key']],
    ['apiKeyHash', ['api', 'key', 'hash']],
    ['userIDHash', ['user', 'id', 'hash']],
    ['IPAddress', ['ip', 'address']],
    ['HTTPServer', ['http', 'server']],
    ['userIDs', ['user', 'ids']],
    ['APIs', ['apis']],
    ['ID', ['id']],
    ['iOS', ['i', 'os']],
    // digits are tokens of their own
    ['totp2', ['totp', '2']],
    ['sha256', ['sha', '256']],
    ['address_line1', ['address', 'line', '1']],
    ['md5Hash', ['md', '5', 'hash']],
    ['ipv4Address', ['ipv', '4', 'address']],
    ['HTTP2Server', ['http', '2', 'server']],
    ['2fa_secret', ['2', 'fa', 'secret']],
    ['v2', ['v', '2']],
    // unicode letters stay inside a token
    ['contraseña', ['contraseña']],
    ['straße_nummer', ['straße', 'nummer']],
    ['ÜberName', ['über', 'name']],
    ['日本語Name', ['日本語', 'name']],
    ['ΚωδικόςΠρόσβασης', ['κωδικός', 'πρόσβασης']],
    ['cafe\u0301_owner', ['cafe\u0301', 'owner']],
    ['CAFE\u0301Latte', ['cafe\u0301', 'latte']],
    // separators only / empty
    ['', []],
    ['___', []],
    ['$', []],
    ['a', ['a']],
  ])('%j → %j', (input, expected) => {
    expect(tokenize(input)).toEqual(expected);
  });

  it('is linear on long and adversarial input', () => {
    const inputs = [
      'a'.repeat(200_000),
      'A'.repeat(100_000) + 'b',
      'aB'.repeat(100_000),
      'a1'.repeat(100_000),
      '_'.repeat(200_000),
      'é\u0301'.repeat(50_000),
    ];
    for (const input of inputs) expect(tokenize(input).join('')).toBe(input.replace(/_/g, '').toLowerCase());
  }, 5_000);
});

describe('segment (PostgreSQL-folded names)', () => {
  const vocabulary = new Set(['password', 'hash', 'api', 'key', 'pass', 'by']);
  it.each([
    ['passwordhash', ['password', 'hash']],
    ['apikeyhash', ['api', 'key', 'hash']],
    ['bypass', ['by', 'pass']],
    ['password', undefined],
    ['passenger', undefined],
    ['compass', undefined],
    ['monkey', undefined],
    ['abc', undefined],
    ['Passwordhash', undefined],
  ])('%s → %j', (input, expected) => {
    expect(segment(input, vocabulary, 8)).toEqual(expected);
  });
});

// ── built-in terms ───────────────────────────────────────────────────────────────────────────────

type Case = readonly [name: string, tier: Tier, reason: string];

function expectClassified([name, tier, reason]: Case): void {
  const result = classify(name);
  expect(result, name).toBeDefined();
  expect(result?.tier, name).toBe(tier);
  expect(result?.reason, name).toBe(reason);
  expect(result?.reason.length, name).toBeGreaterThan(0);
  expect(result?.source, name).toBe('builtin');
}

function expectNotSensitive(name: string): void {
  expect(classify(name), name).toBeUndefined();
}

describe('must be secret', () => {
  const cases: Case[] = [
    ['passwordHash', 'secret', 'password hash'],
    ['password_hash', 'secret', 'password hash'],
    ['hashed_password', 'secret', 'password hash'],
    ['pwd_hash', 'secret', 'password hash'],
    ['password_salt', 'secret', 'password salt'],
    ['totpSecret', 'secret', 'TOTP secret'],
    ['resetPasswordToken', 'secret', 'password reset token'],
    ['reset_token', 'secret', 'reset token'],
    ['refresh_token', 'secret', 'refresh token'],
    ['session_token', 'secret', 'session token'],
    ['api_key', 'secret', 'API key'],
    ['apiKeyHash', 'secret', 'API key hash'],
    ['ssn', 'secret', 'SSN'],
    ['card_number', 'secret', 'card number'],
    ['cvv', 'secret', 'card security code'],
    ['mfa_secret', 'secret', 'MFA secret'],
    ['recovery_codes', 'secret', 'recovery codes'],
    ['private_key', 'secret', 'private key'],
    ['client_secret', 'secret', 'client secret'],
    ['iban', 'secret', 'IBAN'],
  ];
  it.each(cases)('%s', (...c) => expectClassified(c));
});

describe('more secrets', () => {
  const cases: Case[] = [
    // passwords, their hashes, salts and encrypted forms
    ['password', 'secret', 'password'],
    ['passwd', 'secret', 'password'],
    ['pwd', 'secret', 'password'],
    ['passphrase', 'secret', 'passphrase'],
    ['passcode', 'secret', 'passcode'],
    ['encrypted_password', 'secret', 'encrypted password'],
    ['crypted_password', 'secret', 'password hash'],
    ['password_digest', 'secret', 'password digest'],
    ['passwordDigest', 'secret', 'password digest'],
    ['password_encrypted', 'secret', 'encrypted password'],
    ['password_sha256', 'secret', 'password hash'],
    ['password_hash_old', 'secret', 'password hash'],
    ['password_hash2', 'secret', 'password hash'],
    ['old_password', 'secret', 'password'],
    ['password_confirmation', 'secret', 'password confirmation'],
    ['password_history', 'secret', 'password history'],
    ['user_pass', 'secret', 'password'],
    ['pass_hash', 'secret', 'password hash'],
    ['pass_salt', 'secret', 'password salt'],
    ['salt', 'secret', 'password salt'],
    ['PASSWORD_HASH', 'secret', 'password hash'],
    // tokens
    ['token', 'secret', 'token'],
    ['remember_token', 'secret', 'remember-me token'],
    ['confirmation_token', 'secret', 'confirmation token'],
    ['unlock_token', 'secret', 'unlock token'],
    ['invite_token', 'secret', 'invitation token'],
    ['magic_link_token', 'secret', 'magic-link token'],
    ['csrf_token', 'secret', 'CSRF token'],
    ['access_token', 'secret', 'access token'],
    ['id_token', 'secret', 'ID token'],
    ['apiToken', 'secret', 'API token'],
    ['auth_token', 'secret', 'auth token'],
    ['bearer_token', 'secret', 'bearer token'],
    ['email_verification_token', 'secret', 'verification token'],
    ['token_hash', 'secret', 'token hash'],
    ['token_digest', 'secret', 'token digest'],
    ['email_change_token_new', 'secret', 'token'],
    ['refresh_tokens', 'secret', 'refresh token'],
    ['push_token', 'secret', 'device token'],
    ['jwt', 'secret', 'JWT'],
    // keys
    ['APIKey', 'secret', 'API key'],
    ['api_keys', 'secret', 'API key'],
    ['secret_key', 'secret', 'secret key'],
    ['secret_access_key', 'secret', 'secret access key'],
    ['access_key', 'secret', 'access key'],
    ['signing_key', 'secret', 'signing key'],
    ['encryption_key', 'secret', 'encryption key'],
    ['license_key', 'secret', 'license key'],
    ['ssh_private_key', 'secret', 'private key'],
    ['private_key_pem', 'secret', 'private key'],
    ['privateKey', 'secret', 'private key'],
    // "… secret", MFA
    ['secret', 'secret', 'secret'],
    ['secrets', 'secret', 'secret'],
    ['webhook_secret', 'secret', 'webhook secret'],
    ['webhookSigningSecret', 'secret', 'webhook secret'],
    ['consumer_secret', 'secret', 'client secret'],
    ['otp_secret', 'secret', 'OTP secret'],
    ['encrypted_otp_secret', 'secret', 'OTP secret'],
    ['two_factor_secret', 'secret', 'MFA secret'],
    ['twoFactorSecret', 'secret', 'MFA secret'],
    ['2fa_secret', 'secret', 'MFA secret'],
    ['totp', 'secret', 'TOTP secret'],
    ['otp', 'secret', 'one-time password'],
    ['otp_code', 'secret', 'one-time code'],
    ['sms_code', 'secret', 'one-time code'],
    ['verification_code', 'secret', 'verification code'],
    ['backup_codes', 'secret', 'recovery codes'],
    ['otp_backup_codes', 'secret', 'recovery codes'],
    ['two_factor_recovery_codes', 'secret', 'recovery codes'],
    ['authorization_code', 'secret', 'authorization code'],
    ['security_answer', 'secret', 'security answer'],
    // cards
    ['credit_card_number', 'secret', 'card number'],
    ['cc_number', 'secret', 'card number'],
    ['ccNumber', 'secret', 'card number'],
    ['cardNumber', 'secret', 'card number'],
    ['pan', 'secret', 'card number'],
    ['cvc', 'secret', 'card security code'],
    ['cvv2', 'secret', 'card security code'],
    ['card_cvv', 'secret', 'card security code'],
    ['security_code', 'secret', 'card security code'],
    ['card_exp', 'secret', 'card expiry'],
    ['card_expiry', 'secret', 'card expiry'],
    ['cc_exp', 'secret', 'card expiry'],
    ['card_exp_month', 'secret', 'card expiry'],
    ['card_expiration_date', 'secret', 'card expiry'],
    ['card_number_hash', 'secret', 'card number hash'],
    ['pin', 'secret', 'PIN'],
    ['card_pin', 'secret', 'PIN'],
    ['pin_hash', 'secret', 'PIN hash'],
    // bank
    ['bank_account_number', 'secret', 'bank account number'],
    ['bank_account', 'secret', 'bank account number'],
    ['account_number', 'secret', 'account number'],
    ['routing_number', 'secret', 'routing number'],
    ['sort_code', 'secret', 'sort code'],
    // government ids
    ['social_security_number', 'secret', 'SSN'],
    ['socialSecurityNo', 'secret', 'SSN'],
    ['ssn_encrypted', 'secret', 'encrypted SSN'],
    ['ssn_hash', 'secret', 'SSN hash'],
    ['encrypted_ssn', 'secret', 'SSN'],
    ['tax_id', 'secret', 'tax id'],
    ['tin', 'secret', 'tax id'],
    ['national_id', 'secret', 'national id'],
    ['passport_number', 'secret', 'passport number'],
    ['drivers_license', 'secret', "driver's licence"],
    ['driverLicenseNumber', 'secret', "driver's licence"],
    ['driving_licence', 'secret', "driver's licence"],
    // misc credentials
    ['credentials', 'secret', 'credentials'],
    ['connection_string', 'secret', 'connection string'],
    ['database_url', 'secret', 'connection string'],
  ];
  it.each(cases)('%s', (...c) => expectClassified(c));
});

describe('must NOT be sensitive', () => {
  it.each([
    'passenger_count',
    'hashtags',
    'password_changed_at',
    'password_reset_requested',
    'password_updated_at',
    'password_expires_at',
    'has_password',
    'hasPassword',
    'is_password_set',
    'secretary_name',
    'token_count',
    'tokenizer',
    'tokens_used',
    'max_tokens',
    'keyboard',
    'monkey',
    'turkey',
    'id',
    'name',
    'title',
    'created_at',
    'updated_at',
    'description',
    'author_id',
    'user_id',
    'order_id',
    'total',
    'status',
    'sharing_key',
    'primary_key',
    'foreign_key',
    'cache_key',
    'sort_key',
    'idempotency_key',
    'public_key',
    'key_id',
    'passage',
    'compass',
    'bypass',
  ])('%s', expectNotSensitive);
});

describe('facts ABOUT a secret are not the secret', () => {
  it.each([
    'password_length',
    'password_strength',
    'password_version',
    'password_type',
    'password_required',
    'password_policy',
    'password_hash_algorithm',
    'passwordChangedAt',
    'requires_password',
    'needsPassword',
    'mfa_enabled',
    'totp_enabled',
    'two_factor_confirmed_at',
    'token_type',
    'token_expires_at',
    'access_token_expires_at',
    'reset_token_sent_at',
    'token_version',
    'api_key_prefix',
    'api_key_last4',
    'card_last4',
    'last4',
    'ssn_last4',
    'card_brand',
    'is_secret',
    'isSecret',
    'secret_question',
    'security_question',
    'recovery_codes_count',
    'otp_required',
    'pin_count',
    'is_pinned',
    'pinned',
  ])('%s', expectNotSensitive);
});

describe('secret-looking words that are not secrets', () => {
  it.each([
    'key',
    'keys',
    'tokens',
    'hash',
    'content_hash',
    'file_hash',
    'commit_sha',
    'sha256',
    'digest',
    'code',
    'country_code',
    'currency_code',
    'status_code',
    'promo_code',
    'invite_code',
    'referral_code',
    'next_page_token',
    'page_token',
    'pagination_token',
    'nextToken',
    'design_token',
    'prompt_tokens',
    'completion_tokens',
    'total_tokens',
    'session_id',
    'passkey',
    'boarding_pass',
    'season_pass',
    'pass',
    'password_hint_shown',
    'expiry',
    'exp_month',
    'exp_year',
    'expires_at',
    'object_key',
    'partition_key',
    'translation_key',
    'publishable_key',
    'access_key_id',
    'spinner',
    'pineapple',
    'tinted',
    'pancake',
    'secretariat',
    'passport_verified',
  ])('%s', expectNotSensitive);
});

describe('personal tier', () => {
  const cases: Case[] = [
    ['email', 'personal', 'e-mail address'],
    ['e_mail', 'personal', 'e-mail address'],
    ['EMAIL', 'personal', 'e-mail address'],
    ['emailAddress', 'personal', 'e-mail address'],
    ['email_address', 'personal', 'e-mail address'],
    ['contact_email', 'personal', 'e-mail address'],
    ['unconfirmed_email', 'personal', 'e-mail address'],
    ['emails', 'personal', 'e-mail address'],
    ['email_old', 'personal', 'e-mail address'],
    ['phone', 'personal', 'phone number'],
    ['phone_number', 'personal', 'phone number'],
    ['phoneNumber', 'personal', 'phone number'],
    ['mobile', 'personal', 'phone number'],
    ['mobile_number', 'personal', 'phone number'],
    ['cell_phone', 'personal', 'phone number'],
    ['telephone', 'personal', 'phone number'],
    ['tel', 'personal', 'phone number'],
    ['msisdn', 'personal', 'phone number'],
    ['address', 'personal', 'postal address'],
    ['street', 'personal', 'postal address'],
    ['street_address', 'personal', 'postal address'],
    ['address_line1', 'personal', 'postal address'],
    ['address_line_2', 'personal', 'postal address'],
    ['address2', 'personal', 'postal address'],
    ['billing_address', 'personal', 'postal address'],
    ['homeAddress', 'personal', 'postal address'],
    ['zip', 'personal', 'postal code'],
    ['zip_code', 'personal', 'postal code'],
    ['zipcode', 'personal', 'postal code'],
    ['postal_code', 'personal', 'postal code'],
    ['postcode', 'personal', 'postal code'],
    ['pin_code', 'personal', 'postal code (PIN code)'],
    ['dob', 'personal', 'birth date'],
    ['date_of_birth', 'personal', 'birth date'],
    ['dateOfBirth', 'personal', 'birth date'],
    ['birth_date', 'personal', 'birth date'],
    ['birthdate', 'personal', 'birth date'],
    ['birthday', 'personal', 'birth date'],
    ['place_of_birth', 'personal', 'place of birth'],
    ['ip', 'personal', 'IP address'],
    ['ip_address', 'personal', 'IP address'],
    ['ipAddress', 'personal', 'IP address'],
    ['last_login_ip', 'personal', 'IP address'],
    ['current_sign_in_ip', 'personal', 'IP address'],
    ['remote_addr', 'personal', 'IP address'],
    ['remote_ip', 'personal', 'IP address'],
    ['x_forwarded_for', 'personal', 'IP address'],
    ['ipv6', 'personal', 'IP address'],
    ['ipv4_address', 'personal', 'IP address'],
    ['mac_address', 'personal', 'MAC address'],
    ['user_agent', 'personal', 'user agent'],
    ['userAgent', 'personal', 'user agent'],
    ['device_fingerprint', 'personal', 'device fingerprint'],
    ['browserFingerprint', 'personal', 'device fingerprint'],
    ['device_id', 'personal', 'device id'],
    ['deviceId', 'personal', 'device id'],
    ['idfa', 'personal', 'device id'],
    ['imei', 'personal', 'device id'],
    ['lat', 'personal', 'geolocation'],
    ['lng', 'personal', 'geolocation'],
    ['latitude', 'personal', 'geolocation'],
    ['longitude', 'personal', 'geolocation'],
    ['geo', 'personal', 'geolocation'],
    ['geolocation', 'personal', 'geolocation'],
    ['lat_lng', 'personal', 'geolocation'],
    ['last_location', 'personal', 'geolocation'],
    ['gps_coordinates', 'personal', 'geolocation'],
  ];
  it.each(cases)('%s', (...c) => expectClassified(c));

  it.each([
    'email_verified',
    'email_verified_at',
    'emailVerified',
    'has_email',
    'is_email_verified',
    'show_email',
    'email_hash', // a hashed e-mail (Gravatar) is not the e-mail
    'email_count',
    'phone_verified',
    'phone_country_code',
    'phone_type',
    'is_mobile',
    'mobile_app_version',
    'address_id',
    'addresses_count',
    'wallet_address',
    'contract_address',
    'server_address',
    'bind_address',
    'ip_country',
    'user_agent_hash',
    'location', // often a shop's or an event's place; add via settings
    'location_id',
    'fingerprint', // key / card / content fingerprints
    'card_fingerprint',
    'key_fingerprint',
    'latency',
    'lateral',
    'platform',
    'geometry',
    'zipper',
    'zip_file',
    'shipping',
    'city',
    'country',
    'timezone',
    'locale',
    'full_name', // names are not included (too noisy)
    'first_name',
    'last_name',
    'display_name',
    'username',
    'avatar_url',
    'homepage',
    'dob_verified',
    'birthday_reminder_sent',
  ])('not personal: %s', expectNotSensitive);
});

describe('internal tier', () => {
  const cases: Case[] = [
    ['tenant_id', 'internal', 'tenant id'],
    ['tenantId', 'internal', 'tenant id'],
    ['tenant', 'internal', 'tenant id'],
    ['org_id', 'internal', 'organisation id'],
    ['organization_id', 'internal', 'organisation id'],
    ['organisation_id', 'internal', 'organisation id'],
    ['organizationId', 'internal', 'organisation id'],
    ['workspace_id', 'internal', 'workspace id'],
    ['role', 'internal', 'role'],
    ['roles', 'internal', 'role'],
    ['user_role', 'internal', 'role'],
    ['role_id', 'internal', 'role'],
    ['is_admin', 'internal', 'admin flag'],
    ['isAdmin', 'internal', 'admin flag'],
    ['admin', 'internal', 'admin flag'],
    ['is_super_admin', 'internal', 'admin flag'],
    ['is_superuser', 'internal', 'superuser flag'],
    ['isSuperuser', 'internal', 'superuser flag'],
    ['superuser', 'internal', 'superuser flag'],
    ['is_staff', 'internal', 'staff flag'],
    ['isStaff', 'internal', 'staff flag'],
    ['is_root', 'internal', 'root flag'],
    ['permissions', 'internal', 'permissions'],
    ['permission', 'internal', 'permissions'],
    ['privileges', 'internal', 'permissions'],
    ['access_level', 'internal', 'permissions'],
    ['scopes', 'internal', 'scopes'],
    ['scope', 'internal', 'scopes'],
    ['acl', 'internal', 'access control list'],
    ['internal_notes', 'internal', 'internal notes'],
    ['admin_notes', 'internal', 'internal notes'],
    ['notes_internal', 'internal', 'internal notes'],
    ['staff_notes', 'internal', 'internal notes'],
    ['deleted_at', 'internal', 'soft-delete marker'],
    ['deletedAt', 'internal', 'soft-delete marker'],
    ['deleted_by', 'internal', 'soft-delete marker'],
    ['is_deleted', 'internal', 'soft-delete marker'],
    ['created_by', 'internal', 'audit column'],
    ['updated_by', 'internal', 'audit column'],
    ['last_modified_by', 'internal', 'audit column'],
    ['modified_by', 'internal', 'audit column'],
    ['created_by_id', 'internal', 'audit column'],
    ['audit_log', 'internal', 'audit column'],
    ['audit_user_id', 'internal', 'audit column'],
    ['auditTrail', 'internal', 'audit column'],
  ];
  it.each(cases)('%s', (...c) => expectClassified(c));

  it.each([
    'account_id', // often the caller's own account; add `internal:account_id` where it is the tenant
    'team_id',
    'owner_id',
    'creator_id',
    'created_at',
    'updated_at',
    'deleted_count',
    'deletion_reason',
    'role_model',
    'roleplay',
    'parole',
    'permissions_count',
    'administrator_name',
    'is_active',
    'is_verified',
    'is_public',
    'is_internal',
    'internal_id',
    'notes',
    'audit',
    'auditorium',
    'staffing',
    'organization_name',
    'tenant_name',
    'org_slug',
    'workspace_name',
    'access_count',
    'level',
    'admin_id',
    'scope_hash',
  ])('not internal: %s', expectNotSensitive);
});

describe('PostgreSQL-folded (all lower-case) names are split into known words', () => {
  const cases: Case[] = [
    ['passwordhash', 'secret', 'password hash'],
    ['hashedpassword', 'secret', 'password hash'],
    ['apikeyhash', 'secret', 'API key hash'],
    ['resetpasswordtoken', 'secret', 'password reset token'],
    ['refreshtoken', 'secret', 'refresh token'],
    ['totpsecret', 'secret', 'TOTP secret'],
    ['clientsecret', 'secret', 'client secret'],
    ['emailaddress', 'personal', 'e-mail address'],
    ['ipaddress', 'personal', 'IP address'],
    ['useragent', 'personal', 'user agent'],
    ['dateofbirth', 'personal', 'birth date'],
    ['isadmin', 'internal', 'admin flag'],
    ['tenantid', 'internal', 'tenant id'],
    ['createdby', 'internal', 'audit column'],
    ['deletedat', 'internal', 'soft-delete marker'],
  ];
  it.each(cases)('%s', (...c) => expectClassified(c));

  it.each([
    'haspassword',
    'passwordchangedat',
    'tokencount',
    'maxtokens',
    'nextpagetoken',
    'sharingkey',
    'primarykey',
    'publickey',
    'createdat',
    'userid',
    'sessionid',
    'username',
    'hashtag',
    'timeline',
    'online',
    'household',
    'template',
    'origin',
  ])('not sensitive: %s', expectNotSensitive);
});

describe('borderline decisions', () => {
  // Each line documents a choice; see the comments in src/schema/sensitive-terms.ts.
  it.each([
    ['sharing_key', undefined], // `key` needs an owner that marks it as a credential; add capability keys in settings
    ['idempotency_key', undefined],
    ['public_key', undefined],
    ['session_id', undefined], // a reference; the session *token* is the credential
    ['account_id', undefined],
    ['account_number', 'secret'], // read as a bank account number
    ['invite_code', undefined], // often meant to be shared; `invite_token` is secret
    ['invite_token', 'secret'],
    ['exp_month', undefined], // expiry only with card context
    ['card_exp_month', 'secret'],
    ['email_hash', undefined], // a hash keeps only the secret tier
    ['ssn_hash', 'secret'],
    ['fingerprint', undefined],
    ['device_fingerprint', 'personal'],
    ['location', undefined],
    ['current_location', 'personal'],
    ['full_name', undefined],
    ['pin', 'secret'],
    ['pin_code', 'personal'], // India's postal PIN code
    ['passport', 'secret'],
    ['salt', 'secret'],
    ['totp', 'secret'],
    ['created_by', 'internal'],
    ['ssn_last4', undefined], // partial values shown by design; add in settings when they are not
    ['license_key', 'secret'],
    ['mobile', 'personal'],
    ['is_mobile', undefined],
  ] as const)('%s → %s', (name, tier) => {
    expect(classify(name)?.tier).toBe(tier);
  });
});

// ── settings and annotations ─────────────────────────────────────────────────────────────────────

describe('settings overrides', () => {
  it('adds a plain column name (case-insensitive) as secret', () => {
    const classifier = createClassifier({ sensitiveColumns: ['ssn_last4'] });
    const expected = { tier: 'secret', reason: 'listed in sensitiveColumns', source: 'setting' };
    expect(classifier.classify('ssn_last4')).toEqual(expected);
    expect(classifier.classify('SSN_LAST4', 'users')).toEqual(expected);
    expect(classifier.classify('ssn_last')).toBeUndefined();
    // built-in terms still apply
    expect(classifier.classify('password_hash')?.source).toBe('builtin');
  });

  it('adds a table.column pair', () => {
    const classifier = createClassifier({ sensitiveColumns: ['users.nickname'] });
    expect(classifier.classify('nickname', 'users')?.tier).toBe('secret');
    expect(classifier.classify('nickname', 'Users')?.tier).toBe('secret');
    expect(classifier.classify('nickname', 'public.users')?.tier).toBe('secret');
    expect(classifier.classify('nickname', 'posts')).toBeUndefined();
    expect(classifier.classify('nickname')).toBeUndefined();
  });

  it('adds a schema.table.column triple', () => {
    const classifier = createClassifier({ sensitiveColumns: ['audit.users.nickname'] });
    expect(classifier.classify('nickname', 'audit.users')?.tier).toBe('secret');
    expect(classifier.classify('nickname', 'public.users')).toBeUndefined();
  });

  it('adds /regex/flags, tested against the column and table.column', () => {
    const classifier = createClassifier({ sensitiveColumns: ['/^legacy_/i', '/^orders\\.note$/'] });
    expect(classifier.classify('LEGACY_blob')?.tier).toBe('secret');
    expect(classifier.classify('legacy_blob', 'anything')?.tier).toBe('secret');
    expect(classifier.classify('note', 'orders')?.tier).toBe('secret');
    expect(classifier.classify('note', 'public.orders')?.tier).toBe('secret');
    expect(classifier.classify('note', 'posts')).toBeUndefined();
    expect(classifier.classify('note')).toBeUndefined();
  });

  it('drops the g and y flags so repeated tests agree', () => {
    const classifier = createClassifier({ sensitiveColumns: ['/bio/g'] });
    expect(classifier.classify('bio', 't1')?.tier).toBe('secret');
    expect(classifier.classify('bio', 't2')?.tier).toBe('secret');
    expect(classifier.classify('bio', 't3')?.tier).toBe('secret');
  });

  it('picks the tier with a prefix', () => {
    const classifier = createClassifier({
      sensitiveColumns: ['personal:nickname', 'internal:/_flags$/', 'secret:users.bio', 'internal:account_id'],
    });
    expect(classifier.classify('nickname')?.tier).toBe('personal');
    expect(classifier.classify('feature_flags')?.tier).toBe('internal');
    expect(classifier.classify('bio', 'users')?.tier).toBe('secret');
    expect(classifier.classify('account_id')?.tier).toBe('internal');
  });

  it('a setting can change the tier of a built-in term', () => {
    const classifier = createClassifier({ sensitiveColumns: ['secret:email'] });
    expect(classifier.classify('email')).toEqual({
      tier: 'secret',
      reason: 'listed in sensitiveColumns',
      source: 'setting',
    });
  });

  it('safe entries remove built-in and sensitive matches', () => {
    const classifier = createClassifier({
      sensitiveColumns: ['nickname', '/^x_/'],
      safeColumns: ['email', 'orders.ip', '/^public_/', 'nickname', 'x_ok'],
    });
    expect(classifier.classify('email', 'users')).toBeUndefined();
    expect(classifier.classify('ip', 'orders')).toBeUndefined();
    expect(classifier.classify('ip', 'sessions')?.tier).toBe('personal');
    expect(classifier.classify('public_api_key')).toBeUndefined();
    expect(classifier.classify('nickname')).toBeUndefined(); // safe beats sensitive
    expect(classifier.classify('x_ok')).toBeUndefined();
    expect(classifier.classify('x_secret_stuff')?.source).toBe('setting');
  });

  it('annotation beats settings and built-in terms', () => {
    const classifier = createClassifier({ sensitiveColumns: ['bio'], safeColumns: ['nickname'] });
    const marked = { tier: 'secret', reason: 'marked @sensitive', source: 'annotation' };
    expect(classifier.classify('nickname', 'users', 'sensitive')).toEqual(marked);
    expect(classifier.classify('bio', 'users', 'safe')).toBeUndefined();
    expect(classifier.classify('password_hash', 'users', 'safe')).toBeUndefined();
    expect(classifier.classify('title', 'posts', 'sensitive')).toEqual(marked);
    expect(builtinClassifier.classify('password_hash', undefined, 'safe')).toBeUndefined();
    expect(builtinClassifier.classify('title', undefined, 'sensitive')).toEqual(marked);
  });

  it('caches results without mixing tables', () => {
    const classifier = createClassifier({ sensitiveColumns: ['users.bio'] });
    for (let round = 0; round < 3; round++) {
      expect(classifier.classify('bio', 'users')?.tier).toBe('secret');
      expect(classifier.classify('bio', 'posts')).toBeUndefined();
    }
    expect(classifier.classify('bio', 'users')).toBe(classifier.classify('bio', 'users'));
    expect(builtinClassifier.classify('api_key')).toBe(builtinClassifier.classify('api_key'));
  });

  it('stays correct past the cache bound', () => {
    const classifier = createClassifier({ sensitiveColumns: ['/^col_1/'] });
    for (let k = 0; k < 10_050; k++) classifier.classify(`col_${k}`, 't');
    expect(classifier.classify('col_1', 't')?.tier).toBe('secret');
    expect(classifier.classify('col_2', 't')).toBeUndefined();
    expect(classifier.classify('password', 't')?.tier).toBe('secret');
  });

  it('results are frozen', () => {
    const result = builtinClassifier.classify('password');
    expect(Object.isFrozen(result)).toBe(true);
  });
});

describe('settings errors', () => {
  it('names the setting and the value of an invalid regex', () => {
    const error = settingsError({ sensitiveColumns: ['ok', '/(/'] });
    expect(error.message).toContain(`settings['data-exposure'].sensitiveColumns: invalid regular expression "/(/": `);
    expect(error.name).toBe('DataExposureConfigError');
  });

  it('reports safeColumns by name', () => {
    const error = settingsError({ safeColumns: ['/[/'] });
    expect(error.message).toContain(`settings['data-exposure'].safeColumns: invalid regular expression "/[/"`);
  });

  it('keeps the tier prefix in the reported value', () => {
    const error = settingsError({ sensitiveColumns: ['personal:/(/'] });
    expect(error.message).toContain('invalid regular expression "personal:/(/"');
  });

  it.each([
    [{ sensitiveColumns: ['/a/z'] }, 'sensitiveColumns: invalid regular expression "/a/z"'],
    [{ sensitiveColumns: ['/abc'] }, 'sensitiveColumns: invalid regular expression "/abc": missing the closing /'],
    [{ sensitiveColumns: ['//'] }, 'sensitiveColumns: invalid regular expression "//": empty pattern'],
    [{ safeColumns: ['personal:email'] }, 'safeColumns: "personal:email" has a tier prefix'],
    [{ sensitiveColumns: ['secrett:x'] }, 'sensitiveColumns: "secrett:x" has an unknown tier "secrett"'],
    [{ sensitiveColumns: [''] }, 'sensitiveColumns: expected a non-empty string, got ""'],
    [{ sensitiveColumns: [42 as unknown as string] }, 'sensitiveColumns: expected a non-empty string, got 42'],
    [{ sensitiveColumns: ['users..ssn'] }, 'sensitiveColumns: "users..ssn" is not a column name'],
    [{ sensitiveColumns: ['a.b.c.d'] }, 'sensitiveColumns: "a.b.c.d" is not a column name'],
    [{ safeColumns: 'email' as unknown as string[] }, 'safeColumns must be an array of strings'],
  ] as const)('%j', (options, message) => {
    expect(settingsError(options).message).toContain(message);
  });
});

describe('tiers', () => {
  it('ALL_TIERS lists the three tiers, most severe first', () => {
    expect(ALL_TIERS).toEqual(['secret', 'personal', 'internal']);
    expect(Object.isFrozen(ALL_TIERS)).toBe(true);
  });

  it('tierIncluded', () => {
    expect(tierIncluded('secret', ['secret'])).toBe(true);
    expect(tierIncluded('personal', ['secret'])).toBe(false);
    expect(tierIncluded('internal', ALL_TIERS)).toBe(true);
    expect(tierIncluded('secret', [])).toBe(false);
  });
});

// ── the term table itself ────────────────────────────────────────────────────────────────────────

describe('term table', () => {
  it('expands patterns', () => {
    expect(expandPattern('card|cc number|no')).toEqual([
      ['card', 'number'],
      ['card', 'no'],
      ['cc', 'number'],
      ['cc', 'no'],
    ]);
    expect(expandPattern('magic link? token')).toEqual([
      ['magic', 'token'],
      ['magic', 'link', 'token'],
    ]);
  });

  it('rejects malformed patterns and duplicates', () => {
    expect(() => expandPattern('api-key')).toThrow(/single lower-case token/);
    expect(() => expandPattern('ipv4')).toThrow(/single lower-case token/);
    expect(() => compileTerms([{ tier: 'secret', reason: 'a', patterns: ['x', 'x'] }])).toThrow(/listed twice/);
    expect(() => compileTerms([{ tier: 'secret', reason: 'a', patterns: ['thing hash'] }])).toThrow(/strips/);
    expect(() => compileTerms([{ tier: 'secret', reason: 'a', patterns: ['thing 2'] }])).toThrow(/strips/);
  });

  it('every term is tokenised the way it is written and classifies as its own tier', () => {
    let count = 0;
    for (const spec of TERM_SPECS) {
      expect(spec.reason.length).toBeGreaterThan(0);
      for (const pattern of spec.patterns) {
        for (const sequence of expandPattern(pattern)) {
          const name = sequence.join('_');
          expect(tokenize(name)).toEqual(sequence);
          const result = classify(name);
          if (spec.formOnly === true) {
            expect(result, name).toBeUndefined();
            expect(classify(`${name}_hash`)?.tier, name).toBe('secret');
          } else if (spec.tier === null) {
            expect(result, name).toBeUndefined();
          } else {
            expect(result?.tier, name).toBe(spec.tier);
            expect(result?.reason, name).toBe(spec.reason);
          }
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(300);
  });
});

// ── properties ───────────────────────────────────────────────────────────────────────────────────

describe('properties over random identifiers', () => {
  const fragment = fc.constantFrom(
    // letters, digits, separators
    'a', 'z', 'Q', 'x', '0', '7', '42', '_', '__', '-', '.', ' ', '$',
    // camel humps and known words
    'Hash', 'API', 'Key', 'ID', 'password', 'Token', 'secret', 'email', 'is', 'has', 'At', 'IDs', 's',
    // unicode: accented, sharp s, CJK, Greek (incl. sigma), dotted I, title case, combining mark,
    // astral symbol (a separator), superscript two and a Roman numeral (numbers)
    'é', 'É', 'ß', '日本', 'Σ', 'σ', 'İ', 'ǅ', '\u0301', '😀', '²', 'Ⅻ', 'ñ', 'Ω',
  );
  const identifier = fc.array(fragment, { maxLength: 24 }).map((parts) => parts.join(''));

  it('tokenize keeps exactly the lower-cased letters and digits of the input', () => {
    fc.assert(
      fc.property(identifier, (name) => {
        const tokens = tokenize(name);
        expect(tokens.join('')).toBe(wordChars(name));
        for (const token of tokens) expect(token.length).toBeGreaterThan(0);
      }),
      { numRuns: 2_000 },
    );
  });

  it('classify never throws and always returns a well-formed result', () => {
    const classifier = createClassifier({ sensitiveColumns: ['/^a.*z$/i', 'personal:users.x'], safeColumns: ['id'] });
    fc.assert(
      fc.property(identifier, fc.option(identifier, { nil: undefined }), (column, table) => {
        for (const result of [builtinClassifier.classify(column, table), classifier.classify(column, table)]) {
          if (result !== undefined) {
            expect(ALL_TIERS).toContain(result.tier);
            expect(result.reason.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('seeded loop over plain ASCII identifiers (snake, camel, digits)', () => {
    let seed = 0x2545f491;
    const next = (n: number): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789___';
    for (let run = 0; run < 5_000; run++) {
      let name = '';
      const length = next(30);
      for (let k = 0; k < length; k++) name += alphabet[next(alphabet.length)] ?? '';
      expect(() => builtinClassifier.classify(name)).not.toThrow();
      expect(tokenize(name).join('')).toBe(name.replace(/_/g, '').toLowerCase());
    }
  });

  // Bounded by the test timeout: a super-linear path would hang here.
  it('classifies very long names', () => {
    expect(classify('a'.repeat(100_000))).toBeUndefined();
    expect(classify(`${'x_'.repeat(50_000)}password`)?.tier).toBe('secret');
    expect(classify('passwordhash'.repeat(1_000))).toBeUndefined();
  }, 5_000);
});
