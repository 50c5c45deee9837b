/**
 * no-full-entity-response with Drizzle: core selects (`db.select().from(t)`, joins, nested whole
 * tables, `getTableColumns` spreads, `.returning()`) and relational queries
 * (`db.query.t.findMany({ columns, with })`) whose whole rows reach a response, and what narrows
 * or stops them.
 */
import { RuleTester, type ValidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type Options } from '../../rules/no-full-entity-response.js';
import { ASSERTIONS } from '../support/assertions.js';
import { invalidCases, type Invalid } from '../support/entity-cases.js';
import { appSettings } from '../support/settings.js';

const ruleTester = new RuleTester();

// ---------------------------------------------------------------------------------------------
// Helpers

const invalid = invalidCases();

const RES_JSON = '`res.json`';
const ESCAPING: Options = [{ report: 'escaping' }];

// ---------------------------------------------------------------------------------------------
// The schema of the file (sensitive in the default tiers: passwordHash)

const SCHEMA = `import { drizzle } from 'drizzle-orm/node-postgres';
import { integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { eq, relations } from 'drizzle-orm';

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  createdAt: timestamp('created_at').defaultNow(),
});

export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  title: text('title').notNull(),
  authorId: integer('author_id').references(() => users.id),
});

export const usersRelations = relations(users, ({ many }) => ({ posts: many(posts) }));
export const postsRelations = relations(posts, ({ one }) => ({
  author: one(users, { fields: [posts.authorId], references: [users.id] }),
}));

const db = drizzle(process.env.DATABASE_URL!, { schema: { users, posts, usersRelations, postsRelations } });
`;
const SECRET = ['passwordHash'];
const SAFE = ['id', 'name', 'email', 'createdAt'];
const USER_MAP = '{ id: users.id, name: users.name, email: users.email, createdAt: users.createdAt }';
const USER_COLUMNS = '{ id: true, name: true, email: true, createdAt: true }';
const POST_SAFE = ['id', 'title', 'authorId'];

const expressApp = (routes: string): string => `import express from 'express';\n${SCHEMA}\nconst app = express();\n\n${routes}\n`;

// ---------------------------------------------------------------------------------------------
// Invalid

const listUsers = expressApp(`app.get('/api/users', async (req, res) => {
  const rows = await db.select().from(users);
  res.json(rows);
});`);

const oneUser = expressApp(`app.get('/api/users/:id', async (req, res) => {
  const [user] = await db.select().from(users).where(eq(users.id, Number(req.params.id))).limit(1);
  if (!user) return res.sendStatus(404);
  res.json(user);
});`);

const leftJoin = expressApp(`app.get('/api/posts', async (req, res) => {
  const rows = await db.select().from(posts).leftJoin(users, eq(posts.authorId, users.id));
  res.json(rows);
});`);

const nestedWhole = expressApp(`app.get('/api/feed', async (req, res) => {
  const rows = await db
    .select({ post: { id: posts.id, title: posts.title }, author: users })
    .from(users)
    .innerJoin(posts, eq(posts.authorId, users.id));
  res.json({ rows });
});`);

const spreadColumns = expressApp(`import { count, getTableColumns } from 'drizzle-orm';
app.get('/api/users/with-counts', async (req, res) => {
  const rows = await db
    .select({ ...getTableColumns(users), postCount: count(posts.id) })
    .from(users)
    .leftJoin(posts, eq(posts.authorId, users.id))
    .groupBy(users.id);
  res.json(rows);
});`);

const distinct = expressApp(`app.get('/api/users/distinct', async (req, res) => {
  res.json(await db.selectDistinct().from(users));
});`);

const findMany = expressApp(`app.get('/api/users', async (req, res) => {
  const list = await db.query.users.findMany();
  res.json(list);
});`);

const findFirst = expressApp(`app.get('/api/users/:id', async (req, res) => {
  const user = await db.query.users.findFirst({ where: eq(users.id, Number(req.params.id)) });
  res.json({ user });
});`);

const withAuthor = expressApp(`app.get('/api/posts', async (req, res) => {
  const list = await db.query.posts.findMany({ columns: { id: true, title: true }, with: { author: true } });
  res.json(list);
});`);

const partialExclusion = expressApp(`app.get('/api/users', async (req, res) => {
  res.json(await db.query.users.findMany({ columns: { email: false } }));
});`);

const insertReturning = expressApp(`app.post('/api/users', async (req, res) => {
  const [created] = await db.insert(users).values(newUser).returning();
  res.status(201).json(created);
});`);

const honoUpdate = `import { Hono } from 'hono';
${SCHEMA}
const app = new Hono();
app.patch('/users/:id', async (c) => {
  const id = Number(c.req.param('id'));
  const [updated] = await db.update(users).set({ name: 'Anonymous' }).where(eq(users.id, id)).returning();
  return c.json(updated);
});
`;

const nestController = `import { Controller, Get, Inject } from '@nestjs/common';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { pgTable, text, uuid } from 'drizzle-orm/pg-core';

export const apiClients = pgTable('api_clients', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  clientSecret: text('client_secret').notNull(),
});

@Controller('clients')
export class ClientsController {
  constructor(@Inject('DRIZZLE') private readonly db: NodePgDatabase) {}

  @Get()
  list() {
    return this.db.select().from(apiClients);
  }
}
`;

const nextImported = `import { NextResponse } from 'next/server';
import { db } from '@/db';
import { users } from '@/db/schema';

export async function GET() {
  const rows = await db.select().from(users);
  return NextResponse.json(rows);
}
`;

const nextWithSqlSchema = `import { NextResponse } from 'next/server';
import { db } from '@/db';
import { users } from '@/db/schema';

export async function GET() {
  const rows = await db.query.users.findMany({ limit: 50 });
  return NextResponse.json({ users: rows });
}
`;

const t3Router = `import { eq } from 'drizzle-orm';
import { createTRPCRouter, protectedProcedure } from '~/server/api/trpc';
import { users } from '~/server/db/schema';

export const userRouter = createTRPCRouter({
  me: protectedProcedure.query(({ ctx }) => {
    return ctx.db.query.users.findFirst({ where: eq(users.id, ctx.session.user.id) });
  }),
});
`;

const fastifyDecorated = `import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { users } from '../db/schema';

export default async function userRoutes(fastify: FastifyInstance) {
  fastify.get('/users/:id', async (request) => {
    const [user] = await fastify.db.select().from(users).where(eq(users.id, request.params.id));
    return user;
  });
}
`;

const koaRoute = `import Router from '@koa/router';
${SCHEMA}
const router = new Router();
router.get('/users', async (ctx) => {
  ctx.body = await db.select().from(users).orderBy(users.createdAt);
});
`;

const strict = expressApp(`app.get('/api/users', async (req, res) => {
  res.json(await db.query.users.findMany());
});`);

const dataAccess = `${SCHEMA}
export async function getUserByEmail(email: string) {
  const [user] = await db.select().from(users).where(eq(users.email, email));
  return user;
}
`;

const dataAccessWith = `${SCHEMA}
export const postsWithAuthors = () => db.query.posts.findMany({ columns: { title: true }, with: { author: true } });
`;

const invalid_: Invalid[] = [
  invalid(listUsers, {
    at: 'select',
    inside: 'db.select()',
    call: 'db.select()',
    entity: 'users',
    sensitive: SECRET,
    sink: RES_JSON,
    fix: { fields: SAFE, from: 'db.select().from(users)', to: `db.select(${USER_MAP}).from(users)` },
  }),
  invalid(oneUser, {
    at: 'select',
    inside: 'db.select()',
    call: 'db.select()',
    entity: 'users',
    sensitive: SECRET,
    sink: RES_JSON,
    fix: { fields: SAFE, from: 'db.select().from(users)', to: `db.select(${USER_MAP}).from(users)` },
  }),
  // A join with no map: the posts and the joined users both come back whole.
  invalid(leftJoin, [
    {
      at: 'select',
      inside: 'db.select()',
      call: 'db.select()',
      entity: 'posts',
      sink: RES_JSON,
      fix: { fields: POST_SAFE, from: 'db.select().from(posts)', to: 'db.select({ id: posts.id, title: posts.title, authorId: posts.authorId }).from(posts)' },
    },
    { at: 'users', inside: 'leftJoin(users', call: 'db.select()', entity: 'users', relation: 'users', sensitive: SECRET, sink: RES_JSON },
  ]),
  // `author: users` nests whole user rows: the suggestion narrows that entry only.
  invalid(nestedWhole, {
    at: 'select',
    inside: '.select({',
    call: 'db.select()',
    entity: 'users',
    sensitive: SECRET,
    sink: RES_JSON,
    fix: { fields: SAFE, from: 'author: users }', to: `author: ${USER_MAP} }` },
  }),
  // `...getTableColumns(users)` selects every column; the other entries stay.
  invalid(spreadColumns, {
    at: 'select',
    inside: '.select({',
    call: 'db.select()',
    entity: 'users',
    sensitive: SECRET,
    sink: RES_JSON,
    fix: { fields: SAFE, from: '...getTableColumns(users)', to: USER_MAP.slice(2, -2) },
  }),
  invalid(distinct, {
    at: 'selectDistinct',
    call: 'db.selectDistinct()',
    entity: 'users',
    sensitive: SECRET,
    sink: RES_JSON,
    fix: { fields: SAFE, from: 'db.selectDistinct()', to: `db.selectDistinct(${USER_MAP})` },
  }),
  invalid(findMany, {
    at: 'findMany',
    call: 'db.query.users.findMany()',
    entity: 'users',
    sensitive: SECRET,
    sink: RES_JSON,
    fix: { fields: SAFE, from: 'findMany()', to: `findMany({ columns: ${USER_COLUMNS} })` },
  }),
  invalid(findFirst, {
    at: 'findFirst',
    call: 'db.query.users.findFirst()',
    entity: 'users',
    sensitive: SECRET,
    sink: RES_JSON,
    fix: { fields: SAFE, from: '{ where: eq(users.id', to: `{ columns: ${USER_COLUMNS}, where: eq(users.id` },
  }),
  // `with: { author: true }` loads whole users (the relation is known from relations()).
  invalid(withAuthor, {
    at: 'author: true',
    call: 'db.query.posts.findMany()',
    entity: 'users',
    relation: 'author',
    sensitive: SECRET,
    sink: RES_JSON,
  }),
  // An exclusion that leaves the hash: the suggestion adds it.
  invalid(partialExclusion, {
    at: 'findMany',
    call: 'db.query.users.findMany()',
    entity: 'users',
    sensitive: SECRET,
    sink: RES_JSON,
    fix: { messageId: 'excludeFields', fields: SECRET, from: '{ email: false }', to: '{ email: false, passwordHash: false }' },
  }),
  invalid(insertReturning, {
    at: 'returning',
    call: 'db.insert(users).values(newUser).returning()',
    entity: 'users',
    sensitive: SECRET,
    sink: RES_JSON,
    fix: { fields: SAFE, from: '.returning()', to: `.returning(${USER_MAP})` },
  }),
  invalid(honoUpdate, {
    at: 'returning',
    call: "db.update(users).set({name:'Anonymous'}).where(eq(users.id,id)).returning()",
    entity: 'users',
    sensitive: SECRET,
    sink: '`c.json`',
    fix: { fields: SAFE, from: '.returning()', to: `.returning(${USER_MAP})` },
  }),
  invalid(nestController, {
    at: 'select',
    inside: 'this.db.select()',
    call: 'this.db.select()',
    entity: 'apiClients',
    sensitive: ['clientSecret'],
    sink: "the `@Get()` handler's `return`",
    fix: { fields: ['id', 'name'], from: 'this.db.select()', to: 'this.db.select({ id: apiClients.id, name: apiClients.name })' },
  }),
  // Tables imported from the schema module: the columns are unknown without a schema setting.
  invalid(nextImported, { at: 'select', inside: 'db.select()', call: 'db.select()', entity: 'users', sink: '`NextResponse.json`' }),
  // With the SQL schema the columns are known, but their JS keys are not (`display_name` is
  // usually `displayName` in a Drizzle table): no suggestion.
  invalid(
    nextWithSqlSchema,
    { at: 'findMany', call: 'db.query.users.findMany()', entity: 'users', sensitive: ['password_hash', 'reset_token'], sink: '`NextResponse.json`' },
    { settings: appSettings },
  ),
  // T3 stack: tRPC with `ctx.db`.
  invalid(t3Router, { at: 'findFirst', call: 'ctx.db.query.users.findFirst()', entity: 'users', sink: "the tRPC `query` resolver's `return`" }),
  // A Fastify instance decorated with `db`.
  invalid(fastifyDecorated, { at: 'select', inside: 'db.select()', call: 'fastify.db.select()', entity: 'users', sink: "the Fastify handler's `return`" }),
  invalid(koaRoute, {
    at: 'select',
    inside: 'db.select()',
    call: 'db.select()',
    entity: 'users',
    sensitive: SECRET,
    sink: '`ctx.body`',
    fix: { fields: SAFE, from: 'db.select().from(users)', to: `db.select(${USER_MAP}).from(users)` },
  }),
  // A transaction: `db.transaction(cb)` resolves to what the callback returns.
  invalid(
    expressApp(`app.post('/api/users/:id/rename', async (req, res) => {
  const id = Number(req.params.id);
  const user = await db.transaction(async (tx) => {
    await tx.update(users).set({ name: req.body.name }).where(eq(users.id, id));
    const [row] = await tx.select().from(users).where(eq(users.id, id));
    return row;
  });
  res.json(user);
});`),
    {
      at: 'select',
      inside: 'tx.select()',
      call: 'tx.select()',
      entity: 'users',
      sensitive: SECRET,
      sink: RES_JSON,
      fix: { fields: SAFE, from: 'tx.select()', to: `tx.select(${USER_MAP})` },
    },
  ),
  invalid(
    strict,
    {
      at: 'findMany',
      call: 'db.query.users.findMany()',
      entity: 'users',
      sensitive: ['email', 'passwordHash'],
      sink: RES_JSON,
      fix: { fields: ['id', 'name', 'createdAt'], from: 'findMany()', to: 'findMany({ columns: { id: true, name: true, createdAt: true } })' },
    },
    { options: [{ tiers: ['secret', 'personal'] }] },
  ),
  invalid(
    dataAccess,
    {
      at: 'select',
      inside: 'db.select()',
      call: 'db.select()',
      entity: 'users',
      sensitive: SECRET,
      fn: 'getUserByEmail()',
      fix: { fields: SAFE, from: 'db.select().from(users)', to: `db.select(${USER_MAP}).from(users)` },
    },
    { options: ESCAPING },
  ),
  invalid(
    dataAccessWith,
    { at: 'author: true', call: 'db.query.posts.findMany()', entity: 'users', relation: 'author', sensitive: SECRET, fn: 'postsWithAuthors()' },
    { options: ESCAPING },
  ),
];

// ---------------------------------------------------------------------------------------------
// Valid

const valid_: (string | ValidTestCase<Options>)[] = [
  // Projections.
  expressApp(`app.get('/api/users', async (req, res) => {
  res.json(await db.select({ id: users.id, name: users.name }).from(users));
});`),
  expressApp(`import { getTableColumns } from 'drizzle-orm';
const { passwordHash, ...publicColumns } = getTableColumns(users);
app.get('/api/users', async (req, res) => {
  res.json(await db.select(publicColumns).from(users));
});`),
  expressApp(`app.get('/api/users', async (req, res) => {
  res.json(await db.query.users.findMany({ columns: { id: true, name: true } }));
});`),
  expressApp(`app.get('/api/users/:id', async (req, res) => {
  res.json(await db.query.users.findFirst({ where: eq(users.id, 1), columns: { passwordHash: false } }));
});`),
  expressApp(`app.get('/api/posts', async (req, res) => {
  const list = await db.query.posts.findMany({ with: { author: { columns: { name: true } } }, columns: { id: true, title: true } });
  res.json(list);
});`),
  expressApp(`app.get('/api/posts', async (req, res) => {
  const rows = await db
    .select({ title: posts.title, author: users.name })
    .from(posts)
    .innerJoin(users, eq(posts.authorId, users.id));
  res.json(rows);
});`),
  expressApp(`app.post('/api/users', async (req, res) => {
  const [created] = await db.insert(users).values(newUser).returning({ id: users.id });
  res.status(201).json(created);
});`),
  // Counted.
  expressApp(`import { count } from 'drizzle-orm';
app.get('/api/users/count', async (req, res) => {
  const [{ value }] = await db.select({ value: count() }).from(users);
  res.json({ count: value });
});`),
  // Checked, mapped, parsed, passed through a mapper.
  expressApp(`app.get('/api/users/taken', async (req, res) => {
  const [existing] = await db.select().from(users).where(eq(users.email, String(req.query.email)));
  res.json({ taken: existing !== undefined });
});`),
  expressApp(`app.get('/api/users', async (req, res) => {
  const rows = await db.select().from(users);
  res.json(rows.map((u) => ({ id: u.id, name: u.name })));
});`),
  expressApp(`import { createSelectSchema } from 'drizzle-zod';
const PublicUser = createSelectSchema(users).omit({ passwordHash: true });
app.get('/api/users/:id', async (req, res) => {
  const user = await db.query.users.findFirst({ where: eq(users.id, Number(req.params.id)) });
  res.json(PublicUser.parse(user));
});`),
  expressApp(`import { toUserDto } from './dto';
app.get('/api/users', async (req, res) => {
  const rows = await db.query.users.findMany();
  res.json(rows.map(toUserDto));
});`),
  // Rest-destructuring that drops the hash.
  expressApp(`app.get('/api/me', async (req, res) => {
  const [me] = await db.select().from(users).where(eq(users.id, req.user.id));
  const { passwordHash, ...profile } = me;
  res.json(profile);
});`),
  // Login: the hash is compared, a token is sent.
  expressApp(`import { verify } from '@node-rs/argon2';
app.post('/api/login', async (req, res) => {
  const user = await db.query.users.findFirst({ where: eq(users.email, req.body.email) });
  if (!user || !(await verify(user.passwordHash, req.body.password))) return res.status(401).end();
  res.json({ token: createSession(user.id) });
});`),
  // Not rows: a subquery, SQL text, a prepared statement.
  expressApp(`app.get('/api/debug', async (req, res) => {
  const sq = db.select().from(users).as('sq');
  res.json({ sql: db.select().from(users).toSQL(), sq: String(sq) });
});`),
  // A background job.
  `${SCHEMA}
export async function weeklyDigest() {
  const all = await db.select().from(users);
  for (const user of all) await sendDigest(user.email);
}
`,
  dataAccess,
  // GraphQL resolvers.
  `import { db } from './db';
import { users } from './db/schema';
export const resolvers = {
  Query: {
    users: () => db.select().from(users),
    user: (_: unknown, args: { id: number }) => db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, args.id) }),
  },
};
`,
  // Lookalikes with no Drizzle evidence.
  `import express from 'express';
import axios from 'axios';
import { supabase } from './lib/supabase';

const app = express();
const registry = new Map<string, string>();
app.get('/lookup/:id', async (req, res) => {
  registry.delete(req.params.id);
  const { data } = await supabase.from('users').select('*');
  const remote = await axios.get('https://example.com/users');
  const first = [{ id: 1 }].find((x) => x.id === 1);
  res.json({ data, remote: remote.data, first });
});
`,
  `import { Controller, Get } from '@nestjs/common';
import { UsersService } from './users.service';

@Controller('users')
export class UsersController {
  constructor(private readonly usersService: UsersService) {}
  @Get()
  findAll() {
    return this.usersService.findAll();
  }
}
`,
  // A query builder of another library that happens to have `select().from()`.
  `import express from 'express';
import { createQueryBuilder } from './lib/query';
const qb = createQueryBuilder();
const app = express();
app.get('/x', async (req, res) => {
  res.json(await qb.select().from('users'));
});
`,
];

ruleTester.run('no-full-entity-response (drizzle)', rule, {
  assertionOptions: ASSERTIONS,
  valid: valid_,
  invalid: invalid_,
});
