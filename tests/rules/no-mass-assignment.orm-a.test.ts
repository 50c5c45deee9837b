/**
 * no-mass-assignment with Prisma, TypeORM, MikroORM and Objection.js: request input from every
 * source (Express, Fastify, Koa, Hono, Next.js route handlers and form data, NestJS `@Body()`
 * without a DTO class) written wholesale by each library's write forms — also after a spread,
 * `Object.assign({}, …)`, `structuredClone`, a `const` or a rest-destructuring — entities
 * overwritten with `Object.assign`, SQL built from the input's keys, and what is not a finding.
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-mass-assignment.js';
import { ASSERTIONS } from '../support/assertions.js';
import { fix, positionAfter } from '../support/position.js';
import { appSettingsWithPrisma } from '../support/settings.js';

interface Finding {
  readonly input: string;
  readonly write: string;
  /** ` (including …)`: the fields a client should not set, when the entity is known. */
  readonly detail: string;
  /** The value written as-is (where the report lands); `after` picks the occurrence. */
  readonly value: string;
  readonly after?: string;
  /** The fields the suggestion writes, and the code after it; null when there is none. */
  readonly fields?: string;
  readonly output: string | null;
}

function invalid(code: string, findings: Finding[]) {
  return {
    code,
    errors: findings.map((f) => {
      const data = { input: f.input, write: f.write, detail: f.detail };
      return {
        messageId: 'massAssignment' as const,
        data,
        ...positionAfter(code, f.value, f.after),
        suggestions:
          f.output === null ? [] : [{ messageId: 'pickFields' as const, data: { ...data, fields: f.fields ?? '' }, output: f.output }],
      };
    }),
  };
}

/** `{ email: x.email, displayName: x.displayName }` for the source expression `x`. */
const picks = (source: string, fields = ['email', 'displayName']): string => `{ ${fields.map((f) => `${f}: ${source}.${f}`).join(', ')} }`;

// ── Prisma (the app's schema.prisma) ───────────────────────────────────────────────────────────
const P_GUARDED = ' (including id, passwordHash, resetToken, role, createdAt)';
const P_FIELDS = 'email, displayName';

const pExpress = (body: string): string =>
  `import { Router } from 'express';\nimport { PrismaClient } from '@prisma/client';\n\nconst prisma = new PrismaClient();\nexport const router = Router();\n\nrouter.post('/users/:id', async (req, res) => {\n${body}\n  res.sendStatus(204);\n});\n`;

const pCreate = pExpress('  await prisma.user.create({ data: req.body });');
const pUpdate = pExpress('  await prisma.user.update({ where: { id: req.params.id }, data: req.body });');
const pUpsert = pExpress('  await prisma.user.upsert({ where: { email: req.body.email }, create: req.body, update: req.body });');
const pUpdateMany = pExpress("  await prisma.user.updateMany({ where: { role: 'member' }, data: { ...req.body } });");
const pCreateManyArray = pExpress('  await prisma.user.createMany({ data: [req.body], skipDuplicates: true });');
const pConst = pExpress('  const input = req.body;\n  await prisma.user.create({ data: input });');
const pAssignEmpty = pExpress("  await prisma.user.create({ data: Object.assign({}, req.body, { role: 'member' }) });");
const pClone = pExpress('  const data = structuredClone(req.body);\n  await prisma.user.create({ data });');
const pRest = pExpress('  const { id, role, ...changes } = req.body;\n  await prisma.user.update({ where: { id: req.params.id }, data: changes });');
const pFastify = `import Fastify from 'fastify';\nimport { prisma } from './prisma';\n\nconst app = Fastify();\napp.patch('/users/:id', async (request, reply) => {\n  await prisma.user.update({ where: { id: request.params.id }, data: request.body });\n  return reply.code(204).send();\n});\n`;
const pKoa = `import Router from '@koa/router';\nimport { prisma } from './db/prisma';\n\nconst router = new Router();\nrouter.post('/users', async (ctx) => {\n  const user = await prisma.user.create({ data: { ...ctx.request.body } });\n  ctx.status = 201;\n  ctx.body = { id: user.id };\n});\n`;
const pHono = `import { Hono } from 'hono';\nimport { prisma } from './prisma';\n\nconst app = new Hono();\napp.put('/users/:id', async (c) => {\n  const user = await prisma.user.update({ where: { id: c.req.param('id') }, data: await c.req.json() });\n  return c.json({ id: user.id });\n});\n`;
const pNext = `import { NextResponse } from 'next/server';\nimport { prisma } from '@/lib/prisma';\n\nexport async function POST(request: Request) {\n  const body = await request.json();\n  const user = await prisma.user.create({ data: { ...body } });\n  return NextResponse.json({ id: user.id }, { status: 201 });\n}\n`;
const pFormData = `import { prisma } from '@/lib/prisma';\n\nexport async function POST(request: Request) {\n  const values = Object.fromEntries(await request.formData());\n  await prisma.user.create({ data: values });\n  return new Response(null, { status: 201 });\n}\n`;
const pNest = (param: string): string =>
  `import { Body, Controller, Param, Patch } from '@nestjs/common';\nimport { PrismaService } from '../prisma/prisma.service';\n\n@Controller('users')\nexport class UsersController {\n  constructor(private readonly prisma: PrismaService) {}\n\n  @Patch(':id')\n  update(@Param('id') id: string, @Body() ${param}) {\n    return this.prisma.user.update({ where: { id }, data: body, select: { id: true } });\n  }\n}\n`;
const pAssignOnto = pExpress(
  '  const user = await prisma.user.findUniqueOrThrow({ where: { id: req.params.id } });\n  Object.assign(user, req.body);\n  await prisma.user.update({ where: { id: user.id }, data: { displayName: user.displayName } });',
);

// ── TypeORM ────────────────────────────────────────────────────────────────────────────────────
const T_GUARDED = ' (including id, password, isAdmin, organizationId, createdAt)';
const TYPEORM = `import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ unique: true }) email: string;
  @Column() displayName: string;
  @Column({ select: false }) password: string;
  @Column({ default: false }) isAdmin: boolean;
  @Column({ nullable: true }) organizationId: string;
  @CreateDateColumn() createdAt: Date;
}
`;
const tExpress = (body: string): string =>
  `${TYPEORM}\nimport { Router } from 'express';\nimport { AppDataSource } from './data-source';\n\nconst users = AppDataSource.getRepository(User);\nexport const router = Router();\n\nrouter.put('/users/:id', async (req, res) => {\n${body}\n  res.sendStatus(204);\n});\n`;

const tSave = tExpress('  await users.save(req.body);');
const tInsert = tExpress('  await users.insert({ ...req.body });');
const tUpdate = tExpress('  await users.update(req.params.id, req.body);');
const tUpdateWhere = tExpress('  const changes = Object.assign({}, req.body);\n  await users.update({ id: req.params.id }, changes);');
const tCreate = tExpress('  const user = users.create(req.body);\n  await users.save(user);');
const tMerge = tExpress('  const user = await users.findOneByOrFail({ id: req.params.id });\n  users.merge(user, req.body);\n  await users.save(user);');
const tPreload = tExpress('  const user = await users.preload({ id: req.params.id, ...req.body });\n  if (user) await users.save(user);');
const tManagerSave = tExpress('  await AppDataSource.manager.save(User, req.body);');
const tManagerUpdate = tExpress('  await AppDataSource.manager.update(User, { id: req.params.id }, req.body);');
const tManagerCreate = tExpress('  const user = AppDataSource.manager.create(User, req.body);\n  await AppDataSource.manager.save(user);');
const tQbSet = tExpress("  await users.createQueryBuilder().update(User).set(req.body).where('id = :id', { id: req.params.id }).execute();");
const tQbValues = tExpress('  await AppDataSource.createQueryBuilder().insert().into(User).values(req.body).execute();');
const tAssignOnto = tExpress('  const user = await users.findOneByOrFail({ id: req.params.id });\n  Object.assign(user, req.body);\n  await users.save(user);');
const tTransaction = tExpress(
  '  await AppDataSource.transaction(async (manager) => {\n    await manager.update(User, { id: req.params.id }, req.body);\n  });',
);
const tKoa = `${TYPEORM}\nimport Router from '@koa/router';\nimport { AppDataSource } from './data-source';\n\nconst router = new Router();\nrouter.post('/users', async (ctx) => {\n  const user = await AppDataSource.getRepository(User).save(ctx.request.body);\n  ctx.body = { id: user.id };\n});\n`;
const tFastify = `${TYPEORM}\nimport Fastify from 'fastify';\nimport { AppDataSource } from './data-source';\n\nconst app = Fastify();\napp.post('/users', async (request, reply) => {\n  await AppDataSource.getRepository(User).insert(request.body);\n  reply.code(201).send();\n});\n`;
const tNest = (param: string, call = 'this.users.save(body)'): string =>
  `${TYPEORM}\nimport { Body, Controller, Post } from '@nestjs/common';\nimport { InjectRepository } from '@nestjs/typeorm';\nimport { Repository } from 'typeorm';\n\n@Controller('users')\nexport class UsersController {\n  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}\n\n  @Post()\n  create(@Body() ${param}) {\n    return ${call};\n  }\n}\n`;
const tNestRecord = tNest('body: Record<string, unknown>', 'this.users.save(this.users.create(body))');

// ── MikroORM ───────────────────────────────────────────────────────────────────────────────────
const M_GUARDED = ' (including id, password, role, createdAt)';
const MIKRO = `import { Entity, EntityManager, PrimaryKey, Property, wrap } from '@mikro-orm/core';

@Entity()
export class User {
  @PrimaryKey() id!: number;
  @Property() email!: string;
  @Property() displayName!: string;
  @Property({ hidden: true }) password!: string;
  @Property() role: string = 'member';
  @Property() createdAt = new Date();
}
`;
const mExpress = (body: string): string =>
  `${MIKRO}\nimport { Router } from 'express';\nimport { DI } from '../server';\n\nexport const router = Router();\nrouter.put('/users/:id', async (req, res) => {\n${body}\n  res.sendStatus(204);\n});\n`;

const mCreate = mExpress('  const user = DI.em.create(User, req.body);\n  await DI.em.persistAndFlush(user);');
const mAssign = mExpress('  const user = await DI.em.findOneOrFail(User, +req.params.id);\n  DI.em.assign(user, req.body);\n  await DI.em.flush();');
const mWrapAssign = mExpress('  const user = await DI.em.findOneOrFail(User, +req.params.id);\n  wrap(user).assign(req.body);\n  await DI.em.flush();');
const mRepo = mExpress(
  '  const repo = DI.em.getRepository(User);\n  const user = await repo.findOneOrFail(+req.params.id);\n  repo.assign(user, { ...req.body });\n  await DI.em.flush();',
);
const mNativeUpdate = mExpress('  await DI.em.nativeUpdate(User, { id: +req.params.id }, req.body);');
const mUpsert = mExpress('  await DI.em.upsert(User, req.body);');
const mAssignOnto = mExpress('  const user = await DI.em.findOneOrFail(User, +req.params.id);\n  Object.assign(user, req.body);\n  await DI.em.flush();');
const mNest = `${MIKRO}\nimport { Body, Controller, Post } from '@nestjs/common';\n\n@Controller('users')\nexport class UsersController {\n  constructor(private readonly em: EntityManager) {}\n\n  @Post()\n  async create(@Body() body: any) {\n    const user = this.em.create(User, body);\n    await this.em.flush();\n    return { id: user.id };\n  }\n}\n`;
const mKoa = `${MIKRO}\nimport Router from '@koa/router';\nimport { RequestContext } from '@mikro-orm/core';\n\nconst router = new Router();\nrouter.post('/users', async (ctx) => {\n  const em = RequestContext.getEntityManager()!;\n  em.create(User, ctx.request.body);\n  await em.flush();\n  ctx.status = 201;\n});\n`;

// ── Objection ──────────────────────────────────────────────────────────────────────────────────
const O_GUARDED = ' (including id, is_admin, password_hash)';
const O_FIELDS = 'first_name, last_name';
const OBJECTION = `import { Model } from 'objection';

export class Person extends Model {
  static tableName = 'persons';
  static jsonSchema = {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      first_name: { type: 'string' },
      last_name: { type: 'string' },
      is_admin: { type: 'boolean' },
      password_hash: { type: 'string' },
    },
  };
}
`;
const oPicks = (source: string): string => picks(source, ['first_name', 'last_name']);
const oExpress = (body: string): string =>
  `${OBJECTION}\nimport express from 'express';\n\nexport const router = express.Router();\nrouter.patch('/persons/:id', async (req, res) => {\n${body}\n  res.sendStatus(204);\n});\n`;

const oInsert = oExpress('  await Person.query().insert(req.body);');
const oPatch = oExpress('  await Person.query().findById(req.params.id).patch(req.body);');
const oUpdate = oExpress("  await Person.query().update(req.body).where('id', req.params.id);");
const oInsertGraph = oExpress('  await Person.query().insertGraph(req.body, { relate: true });');
const oUpsertGraph = oExpress('  await Person.query().upsertGraph({ id: Number(req.params.id), ...req.body });');
const oPatchAndFetch = oExpress('  const person = await Person.query().patchAndFetchById(req.params.id, req.body);\n  await audit(person.id);');
const oInstance = oExpress('  const person = await Person.query().findById(req.params.id).throwIfNotFound();\n  await person.$query().patch(req.body);');
const oAssignOnto = oExpress(
  '  const person = await Person.query().findById(req.params.id).throwIfNotFound();\n  Object.assign(person, req.body);\n  await person.$query().update();',
);
const oKoa = `${OBJECTION}\nimport Router from '@koa/router';\n\nconst router = new Router();\nrouter.post('/persons', async (ctx) => {\n  ctx.body = await Person.query().insert(ctx.request.body).returning('id');\n});\n`;
const oFastify = `${OBJECTION}\nimport Fastify from 'fastify';\n\nconst app = Fastify();\napp.patch('/persons/:id', async (request) => {\n  const data = { ...request.body };\n  await Person.query().findById(request.params.id).patch(data);\n  return { ok: true };\n});\n`;
const oHono = `${OBJECTION}\nimport { Hono } from 'hono';\n\nconst app = new Hono();\napp.post('/persons', async (c) => {\n  const body = await c.req.json();\n  await Person.query().insert(body);\n  return c.json({ ok: true }, 201);\n});\n`;

// ── SQL built from the input's keys ────────────────────────────────────────────────────────────
const KEYS_HOLE = "Object.keys(req.body).map((k, i) => `${k} = $${i + 1}`).join(', ')";
const sqlKeys = `import express from 'express';\nimport { Pool } from 'pg';\n\nconst pool = new Pool();\nconst app = express();\napp.patch('/users/:id', async (req, res) => {\n  await pool.query(\`UPDATE users SET \${${KEYS_HOLE}} WHERE id = $1\`);\n  res.sendStatus(204);\n});\n`;
const sqlEntries = `import express from 'express';\nimport { Pool } from 'pg';\n\nconst pool = new Pool();\nconst app = express();\napp.post('/users', async (req, res) => {\n  const entries = Object.entries(req.body);\n  await pool.query(\`INSERT INTO users (\${Object.keys(req.body).join(', ')}) VALUES (\${entries.map((_, i) => '$' + (i + 1)).join(', ')})\`, entries.map(([, v]) => v));\n  res.sendStatus(201);\n});\n`;

new RuleTester({ settings: appSettingsWithPrisma }).run('no-mass-assignment (Prisma)', rule, {
  assertionOptions: ASSERTIONS,
  valid: [
    // Explicit picks, destructured named fields, pick(), schema parses.
    pExpress('  await prisma.user.update({ where: { id: req.params.id }, data: { displayName: req.body.displayName } });'),
    pExpress('  const { email, displayName } = req.body;\n  await prisma.user.create({ data: { email, displayName } });'),
    pExpress("  await prisma.user.create({ data: pick(req.body, ['email', 'displayName']) });"),
    pExpress("  await prisma.user.create({ data: _.pick(req.body, 'email', 'displayName') });"),
    pExpress('  await prisma.user.create({ data: CreateUser.parse(req.body) });'),
    pExpress('  const data = await CreateUser.parseAsync(req.body);\n  await prisma.user.create({ data });'),
    pExpress('  await prisma.user.create({ data: v.parse(CreateUserSchema, req.body) });'),
    pExpress('  const data = await userSchema.validate(req.body, { stripUnknown: true });\n  await prisma.user.update({ where: { id: req.params.id }, data });'),
    // A variable that is reassigned to a pick before the write.
    pExpress('  let data = req.body;\n  data = { displayName: data.displayName };\n  await prisma.user.update({ where: { id: req.params.id }, data });'),
    // Request input used as a filter, not written.
    pExpress('  await prisma.user.findMany({ where: req.body });'),
    // NestJS with a DTO class (whitelisted by the ValidationPipe).
    `import { Body, Controller, Post } from '@nestjs/common';\nimport { PrismaService } from '../prisma/prisma.service';\nimport { CreateUserDto } from './dto/create-user.dto';\n\n@Controller('users')\nexport class UsersController {\n  constructor(private readonly prisma: PrismaService) {}\n\n  @Post()\n  create(@Body() dto: CreateUserDto) {\n    return this.prisma.user.create({ data: dto, select: { id: true } });\n  }\n}\n`,
    // Values built on the server.
    pExpress("  await prisma.user.update({ where: { id: req.params.id }, data: { role: 'member', resetToken: null } });"),
    // `Object.assign` onto something that is not an entity from a read.
    pExpress('  const options = { take: 10 };\n  Object.assign(options, req.body);\n  res.json(await prisma.user.count());'),
  ],
  invalid: [
    invalid(pCreate, [
      { input: 'req.body', write: 'prisma.user.create()', detail: P_GUARDED, value: 'req.body', fields: P_FIELDS, output: fix(pCreate, 'data: req.body', `data: ${picks('req.body')}`) },
    ]),
    invalid(pUpdate, [
      { input: 'req.body', write: 'prisma.user.update()', detail: P_GUARDED, value: 'req.body', after: 'data: ', fields: P_FIELDS, output: fix(pUpdate, 'data: req.body', `data: ${picks('req.body')}`) },
    ]),
    invalid(pUpsert, [
      { input: 'req.body', write: 'prisma.user.upsert()', detail: P_GUARDED, value: 'req.body', after: 'create: ', fields: P_FIELDS, output: fix(pUpsert, 'create: req.body', `create: ${picks('req.body')}`) },
      { input: 'req.body', write: 'prisma.user.upsert()', detail: P_GUARDED, value: 'req.body', after: 'update: ', fields: P_FIELDS, output: fix(pUpsert, 'update: req.body', `update: ${picks('req.body')}`) },
    ]),
    invalid(pUpdateMany, [
      {
        input: 'req.body',
        write: 'prisma.user.updateMany()',
        detail: P_GUARDED,
        value: '{ ...req.body }',
        fields: P_FIELDS,
        output: fix(pUpdateMany, '{ ...req.body }', `{ email: req.body.email, displayName: req.body.displayName }`),
      },
    ]),
    // Each element of a createMany array is a row.
    invalid(pCreateManyArray, [
      {
        input: 'req.body',
        write: 'prisma.user.createMany()',
        detail: P_GUARDED,
        value: 'req.body',
        after: '[',
        fields: P_FIELDS,
        output: fix(pCreateManyArray, '[req.body]', `[${picks('req.body')}]`),
      },
    ]),
    invalid(pConst, [
      { input: 'req.body', write: 'prisma.user.create()', detail: P_GUARDED, value: 'input', after: 'data: ', fields: P_FIELDS, output: fix(pConst, 'data: input', `data: ${picks('input')}`) },
    ]),
    // `Object.assign({}, body, …)`: reported; the call cannot be rewritten as a pick.
    invalid(pAssignEmpty, [
      { input: 'req.body', write: 'prisma.user.create()', detail: P_GUARDED, value: "Object.assign({}, req.body, { role: 'member' })", output: null },
    ]),
    // `structuredClone`, written through the `data` shorthand.
    invalid(pClone, [
      { input: 'req.body', write: 'prisma.user.create()', detail: P_GUARDED, value: 'data', after: '{ ', fields: P_FIELDS, output: fix(pClone, 'create({ data })', `create({ data: ${picks('data')} })`) },
    ]),
    // A rest-destructuring that drops a few keys still lets a client set every other column.
    invalid(pRest, [
      {
        input: 'req.body (rest)',
        write: 'prisma.user.update()',
        detail: P_GUARDED,
        value: 'changes',
        after: 'data: ',
        fields: P_FIELDS,
        output: fix(pRest, 'data: changes', `data: ${picks('changes')}`),
      },
    ]),
    invalid(pFastify, [
      {
        input: 'request.body',
        write: 'prisma.user.update()',
        detail: P_GUARDED,
        value: 'request.body',
        fields: P_FIELDS,
        output: fix(pFastify, 'data: request.body', `data: ${picks('request.body')}`),
      },
    ]),
    invalid(pKoa, [
      {
        input: 'ctx.request.body',
        write: 'prisma.user.create()',
        detail: P_GUARDED,
        value: '{ ...ctx.request.body }',
        fields: P_FIELDS,
        output: fix(pKoa, '{ ...ctx.request.body }', picks('ctx.request.body')),
      },
    ]),
    // Read inline: it cannot be repeated in a pick, so no suggestion.
    invalid(pHono, [{ input: 'await c.req.json()', write: 'prisma.user.update()', detail: P_GUARDED, value: 'await c.req.json()', output: null }]),
    invalid(pNext, [
      { input: 'await request.json()', write: 'prisma.user.create()', detail: P_GUARDED, value: '{ ...body }', fields: P_FIELDS, output: fix(pNext, '{ ...body }', picks('body')) },
    ]),
    invalid(pFormData, [
      {
        input: 'await request.formData()',
        write: 'prisma.user.create()',
        detail: P_GUARDED,
        value: 'values',
        after: 'data: ',
        fields: P_FIELDS,
        output: fix(pFormData, 'data: values', `data: ${picks('values')}`),
      },
    ]),
    ...['body: any', 'body', 'body: Record<string, unknown>', 'body: { [key: string]: unknown }'].map((param) => {
      const code = pNest(param);
      return invalid(code, [
        {
          input: '@Body() body',
          write: 'this.prisma.user.update()',
          detail: P_GUARDED,
          value: 'body',
          after: 'data: ',
          fields: P_FIELDS,
          output: fix(code, 'data: body', `data: ${picks('body')}`),
        },
      ]);
    }),
    // `Object.assign` onto an entity that came from a read.
    invalid(pAssignOnto, [{ input: 'req.body', write: 'Object.assign() onto user', detail: '', value: 'req.body', output: null }]),
  ],
});

new RuleTester().run('no-mass-assignment (TypeORM, MikroORM, Objection, SQL)', rule, {
  assertionOptions: ASSERTIONS,
  valid: [
    // TypeORM: picks, named fields, an entity built field by field, a DTO class.
    tExpress('  await users.update(req.params.id, { displayName: req.body.displayName });'),
    tExpress('  const { email, displayName } = req.body;\n  await users.save({ email, displayName });'),
    tExpress('  const user = new User();\n  user.email = req.body.email;\n  user.displayName = req.body.displayName;\n  await users.save(user);'),
    tExpress('  await users.save(users.create(UpdateUserSchema.parse(req.body)));'),
    tExpress("  await users.createQueryBuilder().update(User).set({ displayName: req.body.displayName }).where('id = :id', { id: req.params.id }).execute();"),
    tNest('dto: CreateUserDto', 'this.users.save(dto)'),
    // A cache, not a repository.
    tExpress('  const cache = new Map<string, unknown>();\n  cache.set(req.params.id, req.body);'),
    // MikroORM: picks, and assign of picked fields.
    mExpress('  const user = DI.em.create(User, { email: req.body.email, displayName: req.body.displayName });\n  await DI.em.flush();'),
    mExpress('  const user = await DI.em.findOneOrFail(User, +req.params.id);\n  wrap(user).assign({ displayName: req.body.displayName });\n  await DI.em.flush();'),
    mExpress('  const user = DI.em.create(User, await UserInput.parseAsync(req.body));\n  await DI.em.flush();'),
    // Objection: picks and schema parses.
    oExpress('  await Person.query().insert({ first_name: req.body.first_name, last_name: req.body.last_name });'),
    oExpress("  await Person.query().findById(req.params.id).patch(pick(req.body, ['first_name', 'last_name']));"),
    oExpress('  await Person.query().insert(PersonInput.parse(req.body));'),
    // SQL with fixed columns and the input as values only.
    `import express from 'express';\nimport { Pool } from 'pg';\n\nconst pool = new Pool();\nconst app = express();\napp.patch('/users/:id', async (req, res) => {\n  await pool.query('UPDATE users SET display_name = $1 WHERE id = $2', [req.body.displayName, req.params.id]);\n  res.sendStatus(204);\n});\n`,
  ],
  invalid: [
    // ── TypeORM ──
    invalid(tSave, [
      { input: 'req.body', write: 'users.save()', detail: T_GUARDED, value: 'req.body', fields: P_FIELDS, output: fix(tSave, 'save(req.body)', `save(${picks('req.body')})`) },
    ]),
    invalid(tInsert, [
      { input: 'req.body', write: 'users.insert()', detail: T_GUARDED, value: '{ ...req.body }', fields: P_FIELDS, output: fix(tInsert, '{ ...req.body }', picks('req.body')) },
    ]),
    invalid(tUpdate, [
      { input: 'req.body', write: 'users.update()', detail: T_GUARDED, value: 'req.body', after: 'id, ', fields: P_FIELDS, output: fix(tUpdate, ', req.body)', `, ${picks('req.body')})`) },
    ]),
    invalid(tUpdateWhere, [
      { input: 'req.body', write: 'users.update()', detail: T_GUARDED, value: 'changes', after: '}, ', fields: P_FIELDS, output: fix(tUpdateWhere, '}, changes)', `}, ${picks('changes')})`) },
    ]),
    invalid(tCreate, [
      { input: 'req.body', write: 'users.create()', detail: T_GUARDED, value: 'req.body', fields: P_FIELDS, output: fix(tCreate, 'create(req.body)', `create(${picks('req.body')})`) },
    ]),
    invalid(tMerge, [
      { input: 'req.body', write: 'users.merge()', detail: T_GUARDED, value: 'req.body', after: 'user, ', fields: P_FIELDS, output: fix(tMerge, 'merge(user, req.body)', `merge(user, ${picks('req.body')})`) },
    ]),
    invalid(tPreload, [
      {
        input: 'req.body',
        write: 'users.preload()',
        detail: T_GUARDED,
        value: '{ id: req.params.id, ...req.body }',
        fields: P_FIELDS,
        output: fix(tPreload, '...req.body }', 'email: req.body.email, displayName: req.body.displayName }'),
      },
    ]),
    invalid(tManagerSave, [
      {
        input: 'req.body',
        write: 'AppDataSource.manager.save()',
        detail: T_GUARDED,
        value: 'req.body',
        fields: P_FIELDS,
        output: fix(tManagerSave, 'save(User, req.body)', `save(User, ${picks('req.body')})`),
      },
    ]),
    invalid(tManagerUpdate, [
      {
        input: 'req.body',
        write: 'AppDataSource.manager.update()',
        detail: T_GUARDED,
        value: 'req.body',
        after: '}, ',
        fields: P_FIELDS,
        output: fix(tManagerUpdate, '}, req.body)', `}, ${picks('req.body')})`),
      },
    ]),
    invalid(tManagerCreate, [
      {
        input: 'req.body',
        write: 'AppDataSource.manager.create()',
        detail: T_GUARDED,
        value: 'req.body',
        fields: P_FIELDS,
        output: fix(tManagerCreate, 'create(User, req.body)', `create(User, ${picks('req.body')})`),
      },
    ]),
    invalid(tQbSet, [
      {
        input: 'req.body',
        write: 'users.createQueryBuilder().update(User).set()',
        detail: T_GUARDED,
        value: 'req.body',
        fields: P_FIELDS,
        output: fix(tQbSet, 'set(req.body)', `set(${picks('req.body')})`),
      },
    ]),
    invalid(tQbValues, [
      {
        input: 'req.body',
        write: 'AppDataSource.createQueryBuilder().insert().into(User).values()',
        detail: T_GUARDED,
        value: 'req.body',
        fields: P_FIELDS,
        output: fix(tQbValues, 'values(req.body)', `values(${picks('req.body')})`),
      },
    ]),
    invalid(tAssignOnto, [{ input: 'req.body', write: 'Object.assign() onto user', detail: '', value: 'req.body', after: 'user, ', output: null }]),
    invalid(tTransaction, [
      {
        input: 'req.body',
        write: 'manager.update()',
        detail: T_GUARDED,
        value: 'req.body',
        after: '}, ',
        fields: P_FIELDS,
        output: fix(tTransaction, '}, req.body)', `}, ${picks('req.body')})`),
      },
    ]),
    invalid(tKoa, [
      {
        input: 'ctx.request.body',
        write: 'AppDataSource.getRepository(User).save()',
        detail: T_GUARDED,
        value: 'ctx.request.body',
        fields: P_FIELDS,
        output: fix(tKoa, 'save(ctx.request.body)', `save(${picks('ctx.request.body')})`),
      },
    ]),
    invalid(tFastify, [
      {
        input: 'request.body',
        write: 'AppDataSource.getRepository(User).insert()',
        detail: T_GUARDED,
        value: 'request.body',
        fields: P_FIELDS,
        output: fix(tFastify, 'insert(request.body)', `insert(${picks('request.body')})`),
      },
    ]),
    ...['body: any', 'body'].map((param) => {
      const code = tNest(param);
      return invalid(code, [
        { input: '@Body() body', write: 'this.users.save()', detail: T_GUARDED, value: 'body', after: 'save(', fields: P_FIELDS, output: fix(code, 'save(body)', `save(${picks('body')})`) },
      ]);
    }),
    invalid(tNestRecord, [
      {
        input: '@Body() body',
        write: 'this.users.create()',
        detail: T_GUARDED,
        value: 'body',
        after: 'create(',
        fields: P_FIELDS,
        output: fix(tNestRecord, 'this.users.create(body)', `this.users.create(${picks('body')})`),
      },
    ]),
    // ── MikroORM ──
    invalid(mCreate, [
      { input: 'req.body', write: 'DI.em.create()', detail: M_GUARDED, value: 'req.body', fields: P_FIELDS, output: fix(mCreate, 'create(User, req.body)', `create(User, ${picks('req.body')})`) },
    ]),
    // The assign target came from a read of User: the suggestion knows its fields.
    invalid(mAssign, [
      { input: 'req.body', write: 'DI.em.assign()', detail: M_GUARDED, value: 'req.body', after: 'user, ', fields: P_FIELDS, output: fix(mAssign, 'assign(user, req.body)', `assign(user, ${picks('req.body')})`) },
    ]),
    invalid(mWrapAssign, [
      { input: 'req.body', write: 'wrap(user).assign()', detail: M_GUARDED, value: 'req.body', after: 'assign(', fields: P_FIELDS, output: fix(mWrapAssign, 'assign(req.body)', `assign(${picks('req.body')})`) },
    ]),
    invalid(mRepo, [
      {
        input: 'req.body',
        write: 'repo.assign()',
        detail: M_GUARDED,
        value: '{ ...req.body }',
        fields: P_FIELDS,
        output: fix(mRepo, '{ ...req.body }', picks('req.body')),
      },
    ]),
    invalid(mNativeUpdate, [
      {
        input: 'req.body',
        write: 'DI.em.nativeUpdate()',
        detail: M_GUARDED,
        value: 'req.body',
        after: '}, ',
        fields: P_FIELDS,
        output: fix(mNativeUpdate, '}, req.body)', `}, ${picks('req.body')})`),
      },
    ]),
    invalid(mUpsert, [
      { input: 'req.body', write: 'DI.em.upsert()', detail: M_GUARDED, value: 'req.body', fields: P_FIELDS, output: fix(mUpsert, 'upsert(User, req.body)', `upsert(User, ${picks('req.body')})`) },
    ]),
    invalid(mAssignOnto, [{ input: 'req.body', write: 'Object.assign() onto user', detail: '', value: 'req.body', after: 'user, ', output: null }]),
    invalid(mNest, [
      { input: '@Body() body', write: 'this.em.create()', detail: M_GUARDED, value: 'body', after: 'User, ', fields: P_FIELDS, output: fix(mNest, 'create(User, body)', `create(User, ${picks('body')})`) },
    ]),
    invalid(mKoa, [
      {
        input: 'ctx.request.body',
        write: 'em.create()',
        detail: M_GUARDED,
        value: 'ctx.request.body',
        fields: P_FIELDS,
        output: fix(mKoa, 'create(User, ctx.request.body)', `create(User, ${picks('ctx.request.body')})`),
      },
    ]),
    // ── Objection ──
    invalid(oInsert, [
      { input: 'req.body', write: 'Person.query().insert()', detail: O_GUARDED, value: 'req.body', fields: O_FIELDS, output: fix(oInsert, 'insert(req.body)', `insert(${oPicks('req.body')})`) },
    ]),
    invalid(oPatch, [
      {
        input: 'req.body',
        write: 'Person.query().findById(req.params.id).patch()',
        detail: O_GUARDED,
        value: 'req.body',
        after: 'patch(',
        fields: O_FIELDS,
        output: fix(oPatch, 'patch(req.body)', `patch(${oPicks('req.body')})`),
      },
    ]),
    invalid(oUpdate, [
      { input: 'req.body', write: 'Person.query().update()', detail: O_GUARDED, value: 'req.body', fields: O_FIELDS, output: fix(oUpdate, 'update(req.body)', `update(${oPicks('req.body')})`) },
    ]),
    invalid(oInsertGraph, [
      {
        input: 'req.body',
        write: 'Person.query().insertGraph()',
        detail: O_GUARDED,
        value: 'req.body',
        fields: O_FIELDS,
        output: fix(oInsertGraph, 'insertGraph(req.body', `insertGraph(${oPicks('req.body')}`),
      },
    ]),
    invalid(oUpsertGraph, [
      {
        input: 'req.body',
        write: 'Person.query().upsertGraph()',
        detail: O_GUARDED,
        value: '{ id: Number(req.params.id), ...req.body }',
        fields: O_FIELDS,
        output: fix(oUpsertGraph, '...req.body }', 'first_name: req.body.first_name, last_name: req.body.last_name }'),
      },
    ]),
    invalid(oPatchAndFetch, [
      {
        input: 'req.body',
        write: 'Person.query().patchAndFetchById()',
        detail: O_GUARDED,
        value: 'req.body',
        after: 'id, ',
        fields: O_FIELDS,
        output: fix(oPatchAndFetch, 'id, req.body)', `id, ${oPicks('req.body')})`),
      },
    ]),
    // The instance's model is not resolved: reported without the field list.
    invalid(oInstance, [{ input: 'req.body', write: 'person.$query().patch()', detail: '', value: 'req.body', after: 'patch(', output: null }]),
    invalid(oAssignOnto, [{ input: 'req.body', write: 'Object.assign() onto person', detail: '', value: 'req.body', after: 'person, ', output: null }]),
    invalid(oKoa, [
      {
        input: 'ctx.request.body',
        write: 'Person.query().insert()',
        detail: O_GUARDED,
        value: 'ctx.request.body',
        fields: O_FIELDS,
        output: fix(oKoa, 'insert(ctx.request.body)', `insert(${oPicks('ctx.request.body')})`),
      },
    ]),
    invalid(oFastify, [
      {
        input: 'request.body',
        write: 'Person.query().findById(request.params.id).patch()',
        detail: O_GUARDED,
        value: 'data',
        after: 'patch(',
        fields: O_FIELDS,
        output: fix(oFastify, 'patch(data)', `patch(${oPicks('data')})`),
      },
    ]),
    invalid(oHono, [
      { input: 'await c.req.json()', write: 'Person.query().insert()', detail: O_GUARDED, value: 'body', after: 'insert(', fields: O_FIELDS, output: fix(oHono, 'insert(body)', `insert(${oPicks('body')})`) },
    ]),
    // ── SQL whose columns come from the input's keys ──
    invalid(sqlKeys, [{ input: 'req.body', write: 'SQL built from its keys', detail: '', value: KEYS_HOLE, output: null }]),
    invalid(sqlEntries, [{ input: 'req.body', write: 'SQL built from its keys', detail: '', value: "Object.keys(req.body).join(', ')", output: null }]),
  ],
});
