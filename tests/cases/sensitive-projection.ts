/** Cases of no-sensitive-projection; the PGlite test runs their suggestions. */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { MessageIds, Options } from '../../rules/no-sensitive-projection.js';
import { positionOf } from '../support/position.js';
import { appSettings } from '../support/settings.js';

const route = (sql: string, send = 'res.json(rows)'): string =>
  `import { pool } from './db';\nexport default async function handler(req, res) {\n  const { rows } = await pool.query(${sql});\n  ${send};\n}`;

const fastify = (sql: string, ret = 'rows'): string =>
  `import Fastify from 'fastify';\nimport { pool } from './db';\nconst app = Fastify();\napp.get('/me', async (request) => {\n  const { rows } = await pool.query(${sql}, [request.user.id]);\n  return ${ret};\n});`;

const escaping = `import { pool } from './db';
export async function findUser(id: string) {
  const { rows } = await pool.query('SELECT id, email FROM users WHERE id = $1', [id]);
  return rows[0];
}`;

interface Case {
  readonly code: string;
  readonly underline: string;
  readonly column: string;
  readonly tier?: string;
  readonly reason: string;
  readonly sink?: string;
  /** Code after the removal suggestion, or null when none is offered. */
  readonly fixed: string | null;
  readonly settings?: Record<string, unknown>;
  readonly options?: [{ report?: 'exposed' | 'escaping'; tiers?: ('secret' | 'personal' | 'internal')[] }];
}

const invalidCase = (c: Case) => {
  const data = {
    column: c.column,
    tier: c.tier ?? 'secret',
    reason: c.reason,
    sink: c.sink ?? '`res.json`',
    fn: '',
    item: c.underline,
  };
  return {
    code: c.code,
    ...(c.settings ? { settings: c.settings } : {}),
    ...(c.options ? { options: c.options } : {}),
    errors: [
      {
        messageId: 'sensitiveColumn' as const,
        data,
        ...positionOf(c.code, c.underline),
        suggestions: c.fixed === null ? [] : [{ messageId: 'removeColumn' as const, data, output: c.fixed }],
      },
    ],
  };
};

export const projectionValid: (string | ValidTestCase<Options>)[] = [
    route("'SELECT id, email, display_name FROM users'"),
    // Only in WHERE / ON / ORDER BY.
    route("'SELECT u.id FROM users u JOIN sessions s ON s.user_id = u.id WHERE s.token = $1 ORDER BY u.password_hash'"),
    // Aggregates and booleans derived from a secret.
    route("'SELECT count(reset_token) AS pending FROM users'"),
    route("'SELECT id, password_hash IS NOT NULL AS has_password FROM users'"),
    route("'SELECT id, api_key = $1 AS matches FROM api_clients'"),
    // A login query: the hash is compared on the server and never sent.
    `import { pool } from './db';
import bcrypt from 'bcrypt';
export default async function login(req, res) {
  const { rows } = await pool.query('SELECT id, password_hash FROM users WHERE email = $1', [req.body.email]);
  const user = rows[0];
  if (!user || !(await bcrypt.compare(req.body.password, user.password_hash))) return res.status(401).end();
  res.json({ id: user.id, token: issueToken(user.id) });
}`,
    // Rest destructuring drops the secret before the response.
    route("'SELECT id, email, password_hash FROM users'", 'res.json(rows.map(({ password_hash, ...u }) => u))'),
    // Personal data is not reported by default (recommended: secret tier only).
    route("'SELECT id, email FROM users'"),
    // The rows never leave the function.
    `import { pool } from './db';\nexport async function rotate() {\n  const { rows } = await pool.query('SELECT id, reset_token FROM users');\n  for (const r of rows) await mail(r.id, r.reset_token);\n}`,
];

export const projectionInvalid: InvalidTestCase<MessageIds, Options>[] = [
    invalidCase({
      code: route("'SELECT id, password_hash AS ph FROM users WHERE id = $1'"),
      underline: 'password_hash AS ph', column: 'users.password_hash', reason: 'password hash',
      fixed: route("'SELECT id FROM users WHERE id = $1'"),
    }),
    // A reserved word as the label (read through a same-length shim).
    invalidCase({
      code: route("'SELECT id, password_hash AS user FROM users WHERE id = $1'"),
      underline: 'password_hash AS user', column: 'users.password_hash', reason: 'password hash',
      fixed: route("'SELECT id FROM users WHERE id = $1'"),
    }),
    invalidCase({
      code: route("`SELECT u.id, s.token\n    FROM users u JOIN sessions s ON s.user_id = u.id`"),
      underline: 's.token', column: 'sessions.token', reason: 'token',
      fixed: route("`SELECT u.id\n    FROM users u JOIN sessions s ON s.user_id = u.id`"),
    }),
    invalidCase({
      code: route("`SELECT coalesce(c.api_key, '') AS key, c.id FROM api_clients c`"),
      underline: "coalesce(c.api_key, '') AS key", column: 'api_clients.api_key', reason: 'API key',
      fixed: route('`SELECT c.id FROM api_clients c`'),
    }),
    // After a FROM that belongs to a function (`extract(… FROM …)`) and after a scalar subquery:
    // the select list goes on (the token look before any parse must not stop at those FROMs).
    invalidCase({
      code: route("'SELECT extract(year FROM created_at) AS y, (SELECT count(*) FROM sessions s WHERE s.user_id = u.id) AS n, u.password_hash FROM users u'"),
      underline: 'u.password_hash', column: 'users.password_hash', reason: 'password hash',
      fixed: route("'SELECT extract(year FROM created_at) AS y, (SELECT count(*) FROM sessions s WHERE s.user_id = u.id) AS n FROM users u'"),
    }),
    // Long SQL (its rows are followed before its tokens are looked at).
    invalidCase({
      code: route(`\`SELECT id, display_name, role, created_at, reset_token
    FROM users
    WHERE role = $1 AND created_at > now() - interval '30 days' AND display_name IS NOT NULL AND email LIKE '%@example.com'
    ORDER BY created_at DESC, display_name ASC LIMIT 50\``),
      underline: 'reset_token', column: 'users.reset_token', reason: 'reset token',
      fixed: route(`\`SELECT id, display_name, role, created_at
    FROM users
    WHERE role = $1 AND created_at > now() - interval '30 days' AND display_name IS NOT NULL AND email LIKE '%@example.com'
    ORDER BY created_at DESC, display_name ASC LIMIT 50\``),
    }),
    // Through a CTE: reported where the CTE projects it; no removal (an outer `*` passes it on).
    invalidCase({
      code: route("'WITH t AS (SELECT user_id, token FROM sessions) SELECT * FROM t'"),
      underline: 'token', column: 'sessions.token', reason: 'token',
      fixed: null,
    }),
    // The only item: removing it would leave no projection.
    invalidCase({
      code: route("'SELECT reset_token FROM users WHERE id = $1'"),
      underline: 'reset_token', column: 'users.reset_token', reason: 'reset token',
      fixed: null,
    }),
    // A single field picked into the response.
    invalidCase({
      code: route("'SELECT id, reset_token FROM users WHERE id = $1'", 'res.json({ link: rows[0].reset_token })'),
      underline: 'reset_token', column: 'users.reset_token', reason: 'reset token',
      fixed: route("'SELECT id FROM users WHERE id = $1'", 'res.json({ link: rows[0].reset_token })'),
    }),
    // Returned from a Fastify handler.
    invalidCase({
      code: fastify("'SELECT id, client_secret FROM api_clients WHERE id = $1'"),
      underline: 'client_secret', column: 'api_clients.client_secret', reason: 'client secret',
      sink: "the Fastify handler's `return`",
      fixed: fastify("'SELECT id FROM api_clients WHERE id = $1'"),
    }),
    // With the schema: a view column inherits the card number's sensitivity.
    invalidCase({
      code: route("'SELECT user_id, card FROM user_cards'"),
      underline: 'card', column: 'payment_methods.card_number', reason: 'card number',
      fixed: route("'SELECT user_id FROM user_cards'"),
      settings: appSettings,
    }),
    // Strict tiers: personal data.
    invalidCase({
      code: route("'SELECT a.user_id, a.ip_address FROM auth_log a'"),
      underline: 'a.ip_address', column: 'auth_log.ip_address', tier: 'personal', reason: 'IP address',
      fixed: route("'SELECT a.user_id FROM auth_log a'"),
      options: [{ tiers: ['secret', 'personal'] }],
    }),
    // Strict: rows that leave a data-access function.
    {
      code: escaping,
      options: [{ report: 'escaping', tiers: ['personal'] }],
      errors: [
        {
          messageId: 'sensitiveColumnEscapes',
          data: { column: 'users.email', tier: 'personal', reason: 'e-mail address', sink: '', fn: 'findUser()', item: 'email' },
          ...positionOf(escaping, 'email'),
          suggestions: [
            {
              messageId: 'removeColumn',
              data: { column: 'users.email', tier: 'personal', reason: 'e-mail address', sink: '', fn: 'findUser()', item: 'email' },
              output: escaping.replace('id, email FROM', 'id FROM'),
            },
          ],
        },
      ],
    },
];
