/**
 * no-full-entity-response with Knex: table queries with no projection (`knex('users')`,
 * `.first()`), explicit wildcards (`select('*')`, `select('t.*')`, `returning('*')`,
 * `insert(row, '*')`) and joined tables selected whole, whose rows reach a response. Knex has no
 * models: the columns come from the SQL schema (`settings['data-exposure'].schema`).
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

/** Valid case, with the app schema loaded. */
const valid = (code: string): ValidTestCase<Options> => ({ code, settings: appSettings });

const RES_JSON = '`res.json`';
const ESCAPING: Options = [{ report: 'escaping' }];

// The app schema (tests/fixtures/app/schema.sql): users has password_hash and reset_token (secret).
const SECRETS = ['password_hash', 'reset_token'];
const SAFE = ['id', 'email', 'display_name', 'role', 'created_at'];
const SELECT_SAFE = ".select('id', 'email', 'display_name', 'role', 'created_at')";
const LIST_SAFE = "'id', 'email', 'display_name', 'role', 'created_at'";
const ORDER_COLUMNS = ['id', 'user_id', 'total', 'status', 'created_at'];

const KNEX = `import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
`;
const expressApp = (routes: string): string => `import express from 'express';\n${KNEX}\nconst app = express();\n\n${routes}\n`;

// ---------------------------------------------------------------------------------------------
// Invalid

const bareTable = expressApp(`app.get('/api/users', async (req, res) => {
  const users = await db('users');
  res.json(users);
});`);

// A builder kept in a const, filtered on conditions, then awaited: the stored chain is the read.
const splitFiltered = expressApp(`app.get('/api/users', async (req, res) => {
  const query = db('users').where({ active: true });
  if (req.query.role) query.andWhere('role', String(req.query.role));
  res.json(await query);
});`);

const first = expressApp(`app.get('/api/users/:id', async (req, res) => {
  const user = await db('users').where('id', req.params.id).first();
  if (!user) return res.status(404).json({ error: 'not found' });
  res.json(user);
});`);

const selectStarFrom = expressApp(`app.get('/api/users', async (req, res) => {
  res.json(await db.select('*').from('users').orderBy('created_at', 'desc'));
});`);

const selectStar = expressApp(`app.get('/api/admins', async (req, res) => {
  const admins = await db('users').select('*').where('role', 'admin');
  res.json({ admins });
});`);

const qualifiedStar = expressApp(`app.get('/api/users/active', async (req, res) => {
  const rows = await db.select('users.*').from('users').whereNotNull('users.email');
  res.json(rows);
});`);

const fromRoot = expressApp(`app.get('/api/users', (req, res, next) => {
  db.from('users')
    .where('role', 'member')
    .then((rows) => res.json(rows))
    .catch(next);
});`);

const returningStar = expressApp(`app.post('/api/users', async (req, res) => {
  const [user] = await db('users').insert({ email: req.body.email, display_name: req.body.name }).returning('*');
  res.status(201).json(user);
});`);

const inlineReturning = expressApp(`app.post('/api/users', async (req, res) => {
  const [user] = await db('users').insert(newUser, '*');
  res.status(201).json(user);
});`);

const joinBoth = expressApp(`app.get('/api/orders', async (req, res) => {
  const rows = await db('orders').join('users', 'users.id', 'orders.user_id').select('orders.*', 'users.*');
  res.json(rows);
});`);

const joinUsersWhole = expressApp(`app.get('/api/orders', async (req, res) => {
  const rows = await db('orders').leftJoin('users', 'users.id', 'orders.user_id').select('orders.id', 'orders.total', 'users.*');
  res.json({ orders: rows });
});`);

const nest = `import { Controller, Get } from '@nestjs/common';
import { InjectConnection } from 'nest-knexjs';
import { Knex } from 'knex';

@Controller('users')
export class UsersController {
  constructor(@InjectConnection() private readonly knex: Knex) {}

  @Get()
  async findAll() {
    return this.knex('users').select('*');
  }
}
`;

const fastify = `import Fastify from 'fastify';
import Knex from 'knex';

const knex = Knex({ client: 'pg', connection: process.env.DATABASE_URL });
const app = Fastify();
app.get('/sessions', async (request, reply) => {
  const sessions = await knex('sessions').where('user_id', request.user.id);
  reply.send(sessions);
});
`;

const koa = `import Router from '@koa/router';
import db from '../db';

const router = new Router();
router.get('/clients/:id', async (ctx) => {
  ctx.body = await db('api_clients').where({ id: ctx.params.id }).first();
});
export default router;
`;

const hono = `import { Hono } from 'hono';
import { knex } from './database';

const app = new Hono();
app.get('/cards', async (c) => {
  const cards = await knex('payment_methods').where('user_id', c.get('userId'));
  return c.json({ cards });
});
`;

const nextRoute = `import { NextResponse } from 'next/server';
import db from '@/lib/db';

export async function GET() {
  const users = await db('users').limit(100);
  return NextResponse.json(users);
}
`;

const noSchema = expressApp(`app.get('/api/users', async (req, res) => {
  res.json(await db('users').where('active', true));
});`);

const transactionCallback = expressApp(`app.get('/api/users/:id', async (req, res) => {
  await db.transaction(async (trx) => {
    const user = await trx('users').where('id', req.params.id).forUpdate().first();
    res.json(user);
  });
});`);

const transactionObject = expressApp(`app.get('/api/users/:id', async (req, res) => {
  const trx = await db.transaction();
  const user = await trx('users').where('id', req.params.id).first();
  await trx.commit();
  res.json(user);
});`);

const helper = expressApp(`function usersQuery() {
  return db('users').where('deleted_at', null);
}

app.get('/api/users', async (req, res) => {
  res.json(await usersQuery());
});`);

const strict = expressApp(`app.get('/api/users', async (req, res) => {
  res.json(await db('users'));
});`);

const dataAccess = `import db from '../db';

export async function findUserById(id: string) {
  return db('users').where({ id }).first();
}
`;

const dataAccessJoin = `import db from '../db';

export function ordersWithUsers() {
  return db('orders').join('users', 'users.id', 'orders.user_id').select('orders.id', 'users.*');
}
`;

const invalid_: Invalid[] = [
  // A bare table call: the report is on the call itself.
  invalid(bareTable, {
    at: 'db',
    inside: "db('users')",
    call: 'db()',
    entity: 'users',
    sensitive: SECRETS,
    sink: RES_JSON,
    fix: { fields: SAFE, from: "db('users');", to: `db('users')${SELECT_SAFE};` },
  }),
  invalid(splitFiltered, {
    at: 'db',
    inside: "db('users')",
    call: "db('users').where()",
    entity: 'users',
    sensitive: SECRETS,
    sink: RES_JSON,
    fix: { fields: SAFE, from: "db('users').where", to: `db('users')${SELECT_SAFE}.where` },
  }),
  invalid(first, {
    at: 'first',
    call: "db('users').where('id',req.params.id).first()",
    entity: 'users',
    sensitive: SECRETS,
    sink: RES_JSON,
    fix: { fields: SAFE, from: "db('users').where", to: `db('users')${SELECT_SAFE}.where` },
  }),
  invalid(selectStarFrom, {
    at: 'select',
    call: 'db.select()',
    entity: 'users',
    sensitive: SECRETS,
    sink: RES_JSON,
    fix: { fields: SAFE, from: "select('*')", to: `select(${LIST_SAFE})` },
  }),
  invalid(selectStar, {
    at: 'select',
    call: "db('users').select()",
    entity: 'users',
    sensitive: SECRETS,
    sink: RES_JSON,
    fix: { fields: SAFE, from: "select('*')", to: `select(${LIST_SAFE})` },
  }),
  // `users.*` keeps its qualifier.
  invalid(qualifiedStar, {
    at: 'select',
    call: 'db.select()',
    entity: 'users',
    sensitive: SECRETS,
    sink: RES_JSON,
    fix: {
      fields: SAFE,
      from: "select('users.*')",
      to: "select('users.id', 'users.email', 'users.display_name', 'users.role', 'users.created_at')",
    },
  }),
  invalid(fromRoot, {
    at: 'from',
    inside: 'db.from',
    call: "db.from('users').where()",
    entity: 'users',
    sensitive: SECRETS,
    sink: RES_JSON,
    fix: { fields: SAFE, from: "db.from('users')", to: `db.from('users')${SELECT_SAFE}` },
  }),
  invalid(returningStar, {
    at: 'returning',
    call: "db('users').insert({email:req.body.email,display_name:req.body.name}).returning()",
    entity: 'users',
    sensitive: SECRETS,
    sink: RES_JSON,
    fix: { fields: SAFE, from: "returning('*')", to: `returning([${LIST_SAFE}])` },
  }),
  // `insert(row, '*')`: the returning columns are the second argument.
  invalid(inlineReturning, {
    at: 'insert',
    call: "db('users').insert()",
    entity: 'users',
    sensitive: SECRETS,
    sink: RES_JSON,
    fix: { fields: SAFE, from: "newUser, '*'", to: `newUser, [${LIST_SAFE}]` },
  }),
  // Both tables selected whole: the joined users are a relation; the suggestion for the orders
  // narrows `orders.*` only.
  invalid(joinBoth, [
    { at: "'users'", inside: "join('users'", call: "db('orders').join('users','users.id','orders.user_id').select()", entity: 'users', relation: 'users', sensitive: SECRETS, sink: RES_JSON },
    {
      at: 'select',
      call: "db('orders').join('users','users.id','orders.user_id').select()",
      entity: 'orders',
      sink: RES_JSON,
      fix: {
        fields: ORDER_COLUMNS,
        from: "'orders.*'",
        to: "'orders.id', 'orders.user_id', 'orders.total', 'orders.status', 'orders.created_at'",
      },
    },
  ]),
  invalid(joinUsersWhole, {
    at: "'users'",
    inside: "leftJoin('users'",
    call: "db('orders').leftJoin('users','users.id','orders.user_id').select()",
    entity: 'users',
    relation: 'users',
    sensitive: SECRETS,
    sink: RES_JSON,
  }),
  invalid(nest, {
    at: 'select',
    call: "this.knex('users').select()",
    entity: 'users',
    sensitive: SECRETS,
    sink: "the `@Get()` handler's `return`",
    fix: { fields: SAFE, from: "select('*')", to: `select(${LIST_SAFE})` },
  }),
  invalid(fastify, {
    at: 'knex',
    inside: "knex('sessions')",
    call: "knex('sessions').where()",
    entity: 'sessions',
    sensitive: ['token'],
    sink: '`reply.send`',
    fix: { fields: ['user_id', 'expires_at'], from: "knex('sessions')", to: "knex('sessions').select('user_id', 'expires_at')" },
  }),
  invalid(koa, {
    at: 'first',
    call: "db('api_clients').where({id:ctx.params.id}).first()",
    entity: 'api_clients',
    sensitive: ['api_key', 'client_secret'],
    sink: '`ctx.body`',
    fix: { fields: ['id'], from: "db('api_clients')", to: "db('api_clients').select('id')" },
  }),
  invalid(hono, {
    at: 'knex',
    inside: "knex('payment_methods')",
    call: "knex('payment_methods').where()",
    entity: 'payment_methods',
    sensitive: ['card_number'],
    sink: '`c.json`',
    fix: {
      fields: ['id', 'user_id', 'card_last4', 'brand'],
      from: "knex('payment_methods')",
      to: "knex('payment_methods').select('id', 'user_id', 'card_last4', 'brand')",
    },
  }),
  invalid(nextRoute, {
    at: 'db',
    inside: "db('users')",
    call: "db('users').limit()",
    entity: 'users',
    sensitive: SECRETS,
    sink: '`NextResponse.json`',
    fix: { fields: SAFE, from: "db('users')", to: `db('users')${SELECT_SAFE}` },
  }),
  // Without the schema the columns are unknown: the report stays, with no suggestion.
  invalid(noSchema, { at: 'db', inside: "db('users')", call: "db('users').where()", entity: 'users', sink: RES_JSON }, { settings: {} }),
  // Transactions: the callback's `trx`, and `await knex.transaction()`.
  invalid(transactionCallback, {
    at: 'first',
    call: "trx('users').where('id',req.params.id).forUpdate().first()",
    entity: 'users',
    sensitive: SECRETS,
    sink: RES_JSON,
    fix: { fields: SAFE, from: "trx('users')", to: `trx('users')${SELECT_SAFE}` },
  }),
  invalid(transactionObject, {
    at: 'first',
    call: "trx('users').where('id',req.params.id).first()",
    entity: 'users',
    sensitive: SECRETS,
    sink: RES_JSON,
    fix: { fields: SAFE, from: "trx('users')", to: `trx('users')${SELECT_SAFE}` },
  }),
  // `knex.transaction(cb)` resolves to what the callback returns: here, the Fastify handler's value.
  invalid(
    `import Fastify from 'fastify';
${KNEX}
const app = Fastify();
app.get('/users/:id', async (request) => {
  return db.transaction(async (trx) => {
    const user = await trx('users').where('id', request.params.id).first();
    return user;
  });
});
`,
    {
      at: 'first',
      call: "trx('users').where('id',request.params.id).first()",
      entity: 'users',
      sensitive: SECRETS,
      sink: "the Fastify handler's `return`",
      fix: { fields: SAFE, from: "trx('users')", to: `trx('users')${SELECT_SAFE}` },
    },
  ),
  // Aliased tables: the call text keeps the spaces inside its strings.
  invalid(
    expressApp(`app.get('/api/orders', async (req, res) => {
  const rows = await db('orders as o').leftJoin('users as u', 'u.id', 'o.user_id').select('o.id', 'o.total', 'u.*');
  res.json(rows);
});`),
    {
      at: "'users as u'",
      call: "db('orders as o').leftJoin('users as u','u.id','o.user_id').select()",
      entity: 'users',
      relation: 'u',
      sensitive: SECRETS,
      sink: RES_JSON,
    },
  ),
  // A local helper's query, awaited in the route.
  invalid(helper, {
    at: 'db',
    inside: "db('users')",
    call: "db('users').where()",
    entity: 'users',
    sensitive: SECRETS,
    sink: RES_JSON,
    fix: { fields: SAFE, from: "db('users')", to: `db('users')${SELECT_SAFE}` },
  }),
  // Strict tiers: e-mail (personal) and role (internal) too.
  invalid(
    strict,
    {
      at: 'db',
      inside: "db('users')",
      call: 'db()',
      entity: 'users',
      sensitive: ['email', 'password_hash', 'reset_token', 'role'],
      sink: RES_JSON,
      fix: { fields: ['id', 'display_name', 'created_at'], from: "db('users')", to: "db('users').select('id', 'display_name', 'created_at')" },
    },
    { options: [{ tiers: ['secret', 'personal', 'internal'] }] },
  ),
  // `report: 'escaping'`.
  invalid(
    dataAccess,
    {
      at: 'first',
      call: "db('users').where({id}).first()",
      entity: 'users',
      sensitive: SECRETS,
      fn: 'findUserById()',
      fix: { fields: SAFE, from: "db('users')", to: `db('users')${SELECT_SAFE}` },
    },
    { options: ESCAPING },
  ),
  invalid(
    dataAccessJoin,
    {
      at: "'users'",
      inside: "join('users'",
      call: "db('orders').join('users','users.id','orders.user_id').select()",
      entity: 'users',
      relation: 'users',
      sensitive: SECRETS,
      fn: 'ordersWithUsers()',
    },
    { options: ESCAPING },
  ),
];

// ---------------------------------------------------------------------------------------------
// Valid

const valid_: ValidTestCase<Options>[] = [
  // The same split chain narrowed by a later select().
  valid(splitFiltered.replace("  res.json(await query);", "  query.select('id', 'email');\n  res.json(await query);")),
  // Explicit columns.
  valid(expressApp(`app.get('/api/users', async (req, res) => {
  res.json(await db('users').select('id', 'email', 'display_name'));
});`)),
  valid(expressApp(`app.get('/api/users/:id', async (req, res) => {
  res.json(await db('users').where({ id: req.params.id }).first('id', 'display_name'));
});`)),
  valid(expressApp(`app.get('/api/orders', async (req, res) => {
  const rows = await db('orders as o')
    .join('users as u', 'u.id', 'o.user_id')
    .select('o.id', 'o.total', { buyer: 'u.display_name' });
  res.json(rows);
});`)),
  valid(expressApp(`const PUBLIC_COLUMNS = ['id', 'display_name'];
app.get('/api/users', async (req, res) => {
  res.json(await db('users').select(PUBLIC_COLUMNS));
});`)),
  valid(expressApp(`app.post('/api/users', async (req, res) => {
  const [created] = await db('users').insert(newUser).returning(['id', 'email']);
  res.status(201).json(created);
});`)),
  // Counted, plucked, checked.
  valid(expressApp(`app.get('/api/users/stats', async (req, res) => {
  const [{ count }] = await db('users').count('id as count');
  const ids = await db('users').pluck('id');
  res.json({ count, ids });
});`)),
  valid(expressApp(`app.get('/api/users/taken', async (req, res) => {
  const existing = await db('users').where({ email: req.query.email }).first();
  res.json({ taken: Boolean(existing) });
});`)),
  // A subquery is not a result.
  valid(expressApp(`app.get('/api/users/with-sessions', async (req, res) => {
  res.json(await db('users').select('id').whereIn('id', db('sessions').select('*')));
});`)),
  // Mapped, parsed, passed through a mapper, rest-destructured.
  valid(expressApp(`app.get('/api/users', async (req, res) => {
  const users = await db('users');
  res.json(users.map((u) => ({ id: u.id, name: u.display_name })));
});`)),
  valid(expressApp(`import { UserSchema } from './schemas';
app.get('/api/users/:id', async (req, res) => {
  const user = await db('users').where({ id: req.params.id }).first();
  res.json(UserSchema.parse(user));
});`)),
  valid(expressApp(`import { serializeUser } from './serializers';
app.get('/api/users', async (req, res) => {
  const users = await db.select('*').from('users');
  res.json(users.map(serializeUser));
});`)),
  valid(expressApp(`app.get('/api/users', async (req, res) => {
  const users = await db('users');
  res.json(users.map(({ password_hash, reset_token, ...user }) => user));
});`)),
  // Login: the hash is compared, not sent.
  valid(expressApp(`import bcrypt from 'bcrypt';
app.post('/api/login', async (req, res) => {
  const user = await db('users').where({ email: req.body.email }).first();
  if (!user || !(await bcrypt.compare(req.body.password, user.password_hash))) return res.sendStatus(401);
  res.json({ id: user.id, token: issueToken(user.id) });
});`)),
  // Writes with no returning read nothing.
  valid(expressApp(`app.put('/api/users/:id', async (req, res) => {
  await db('users').where({ id: req.params.id }).update({ display_name: req.body.name });
  res.sendStatus(204);
});`)),
  // A background job, and a data-access function in the default mode.
  valid(`${KNEX}
export async function expireResetTokens() {
  const users = await db('users').whereNotNull('reset_token');
  for (const user of users) {
    await db('users').where({ id: user.id }).update({ reset_token: null });
  }
}
`),
  valid(dataAccess),
  // GraphQL resolvers.
  valid(`import db from './db';
export const resolvers = {
  Query: {
    users: () => db('users'),
    user: (_: unknown, { id }: { id: string }) => db('users').where({ id }).first(),
  },
};
`),
  // Lookalikes with no Knex evidence.
  valid(`import express from 'express';
import axios from 'axios';
import { supabase } from './lib/supabase';

const app = express();
const seen = new Map<string, number>();
app.get('/x/:id', async (req, res) => {
  seen.delete(req.params.id);
  const { data } = await supabase.from('users').select('*');
  const remote = await axios.get('https://example.com/users');
  const one = [1, 2, 3].find((n) => n > 1);
  res.json({ data, remote: remote.data, one });
});
`),
  valid(`import express from 'express';
import { table } from './lib/memory-store';

const app = express();
app.get('/x', async (req, res) => {
  res.json(await table('users').select('*'));
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

ruleTester.run('no-full-entity-response (knex)', rule, {
  assertionOptions: ASSERTIONS,
  valid: valid_,
  invalid: invalid_,
});
