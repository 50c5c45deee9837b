/**
 * no-full-entity-response with Prisma: the read forms beyond the core file (findFirst/…OrThrow,
 * writes whose returned row reaches a response, `$transaction([...])`, `include`, a relation
 * selected whole, `omit` and its bypass, a global `omit`, NestJS services and controllers, tRPC
 * routers that only see `ctx.prisma`), and the lookalikes that are not Prisma.
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-full-entity-response.js';
import { ASSERTIONS } from '../support/assertions.js';
import { reportCases } from '../support/entity-cases.js';
import { fix } from '../support/position.js';
import { appSettingsWithPrisma } from '../support/settings.js';

const ruleTester = new RuleTester({ settings: appSettingsWithPrisma });

const USER_SECRETS = ' (passwordHash, resetToken)';
const invalid = reportCases(USER_SECRETS);
const USER_SAFE = 'id, email, displayName, role, createdAt';
const USER_SELECT = 'select: { id: true, email: true, displayName: true, role: true, createdAt: true }';
const POST_SAFE = 'id, title, body, authorId';
const POST_SELECT = 'select: { id: true, title: true, body: true, authorId: true }';


const router = (body: string, client = 'new PrismaClient()'): string =>
  `import { Router } from 'express';\nimport { PrismaClient } from '@prisma/client';\n\nconst prisma = ${client};\nexport const users = Router();\n\nusers.get('/users/:id', async (req, res, next) => {\n${body}\n});\n`;
const RES = '`res.json`';

// ── findFirst / findFirstOrThrow / findUnique / findUniqueOrThrow ──────────────────────────────
const findFirst = router(
  "  const user = await prisma.user.findFirst({ where: { email: String(req.query.email) } });\n  if (!user) return res.sendStatus(404);\n  res.json(user);",
);
const findFirstOrThrow = router(
  '  try {\n    const user = await prisma.user.findFirstOrThrow({ where: { id: req.params.id, role: "member" } });\n    res.status(200).json({ user });\n  } catch (e) {\n    next(e);\n  }',
);
const fastifyUnique = `import Fastify from 'fastify';\nimport { prisma } from './lib/prisma';\n\nconst app = Fastify();\napp.get('/users/:id', async (request, reply) => {\n  const user = await prisma.user.findUniqueOrThrow({ where: { id: request.params.id } });\n  reply.send(user);\n});\n`;
const honoUnique = `import { Hono } from 'hono';\nimport { db } from '../db';\n\nconst app = new Hono();\napp.get('/users/:id', async (c) => {\n  const user = await db.user.findUnique({ where: { id: c.req.param('id') } });\n  return user ? c.json(user) : c.notFound();\n});\n`;

// ── writes whose returned row reaches the response ─────────────────────────────────────────────
const createReturned = `import { Router } from 'express';\nimport { prisma } from '../prisma';\nimport { hash } from '../auth';\n\nexport const signup = Router();\nsignup.post('/signup', async (req, res) => {\n  const user = await prisma.user.create({\n    data: { email: req.body.email, displayName: req.body.displayName, passwordHash: await hash(req.body.password) },\n  });\n  res.status(201).json(user);\n});\n`;
const updateNext = `import { NextResponse } from 'next/server';\nimport { prisma } from '@/lib/prisma';\n\nexport async function PATCH(request: Request, { params }: { params: { id: string } }) {\n  const { displayName } = await request.json();\n  const user = await prisma.user.update({ where: { id: params.id }, data: { displayName: String(displayName) } });\n  return NextResponse.json(user);\n}\n`;
const upsertHono = `import { Hono } from 'hono';\nimport { PrismaClient } from '@prisma/client';\n\nconst prisma = new PrismaClient();\nconst app = new Hono();\napp.put('/users/by-email/:email', async (c) => {\n  const email = c.req.param('email');\n  const user = await prisma.user.upsert({ where: { email }, create: { email, displayName: email, passwordHash: '' }, update: {} });\n  return c.json({ user }, 200);\n});\n`;
const deleteKoa = `import Router from '@koa/router';\nimport { prisma } from './db/client';\n\nconst router = new Router();\nrouter.delete('/users/:id', async (ctx) => {\n  ctx.body = await prisma.user.delete({ where: { id: ctx.params.id } });\n});\n`;
const createManyAndReturn = router(
  "  const created = await prisma.user.createManyAndReturn({ data: [{ email: 'a@example.com', displayName: 'A', passwordHash: '' }] });\n  res.json({ created });",
);
const trpcMutation = `import { z } from 'zod';\nimport { protectedProcedure, createTRPCRouter } from '~/server/api/trpc';\n\nexport const profileRouter = createTRPCRouter({\n  rename: protectedProcedure.input(z.object({ displayName: z.string().min(1) })).mutation(({ ctx, input }) => {\n    return ctx.prisma.user.update({ where: { id: ctx.session.user.id }, data: { displayName: input.displayName } });\n  }),\n});\n`;

// ── transactions and Promise.all ───────────────────────────────────────────────────────────────
const transactionPair = router(
  '  const [user, posts] = await prisma.$transaction([\n    prisma.user.findUnique({ where: { id: req.params.id } }),\n    prisma.post.findMany({ where: { authorId: req.params.id } }),\n  ]);\n  res.json({ user, posts });',
);
const promiseAll = router(
  '  const [items, total] = await Promise.all([prisma.user.findMany({ take: 20 }), prisma.user.count()]);\n  res.json({ items, total });',
);

// ── relations ──────────────────────────────────────────────────────────────────────────────────
const includePosts = router(
  '  const user = await prisma.user.findUnique({ where: { id: req.params.id }, include: { posts: true } });\n  res.json(user);',
);
const includeNarrowed = router(
  "  const posts = await prisma.post.findMany({ where: { authorId: req.params.id }, include: { author: { select: { id: true, displayName: true } } } });\n  res.json(posts);",
);
const selectAuthorWhole = router(
  '  const posts = await prisma.post.findMany({ select: { id: true, title: true, author: true } });\n  res.json(posts);',
);
const includeFalse = router(
  '  const posts = await prisma.post.findMany({ include: { author: false } });\n  res.json(posts);',
);

// ── the fluent API: `findUnique(…).posts()` returns the related rows ──────────────────────────
const fluentPosts = router('  const posts = await prisma.user.findUnique({ where: { id: req.params.id } }).posts();\n  res.json(posts);');
const fluentAuthor = router(
  '  res.json(await prisma.post.findFirstOrThrow({ where: { id: req.params.id } }).author());',
);
const fluentWithInclude = router(
  "  res.json(await prisma.user.findUnique({ where: { id: req.params.id } }).posts({ include: { author: true }, orderBy: { id: 'desc' } }));",
);

// ── `delete user.field` before the response ─────────────────────────────────────────────────────
const deleteOne = router('  const user = await prisma.user.findUnique({ where: { id: req.params.id } });\n  delete user.passwordHash;\n  res.json(user);');
const deleteAfter = router('  const user = await prisma.user.findUnique({ where: { id: req.params.id } });\n  res.json(user);\n  delete user.passwordHash;');

// ── omit ───────────────────────────────────────────────────────────────────────────────────────
const omitOne = router('  res.json(await prisma.user.findMany({ omit: { passwordHash: true } }));');
const omitBypass = router('  res.json(await prisma.user.findMany({ omit: { passwordHash: false } }));');
const GLOBAL_OMIT_ONE = 'new PrismaClient({ omit: { user: { passwordHash: true } } })';
const GLOBAL_OMIT_BOTH = 'new PrismaClient({ omit: { user: { passwordHash: true, resetToken: true } } })';
const globalOmitOne = router('  res.json(await prisma.user.findUnique({ where: { id: req.params.id } }));', GLOBAL_OMIT_ONE);
const globalOmitOtherModel = router(
  '  res.json(await prisma.user.findUnique({ where: { id: req.params.id } }));',
  'new PrismaClient({ omit: { post: { body: true } } })',
);

// ── NestJS ─────────────────────────────────────────────────────────────────────────────────────
const nestService = `import { Controller, Get, Injectable, Param } from '@nestjs/common';\nimport { PrismaService } from '../prisma/prisma.service';\n\n@Injectable()\nexport class UsersService {\n  constructor(private readonly prisma: PrismaService) {}\n\n  findOne(id: string) {\n    return this.prisma.user.findUnique({ where: { id } });\n  }\n}\n\n@Controller('users')\nexport class UsersController {\n  constructor(private readonly usersService: UsersService) {}\n\n  @Get(':id')\n  findOne(@Param('id') id: string) {\n    return this.usersService.findOne(id);\n  }\n}\n`;
const nestController = `import { Controller, Get, NotFoundException, Param } from '@nestjs/common';\nimport { PrismaService } from '../prisma/prisma.service';\n\n@Controller('users')\nexport class UsersController {\n  constructor(private readonly prisma: PrismaService) {}\n\n  @Get(':id')\n  async findOne(@Param('id') id: string) {\n    const user = await this.prisma.user.findFirst({ where: { id } });\n    if (!user) throw new NotFoundException();\n    return user;\n  }\n}\n`;
const nestLocalPrismaService = `import { Controller, Get, Injectable, OnModuleInit } from '@nestjs/common';\nimport { PrismaClient } from '@prisma/client';\n\n@Injectable()\nexport class PrismaService extends PrismaClient implements OnModuleInit {\n  async onModuleInit() {\n    await this.$connect();\n  }\n}\n\n@Controller('admin/users')\nexport class AdminUsersController {\n  constructor(private readonly db: PrismaService) {}\n\n  @Get()\n  list() {\n    return this.db.user.findMany({ orderBy: { createdAt: 'desc' } });\n  }\n}\n`;

// ── other clients and sinks ────────────────────────────────────────────────────────────────────
const extended = `import express from 'express';\nimport { PrismaClient } from '@prisma/client';\n\nconst prisma = new PrismaClient().$extends({ query: { $allOperations: ({ args, query }) => query(args) } });\nconst app = express();\napp.get('/users', async (req, res) => {\n  res.json(await prisma.user.findMany());\n});\n`;
const thenChain = router('  prisma.user.findUnique({ where: { id: req.params.id } }).then((user) => res.json(user), next);');
const spreadIntoResponse = router(
  '  const user = await prisma.user.findUnique({ where: { id: req.params.id } });\n  res.json({ ...user, isSelf: user?.id === req.user.id });',
);
const getServerSideProps = `import type { GetServerSideProps } from 'next';\nimport { prisma } from '../../lib/prisma';\n\nexport const getServerSideProps: GetServerSideProps = async ({ params }) => {\n  const user = await prisma.user.findUnique({ where: { id: String(params?.id) } });\n  return { props: { user } };\n};\n`;
const getServerSidePropsFn = `import { prisma } from '../../lib/prisma';\n\nexport async function getServerSideProps({ params }) {\n  const user = await prisma.user.findUnique({ where: { id: params.id } });\n  if (!user) return { notFound: true };\n  return { props: { user } };\n}\n`;
const hapi = `import Hapi from '@hapi/hapi';\nimport { PrismaClient } from '@prisma/client';\n\nconst prisma = new PrismaClient();\nconst server = Hapi.server({ port: 3000 });\nserver.route({\n  method: 'GET',\n  path: '/users/{id}',\n  handler: async (request, h) => {\n    return prisma.user.findUnique({ where: { id: request.params.id } });\n  },\n});\n`;
const trpcQuery = `import { publicProcedure, router } from '../trpc';\n\nexport const usersRouter = router({\n  me: publicProcedure.query(({ ctx }) => ctx.prisma.user.findUnique({ where: { id: ctx.userId } })),\n});\n`;

ruleTester.run('no-full-entity-response (Prisma)', rule, {
  assertionOptions: ASSERTIONS,
  valid: [
    // Projections.
    fix(findFirst, "findFirst({ where", `findFirst({ ${USER_SELECT}, where`),
    router('  res.json(await prisma.user.findUniqueOrThrow({ where: { id: req.params.id }, select: { id: true, displayName: true } }));'),
    `import express from 'express';\nimport { PrismaClient } from '@prisma/client';\n\nconst prisma = new PrismaClient();\nconst publicUser = { id: true, displayName: true } as const;\nconst app = express();\napp.get('/users', async (req, res) => {\n  res.json(await prisma.user.findMany({ select: publicUser }));\n});\n`,
    // A relation narrowed inside a projection; `_count` is not a relation.
    router(
      '  res.json(await prisma.post.findMany({ select: { id: true, title: true, author: { select: { displayName: true } } } }));',
    ),
    router('  res.json(await prisma.user.findMany({ select: { id: true, _count: { select: { posts: true } } } }));'),
    // Fluent relation reads narrowed by their own `select`, a second fluent step (not followed),
    // fluent calls on a read Prisma has no fluent API for, and a fluent read kept on the server.
    router("  res.json(await prisma.user.findUnique({ where: { id: req.params.id } }).posts({ select: { id: true, title: true } }));"),
    router('  res.json(await prisma.post.findUnique({ where: { id: req.params.id } }).author().posts());'),
    router('  const n = (await prisma.user.findUnique({ where: { id: req.params.id } }).posts()).length;\n  res.json({ n });'),
    router('  const posts = await prisma.user.findUnique({ where: { id: req.params.id } }).posts();\n  res.json(posts.map((p) => ({ id: p.id, title: p.title })));'),
    // Every secret deleted before the response.
    router('  const user = await prisma.user.findUnique({ where: { id: req.params.id } });\n  delete user.passwordHash;\n  delete user.resetToken;\n  res.json(user);'),
    // `omit` that leaves no secret, per query or global for the model.
    router('  res.json(await prisma.user.findUnique({ where: { id: req.params.id }, omit: { passwordHash: true, resetToken: true } }));'),
    router('  res.json(await prisma.user.findMany());', GLOBAL_OMIT_BOTH),
    // The written row does not reach the response, or only picked fields do.
    router(
      "  const user = await prisma.user.create({ data: { email: req.body.email, displayName: req.body.displayName, passwordHash: '' } });\n  res.status(201).json({ id: user.id });",
    ),
    router('  await prisma.user.delete({ where: { id: req.params.id } });\n  res.sendStatus(204);'),
    router(
      "  const user = await prisma.user.update({ where: { id: req.params.id }, data: { role: 'admin' } });\n  await audit.log('promote', user.id);\n  res.json({ ok: true });",
    ),
    // Only the count of a transaction pair is sent.
    router(
      '  const [user, total] = await prisma.$transaction([prisma.user.findUnique({ where: { id: req.params.id } }), prisma.post.count()]);\n  res.json({ total, found: user !== null });',
    ),
    // Counted, checked, compared on the server.
    router('  res.json({ count: await prisma.user.count({ where: { role: "admin" } }) });'),
    router("  res.json(await prisma.user.groupBy({ by: ['role'], _count: true }));"),
    router('  const user = await prisma.user.findUnique({ where: { email: req.body.email } });\n  res.json({ available: !user });'),
    router(
      '  const user = await prisma.user.findUnique({ where: { email: req.body.email } });\n  if (!user || !(await verify(user.passwordHash, req.body.password))) return res.sendStatus(401);\n  res.json({ id: user.id, displayName: user.displayName });',
    ),
    // Mapped, parsed, rest-destructured.
    router('  const list = await prisma.user.findMany();\n  res.json(list.map((u) => ({ id: u.id, displayName: u.displayName })));'),
    router('  const list = await prisma.user.findMany();\n  res.json(list.map(toPublicUser));'),
    router('  res.json(PublicUserSchema.parse(await prisma.user.findUniqueOrThrow({ where: { id: req.params.id } })));'),
    router(
      '  const user = await prisma.user.findFirstOrThrow({ where: { id: req.params.id } });\n  const { passwordHash, resetToken, ...profile } = user;\n  res.json(profile);',
    ),
    // Arguments that cannot be read statically: the rule cannot decide.
    router('  res.json(await prisma.user.findMany(buildQuery(req.query)));'),
    // Background job: nothing reaches a response.
    `import { PrismaClient } from '@prisma/client';\n\nconst prisma = new PrismaClient();\nexport async function sendWeeklyDigest() {\n  const users = await prisma.user.findMany({ where: { role: 'member' } });\n  for (const user of users) await mailer.send(user.email, 'digest');\n}\n`,
    // GraphQL resolvers: the GraphQL schema chooses the fields.
    `import { Args, Query, Resolver } from '@nestjs/graphql';\nimport { PrismaService } from './prisma.service';\n\n@Resolver('User')\nexport class UsersResolver {\n  constructor(private readonly prisma: PrismaService) {}\n\n  @Query('user')\n  user(@Args('id') id: string) {\n    return this.prisma.user.findUnique({ where: { id } });\n  }\n}\n`,
    // A service returning entities is only reported in `escaping` mode.
    nestService.slice(0, nestService.indexOf('@Controller')),
    // Lookalikes with no Prisma evidence.
    `import express from 'express';\nimport { prisma } from './prisma';\n\nconst app = express();\nconst sessions = new Map<string, { userId: string }>();\napp.delete('/sessions/:id', (req, res) => {\n  res.json({ deleted: sessions.delete(req.params.id) });\n});\n`,
    `import express from 'express';\nimport { prisma } from './prisma';\n\nconst app = express();\nconst cache = { user: { findMany: async () => [] as unknown[] } };\napp.get('/users', async (req, res) => {\n  res.json(await cache.user.findMany());\n});\n`,
    `import express from 'express';\nimport { redis } from './redis';\n\nconst app = express();\napp.get('/users', async (req, res) => {\n  res.json(await redis.user.findMany());\n});\n`,
    `import express from 'express';\nimport { db } from './db';\nimport { users } from './schema';\nimport { drizzle } from 'drizzle-orm/node-postgres';\n\nconst app = express();\napp.get('/users', async (req, res) => {\n  res.json(await db.user.findMany());\n});\n`,
    `import express from 'express';\nimport { prisma } from './prisma';\n\nconst app = express();\nconst all = [{ id: '1', displayName: 'a' }];\napp.get('/users/:id', (req, res) => {\n  res.json(all.find((u) => u.id === req.params.id));\n});\n`,
    `import { Controller, Get } from '@nestjs/common';\nimport { UsersService } from './users.service';\n\n@Controller('users')\nexport class UsersController {\n  constructor(private readonly usersService: UsersService) {}\n\n  @Get()\n  findAll() {\n    return this.usersService.findMany();\n  }\n}\n`,
  ],
  invalid: [
    invalid(findFirst, [
      {
        call: 'prisma.user.findFirst()',
        at: 'findFirst',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(findFirst, 'findFirst({ where', `findFirst({ ${USER_SELECT}, where`) },
      },
    ]),
    invalid(findFirstOrThrow, [
      {
        call: 'prisma.user.findFirstOrThrow()',
        at: 'findFirstOrThrow',
        sink: RES,
        suggest: {
          id: 'selectFields',
          fields: USER_SAFE,
          output: fix(findFirstOrThrow, 'findFirstOrThrow({ where', `findFirstOrThrow({ ${USER_SELECT}, where`),
        },
      },
    ]),
    invalid(fastifyUnique, [
      {
        call: 'prisma.user.findUniqueOrThrow()',
        at: 'findUniqueOrThrow',
        sink: '`reply.send`',
        suggest: {
          id: 'selectFields',
          fields: USER_SAFE,
          output: fix(fastifyUnique, 'findUniqueOrThrow({ where', `findUniqueOrThrow({ ${USER_SELECT}, where`),
        },
      },
    ]),
    // An imported `db` from a db module, in a file with no other database library.
    invalid(honoUnique, [
      {
        call: 'db.user.findUnique()',
        at: 'findUnique',
        sink: '`c.json`',
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(honoUnique, 'findUnique({ where', `findUnique({ ${USER_SELECT}, where`) },
      },
    ]),
    invalid(createReturned, [
      {
        call: 'prisma.user.create()',
        at: 'create',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(createReturned, 'create({\n    data', `create({\n    ${USER_SELECT}, data`) },
      },
    ]),
    invalid(updateNext, [
      {
        call: 'prisma.user.update()',
        at: 'update',
        sink: '`NextResponse.json`',
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(updateNext, 'update({ where', `update({ ${USER_SELECT}, where`) },
      },
    ]),
    invalid(upsertHono, [
      {
        call: 'prisma.user.upsert()',
        at: 'upsert',
        sink: '`c.json`',
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(upsertHono, 'upsert({ where', `upsert({ ${USER_SELECT}, where`) },
      },
    ]),
    invalid(deleteKoa, [
      {
        call: 'prisma.user.delete()',
        at: 'delete',
        nth: 1,
        sink: '`ctx.body`',
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(deleteKoa, 'delete({ where', `delete({ ${USER_SELECT}, where`) },
      },
    ]),
    invalid(createManyAndReturn, [
      {
        call: 'prisma.user.createManyAndReturn()',
        at: 'createManyAndReturn',
        sink: RES,
        suggest: {
          id: 'selectFields',
          fields: USER_SAFE,
          output: fix(createManyAndReturn, 'createManyAndReturn({ data', `createManyAndReturn({ ${USER_SELECT}, data`),
        },
      },
    ]),
    // tRPC: the client comes through the context, with no Prisma import in the router file.
    invalid(trpcMutation, [
      {
        call: 'ctx.prisma.user.update()',
        at: 'update',
        sink: "the tRPC `mutation` resolver's `return`",
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(trpcMutation, 'update({ where', `update({ ${USER_SELECT}, where`) },
      },
    ]),
    invalid(trpcQuery, [
      {
        call: 'ctx.prisma.user.findUnique()',
        at: 'findUnique',
        sink: "the tRPC `query` resolver's `return`",
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(trpcQuery, 'findUnique({ where', `findUnique({ ${USER_SELECT}, where`) },
      },
    ]),
    // `$transaction([...])` passes each read's result on.
    invalid(transactionPair, [
      {
        call: 'prisma.user.findUnique()',
        at: 'findUnique',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(transactionPair, 'findUnique({ where', `findUnique({ ${USER_SELECT}, where`) },
      },
      {
        call: 'prisma.post.findMany()',
        entity: 'Post',
        detail: '',
        at: 'findMany',
        sink: RES,
        suggest: { id: 'selectFields', fields: POST_SAFE, output: fix(transactionPair, 'findMany({ where', `findMany({ ${POST_SELECT}, where`) },
      },
    ]),
    invalid(promiseAll, [
      {
        call: 'prisma.user.findMany()',
        at: 'findMany',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(promiseAll, 'findMany({ take', `findMany({ ${USER_SELECT}, take`) },
      },
    ]),
    // `include` loads a relation whole: the parent is whole too (and Prisma takes no `select` beside
    // `include`, so neither gets a suggestion).
    invalid(includePosts, [
      { call: 'prisma.user.findUnique()', at: 'findUnique', sink: RES },
      { call: 'prisma.user.findUnique()', relation: 'posts', entity: 'Post', detail: '', at: 'posts: true', sink: RES },
    ]),
    // One secret deleted, the other still sent; a delete after the response removes nothing.
    invalid(deleteOne, [
      {
        call: 'prisma.user.findUnique()',
        at: 'findUnique',
        detail: ' (resetToken)',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(deleteOne, 'findUnique({ where', `findUnique({ ${USER_SELECT}, where`) },
      },
    ]),
    invalid(deleteAfter, [
      {
        call: 'prisma.user.findUnique()',
        at: 'findUnique',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(deleteAfter, 'findUnique({ where', `findUnique({ ${USER_SELECT}, where`) },
      },
    ]),
    // The fluent API returns the related rows (and only those): a relation finding at the relation.
    invalid(fluentPosts, [
      { call: 'prisma.user.findUnique().posts()', relation: 'posts', entity: 'Post', detail: '', at: 'posts', nth: 1, sink: RES },
    ]),
    invalid(fluentAuthor, [{ call: 'prisma.post.findFirstOrThrow().author()', relation: 'author', at: 'author', sink: RES }]),
    // Its own `include` loads one more relation whole.
    invalid(fluentWithInclude, [
      { call: 'prisma.user.findUnique().posts()', relation: 'posts', entity: 'Post', detail: '', at: 'posts', sink: RES },
      { call: 'prisma.user.findUnique().posts()', relation: 'posts.author', at: 'author: true', sink: RES },
    ]),
    // `include: { author: { select } }` narrows the relation: only the parent rows are whole.
    invalid(includeNarrowed, [{ call: 'prisma.post.findMany()', entity: 'Post', detail: '', at: 'findMany', sink: RES }]),
    // `select: { author: true }` selects the relation whole: a relation finding, at the relation.
    invalid(selectAuthorWhole, [{ call: 'prisma.post.findMany()', relation: 'author', at: 'author: true', sink: RES }]),
    // `include: { author: false }` loads nothing more.
    invalid(includeFalse, [{ call: 'prisma.post.findMany()', entity: 'Post', detail: '', at: 'findMany', sink: RES }]),
    // An `omit` that leaves a secret: the suggestion completes the exclusion.
    invalid(omitOne, [
      {
        call: 'prisma.user.findMany()',
        detail: ' (resetToken)',
        at: 'findMany',
        sink: RES,
        suggest: { id: 'excludeFields', fields: 'resetToken', output: fix(omitOne, '{ passwordHash: true }', '{ passwordHash: true, resetToken: true }') },
      },
    ]),
    // `omit: { passwordHash: false }` omits nothing: the rows are whole, and the select replaces it.
    invalid(omitBypass, [
      {
        call: 'prisma.user.findMany()',
        at: 'findMany',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(omitBypass, 'omit: { passwordHash: false }', USER_SELECT) },
      },
    ]),
    // A global omit of the model hides one secret; the other still leaks.
    invalid(globalOmitOne, [
      {
        call: 'prisma.user.findUnique()',
        detail: ' (resetToken)',
        at: 'findUnique',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(globalOmitOne, 'findUnique({ where', `findUnique({ ${USER_SELECT}, where`) },
      },
    ]),
    // A global omit of another model hides nothing of User.
    invalid(globalOmitOtherModel, [
      {
        call: 'prisma.user.findUnique()',
        at: 'findUnique',
        sink: RES,
        suggest: {
          id: 'selectFields',
          fields: USER_SAFE,
          output: fix(globalOmitOtherModel, 'findUnique({ where', `findUnique({ ${USER_SELECT}, where`),
        },
      },
    ]),
    // NestJS: a controller reading through the injected PrismaService.
    invalid(nestController, [
      {
        call: 'this.prisma.user.findFirst()',
        at: 'findFirst',
        sink: "the `@Get()` handler's `return`",
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(nestController, 'findFirst({ where', `findFirst({ ${USER_SELECT}, where`) },
      },
    ]),
    // A PrismaService declared in the same file (`extends PrismaClient`), injected as `db`.
    invalid(nestLocalPrismaService, [
      {
        call: 'this.db.user.findMany()',
        at: 'findMany',
        sink: "the `@Get()` handler's `return`",
        suggest: {
          id: 'selectFields',
          fields: USER_SAFE,
          output: fix(nestLocalPrismaService, 'findMany({ orderBy', `findMany({ ${USER_SELECT}, orderBy`),
        },
      },
    ]),
    // A service + controller file: the service method's rows reach the controller's `return`.
    invalid(nestService, [
      {
        call: 'this.prisma.user.findUnique()',
        at: 'findUnique',
        sink: "the `@Get()` handler's `return`",
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(nestService, 'findUnique({ where', `findUnique({ ${USER_SELECT}, where`) },
      },
    ]),
    invalid(extended, [
      {
        call: 'prisma.user.findMany()',
        at: 'findMany',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(extended, 'findMany()', `findMany({ ${USER_SELECT} })`) },
      },
    ]),
    invalid(thenChain, [
      {
        call: 'prisma.user.findUnique()',
        at: 'findUnique',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(thenChain, 'findUnique({ where', `findUnique({ ${USER_SELECT}, where`) },
      },
    ]),
    // Spreading the row into the response object sends every column.
    invalid(spreadIntoResponse, [
      {
        call: 'prisma.user.findUnique()',
        at: 'findUnique',
        sink: RES,
        suggest: {
          id: 'selectFields',
          fields: USER_SAFE,
          output: fix(spreadIntoResponse, 'findUnique({ where', `findUnique({ ${USER_SELECT}, where`),
        },
      },
    ]),
    invalid(getServerSideProps, [
      {
        call: 'prisma.user.findUnique()',
        at: 'findUnique',
        sink: '`getServerSideProps` props (sent to the browser)',
        suggest: {
          id: 'selectFields',
          fields: USER_SAFE,
          output: fix(getServerSideProps, 'findUnique({ where', `findUnique({ ${USER_SELECT}, where`),
        },
      },
    ]),
    invalid(getServerSidePropsFn, [
      {
        call: 'prisma.user.findUnique()',
        at: 'findUnique',
        sink: '`getServerSideProps` props (sent to the browser)',
        suggest: {
          id: 'selectFields',
          fields: USER_SAFE,
          output: fix(getServerSidePropsFn, 'findUnique({ where', `findUnique({ ${USER_SELECT}, where`),
        },
      },
    ]),
    invalid(hapi, [
      {
        call: 'prisma.user.findUnique()',
        at: 'findUnique',
        sink: "the hapi handler's `return`",
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(hapi, 'findUnique({ where', `findUnique({ ${USER_SELECT}, where`) },
      },
    ]),
    // The personal tier, when asked for: the e-mail address leaks too.
    invalid(
      router('  res.json(await prisma.user.findMany({ omit: { passwordHash: true, resetToken: true } }));'),
      [
        {
          call: 'prisma.user.findMany()',
          detail: ' (email)',
          at: 'findMany',
          sink: RES,
          suggest: {
            id: 'excludeFields',
            fields: 'email',
            output: router('  res.json(await prisma.user.findMany({ omit: { passwordHash: true, resetToken: true, email: true } }));'),
          },
        },
      ],
      [{ tiers: ['secret', 'personal'] }],
    ),
  ],
});
