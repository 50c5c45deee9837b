/**
 * no-sensitive-projection with the query builders and ORMs of group B — Sequelize, Mongoose,
 * Drizzle, Knex, Kysely: a sensitive field named in a projection (`attributes`, `.select()`,
 * `columns`, select maps, `returning`, `populate`/`include`/`with`, joins) whose value reaches a
 * response, with the suggestion that removes it; and projections that are fine.
 */
import { RuleTester, type InvalidTestCase, type ValidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageIds, type Options } from '../../rules/no-sensitive-projection.js';
import { ASSERTIONS } from '../support/assertions.js';
import { swap, where } from '../support/position.js';
import { appSettings } from '../support/settings.js';

const ruleTester = new RuleTester();

// ---------------------------------------------------------------------------------------------
// Helpers

interface Expect {
  /** The projection item reported (the field's string, property or element), and where to find it. */
  readonly at: string;
  readonly inside?: string;
  /** `User.apiKey`, `users.password_hash`. */
  readonly column: string;
  readonly reason: string;
  readonly tier?: 'secret' | 'personal' | 'internal';
  /** The field name as the suggestion names it. */
  readonly item: string;
  readonly sink?: string;
  /** `sensitiveColumnEscapes`: the function that returns the value to its callers. */
  readonly fn?: string;
  /** The removal suggestion's one edit, or null when none is offered. */
  readonly fix: { readonly from: string; readonly to: string } | null;
}

type Invalid = InvalidTestCase<MessageIds, Options>;
type Extra = Pick<Invalid, 'options' | 'settings'>;

function invalid(code: string, e: Expect, extra: Extra = {}): Invalid {
  const data = {
    column: e.column,
    tier: e.tier ?? 'secret',
    reason: e.reason,
    sink: e.sink ?? '`res.json`',
    fn: e.fn ?? '',
    item: e.item,
  };
  return {
    code,
    ...extra,
    errors: [
      {
        messageId: e.fn ? 'sensitiveColumnEscapes' : 'sensitiveColumn',
        data,
        ...where(code, e.at, 0, e.inside),
        suggestions: e.fix ? [{ messageId: 'removeColumn' as const, data, output: swap(code, e.fix.from, e.fix.to) }] : [],
      },
    ],
  };
}

const express = (models: string, routes: string): string => `import express from 'express';\n${models}\nconst app = express();\n\n${routes}\n`;

// ---------------------------------------------------------------------------------------------
// Sequelize

const SEQUELIZE = `import { DataTypes, Model } from 'sequelize';
import { sequelize } from './database';

export class User extends Model {}
User.init(
  { username: DataTypes.STRING, email: DataTypes.STRING, apiKey: DataTypes.STRING, passwordHash: DataTypes.STRING, resetToken: DataTypes.STRING },
  { sequelize, modelName: 'User', defaultScope: { attributes: { exclude: ['passwordHash'] } } },
);

export class Article extends Model {}
Article.init({ title: DataTypes.STRING, body: DataTypes.TEXT }, { sequelize, modelName: 'Article' });
Article.belongsTo(User, { as: 'author' });
`;

const seqList = express(SEQUELIZE, `app.get('/api/users', async (req, res) => {
  const users = await User.findAll({ attributes: ['id', 'username', 'apiKey'] });
  res.json(users);
});`);

const seqInclude = express(SEQUELIZE, `app.get('/api/users/:id', async (req, res) => {
  // Brings the hash back on top of the default scope.
  const user = await User.findByPk(req.params.id, { attributes: { include: ['passwordHash'] } });
  res.json({ user });
});`);

const seqAlias = express(SEQUELIZE, `app.get('/api/keys', async (req, res) => {
  res.json(await User.findAll({ attributes: ['id', ['apiKey', 'key']] }));
});`);

const seqRelation = express(SEQUELIZE, `app.get('/api/articles', async (req, res) => {
  const articles = await Article.findAll({
    attributes: ['title'],
    include: [{ model: User, as: 'author', attributes: ['username', 'resetToken'] }],
  });
  res.json({ articles });
});`);

const seqNest = `import { Controller, Get } from '@nestjs/common';
import { InjectModel } from '@nestjs/sequelize';
import { User } from './user.model';

@Controller('users')
export class UsersController {
  constructor(@InjectModel(User) private readonly users: typeof User) {}

  @Get('tokens')
  tokens() {
    return this.users.findAll({ attributes: ['id', 'resetToken'] });
  }
}
`;

const seqEscaping = `${SEQUELIZE}
export function findForPasswordReset(email: string) {
  return User.findOne({ where: { email }, attributes: ['id', 'resetToken'] });
}
`;

// ---------------------------------------------------------------------------------------------
// Mongoose

const MONGOOSE = `import mongoose from 'mongoose';

const userSchema = new mongoose.Schema({
  username: String,
  email: String,
  password: { type: String, select: false },
  apiKey: String,
  resetPasswordToken: String,
});
const articleSchema = new mongoose.Schema({ title: String, author: { type: mongoose.Schema.Types.ObjectId, ref: 'User' } });
export const User = mongoose.model('User', userSchema);
export const Article = mongoose.model('Article', articleSchema);
`;

const mgPlusPassword = express(MONGOOSE, `app.get('/api/users/:id', async (req, res) => {
  const user = await User.findById(req.params.id).select('+password');
  res.json(user);
});`);

const mgString = express(MONGOOSE, `app.get('/api/users', async (req, res) => {
  res.json(await User.find({}, 'username apiKey'));
});`);

const mgObject = express(MONGOOSE, `app.get('/api/users', async (req, res) => {
  res.json(await User.find({}, { username: 1, apiKey: 1 }).lean());
});`);

const mgAggregate = express(MONGOOSE, `app.get('/api/users', async (req, res) => {
  res.json(await User.aggregate([{ $match: {} }, { $project: { username: 1, apiKey: 1 } }]));
});`);

const mgLookup = express(MONGOOSE, `app.get('/api/articles', async (req, res) => {
  res.json(await Article.aggregate([{ $lookup: { from: 'users', localField: 'author', foreignField: '_id', as: 'author' } }, { $project: { title: 1, 'author.username': 1, 'author.apiKey': 1 } }]));
});`);

const mgArray = express(MONGOOSE, `app.get('/api/users', async (req, res) => {
  res.json(await User.find().select(['username', 'resetPasswordToken']));
});`);

const mgMixed = express(MONGOOSE, `app.get('/api/users/me', async (req, res) => {
  res.json(await User.findOne({ _id: req.user.id }).select('username +password'));
});`);

const mgPopulate = express(MONGOOSE, `app.get('/api/articles', async (req, res) => {
  res.json(await Article.find({}, 'title author').populate('author', 'username resetPasswordToken'));
});`);

const mgKoa = `import Router from '@koa/router';
${MONGOOSE}
const router = new Router();
router.get('/keys', async (ctx) => {
  ctx.body = await User.find().select({ username: 1, apiKey: 1 });
});
`;

// ---------------------------------------------------------------------------------------------
// Drizzle

const DRIZZLE = `import { drizzle } from 'drizzle-orm/node-postgres';
import { integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { eq, relations } from 'drizzle-orm';

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  name: text('name'),
  token: text('token'),
  passwordHash: text('password_hash'),
});
export const posts = pgTable('posts', { id: serial('id').primaryKey(), title: text('title'), authorId: integer('author_id') });
export const postsRelations = relations(posts, ({ one }) => ({ author: one(users, { fields: [posts.authorId], references: [users.id] }) }));

const db = drizzle(process.env.DATABASE_URL!, { schema: { users, posts, postsRelations } });
`;

const dzSelect = express(DRIZZLE, `app.get('/api/users', async (req, res) => {
  res.json(await db.select({ id: users.id, token: users.token }).from(users));
});`);

const dzColumns = express(DRIZZLE, `app.get('/api/users', async (req, res) => {
  res.json(await db.query.users.findMany({ columns: { id: true, name: true, token: true } }));
});`);

// Relational `columns: {}` selects no column, so even the last one can go.
const dzOnlyColumn = express(DRIZZLE, `app.get('/api/users/:id/token', async (req, res) => {
  res.json(await db.query.users.findFirst({ where: eq(users.id, Number(req.params.id)), columns: { token: true } }));
});`);

const dzLone = express(DRIZZLE, `app.get('/api/tokens', async (req, res) => {
  res.json(await db.select({ token: users.token }).from(users));
});`);

const dzReturning = express(DRIZZLE, `app.post('/api/users', async (req, res) => {
  const [created] = await db.insert(users).values(newUser).returning({ id: users.id, token: users.token });
  res.status(201).json(created);
});`);

const dzWith = express(DRIZZLE, `app.get('/api/posts', async (req, res) => {
  res.json(await db.query.posts.findMany({ columns: { title: true }, with: { author: { columns: { name: true, passwordHash: true } } } }));
});`);

const dzJoin = express(DRIZZLE, `app.get('/api/posts', async (req, res) => {
  const rows = await db
    .select({ title: posts.title, authorToken: users.token })
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId));
  res.json(rows);
});`);

const dzNext = `import { NextResponse } from 'next/server';
${DRIZZLE}
export async function GET() {
  const rows = await db.select({ name: users.name, hash: users.passwordHash }).from(users);
  return NextResponse.json(rows);
}
`;

// ---------------------------------------------------------------------------------------------
// Knex (columns from the app schema)

const KNEX = `import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
`;

const knSelect = express(KNEX, `app.get('/api/users', async (req, res) => {
  res.json(await db('users').select('id', 'password_hash'));
});`);

const knArray = express(KNEX, `app.get('/api/users', async (req, res) => {
  res.json(await db('users').select(['id', 'email', 'reset_token']));
});`);

const knFirst = express(KNEX, `app.get('/api/users/:id', async (req, res) => {
  res.json(await db('users').where({ id: req.params.id }).first('id', 'reset_token'));
});`);

const knAlias = express(KNEX, `app.get('/api/users', async (req, res) => {
  res.json(await db('users').select('id', 'password_hash as hash'));
});`);

const knReturning = express(KNEX, `app.post('/api/users/:id/reset', async (req, res) => {
  const [row] = await db('users').where({ id: req.params.id }).update({ reset_token: newToken() }).returning(['id', 'reset_token']);
  res.json(row);
});`);

const knJoin = express(KNEX, `app.get('/api/users', async (req, res) => {
  const rows = await db('users as u').join('sessions as s', 's.user_id', 'u.id').select('u.id', 's.token');
  res.json(rows);
});`);

const knLone = `import Router from '@koa/router';
${KNEX}
const router = new Router();
router.get('/sessions', async (ctx) => {
  ctx.body = await db('sessions').select('token').where('user_id', ctx.state.user.id);
});
`;

const knFastify = `import Fastify from 'fastify';
${KNEX}
const app = Fastify();
app.get('/clients', async () => {
  return db('api_clients').select('id', 'client_secret');
});
`;

// ---------------------------------------------------------------------------------------------
// Kysely (columns from the app schema)

const KYSELY = `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import type { DB } from './db.types';

const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new Pool() }) });
`;

const kyArray = express(KYSELY, `app.get('/api/clients', async (req, res) => {
  res.json(await db.selectFrom('api_clients').select(['id', 'api_key']).execute());
});`);

const kyLone = express(KYSELY, `app.get('/api/clients/:id/key', async (req, res) => {
  res.json(await db.selectFrom('api_clients').select('api_key').where('id', '=', req.params.id).executeTakeFirst());
});`);

const kyReturning = express(KYSELY, `app.post('/api/clients', async (req, res) => {
  const client = await db.insertInto('api_clients').values(newClient).returning(['id', 'client_secret']).executeTakeFirstOrThrow();
  res.status(201).json(client);
});`);

const kyJoin = express(KYSELY, `app.get('/api/users', async (req, res) => {
  const rows = await db.selectFrom('users as u').innerJoin('sessions as s', 's.user_id', 'u.id').select(['u.id', 's.token']).execute();
  res.json(rows);
});`);

const kyAlias = `import { Hono } from 'hono';
${KYSELY}
const app = new Hono();
app.get('/users', async (c) => {
  return c.json(await db.selectFrom('users').select(['id', 'reset_token as link']).execute());
});
`;

const kyCard = `import { NextResponse } from 'next/server';
${KYSELY}
export async function GET() {
  const cards = await db.selectFrom('payment_methods').select(['id', 'brand', 'card_number']).execute();
  return NextResponse.json({ cards });
}
`;

const kyJsonObject = express(KYSELY, `import { jsonObjectFrom } from 'kysely/helpers/postgres';
app.get('/api/orders', async (req, res) => {
  const orders = await db
    .selectFrom('orders')
    .select((eb) => [
      'orders.id',
      jsonObjectFrom(eb.selectFrom('users').select(['users.display_name', 'users.reset_token']).whereRef('users.id', '=', 'orders.user_id')).as('buyer'),
    ])
    .execute();
  res.json(orders);
});`);

const invalid_: Invalid[] = [
  // Sequelize
  invalid(seqList, {
    at: "'apiKey'",
    column: 'User.apiKey',
    reason: 'API key',
    item: 'apiKey',
    fix: { from: "['id', 'username', 'apiKey']", to: "['id', 'username']" },
  }),
  invalid(seqInclude, {
    at: "'passwordHash'",
    inside: "include: ['passwordHash']",
    column: 'User.passwordHash',
    reason: 'password hash',
    item: 'passwordHash',
    fix: { from: "include: ['passwordHash']", to: 'include: []' },
  }),
  invalid(seqAlias, {
    at: "['apiKey', 'key']",
    column: 'User.apiKey',
    reason: 'API key',
    item: 'apiKey',
    fix: { from: "['id', ['apiKey', 'key']]", to: "['id']" },
  }),
  invalid(seqRelation, {
    at: "'resetToken'",
    column: 'User.resetToken',
    reason: 'reset token',
    item: 'resetToken',
    fix: { from: "['username', 'resetToken']", to: "['username']" },
  }),
  invalid(seqNest, {
    at: "'resetToken'",
    column: 'User.resetToken',
    reason: 'reset token',
    item: 'resetToken',
    sink: "the `@Get()` handler's `return`",
    fix: { from: "['id', 'resetToken']", to: "['id']" },
  }),
  invalid(
    seqEscaping,
    {
      at: "'resetToken'",
      inside: "['id', 'resetToken']",
      column: 'User.resetToken',
      reason: 'reset token',
      item: 'resetToken',
      fn: 'findForPasswordReset()',
      sink: '',
      fix: { from: "['id', 'resetToken']", to: "['id']" },
    },
    { options: [{ report: 'escaping' }] },
  ),
  // Mongoose
  invalid(mgPlusPassword, {
    at: "'+password'",
    column: 'User.password',
    reason: 'password',
    item: 'password',
    fix: { from: "select('+password')", to: "select('')" },
  }),
  invalid(mgString, {
    at: "'username apiKey'",
    column: 'User.apiKey',
    reason: 'API key',
    item: 'apiKey',
    fix: { from: "'username apiKey'", to: "'username'" },
  }),
  invalid(mgObject, {
    at: 'apiKey: 1',
    column: 'User.apiKey',
    reason: 'API key',
    item: 'apiKey',
    fix: { from: '{ username: 1, apiKey: 1 }', to: '{ username: 1 }' },
  }),
  // An aggregation's $project.
  invalid(mgAggregate, {
    at: 'apiKey: 1',
    column: 'User.apiKey',
    reason: 'API key',
    item: 'apiKey',
    fix: { from: '{ username: 1, apiKey: 1 }', to: '{ username: 1 }' },
  }),
  // A looked-up relation's field in an aggregation's $project: the related model's column.
  invalid(mgLookup, {
    at: "'author.apiKey': 1",
    column: 'User.apiKey',
    reason: 'API key',
    item: 'apiKey',
    fix: { from: "'author.username': 1, 'author.apiKey': 1", to: "'author.username': 1" },
  }),
  invalid(mgArray, {
    at: "'resetPasswordToken'",
    column: 'User.resetPasswordToken',
    reason: 'password reset token',
    item: 'resetPasswordToken',
    fix: { from: "['username', 'resetPasswordToken']", to: "['username']" },
  }),
  invalid(mgMixed, {
    at: "'username +password'",
    column: 'User.password',
    reason: 'password',
    item: 'password',
    fix: { from: "'username +password'", to: "'username'" },
  }),
  // A populated path's projection (the related model from the schema's `ref`).
  invalid(mgPopulate, {
    at: "'username resetPasswordToken'",
    column: 'User.resetPasswordToken',
    reason: 'password reset token',
    item: 'resetPasswordToken',
    fix: { from: "'username resetPasswordToken'", to: "'username'" },
  }),
  invalid(mgKoa, {
    at: 'apiKey: 1',
    column: 'User.apiKey',
    reason: 'API key',
    item: 'apiKey',
    sink: '`ctx.body`',
    fix: { from: '{ username: 1, apiKey: 1 }', to: '{ username: 1 }' },
  }),
  // Drizzle
  invalid(dzSelect, {
    at: 'token: users.token',
    column: 'users.token',
    reason: 'token',
    item: 'token',
    fix: { from: '{ id: users.id, token: users.token }', to: '{ id: users.id }' },
  }),
  invalid(dzColumns, {
    at: 'token: true',
    column: 'users.token',
    reason: 'token',
    item: 'token',
    fix: { from: '{ id: true, name: true, token: true }', to: '{ id: true, name: true }' },
  }),
  invalid(dzOnlyColumn, {
    at: 'token: true',
    column: 'users.token',
    reason: 'token',
    item: 'token',
    fix: { from: 'columns: { token: true }', to: 'columns: {  }' },
  }),
  // The only entry of a select map: removing it is no narrower select, so no suggestion.
  invalid(dzLone, { at: 'token: users.token', column: 'users.token', reason: 'token', item: 'token', fix: null }),
  invalid(dzReturning, {
    at: 'token: users.token',
    column: 'users.token',
    reason: 'token',
    item: 'token',
    fix: { from: '{ id: users.id, token: users.token }', to: '{ id: users.id }' },
  }),
  invalid(dzWith, {
    at: 'passwordHash: true',
    column: 'users.passwordHash',
    reason: 'password hash',
    item: 'passwordHash',
    fix: { from: '{ name: true, passwordHash: true }', to: '{ name: true }' },
  }),
  // A joined table's column.
  invalid(dzJoin, {
    at: 'authorToken: users.token',
    column: 'users.token',
    reason: 'token',
    item: 'token',
    fix: { from: '{ title: posts.title, authorToken: users.token }', to: '{ title: posts.title }' },
  }),
  invalid(dzNext, {
    at: 'hash: users.passwordHash',
    column: 'users.passwordHash',
    reason: 'password hash',
    item: 'passwordHash',
    sink: '`NextResponse.json`',
    fix: { from: '{ name: users.name, hash: users.passwordHash }', to: '{ name: users.name }' },
  }),
  // Knex
  invalid(
    knSelect,
    {
      at: "'password_hash'",
      column: 'users.password_hash',
      reason: 'password hash',
      item: 'password_hash',
      fix: { from: "select('id', 'password_hash')", to: "select('id')" },
    },
    { settings: appSettings },
  ),
  invalid(
    knArray,
    {
      at: "'reset_token'",
      column: 'users.reset_token',
      reason: 'reset token',
      item: 'reset_token',
      fix: { from: "['id', 'email', 'reset_token']", to: "['id', 'email']" },
    },
    { settings: appSettings },
  ),
  invalid(
    knFirst,
    {
      at: "'reset_token'",
      column: 'users.reset_token',
      reason: 'reset token',
      item: 'reset_token',
      fix: { from: "first('id', 'reset_token')", to: "first('id')" },
    },
    { settings: appSettings },
  ),
  invalid(
    knAlias,
    {
      at: "'password_hash as hash'",
      column: 'users.password_hash',
      reason: 'password hash',
      item: 'password_hash',
      fix: { from: "select('id', 'password_hash as hash')", to: "select('id')" },
    },
    { settings: appSettings },
  ),
  invalid(
    knReturning,
    {
      at: "'reset_token'",
      inside: "returning(['id', 'reset_token'])",
      column: 'users.reset_token',
      reason: 'reset token',
      item: 'reset_token',
      fix: { from: "returning(['id', 'reset_token'])", to: "returning(['id'])" },
    },
    { settings: appSettings },
  ),
  // A joined table's column, through its alias.
  invalid(
    knJoin,
    {
      at: "'s.token'",
      column: 'sessions.token',
      reason: 'token',
      item: 'token',
      fix: { from: "select('u.id', 's.token')", to: "select('u.id')" },
    },
    { settings: appSettings },
  ),
  // The only column: removing it would select every column.
  invalid(
    knLone,
    { at: "'token'", inside: "select('token')", column: 'sessions.token', reason: 'token', item: 'token', sink: '`ctx.body`', fix: null },
    { settings: appSettings },
  ),
  invalid(
    knFastify,
    {
      at: "'client_secret'",
      column: 'api_clients.client_secret',
      reason: 'client secret',
      item: 'client_secret',
      sink: "the Fastify handler's `return`",
      fix: { from: "select('id', 'client_secret')", to: "select('id')" },
    },
    { settings: appSettings },
  ),
  // Kysely
  invalid(
    kyArray,
    {
      at: "'api_key'",
      column: 'api_clients.api_key',
      reason: 'API key',
      item: 'api_key',
      fix: { from: "select(['id', 'api_key'])", to: "select(['id'])" },
    },
    { settings: appSettings },
  ),
  invalid(kyLone, { at: "'api_key'", column: 'api_clients.api_key', reason: 'API key', item: 'api_key', fix: null }, { settings: appSettings }),
  invalid(
    kyReturning,
    {
      at: "'client_secret'",
      column: 'api_clients.client_secret',
      reason: 'client secret',
      item: 'client_secret',
      fix: { from: "returning(['id', 'client_secret'])", to: "returning(['id'])" },
    },
    { settings: appSettings },
  ),
  invalid(
    kyJoin,
    {
      at: "'s.token'",
      column: 'sessions.token',
      reason: 'token',
      item: 'token',
      fix: { from: "select(['u.id', 's.token'])", to: "select(['u.id'])" },
    },
    { settings: appSettings },
  ),
  invalid(
    kyAlias,
    {
      at: "'reset_token as link'",
      column: 'users.reset_token',
      reason: 'reset token',
      item: 'reset_token',
      sink: '`c.json`',
      fix: { from: "select(['id', 'reset_token as link'])", to: "select(['id'])" },
    },
    { settings: appSettings },
  ),
  // A relation nested with `jsonObjectFrom`.
  invalid(
    kyJsonObject,
    {
      at: "'users.reset_token'",
      column: 'users.reset_token',
      reason: 'reset token',
      item: 'reset_token',
      fix: { from: "['users.display_name', 'users.reset_token']", to: "['users.display_name']" },
    },
    { settings: appSettings },
  ),
  invalid(
    kyCard,
    {
      at: "'card_number'",
      column: 'payment_methods.card_number',
      reason: 'card number',
      item: 'card_number',
      sink: '`NextResponse.json`',
      fix: { from: "['id', 'brand', 'card_number']", to: "['id', 'brand']" },
    },
    { settings: appSettings },
  ),
];

// ---------------------------------------------------------------------------------------------
// Valid: the sensitive field is selected but only used on the server, or not selected at all.

const withSchema = (code: string): ValidTestCase<Options> => ({ code, settings: appSettings });

const valid_: (string | ValidTestCase<Options>)[] = [
  // Sequelize: a login compares the hash and sends a token.
  express(SEQUELIZE, `import bcrypt from 'bcrypt';
app.post('/api/login', async (req, res) => {
  const user = await User.findOne({ where: { email: req.body.email }, attributes: ['id', 'passwordHash'] });
  if (!user || !(await bcrypt.compare(req.body.password, user.passwordHash))) return res.sendStatus(401);
  res.json({ id: user.id, token: signToken(user.id) });
});`),
  // Sequelize: the API key is checked, the row is not sent.
  express(SEQUELIZE, `app.get('/api/keys/verify', async (req, res) => {
  const user = await User.findOne({ where: { id: req.query.id }, attributes: ['apiKey'] });
  res.json({ valid: user?.apiKey === req.get('x-api-key') });
});`),
  // Sequelize: personal data is not reported by default.
  express(SEQUELIZE, `app.get('/api/users', async (req, res) => {
  res.json(await User.findAll({ attributes: ['id', 'email'] }));
});`),
  // Mongoose: `+password` for a login.
  express(MONGOOSE, `import bcrypt from 'bcryptjs';
app.post('/api/login', async (req, res) => {
  const user = await User.findOne({ email: req.body.email }).select('+password');
  if (!user || !(await bcrypt.compare(req.body.password, user.password))) return res.status(401).json({ error: 'invalid' });
  res.json({ token: sign({ id: user.id }) });
});`),
  // Mongoose: the token is mailed, not sent.
  express(MONGOOSE, `app.post('/api/password/forgot', async (req, res) => {
  const user = await User.findOne({ email: req.body.email }, 'email resetPasswordToken');
  if (user) await mailer.sendReset(user.email, user.resetPasswordToken);
  res.sendStatus(202);
});`),
  // Mongoose: rest-destructuring drops the key before the response.
  express(MONGOOSE, `app.get('/api/users/:id', async (req, res) => {
  const user = await User.findById(req.params.id, 'username apiKey').lean();
  const { apiKey, ...rest } = user;
  res.json(rest);
});`),
  // Drizzle: the hash is verified.
  express(DRIZZLE, `app.post('/api/login', async (req, res) => {
  const [user] = await db.select({ id: users.id, passwordHash: users.passwordHash }).from(users).where(eq(users.name, req.body.name));
  if (!user || !(await verifyPassword(user.passwordHash, req.body.password))) return res.sendStatus(401);
  res.json({ id: user.id });
});`),
  // Drizzle: the token is compared with the header.
  express(DRIZZLE, `app.get('/api/me', async (req, res) => {
  const me = await db.query.users.findFirst({ columns: { id: true, name: true, token: true }, where: eq(users.id, req.user.id) });
  if (me?.token !== req.headers['x-token']) return res.sendStatus(403);
  res.json({ id: me.id, name: me.name });
});`),
  // Drizzle: no sensitive column.
  express(DRIZZLE, `app.get('/api/posts', async (req, res) => {
  res.json(await db.query.posts.findMany({ columns: { id: true, title: true }, with: { author: { columns: { name: true } } } }));
});`),
  // Knex: login.
  withSchema(express(KNEX, `import bcrypt from 'bcrypt';
app.post('/api/login', async (req, res) => {
  const user = await db('users').where({ email: req.body.email }).first('id', 'password_hash');
  if (!user || !(await bcrypt.compare(req.body.password, user.password_hash))) return res.sendStatus(401);
  res.json({ id: user.id });
});`)),
  // Knex: the session token is looked up, never returned.
  withSchema(express(KNEX, `app.get('/api/session', async (req, res) => {
  const session = await db('sessions').select('user_id', 'token').where({ token: req.cookies.sid }).first();
  res.json({ userId: session?.user_id ?? null });
});`)),
  // Knex: mapped to safe fields.
  withSchema(express(KNEX, `app.get('/api/users', async (req, res) => {
  const rows = await db('users').select('id', 'display_name', 'reset_token');
  res.json(rows.map((r) => ({ id: r.id, name: r.display_name, pendingReset: r.reset_token !== null })));
});`)),
  // Kysely: an API key checked against the request.
  withSchema(express(KYSELY, `app.get('/api/clients/:id/verify', async (req, res) => {
  const client = await db.selectFrom('api_clients').select(['id', 'api_key']).where('id', '=', req.params.id).executeTakeFirst();
  res.json({ ok: client !== undefined && client.api_key === req.get('x-api-key') });
});`)),
  // Kysely: rest-destructuring drops the card number.
  withSchema(express(KYSELY, `app.get('/api/cards', async (req, res) => {
  const cards = await db.selectFrom('payment_methods').select(['id', 'brand', 'card_last4', 'card_number']).execute();
  res.json(cards.map(({ card_number, ...card }) => card));
});`)),
  // Kysely: personal data is not reported by default.
  withSchema(express(KYSELY, `app.get('/api/users', async (req, res) => {
  res.json(await db.selectFrom('users').select(['id', 'email', 'display_name']).execute());
});`)),
  // A background job: the tokens never reach a response.
  withSchema(`${KNEX}
export async function remindPendingResets() {
  const rows = await db('users').select('email', 'reset_token').whereNotNull('reset_token');
  for (const row of rows) await mailer.remind(row.email, row.reset_token);
}
`),
];

ruleTester.run('no-sensitive-projection (sequelize, mongoose, drizzle, knex, kysely)', rule, {
  assertionOptions: ASSERTIONS,
  valid: valid_,
  invalid: invalid_,
});
