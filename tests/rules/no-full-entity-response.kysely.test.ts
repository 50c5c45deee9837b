/**
 * no-full-entity-response with Kysely: `selectAll()` (every table, or the ones named),
 * `returningAll()`, and joined tables selected whole, whose rows reach a response. Kysely reads
 * need their terminal call (`execute`, `executeTakeFirst`, …). The columns come from the SQL schema
 * (`settings['data-exposure'].schema`).
 */
import { RuleTester, type ValidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type Options } from '../../rules/no-full-entity-response.js';
import { ASSERTIONS } from '../support/assertions.js';
import { invalidCases, type Invalid } from '../support/entity-cases.js';
import { appSettings } from '../support/settings.js';

const ruleTester = new RuleTester();

// ---------------------------------------------------------------------------------------------
// Helpers

const invalid = invalidCases({ settings: appSettings });

const valid = (code: string): ValidTestCase<Options> => ({ code, settings: appSettings });

const RES_JSON = '`res.json`';
const ESCAPING: Options = [{ report: 'escaping' }];

// The app schema (tests/fixtures/app/schema.sql).
const SECRETS = ['password_hash', 'reset_token'];
const SAFE = ['id', 'email', 'display_name', 'role', 'created_at'];
const SELECT_SAFE = "select(['id', 'email', 'display_name', 'role', 'created_at'])";
const RETURNING_SAFE = "returning(['id', 'email', 'display_name', 'role', 'created_at'])";
const ORDER_COLUMNS = ['id', 'user_id', 'total', 'status', 'created_at'];

const KYSELY = `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import type { DB } from './db.types';

const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: process.env.DATABASE_URL }) }) });
`;
const expressApp = (routes: string): string => `import express from 'express';\n${KYSELY}\nconst app = express();\n\n${routes}\n`;

// ---------------------------------------------------------------------------------------------
// Invalid

const listUsers = expressApp(`app.get('/api/users', async (req, res) => {
  const users = await db.selectFrom('users').selectAll().execute();
  res.json(users);
});`);

const oneUser = expressApp(`app.get('/api/users/:id', async (req, res) => {
  const user = await db.selectFrom('users').selectAll().where('id', '=', req.params.id).executeTakeFirstOrThrow();
  res.json({ user });
});`);

const selectAllAfterWhere = expressApp(`app.get('/api/admins', async (req, res) => {
  const admins = await db.selectFrom('users').where('role', '=', 'admin').selectAll().orderBy('created_at').execute();
  res.status(200).json(admins);
});`);

const insertReturningAll = expressApp(`app.post('/api/users', async (req, res) => {
  const user = await db.insertInto('users').values(newUser).returningAll().executeTakeFirstOrThrow();
  res.status(201).json(user);
});`);

const joinAll = expressApp(`app.get('/api/orders', async (req, res) => {
  const rows = await db.selectFrom('orders').innerJoin('users', 'users.id', 'orders.user_id').selectAll().execute();
  res.json(rows);
});`);

const joinSelectAllUsers = expressApp(`app.get('/api/orders/:id', async (req, res) => {
  const order = await db
    .selectFrom('orders')
    .leftJoin('users', 'users.id', 'orders.user_id')
    .selectAll('users')
    .select(['orders.id', 'orders.total'])
    .where('orders.id', '=', req.params.id)
    .executeTakeFirst();
  res.json(order);
});`);

const selectAllMain = expressApp(`app.get('/api/orders', async (req, res) => {
  const rows = await db
    .selectFrom('orders')
    .innerJoin('users', 'users.id', 'orders.user_id')
    .selectAll('orders')
    .select(['users.display_name'])
    .execute();
  res.json({ orders: rows });
});`);

const nest = `import { Controller, Get } from '@nestjs/common';
import { InjectKysely } from 'nestjs-kysely';
import { Kysely } from 'kysely';
import type { DB } from './db.types';

@Controller('clients')
export class ClientsController {
  constructor(@InjectKysely() private readonly db: Kysely<DB>) {}

  @Get()
  findAll() {
    return this.db.selectFrom('api_clients').selectAll().execute();
  }
}
`;

const hono = `import { Hono } from 'hono';
import { db } from './database';

const app = new Hono();
app.get('/sessions', async (c) => {
  const sessions = await db.selectFrom('sessions').selectAll().where('user_id', '=', c.get('userId')).execute();
  return c.json({ sessions });
});
`;

const honoDelete = `import { Hono } from 'hono';
import { db } from './database';

const app = new Hono();
app.delete('/users/:id', async (c) => {
  const id = c.req.param('id');
  const removed = await db.deleteFrom('users').where('id', '=', id).returningAll().executeTakeFirst();
  return c.json(removed);
});
`;

const koa = `import Router from '@koa/router';
import { db } from '../db';

const router = new Router();
router.patch('/users/:id', async (ctx) => {
  const id = ctx.params.id;
  ctx.body = await db.updateTable('users').set({ role: 'member' }).where('id', '=', id).returningAll().executeTakeFirst();
});
`;

const fastify = `import type { FastifyPluginAsync } from 'fastify';
import { db } from '../database';

const cards: FastifyPluginAsync = async (fastify) => {
  fastify.get('/cards', async (request, reply) => {
    return db.selectFrom('payment_methods').selectAll().where('user_id', '=', request.user.id).execute();
  });
};
export default cards;
`;

const nextRoute = `import { NextResponse } from 'next/server';
import { db } from '@/lib/db';

export async function GET() {
  const users = await db.selectFrom('users').selectAll().limit(50).execute();
  return NextResponse.json(users);
}
`;

const noSchema = expressApp(`app.get('/api/users', async (req, res) => {
  res.json(await db.selectFrom('users').selectAll().execute());
});`);

const aliasMain = expressApp(`app.get('/api/users', async (req, res) => {
  res.json(await db.selectFrom('users').selectAll('users').execute());
});`);

const promiseAll = expressApp(`app.get('/api/dashboard', async (req, res) => {
  const [users, orders] = await Promise.all([
    db.selectFrom('users').selectAll().execute(),
    db.selectFrom('orders').select(['id', 'total']).execute(),
  ]);
  res.json({ users, orders });
});`);

const jsonHelpers = `import { Hono } from 'hono';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { db } from './database';

const app = new Hono();
app.get('/users', async (c) => {
  const users = await db
    .selectFrom('users')
    .select((eb) => [
      'id',
      'display_name',
      jsonArrayFrom(eb.selectFrom('sessions').selectAll().whereRef('sessions.user_id', '=', 'users.id')).as('sessions'),
    ])
    .execute();
  return c.json(users);
});
`;

const strict = expressApp(`app.get('/api/users', async (req, res) => {
  res.json(await db.selectFrom('users').selectAll().execute());
});`);

const repository = `import type { Kysely } from 'kysely';
import type { DB } from '../db.types';

export class UserRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async findById(id: string) {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
`;

const dataAccessJoin = `import { db } from '../database';

export function ordersWithBuyers() {
  return db.selectFrom('orders').innerJoin('users', 'users.id', 'orders.user_id').selectAll('users').select('orders.total').execute();
}
`;

const invalid_: Invalid[] = [
  invalid(listUsers, {
    at: 'selectAll',
    call: "db.selectFrom('users').selectAll()",
    entity: 'users',
    sensitive: SECRETS,
    sink: RES_JSON,
    fix: { fields: SAFE, from: 'selectAll()', to: SELECT_SAFE },
  }),
  invalid(oneUser, {
    at: 'selectAll',
    call: "db.selectFrom('users').selectAll()",
    entity: 'users',
    sensitive: SECRETS,
    sink: RES_JSON,
    fix: { fields: SAFE, from: 'selectAll()', to: SELECT_SAFE },
  }),
  invalid(selectAllAfterWhere, {
    at: 'selectAll',
    call: "db.selectFrom('users').where('role','=','admin').selectAll()",
    entity: 'users',
    sensitive: SECRETS,
    sink: RES_JSON,
    fix: { fields: SAFE, from: 'selectAll()', to: SELECT_SAFE },
  }),
  invalid(insertReturningAll, {
    at: 'returningAll',
    call: "db.insertInto('users').values(newUser).returningAll()",
    entity: 'users',
    sensitive: SECRETS,
    sink: RES_JSON,
    fix: { fields: SAFE, from: 'returningAll()', to: RETURNING_SAFE },
  }),
  // `selectAll()` with a join: every column of both tables.
  invalid(joinAll, [
    {
      at: "'users'",
      inside: "innerJoin('users'",
      call: "db.selectFrom('orders').innerJoin('users','users.id','orders.user_id').selectAll()",
      entity: 'users',
      relation: 'users',
      sensitive: SECRETS,
      sink: RES_JSON,
    },
    {
      at: 'selectAll',
      call: "db.selectFrom('orders').innerJoin('users','users.id','orders.user_id').selectAll()",
      entity: 'orders',
      sink: RES_JSON,
      fix: {
        fields: ORDER_COLUMNS,
        from: 'selectAll()',
        to: "select(['orders.id', 'orders.user_id', 'orders.total', 'orders.status', 'orders.created_at'])",
      },
    },
  ]),
  // The orders are projected; `selectAll('users')` takes every user column.
  invalid(joinSelectAllUsers, {
    at: "'users'",
    inside: "leftJoin('users'",
    call: "db.selectFrom('orders').leftJoin('users','users.id','orders.user_id').selectAll()",
    entity: 'users',
    relation: 'users',
    sensitive: SECRETS,
    sink: RES_JSON,
  }),
  // `selectAll('orders')` of the main table: the suggestion replaces that call only.
  invalid(selectAllMain, {
    at: 'selectAll',
    call: "db.selectFrom('orders').innerJoin('users','users.id','orders.user_id').selectAll()",
    entity: 'orders',
    sink: RES_JSON,
    fix: {
      fields: ORDER_COLUMNS,
      from: "selectAll('orders')",
      to: "select(['orders.id', 'orders.user_id', 'orders.total', 'orders.status', 'orders.created_at'])",
    },
  }),
  invalid(nest, {
    at: 'selectAll',
    call: "this.db.selectFrom('api_clients').selectAll()",
    entity: 'api_clients',
    sensitive: ['api_key', 'client_secret'],
    sink: "the `@Get()` handler's `return`",
    fix: { fields: ['id'], from: 'selectAll()', to: "select(['id'])" },
  }),
  invalid(hono, {
    at: 'selectAll',
    call: "db.selectFrom('sessions').selectAll()",
    entity: 'sessions',
    sensitive: ['token'],
    sink: '`c.json`',
    fix: { fields: ['user_id', 'expires_at'], from: 'selectAll()', to: "select(['user_id', 'expires_at'])" },
  }),
  invalid(honoDelete, {
    at: 'returningAll',
    call: "db.deleteFrom('users').where('id','=',id).returningAll()",
    entity: 'users',
    sensitive: SECRETS,
    sink: '`c.json`',
    fix: { fields: SAFE, from: 'returningAll()', to: RETURNING_SAFE },
  }),
  invalid(koa, {
    at: 'returningAll',
    call: "db.updateTable('users').set({role:'member'}).where('id','=',id).returningAll()",
    entity: 'users',
    sensitive: SECRETS,
    sink: '`ctx.body`',
    fix: { fields: SAFE, from: 'returningAll()', to: RETURNING_SAFE },
  }),
  invalid(fastify, {
    at: 'selectAll',
    call: "db.selectFrom('payment_methods').selectAll()",
    entity: 'payment_methods',
    sensitive: ['card_number'],
    sink: "the Fastify handler's `return`",
    fix: { fields: ['id', 'user_id', 'card_last4', 'brand'], from: 'selectAll()', to: "select(['id', 'user_id', 'card_last4', 'brand'])" },
  }),
  invalid(nextRoute, {
    at: 'selectAll',
    call: "db.selectFrom('users').selectAll()",
    entity: 'users',
    sensitive: SECRETS,
    sink: '`NextResponse.json`',
    fix: { fields: SAFE, from: 'selectAll()', to: SELECT_SAFE },
  }),
  // Without the schema the columns are unknown: the report stays, with no suggestion.
  invalid(noSchema, { at: 'selectAll', call: "db.selectFrom('users').selectAll()", entity: 'users', sink: RES_JSON }, { settings: {} }),
  invalid(aliasMain, {
    at: 'selectAll',
    call: "db.selectFrom('users').selectAll()",
    entity: 'users',
    sensitive: SECRETS,
    sink: RES_JSON,
    fix: {
      fields: SAFE,
      from: "selectAll('users')",
      to: "select(['users.id', 'users.email', 'users.display_name', 'users.role', 'users.created_at'])",
    },
  }),
  invalid(promiseAll, {
    at: 'selectAll',
    call: "db.selectFrom('users').selectAll()",
    entity: 'users',
    sensitive: SECRETS,
    sink: RES_JSON,
    fix: { fields: SAFE, from: 'selectAll()', to: SELECT_SAFE },
  }),
  // A relation nested with `jsonArrayFrom`: every session column, token included.
  invalid(jsonHelpers, {
    at: "'sessions'",
    inside: "selectFrom('sessions')",
    call: "db.selectFrom('users').select()",
    entity: 'sessions',
    relation: 'sessions',
    sensitive: ['token'],
    sink: '`c.json`',
  }),
  // Aliased tables: the call text keeps the spaces inside its strings (and is cut to 80 characters).
  invalid(
    expressApp(`app.get('/api/orders', async (req, res) => {
  const rows = await db.selectFrom('orders as o').innerJoin('users as u', 'u.id', 'o.user_id').selectAll('u').execute();
  res.json(rows);
});`),
    {
      at: "'users as u'",
      call: "….selectFrom('orders as o').innerJoin('users as u','u.id','o.user_id').selectAll()",
      entity: 'users',
      relation: 'u',
      sensitive: SECRETS,
      sink: RES_JSON,
    },
  ),
  invalid(
    strict,
    {
      at: 'selectAll',
      call: "db.selectFrom('users').selectAll()",
      entity: 'users',
      sensitive: ['email', 'password_hash', 'reset_token', 'role'],
      sink: RES_JSON,
      fix: { fields: ['id', 'display_name', 'created_at'], from: 'selectAll()', to: "select(['id', 'display_name', 'created_at'])" },
    },
    { options: [{ tiers: ['secret', 'personal', 'internal'] }] },
  ),
  // `report: 'escaping'`: a repository method and a data-access function.
  invalid(
    repository,
    {
      at: 'selectAll',
      call: "this.db.selectFrom('users').selectAll()",
      entity: 'users',
      sensitive: SECRETS,
      fn: 'findById()',
      fix: { fields: SAFE, from: 'selectAll()', to: SELECT_SAFE },
    },
    { options: ESCAPING },
  ),
  invalid(
    dataAccessJoin,
    {
      at: "'users'",
      inside: "innerJoin('users'",
      call: "db.selectFrom('orders').innerJoin('users','users.id','orders.user_id').selectAll()",
      entity: 'users',
      relation: 'users',
      sensitive: SECRETS,
      fn: 'ordersWithBuyers()',
    },
    { options: ESCAPING },
  ),
];

// ---------------------------------------------------------------------------------------------
// Valid

const valid_: ValidTestCase<Options>[] = [
  // Explicit columns.
  valid(expressApp(`app.get('/api/users', async (req, res) => {
  res.json(await db.selectFrom('users').select(['id', 'display_name']).execute());
});`)),
  valid(expressApp(`app.get('/api/users/:id', async (req, res) => {
  res.json(await db.selectFrom('users').select('display_name').where('id', '=', req.params.id).executeTakeFirst());
});`)),
  valid(expressApp(`app.get('/api/orders', async (req, res) => {
  const rows = await db
    .selectFrom('orders as o')
    .innerJoin('users as u', 'u.id', 'o.user_id')
    .select(['o.id', 'o.total', 'u.display_name as buyer'])
    .execute();
  res.json(rows);
});`)),
  valid(expressApp(`app.post('/api/users', async (req, res) => {
  const created = await db.insertInto('users').values(newUser).returning(['id', 'email']).executeTakeFirstOrThrow();
  res.status(201).json(created);
});`)),
  // Mapped to picked fields.
  valid(expressApp(`app.get('/api/orders', async (req, res) => {
  const rows = await db.selectFrom('orders').selectAll().execute();
  res.json(rows.map((o) => ({ id: o.id, total: o.total })));
});`)),
  valid(expressApp(`import { jsonObjectFrom } from 'kysely/helpers/postgres';
app.get('/api/orders', async (req, res) => {
  const orders = await db
    .selectFrom('orders')
    .select((eb) => [
      'orders.id',
      jsonObjectFrom(eb.selectFrom('users').select(['users.display_name']).whereRef('users.id', '=', 'orders.user_id')).as('buyer'),
    ])
    .execute();
  res.json(orders);
});`)),
  // Counted.
  valid(expressApp(`app.get('/api/users/count', async (req, res) => {
  const { count } = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  res.json({ count });
});`)),
  // Checked.
  valid(expressApp(`app.get('/api/users/taken', async (req, res) => {
  const row = await db.selectFrom('users').selectAll().where('email', '=', String(req.query.email)).executeTakeFirst();
  res.json({ taken: row !== undefined });
});`)),
  // Not a result: compiled SQL, a subquery, a builder with no terminal call.
  valid(expressApp(`app.get('/api/debug', async (req, res) => {
  const compiled = db.selectFrom('users').selectAll().compile();
  res.json({ sql: compiled.sql });
});`)),
  valid(expressApp(`app.get('/api/users/with-orders', async (req, res) => {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', db.selectFrom('orders').select('user_id'))
    .execute();
  res.json(rows);
});`)),
  // Parsed, passed through a mapper, rest-destructured.
  valid(expressApp(`import { PublicUser } from './schemas';
app.get('/api/users/:id', async (req, res) => {
  const user = await db.selectFrom('users').selectAll().where('id', '=', req.params.id).executeTakeFirstOrThrow();
  res.json(PublicUser.parse(user));
});`)),
  valid(expressApp(`import { toUserResponse } from './mappers';
app.get('/api/users', async (req, res) => {
  const users = await db.selectFrom('users').selectAll().execute();
  res.json(users.map(toUserResponse));
});`)),
  valid(expressApp(`app.get('/api/me', async (req, res) => {
  const me = await db.selectFrom('users').selectAll().where('id', '=', req.user.id).executeTakeFirstOrThrow();
  const { password_hash, reset_token, ...profile } = me;
  res.json(profile);
});`)),
  // Login: the hash is compared.
  valid(expressApp(`import bcrypt from 'bcrypt';
app.post('/api/login', async (req, res) => {
  const user = await db.selectFrom('users').select(['id', 'password_hash']).where('email', '=', req.body.email).executeTakeFirst();
  if (!user || !(await bcrypt.compare(req.body.password, user.password_hash))) return res.sendStatus(401);
  res.json({ id: user.id });
});`)),
  // A background job, and the repository in the default mode.
  valid(`${KYSELY}
export async function cleanupSessions() {
  const expired = await db.selectFrom('sessions').selectAll().where('expires_at', '<', new Date()).execute();
  for (const s of expired) await db.deleteFrom('sessions').where('token', '=', s.token).execute();
}
`),
  valid(repository),
  // GraphQL resolvers.
  valid(`import { db } from './database';
export const resolvers = {
  Query: {
    users: () => db.selectFrom('users').selectAll().execute(),
  },
};
`),
  // Lookalikes with no Kysely evidence.
  valid(`import express from 'express';
import axios from 'axios';
import { api } from './lib/api-client';

const app = express();
const cache = new Map<string, unknown>();
app.get('/x/:id', async (req, res) => {
  cache.delete(req.params.id);
  const users = await api.selectFrom('users').selectAll().execute();
  const remote = await axios.get('https://example.com/users');
  res.json({ users, remote: remote.data, hit: [1, 2].find((n) => n === 2) });
});
`),
  valid(`import { Controller, Get } from '@nestjs/common';
import { UsersService } from './users.service';

@Controller('users')
export class UsersController {
  constructor(private readonly usersService: UsersService) {}
  @Get()
  findAll() {
    return this.usersService.findAll();
  }
}
`),
];

// ---------------------------------------------------------------------------------------------
// Known bugs, left out of the run (reported to the lead; move them into `invalid_` once fixed).

// Cases found while writing these tests and fixed since in the analysis.
const regressions: Invalid[] = [
  // The value the callback of `db.transaction().execute(cb)` returns is what the call resolves to;
  // the flow stops at the callback's `return` (src/flow/track.ts follows `x.transaction(cb)` only).
  invalid(
    `import { Hono } from 'hono';
import { db } from './database';

const app = new Hono();
app.get('/users/:id', async (c) => {
  const user = await db.transaction().execute(async (trx) => {
    return trx.selectFrom('users').selectAll().where('id', '=', c.req.param('id')).executeTakeFirst();
  });
  return c.json(user);
});
`,
    {
      at: 'selectAll',
      call: "trx.selectFrom('users').selectAll()",
      entity: 'users',
      sensitive: SECRETS,
      sink: '`c.json`',
      fix: { fields: SAFE, from: 'selectAll()', to: SELECT_SAFE },
    },
  ),
];

ruleTester.run('no-full-entity-response (kysely)', rule, {
  assertionOptions: ASSERTIONS,
  valid: valid_,
  invalid: [...invalid_, ...regressions],
});
