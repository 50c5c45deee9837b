/** Cases of no-select-star with the test app's schema; the PGlite test runs their suggestions. */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import type { MessageIds, Options } from '../../rules/no-select-star.js';
import { positionOf } from '../support/position.js';

export const route = (sql: string, send = 'res.json(rows)'): string =>
  `import { pool } from './db';\nexport default async function handler(req, res) {\n  const { rows } = await pool.query(${sql});\n  ${send};\n}`;

interface Case {
  readonly sql: string;
  readonly send?: string;
  /** The wildcard's text in messages, and the characters underlined. */
  readonly wildcard: string;
  readonly underline: string;
  /** Text around the underline that makes it unique (the underline is its first occurrence there). */
  readonly within?: string;
  readonly sources: string;
  readonly detail: string;
  /** The SQL after the suggestion, or null when none is offered. */
  readonly fixed: string | null;
}

/** `positionOf` for the first `needle` inside the first `within`. */
function positionWithin(code: string, needle: string, within: string): ReturnType<typeof positionOf> {
  const at = code.indexOf(within) + within.indexOf(needle);
  const nth = code.slice(0, at).split(needle).length - 1;
  return positionOf(code, needle, nth);
}

const invalidCase = (c: Case) => {
  const code = route(c.sql, c.send);
  const data = { wildcard: c.wildcard, sources: c.sources, detail: c.detail, sink: '`res.json`' };
  return {
    code,
    errors: [
      {
        messageId: 'exposedWildcard' as const,
        data,
        ...(c.within === undefined ? positionOf(code, c.underline) : positionWithin(code, c.underline, c.within)),
        suggestions:
          c.fixed === null ? [] : [{ messageId: 'listSafeColumns' as const, data, output: route(c.fixed, c.send) }],
      },
    ],
  };
};

const USERS_SECRETS = ' (including password_hash, reset_token)';

export const selectStarSchemaValid: string[] = [
  route("'SELECT id, email FROM users'"),
  route("'SELECT * FROM (SELECT id FROM users) u'"),
  // Every secret deleted before the response (`delete` by name or by string key).
  route("'SELECT * FROM users WHERE id = $1'", "const user = rows[0];\n  delete user.password_hash;\n  delete user['reset_token'];\n  res.json(user)"),
  // Like rest destructuring, deleting one secret marks the rows as narrowed on purpose: the rule
  // stays silent (no-sensitive-projection is the rule about single columns).
  route("'SELECT * FROM users WHERE id = $1'", 'const user = rows[0];\n  delete user.password_hash;\n  res.json(user)'),
];

export const selectStarSchemaInvalid: InvalidTestCase<MessageIds, Options>[] = [
    invalidCase({
      sql: "'SELECT * FROM users WHERE id = $1'",
      wildcard: 'SELECT *', underline: '*', sources: '`users`', detail: USERS_SECRETS,
      fixed: "'SELECT id, email, display_name, role, created_at FROM users WHERE id = $1'",
    }),
    // A relation's name as a select item is its whole row, as one composite value.
    invalidCase({
      sql: "'SELECT u FROM users u WHERE u.id = $1'",
      wildcard: 'u', underline: 'u', within: 'SELECT u FROM', sources: '`users`', detail: USERS_SECRETS,
      fixed: null,
    }),
    // A delete after the response removes nothing that was sent.
    invalidCase({
      sql: "'SELECT * FROM users WHERE id = $1'",
      send: 'const user = rows[0];\n  res.json(user);\n  delete user.password_hash;\n  delete user.reset_token',
      wildcard: 'SELECT *', underline: '*', sources: '`users`', detail: USERS_SECRETS,
      fixed: "'SELECT id, email, display_name, role, created_at FROM users WHERE id = $1'",
    }),
    invalidCase({
      sql: '`SELECT u.*, o.total\n    FROM users u JOIN orders o ON o.user_id = u.id`',
      wildcard: 'u.*', underline: 'u.*', sources: '`users`', detail: USERS_SECRETS,
      fixed: '`SELECT u.id, u.email, u.display_name, u.role, u.created_at, o.total\n    FROM users u JOIN orders o ON o.user_id = u.id`',
    }),
    // Every column of two tables: each one qualified by its alias.
    invalidCase({
      sql: "'SELECT * FROM orders o JOIN sessions s ON s.user_id = o.user_id'",
      wildcard: 'SELECT *', underline: '*', sources: '`orders` and `sessions`', detail: ' (including token)',
      fixed: "'SELECT o.id, o.user_id, o.total, o.status, o.created_at, s.user_id, s.expires_at FROM orders o JOIN sessions s ON s.user_id = o.user_id'",
    }),
    invalidCase({
      sql: "'INSERT INTO users (email, display_name, password_hash) VALUES ($1, $2, $3) RETURNING *'",
      send: 'res.status(201).json(rows[0])',
      wildcard: 'RETURNING *', underline: '*', sources: '`users`', detail: USERS_SECRETS,
      fixed: "'INSERT INTO users (email, display_name, password_hash) VALUES ($1, $2, $3) RETURNING id, email, display_name, role, created_at'",
    }),
    invalidCase({
      sql: "'SELECT row_to_json(u) AS profile FROM users u WHERE u.id = $1'",
      wildcard: 'row_to_json(u)', underline: 'row_to_json(u)', sources: '`users`', detail: USERS_SECRETS,
      fixed: "'SELECT json_build_object(\\'id\\', u.id, \\'email\\', u.email, \\'display_name\\', u.display_name, \\'role\\', u.role, \\'created_at\\', u.created_at) AS profile FROM users u WHERE u.id = $1'",
    }),
    invalidCase({
      sql: "'SELECT o.id, json_agg(s) AS sessions FROM orders o JOIN sessions s ON s.user_id = o.user_id GROUP BY o.id'",
      wildcard: 'json_agg(s)', underline: 'json_agg(s)', sources: '`sessions`', detail: ' (including token)',
      fixed: "'SELECT o.id, json_agg(json_build_object(\\'user_id\\', s.user_id, \\'expires_at\\', s.expires_at)) AS sessions FROM orders o JOIN sessions s ON s.user_id = o.user_id GROUP BY o.id'",
    }),
    // A view inherits the sensitivity of what it projects.
    invalidCase({
      sql: "'SELECT * FROM user_cards'",
      wildcard: 'SELECT *', underline: '*', sources: '`user_cards`', detail: ' (including card)',
      fixed: "'SELECT user_id, email, brand FROM user_cards'",
    }),
    // Only the id is left.
    invalidCase({
      sql: "'SELECT * FROM api_clients'",
      wildcard: 'SELECT *', underline: '*', sources: '`api_clients`', detail: ' (including api_key, client_secret)',
      fixed: "'SELECT id FROM api_clients'",
    }),
    // An unknown table: reported, but there is no exact expansion to offer.
    invalidCase({
      sql: "'SELECT * FROM audit_events'",
      wildcard: 'SELECT *', underline: '*', sources: '`audit_events`', detail: '',
      fixed: null,
    }),
];
