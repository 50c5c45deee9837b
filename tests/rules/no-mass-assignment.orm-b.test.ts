/**
 * no-mass-assignment with Sequelize, Mongoose, Drizzle, Knex and Kysely: request input written
 * wholesale — from each input source (`req.body`, Fastify `request.body`, Koa
 * `ctx.request.body`, Hono `await c.req.json()`, `await request.json()`,
 * `Object.fromEntries(await request.formData())`, NestJS `@Body()` without a DTO class) and after
 * copies (`{ ...body }`, `Object.assign({}, body)`, `structuredClone(body)`, a `const`) — with the
 * suggestion that picks the fields a client may set; and writes that take picked or validated input.
 */
import { RuleTester, type InvalidTestCase, type ValidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageIds, type Options } from '../../rules/no-mass-assignment.js';
import { ASSERTIONS } from '../support/assertions.js';
import { swap, where } from '../support/position.js';
import { appSettings } from '../support/settings.js';

const ruleTester = new RuleTester();

// ---------------------------------------------------------------------------------------------
// Helpers

interface Expect {
  /** The value written as-is (reported), and where to find it. */
  readonly at: string;
  readonly inside?: string;
  /** How the message names the input: `req.body`, `await c.req.json()`, `@Body() body`. */
  readonly input: string;
  /** The write: `User.create()`. */
  readonly write: string;
  /** Fields a client must not set, as the message lists them (when the model is known). */
  readonly guarded?: readonly string[];
  /** The pick suggestion: the fields, and the one edit it makes. */
  readonly fix?: { readonly fields: readonly string[]; readonly from: string; readonly to: string };
}

type Invalid = InvalidTestCase<MessageIds, Options>;

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 6).join(', ');
  return names.length > 6 ? `${shown}, …` : shown;
}

function invalid(code: string, e: Expect, settings?: Record<string, unknown>): Invalid {
  const data = {
    input: e.input,
    write: e.write,
    detail: e.guarded && e.guarded.length > 0 ? ` (including ${listNames(e.guarded)})` : '',
  };
  return {
    code,
    ...(settings ? { settings } : {}),
    errors: [
      {
        messageId: 'massAssignment',
        data,
        ...where(code, e.at, 0, e.inside),
        suggestions: e.fix
          ? [{ messageId: 'pickFields' as const, data: { ...data, fields: listNames(e.fix.fields) }, output: swap(code, e.fix.from, e.fix.to) }]
          : [],
      },
    ],
  };
}

const express = (models: string, routes: string): string => `import express from 'express';\n${models}\nconst app = express();\napp.use(express.json());\n\n${routes}\n`;

// ---------------------------------------------------------------------------------------------
// Sequelize: a client may set username, email and bio.

const SEQUELIZE = `import { DataTypes, Model } from 'sequelize';
import { sequelize } from './database';

export class User extends Model {}
User.init(
  {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    username: DataTypes.STRING,
    email: DataTypes.STRING,
    bio: DataTypes.TEXT,
    role: { type: DataTypes.STRING, defaultValue: 'member' },
    passwordHash: DataTypes.STRING,
    organizationId: DataTypes.INTEGER,
    createdAt: DataTypes.DATE,
  },
  { sequelize, modelName: 'User' },
);
`;
const SEQ_GUARDED = ['id', 'role', 'passwordHash', 'organizationId', 'createdAt'];
const SEQ_FIELDS = ['username', 'email', 'bio'];
const pickSeq = (src: string): string => `{ username: ${src}.username, email: ${src}.email, bio: ${src}.bio }`;

const seqCreate = express(SEQUELIZE, `app.post('/api/users', async (req, res) => {
  const user = await User.create(req.body);
  res.status(201).json({ id: user.id });
});`);

const seqUpdate = express(SEQUELIZE, `app.put('/api/users/:id', async (req, res) => {
  await User.update(req.body, { where: { id: req.params.id } });
  res.sendStatus(204);
});`);

const seqBuildSpread = express(SEQUELIZE, `app.post('/api/users', async (req, res) => {
  const user = User.build({ ...req.body });
  await user.save();
  res.sendStatus(201);
});`);

const seqAssign = express(SEQUELIZE, `app.post('/api/users', async (req, res) => {
  const data = Object.assign({}, req.body);
  await User.create(data);
  res.sendStatus(201);
});`);

const seqClone = express(SEQUELIZE, `app.post('/api/users', async (req, res) => {
  const input = structuredClone(req.body);
  await User.create({ ...input, role: 'member' });
  res.sendStatus(201);
});`);

const seqRest = express(SEQUELIZE, `app.post('/api/users', async (req, res) => {
  // Dropping one key still lets a client set every other column.
  const { role, ...rest } = req.body;
  await User.create(rest);
  res.sendStatus(201);
});`);

const seqNested = express(SEQUELIZE, `app.put('/api/user', async (req, res) => {
  await User.update(req.body.user, { where: { id: req.user.id } });
  res.json({ ok: true });
});`);

const seqFindOrCreate = express(SEQUELIZE, `app.post('/api/users/ensure', async (req, res) => {
  const [user] = await User.findOrCreate({ where: { email: req.body.email }, defaults: req.body });
  res.json({ id: user.id });
});`);

const seqKoa = `import Router from '@koa/router';
${SEQUELIZE}
const router = new Router();
router.post('/users', async (ctx) => {
  const user = await User.create(ctx.request.body);
  ctx.status = 201;
  ctx.body = { id: user.id };
});
`;

const seqFastify = `import Fastify from 'fastify';
${SEQUELIZE}
const app = Fastify();
app.put('/users', async (request, reply) => {
  await User.upsert(request.body);
  reply.code(204).send();
});
`;

const seqBulkImported = `import { Router } from 'express';
import { User } from '../models';

const router = Router();
router.post('/users/import', async (req, res) => {
  await User.bulkCreate(req.body);
  res.sendStatus(201);
});
export default router;
`;

const seqNest = `import { Body, Controller, Post } from '@nestjs/common';
import { InjectModel } from '@nestjs/sequelize';
import { User } from './user.model';

@Controller('users')
export class UsersController {
  constructor(@InjectModel(User) private readonly userModel: typeof User) {}

  @Post()
  create(@Body() body: any) {
    return this.userModel.create(body);
  }
}
`;

// ---------------------------------------------------------------------------------------------
// Mongoose: a client may set username, email and bio.

const MONGOOSE = `import mongoose from 'mongoose';

const userSchema = new mongoose.Schema({
  username: { type: String, required: true },
  email: String,
  bio: String,
  role: { type: String, default: 'user' },
  isAdmin: { type: Boolean, default: false },
  password: { type: String, select: false },
});
export const User = mongoose.model('User', userSchema);
`;
const MG_GUARDED = ['role', 'isAdmin', 'password'];
const MG_FIELDS = ['username', 'email', 'bio'];

const mgNew = express(MONGOOSE, `app.post('/api/users', async (req, res) => {
  const user = new User(req.body);
  await user.save();
  res.status(201).json({ id: user._id });
});`);

const mgCreate = express(MONGOOSE, `app.post('/api/users', async (req, res) => {
  const user = await User.create(req.body);
  res.status(201).json({ id: user.id });
});`);

const mgUpdateOne = express(MONGOOSE, `app.patch('/api/users/:id', async (req, res) => {
  await User.updateOne({ _id: req.params.id }, req.body);
  res.sendStatus(204);
});`);

const mgUpdateMany = express(MONGOOSE, `app.patch('/api/users', async (req, res) => {
  await User.updateMany({ team: req.user.team }, req.body);
  res.sendStatus(204);
});`);

const mgSet = express(MONGOOSE, `app.put('/api/users/:id', async (req, res) => {
  await User.findByIdAndUpdate(req.params.id, { $set: req.body });
  res.sendStatus(204);
});`);

const mgFindOneAndUpdate = express(MONGOOSE, `app.put('/api/me', async (req, res) => {
  const me = await User.findOneAndUpdate({ _id: req.user.id }, req.body, { new: true });
  res.json({ id: me._id });
});`);

const mgDocSet = express(MONGOOSE, `app.put('/api/users/:id', async (req, res) => {
  const user = await User.findById(req.params.id);
  user.set(req.body);
  await user.save();
  res.sendStatus(204);
});`);

const mgNextJson = `import { NextResponse } from 'next/server';
${MONGOOSE}
export async function POST(request: Request) {
  const data = await request.json();
  const user = await User.create(data);
  return NextResponse.json({ id: user.id }, { status: 201 });
}
`;

const mgNextForm = `${MONGOOSE}
export async function PUT(request: Request) {
  const fields = Object.fromEntries(await request.formData());
  await User.updateOne({ email: fields.email }, fields);
  return new Response(null, { status: 204 });
}
`;

const mgHono = `import { Hono } from 'hono';
import { User } from '../models/user';

const app = new Hono();
app.post('/users', async (c) => {
  const user = await User.create(await c.req.json());
  return c.json({ id: user.id }, 201);
});
`;

const mgNest = `import { Body, Controller, Post } from '@nestjs/common';
import { InjectModel, Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Model } from 'mongoose';

@Schema()
export class Cat {
  @Prop() name: string;
  @Prop() age: number;
  @Prop() ownerId: string;
  @Prop() isAdmin: boolean;
}
export const CatSchema = SchemaFactory.createForClass(Cat);

@Controller('cats')
export class CatsController {
  constructor(@InjectModel(Cat.name) private catModel: Model<Cat>) {}

  @Post()
  async create(@Body() body) {
    const created = new this.catModel(body);
    return created.save();
  }
}
`;

// ---------------------------------------------------------------------------------------------
// Drizzle: a client may set name and bio.

const DRIZZLE = `import { drizzle } from 'drizzle-orm/node-postgres';
import { boolean, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { eq } from 'drizzle-orm';

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  bio: text('bio'),
  isAdmin: boolean('is_admin').default(false),
  apiKey: text('api_key'),
  orgId: integer('org_id'),
  createdAt: timestamp('created_at').defaultNow(),
});

const db = drizzle(process.env.DATABASE_URL!);
`;
const DZ_GUARDED = ['id', 'isAdmin', 'apiKey', 'orgId', 'createdAt'];
const DZ_FIELDS = ['name', 'bio'];

const dzValues = express(DRIZZLE, `app.post('/api/users', async (req, res) => {
  const [row] = await db.insert(users).values(req.body).returning({ id: users.id });
  res.status(201).json(row);
});`);

const dzSet = express(DRIZZLE, `app.patch('/api/users/:id', async (req, res) => {
  await db.update(users).set(req.body).where(eq(users.id, Number(req.params.id)));
  res.sendStatus(204);
});`);

const dzSpread = express(DRIZZLE, `app.patch('/api/me', async (req, res) => {
  await db.update(users).set({ ...req.body, createdAt: undefined }).where(eq(users.id, req.user.id));
  res.sendStatus(204);
});`);

const dzUpsert = express(DRIZZLE, `app.put('/api/users', async (req, res) => {
  await db.insert(users).values({ name: req.body.name }).onConflictDoUpdate({ target: users.id, set: req.body });
  res.sendStatus(204);
});`);

const dzHono = `import { Hono } from 'hono';
${DRIZZLE}
const app = new Hono();
app.post('/users', async (c) => {
  const body = await c.req.json();
  await db.insert(users).values(body);
  return c.body(null, 201);
});
`;

const dzNextInline = `import { db } from '@/db';
import { users } from '@/db/schema';
import { eq } from 'drizzle-orm';

export async function PATCH(request: Request, { params }: { params: { id: string } }) {
  await db.update(users).set(await request.json()).where(eq(users.id, Number(params.id)));
  return new Response(null, { status: 204 });
}
`;

const dzNest = `import { Body, Controller, Inject, Post } from '@nestjs/common';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { users } from './schema';

@Controller('users')
export class UsersController {
  constructor(@Inject('DB') private readonly db: NodePgDatabase) {}

  @Post()
  async create(@Body() dto: Record<string, unknown>) {
    await this.db.insert(users).values(dto);
  }
}
`;

// ---------------------------------------------------------------------------------------------
// Knex (columns from the app schema): a client may set email and display_name.

const KNEX = `import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
`;
const SQL_GUARDED = ['id', 'password_hash', 'reset_token', 'role', 'created_at'];
const SQL_FIELDS = ['email', 'display_name'];
const pickSql = (src: string): string => `{ email: ${src}.email, display_name: ${src}.display_name }`;

const knInsert = express(KNEX, `app.post('/api/users', async (req, res) => {
  const [user] = await db('users').insert(req.body).returning(['id']);
  res.status(201).json(user);
});`);

const knUpdate = express(KNEX, `app.put('/api/users/:id', async (req, res) => {
  await db('users').where({ id: req.params.id }).update(req.body);
  res.sendStatus(204);
});`);

const knMerge = express(KNEX, `app.put('/api/users', async (req, res) => {
  await db('users').insert({ email: req.body.email }).onConflict('email').merge(req.body);
  res.sendStatus(204);
});`);

const knKoa = `import Router from '@koa/router';
${KNEX}
const router = new Router();
router.patch('/users/:id', async (ctx) => {
  await db('users').where({ id: ctx.params.id }).update({ ...ctx.request.body, updated_at: db.fn.now() });
  ctx.status = 204;
});
`;

const knFastify = `import Fastify from 'fastify';
${KNEX}
const app = Fastify();
app.post('/users', async (request, reply) => {
  const body = request.body;
  await db('users').insert(body);
  reply.code(201).send();
});
`;

const knNoSchema = express(KNEX, `app.post('/api/orders', async (req, res) => {
  await db('orders').insert(req.body);
  res.sendStatus(201);
});`);

// ---------------------------------------------------------------------------------------------
// Kysely (columns from the app schema)

const KYSELY = `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import type { DB } from './db.types';

const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new Pool() }) });
`;

const kyValues = express(KYSELY, `app.post('/api/users', async (req, res) => {
  await db.insertInto('users').values(req.body).execute();
  res.sendStatus(201);
});`);

const kySet = express(KYSELY, `app.patch('/api/users/:id', async (req, res) => {
  await db.updateTable('users').set(req.body).where('id', '=', req.params.id).execute();
  res.sendStatus(204);
});`);

const kyForm = `import { db } from '@/lib/db';

export async function POST(request: Request) {
  const values = Object.fromEntries(await request.formData());
  await db.insertInto('users').values(values).execute();
  return new Response(null, { status: 201 });
}
`;

const kyNest = `import { Body, Controller, Patch, Param } from '@nestjs/common';
import { InjectKysely } from 'nestjs-kysely';
import { Kysely } from 'kysely';
import type { DB } from './db.types';

@Controller('users')
export class UsersController {
  constructor(@InjectKysely() private readonly db: Kysely<DB>) {}

  @Patch(':id')
  async update(@Param('id') id: string, @Body() patch) {
    await this.db.updateTable('users').set(patch).where('id', '=', id).execute();
  }
}
`;

const invalid_: Invalid[] = [
  // Sequelize
  invalid(seqCreate, {
    at: 'req.body',
    input: 'req.body',
    write: 'User.create()',
    guarded: SEQ_GUARDED,
    fix: { fields: SEQ_FIELDS, from: 'User.create(req.body)', to: `User.create(${pickSeq('req.body')})` },
  }),
  invalid(seqUpdate, {
    at: 'req.body',
    input: 'req.body',
    write: 'User.update()',
    guarded: SEQ_GUARDED,
    fix: { fields: SEQ_FIELDS, from: 'User.update(req.body,', to: `User.update(${pickSeq('req.body')},` },
  }),
  invalid(seqBuildSpread, {
    at: '{ ...req.body }',
    input: 'req.body',
    write: 'User.build()',
    guarded: SEQ_GUARDED,
    fix: { fields: SEQ_FIELDS, from: '{ ...req.body }', to: pickSeq('req.body') },
  }),
  invalid(seqAssign, {
    at: 'data',
    inside: 'User.create(data)',
    input: 'req.body',
    write: 'User.create()',
    guarded: SEQ_GUARDED,
    fix: { fields: SEQ_FIELDS, from: 'User.create(data)', to: `User.create(${pickSeq('data')})` },
  }),
  invalid(seqClone, {
    at: "{ ...input, role: 'member' }",
    input: 'req.body',
    write: 'User.create()',
    guarded: SEQ_GUARDED,
    fix: { fields: SEQ_FIELDS, from: '...input,', to: 'username: input.username, email: input.email, bio: input.bio,' },
  }),
  invalid(seqRest, {
    at: 'rest',
    inside: 'User.create(rest)',
    input: 'req.body (rest)',
    write: 'User.create()',
    guarded: SEQ_GUARDED,
    fix: { fields: SEQ_FIELDS, from: 'User.create(rest)', to: `User.create(${pickSeq('rest')})` },
  }),
  // RealWorld-style `req.body.user`.
  invalid(seqNested, {
    at: 'req.body.user',
    input: 'req.body.user',
    write: 'User.update()',
    guarded: SEQ_GUARDED,
    fix: { fields: SEQ_FIELDS, from: 'User.update(req.body.user,', to: `User.update(${pickSeq('req.body.user')},` },
  }),
  invalid(seqFindOrCreate, {
    at: 'req.body',
    inside: 'defaults: req.body',
    input: 'req.body',
    write: 'User.findOrCreate()',
    guarded: SEQ_GUARDED,
    fix: { fields: SEQ_FIELDS, from: 'defaults: req.body', to: `defaults: ${pickSeq('req.body')}` },
  }),
  invalid(seqKoa, {
    at: 'ctx.request.body',
    input: 'ctx.request.body',
    write: 'User.create()',
    guarded: SEQ_GUARDED,
    fix: { fields: SEQ_FIELDS, from: 'User.create(ctx.request.body)', to: `User.create(${pickSeq('ctx.request.body')})` },
  }),
  invalid(seqFastify, {
    at: 'request.body',
    input: 'request.body',
    write: 'User.upsert()',
    guarded: SEQ_GUARDED,
    fix: { fields: SEQ_FIELDS, from: 'User.upsert(request.body)', to: `User.upsert(${pickSeq('request.body')})` },
  }),
  // `bulkCreate` / `insertMany` take an array: no pick suggestion (it would make one object of it).
  invalid(
    express(SEQUELIZE, `app.post('/api/users/import', async (req, res) => {
  await User.bulkCreate(req.body.users);
  res.sendStatus(201);
});`),
    { at: 'req.body.users', input: 'req.body.users', write: 'User.bulkCreate()', guarded: SEQ_GUARDED },
  ),
  invalid(
    express(MONGOOSE, `app.post('/api/users/import', async (req, res) => {
  await User.insertMany(req.body);
  res.sendStatus(201);
});`),
    { at: 'req.body', inside: 'insertMany(req.body)', input: 'req.body', write: 'User.insertMany()', guarded: MG_GUARDED },
  ),
  // An imported model: no fields to pick from.
  invalid(seqBulkImported, { at: 'req.body', input: 'req.body', write: 'User.bulkCreate()' }),
  invalid(seqNest, { at: 'body', inside: 'create(body)', input: '@Body() body', write: 'this.userModel.create()' }),
  // Mongoose
  invalid(mgNew, {
    at: 'req.body',
    input: 'req.body',
    write: 'new User()',
    guarded: MG_GUARDED,
    fix: { fields: MG_FIELDS, from: 'new User(req.body)', to: 'new User({ username: req.body.username, email: req.body.email, bio: req.body.bio })' },
  }),
  invalid(mgCreate, {
    at: 'req.body',
    input: 'req.body',
    write: 'User.create()',
    guarded: MG_GUARDED,
    fix: { fields: MG_FIELDS, from: 'User.create(req.body)', to: 'User.create({ username: req.body.username, email: req.body.email, bio: req.body.bio })' },
  }),
  invalid(mgUpdateOne, {
    at: 'req.body',
    inside: '}, req.body)',
    input: 'req.body',
    write: 'User.updateOne()',
    guarded: MG_GUARDED,
    fix: { fields: MG_FIELDS, from: '}, req.body)', to: '}, { username: req.body.username, email: req.body.email, bio: req.body.bio })' },
  }),
  invalid(mgUpdateMany, {
    at: 'req.body',
    inside: '}, req.body)',
    input: 'req.body',
    write: 'User.updateMany()',
    guarded: MG_GUARDED,
    fix: { fields: MG_FIELDS, from: '}, req.body)', to: '}, { username: req.body.username, email: req.body.email, bio: req.body.bio })' },
  }),
  // `{ $set: req.body }` is the same write.
  invalid(mgSet, {
    at: 'req.body',
    inside: '$set: req.body',
    input: 'req.body',
    write: 'User.findByIdAndUpdate()',
    guarded: MG_GUARDED,
    fix: { fields: MG_FIELDS, from: '$set: req.body', to: '$set: { username: req.body.username, email: req.body.email, bio: req.body.bio }' },
  }),
  invalid(mgFindOneAndUpdate, {
    at: 'req.body',
    inside: '}, req.body,',
    input: 'req.body',
    write: 'User.findOneAndUpdate()',
    guarded: MG_GUARDED,
    fix: { fields: MG_FIELDS, from: '}, req.body,', to: '}, { username: req.body.username, email: req.body.email, bio: req.body.bio },' },
  }),
  invalid(mgDocSet, {
    at: 'req.body',
    inside: 'user.set(req.body)',
    input: 'req.body',
    write: 'user.set()',
    guarded: MG_GUARDED,
    fix: { fields: MG_FIELDS, from: 'user.set(req.body)', to: 'user.set({ username: req.body.username, email: req.body.email, bio: req.body.bio })' },
  }),
  invalid(mgNextJson, {
    at: 'data',
    inside: 'User.create(data)',
    input: 'await request.json()',
    write: 'User.create()',
    guarded: MG_GUARDED,
    fix: { fields: MG_FIELDS, from: 'User.create(data)', to: 'User.create({ username: data.username, email: data.email, bio: data.bio })' },
  }),
  invalid(mgNextForm, {
    at: 'fields',
    inside: '}, fields)',
    input: 'await request.formData()',
    write: 'User.updateOne()',
    guarded: MG_GUARDED,
    fix: { fields: MG_FIELDS, from: '}, fields)', to: '}, { username: fields.username, email: fields.email, bio: fields.bio })' },
  }),
  // Hono: the input is awaited in place, so there is no plain expression to pick from.
  invalid(mgHono, { at: 'await c.req.json()', input: 'await c.req.json()', write: 'User.create()' }),
  // NestJS: an untyped `@Body()`, and the model's class of the file.
  invalid(mgNest, {
    at: 'body',
    inside: 'catModel(body)',
    input: '@Body() body',
    write: 'new this.catModel()',
    guarded: ['ownerId', 'isAdmin'],
    fix: { fields: ['name', 'age'], from: 'new this.catModel(body)', to: 'new this.catModel({ name: body.name, age: body.age })' },
  }),
  // Drizzle
  invalid(dzValues, {
    at: 'req.body',
    input: 'req.body',
    write: 'db.insert(users).values()',
    guarded: DZ_GUARDED,
    fix: { fields: DZ_FIELDS, from: 'values(req.body)', to: 'values({ name: req.body.name, bio: req.body.bio })' },
  }),
  invalid(dzSet, {
    at: 'req.body',
    input: 'req.body',
    write: 'db.update(users).set()',
    guarded: DZ_GUARDED,
    fix: { fields: DZ_FIELDS, from: 'set(req.body)', to: 'set({ name: req.body.name, bio: req.body.bio })' },
  }),
  invalid(dzSpread, {
    at: '{ ...req.body, createdAt: undefined }',
    input: 'req.body',
    write: 'db.update(users).set()',
    guarded: DZ_GUARDED,
    fix: { fields: DZ_FIELDS, from: '...req.body,', to: 'name: req.body.name, bio: req.body.bio,' },
  }),
  invalid(dzUpsert, {
    at: 'req.body',
    inside: 'set: req.body',
    input: 'req.body',
    write: "db.insert(users).values({name:req.body.name}).onConflictDoUpdate()",
    guarded: DZ_GUARDED,
    fix: { fields: DZ_FIELDS, from: 'set: req.body', to: 'set: { name: req.body.name, bio: req.body.bio }' },
  }),
  invalid(dzHono, {
    at: 'body',
    inside: 'values(body)',
    input: 'await c.req.json()',
    write: 'db.insert(users).values()',
    guarded: DZ_GUARDED,
    fix: { fields: DZ_FIELDS, from: 'values(body)', to: 'values({ name: body.name, bio: body.bio })' },
  }),
  // A table imported from the schema module: its columns are unknown, so no suggestion.
  invalid(dzNextInline, { at: 'await request.json()', input: 'await request.json()', write: 'db.update(users).set()' }),
  invalid(dzNest, { at: 'dto', inside: 'values(dto)', input: '@Body() dto', write: 'this.db.insert(users).values()' }),
  // Knex
  invalid(
    knInsert,
    {
      at: 'req.body',
      input: 'req.body',
      write: "db('users').insert()",
      guarded: SQL_GUARDED,
      fix: { fields: SQL_FIELDS, from: 'insert(req.body)', to: `insert(${pickSql('req.body')})` },
    },
    appSettings,
  ),
  invalid(
    knUpdate,
    {
      at: 'req.body',
      input: 'req.body',
      write: "db('users').where({id:req.params.id}).update()",
      guarded: SQL_GUARDED,
      fix: { fields: SQL_FIELDS, from: 'update(req.body)', to: `update(${pickSql('req.body')})` },
    },
    appSettings,
  ),
  // `onConflict().merge(x)` writes `x` on conflict.
  invalid(
    knMerge,
    {
      at: 'req.body',
      inside: 'merge(req.body)',
      input: 'req.body',
      write: "db('users').insert({email:req.body.email}).onConflict('email').merge()",
      guarded: SQL_GUARDED,
      fix: { fields: SQL_FIELDS, from: 'merge(req.body)', to: `merge(${pickSql('req.body')})` },
    },
    appSettings,
  ),
  invalid(
    knKoa,
    {
      at: '{ ...ctx.request.body, updated_at: db.fn.now() }',
      input: 'ctx.request.body',
      write: "db('users').where({id:ctx.params.id}).update()",
      guarded: SQL_GUARDED,
      fix: { fields: SQL_FIELDS, from: '...ctx.request.body,', to: 'email: ctx.request.body.email, display_name: ctx.request.body.display_name,' },
    },
    appSettings,
  ),
  invalid(
    knFastify,
    {
      at: 'body',
      inside: 'insert(body)',
      input: 'request.body',
      write: "db('users').insert()",
      guarded: SQL_GUARDED,
      fix: { fields: SQL_FIELDS, from: 'insert(body)', to: `insert(${pickSql('body')})` },
    },
    appSettings,
  ),
  // Without the schema: reported, with nothing to pick from.
  invalid(knNoSchema, { at: 'req.body', input: 'req.body', write: "db('orders').insert()" }),
  // Kysely
  invalid(
    kyValues,
    {
      at: 'req.body',
      input: 'req.body',
      write: "db.insertInto('users').values()",
      guarded: SQL_GUARDED,
      fix: { fields: SQL_FIELDS, from: 'values(req.body)', to: `values(${pickSql('req.body')})` },
    },
    appSettings,
  ),
  invalid(
    kySet,
    {
      at: 'req.body',
      input: 'req.body',
      write: "db.updateTable('users').set()",
      guarded: SQL_GUARDED,
      fix: { fields: SQL_FIELDS, from: 'set(req.body)', to: `set(${pickSql('req.body')})` },
    },
    appSettings,
  ),
  invalid(
    kyForm,
    {
      at: 'values',
      inside: '(values)',
      input: 'await request.formData()',
      write: "db.insertInto('users').values()",
      guarded: SQL_GUARDED,
      fix: { fields: SQL_FIELDS, from: '.values(values)', to: `.values(${pickSql('values')})` },
    },
    appSettings,
  ),
  invalid(
    kyNest,
    {
      at: 'patch',
      inside: 'set(patch)',
      input: '@Body() patch',
      write: "this.db.updateTable('users').set()",
      guarded: SQL_GUARDED,
      fix: { fields: SQL_FIELDS, from: 'set(patch)', to: `set(${pickSql('patch')})` },
    },
    appSettings,
  ),
];

// ---------------------------------------------------------------------------------------------
// Valid: picked, destructured, validated, or a typed DTO.

const withSchema = (code: string): ValidTestCase<Options> => ({ code, settings: appSettings });

const valid_: (string | ValidTestCase<Options>)[] = [
  // Sequelize
  express(SEQUELIZE, `app.post('/api/users', async (req, res) => {
  await User.create({ username: req.body.username, email: req.body.email });
  res.sendStatus(201);
});`),
  express(SEQUELIZE, `app.post('/api/users', async (req, res) => {
  const { username, email, bio } = req.body;
  await User.create({ username, email, bio });
  res.sendStatus(201);
});`),
  express(SEQUELIZE, `app.put('/api/users/:id', async (req, res) => {
  // \`fields\` whitelists the attributes Sequelize writes.
  await User.update(req.body, { where: { id: req.params.id }, fields: ['username', 'bio'] });
  res.sendStatus(204);
});`),
  express(SEQUELIZE, `import pick from 'lodash/pick';
app.post('/api/users', async (req, res) => {
  await User.create(pick(req.body, ['username', 'email']));
  res.sendStatus(201);
});`),
  express(SEQUELIZE, `import { z } from 'zod';
const CreateUser = z.object({ username: z.string(), email: z.string().email() });
app.post('/api/users', async (req, res) => {
  await User.create(CreateUser.parse(req.body));
  res.sendStatus(201);
});`),
  // Mongoose
  express(MONGOOSE, `app.post('/api/users', async (req, res) => {
  const user = new User({ username: req.body.username, email: req.body.email });
  await user.save();
  res.sendStatus(201);
});`),
  express(MONGOOSE, `import * as v from 'valibot';
const Patch = v.object({ bio: v.string() });
app.patch('/api/me', async (req, res) => {
  const patch = v.parse(Patch, req.body);
  await User.updateOne({ _id: req.user.id }, patch);
  res.sendStatus(204);
});`),
  express(MONGOOSE, `import * as yup from 'yup';
const schema = yup.object({ username: yup.string().required() });
app.post('/api/users', async (req, res) => {
  const input = await schema.validate(req.body, { stripUnknown: true });
  await User.create(input);
  res.sendStatus(201);
});`),
  express(MONGOOSE, `app.patch('/api/users/:id/visits', async (req, res) => {
  await User.updateOne({ _id: req.params.id }, { $inc: { visits: 1 }, $set: { bio: req.body.bio } });
  res.sendStatus(204);
});`),
  `import { Body, Controller, Post } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { User, UserDocument } from './schemas/user.schema';
import { CreateUserDto } from './dto/create-user.dto';

@Controller('users')
export class UsersController {
  constructor(@InjectModel(User.name) private userModel: Model<UserDocument>) {}

  @Post()
  create(@Body() createUserDto: CreateUserDto) {
    return this.userModel.create(createUserDto);
  }
}
`,
  // Drizzle
  express(DRIZZLE, `app.post('/api/users', async (req, res) => {
  await db.insert(users).values({ name: req.body.name, bio: req.body.bio });
  res.sendStatus(201);
});`),
  express(DRIZZLE, `import { createInsertSchema } from 'drizzle-zod';
const NewUser = createInsertSchema(users).pick({ name: true, bio: true });
app.post('/api/users', async (req, res) => {
  await db.insert(users).values(NewUser.parse(req.body));
  res.sendStatus(201);
});`),
  express(DRIZZLE, `app.patch('/api/me', async (req, res) => {
  const { name, bio } = req.body;
  await db.update(users).set({ name, bio }).where(eq(users.id, req.user.id));
  res.sendStatus(204);
});`),
  `import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { z } from 'zod';
${DRIZZLE}
const app = new Hono();
app.post('/users', zValidator('json', z.object({ name: z.string() })), async (c) => {
  const { name } = c.req.valid('json');
  await db.insert(users).values({ name });
  return c.body(null, 201);
});
`,
  // Knex
  withSchema(express(KNEX, `app.post('/api/users', async (req, res) => {
  await db('users').insert({ email: req.body.email, display_name: req.body.displayName });
  res.sendStatus(201);
});`)),
  withSchema(express(KNEX, `import { pick } from 'lodash';
app.put('/api/users/:id', async (req, res) => {
  await db('users').where({ id: req.params.id }).update(pick(req.body, ['display_name']));
  res.sendStatus(204);
});`)),
  withSchema(express(KNEX, `app.post('/api/users/:id/touch', async (req, res) => {
  // A column name as the first argument: \`update(column, value)\`.
  await db('users').where({ id: req.params.id }).update('display_name', String(req.body.name));
  res.sendStatus(204);
});`)),
  // Kysely
  withSchema(express(KYSELY, `import { z } from 'zod';
const Patch = z.object({ display_name: z.string() }).strict();
app.patch('/api/users/:id', async (req, res) => {
  await db.updateTable('users').set(Patch.parse(req.body)).where('id', '=', req.params.id).execute();
  res.sendStatus(204);
});`)),
  withSchema(`import { Body, Controller, Post } from '@nestjs/common';
import { InjectKysely } from 'nestjs-kysely';
import { Kysely } from 'kysely';
import type { DB } from './db.types';
import { CreateUserDto } from './create-user.dto';

@Controller('users')
export class UsersController {
  constructor(@InjectKysely() private readonly db: Kysely<DB>) {}

  @Post()
  async create(@Body() dto: CreateUserDto) {
    await this.db.insertInto('users').values(dto).execute();
  }
}
`),
  withSchema(express(KYSELY, `app.post('/api/users', async (req, res) => {
  const { email, display_name } = req.body;
  await db.insertInto('users').values({ email, display_name }).execute();
  res.sendStatus(201);
});`)),
  // Lookalikes: request input passed to something that is not a database write.
  `import express from 'express';
import axios from 'axios';

const app = express();
const drafts = new Map<string, unknown>();
app.post('/api/drafts', async (req, res) => {
  drafts.set(req.params.id, req.body);
  await axios.post('https://hooks.example.com/events', req.body);
  res.sendStatus(202);
});
`,
];

// ---------------------------------------------------------------------------------------------
// Known bugs, left out of the run (reported to the lead; move them into `invalid_` once fixed).

// Cases found while writing these tests and fixed since in the analysis.
const regressions: Invalid[] = [
  // 1. A Drizzle table defined elsewhere, with the SQL schema loaded: rightly no pick suggestion (the
  //    SQL names are not the table's JS keys), but the message then lists every column as one a
  //    client must not set — `email` and `display_name` too (rules/no-mass-assignment.ts computes
  //    `guarded` as all fields minus clientSettableFields(), which is undefined when the names are
  //    not usable). Expected: only id, password_hash, reset_token, role, created_at.
  invalid(
    `import { NextResponse } from 'next/server';
import { db } from '@/db';
import { users } from '@/db/schema';

export async function POST(request: Request) {
  const data = await request.json();
  const [row] = await db.insert(users).values(data).returning({ id: users.id });
  return NextResponse.json(row, { status: 201 });
}
`,
    { at: 'data', inside: 'values(data)', input: 'await request.json()', write: 'db.insert(users).values()', guarded: SQL_GUARDED },
    appSettings,
  ),
  // 2. Sequelize instance writes are not recognised (src/orm/sequelize.ts, pinned as "static forms
  //    only" by tests/orm/sequelize.test.ts): `user.update(req.body)` / `user.set(req.body)` on an
  //    instance read with findByPk/findOne.
  invalid(
    express(SEQUELIZE, `app.put('/api/users/:id', async (req, res) => {
  const user = await User.findByPk(req.params.id);
  if (!user) return res.sendStatus(404);
  await user.update(req.body);
  res.sendStatus(204);
});`),
    {
      at: 'req.body',
      inside: 'user.update(req.body)',
      input: 'req.body',
      write: 'user.update()',
      guarded: SEQ_GUARDED,
      fix: { fields: SEQ_FIELDS, from: 'user.update(req.body)', to: `user.update(${pickSeq('req.body')})` },
    },
  ),
];

ruleTester.run('no-mass-assignment (sequelize, mongoose, drizzle, knex, kysely)', rule, {
  assertionOptions: ASSERTIONS,
  valid: valid_,
  invalid: [...invalid_, ...regressions],
});
