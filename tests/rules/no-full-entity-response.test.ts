/**
 * no-full-entity-response: the flow from an ORM read to each framework's response, the
 * sanitisers that stop it, and the suggestions — with Prisma as the library (each library's own
 * read forms are tested in no-full-entity-response.<library>.test.ts).
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-full-entity-response.js';
import { ASSERTIONS } from '../support/assertions.js';
import { positionOf } from '../support/position.js';
import { appSettings, appSettingsWithPrisma } from '../support/settings.js';

const ruleTester = new RuleTester({ settings: appSettingsWithPrisma });

const SECRETS = ' (passwordHash, resetToken)';
const SAFE = 'id, email, displayName, role, createdAt';
const SELECT = '{ select: { id: true, email: true, displayName: true, role: true, createdAt: true } }';

interface Expect {
  readonly call?: string;
  readonly entity?: string;
  readonly detail?: string;
  readonly sink: string;
  /** Where the report lands: the read method's name (first occurrence unless `nth`). */
  readonly at?: string;
  readonly nth?: number;
  /** The code after the "select" suggestion, or null when none is offered. */
  readonly fixed: string | null;
  readonly options?: [{ report?: 'exposed' | 'escaping'; tiers?: ('secret' | 'personal' | 'internal')[] }];
  readonly messageId?: 'wholeEntity' | 'wholeEntityEscapes';
  readonly fn?: string;
}

const invalid = (code: string, e: Expect) => {
  const data = {
    call: e.call ?? 'prisma.user.findMany()',
    entity: e.entity ?? 'User',
    relation: '',
    detail: e.detail ?? SECRETS,
    sink: e.sink,
    fn: e.fn ?? '',
  };
  return {
    code,
    ...(e.options ? { options: e.options } : {}),
    errors: [
      {
        messageId: e.messageId ?? ('wholeEntity' as const),
        data,
        ...positionOf(code, e.at ?? 'findMany', e.nth ?? 0),
        suggestions:
          e.fixed === null ? [] : [{ messageId: 'selectFields' as const, data: { ...data, fields: SAFE }, output: e.fixed }],
      },
    ],
  };
};

const nextRoute = (body: string): string =>
  `import { NextResponse } from 'next/server';\nimport { prisma } from '@/lib/prisma';\nexport async function GET() {\n${body}\n}`;
const express = (body: string): string =>
  `import express from 'express';\nimport { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nconst app = express();\napp.get('/users', async (req, res) => {\n${body}\n});`;

const withSelect = (code: string): string => code.replace('findMany()', `findMany(${SELECT})`);

const nextPlain = nextRoute('  const users = await prisma.user.findMany();\n  return NextResponse.json(users);');
const expressWrapped = express('  const users = await prisma.user.findMany();\n  res.status(200).json({ data: users, total: users.length });');
const expressOne = express(
  '  const user = await prisma.user.findUnique({ where: { id: req.params.id } });\n  if (!user) return res.status(404).end();\n  res.json(user);',
);
const koa = `import Router from '@koa/router';\nimport { prisma } from './db/prisma';\nconst router = new Router();\nrouter.get('/users', async (ctx) => {\n  ctx.body = await prisma.user.findMany();\n});`;
const fastify = `import Fastify from 'fastify';\nimport { prisma } from './prisma';\nconst app = Fastify();\napp.get('/users', async () => {\n  return prisma.user.findMany();\n});`;
const hono = `import { Hono } from 'hono';\nimport { prisma } from './prisma';\nconst app = new Hono();\napp.get('/users', async (c) => c.json(await prisma.user.findMany()));`;
const nest = `import { Controller, Get } from '@nestjs/common';\nimport { PrismaService } from '../prisma/prisma.service';\n@Controller('users')\nexport class UsersController {\n  constructor(private readonly prisma: PrismaService) {}\n  @Get()\n  findAll() {\n    return this.prisma.user.findMany();\n  }\n}`;
const trpc = `import { z } from 'zod';\nimport { publicProcedure, router } from '../trpc';\nimport { prisma } from '../prisma';\nexport const usersRouter = router({\n  list: publicProcedure.query(() => prisma.user.findMany()),\n});`;
const serverAction = `'use server';\nimport { prisma } from '@/lib/prisma';\nexport async function listUsers() {\n  return prisma.user.findMany();\n}`;
const helper = `import express from 'express';\nimport { prisma } from './prisma';\nasync function loadUsers() {\n  return prisma.user.findMany();\n}\nconst app = express();\napp.get('/users', async (req, res) => {\n  res.json(await loadUsers());\n});`;
const transaction = express(
  '  const [users, count] = await prisma.$transaction([prisma.user.findMany(), prisma.user.count()]);\n  res.json({ users, count });',
);
const spreadMap = nextRoute(
  '  const users = await prisma.user.findMany();\n  return NextResponse.json(users.map((u) => ({ ...u, kind: "user" })));',
);
const service = `import { prisma } from './prisma';\nexport async function allUsers() {\n  return prisma.user.findMany();\n}`;
const txCallback = express(
  '  const user = await prisma.$transaction(async (tx) => tx.user.update({ where: { id: req.user.id }, data: { role: "member" } }));\n  res.json(user);',
);
const dropsOneSecret = express(
  '  const user = await prisma.user.findUnique({ where: { id: req.params.id } });\n  const { passwordHash, ...rest } = user;\n  res.json(rest);',
);
const nestedRelation = nextRoute(
  '  const users = await prisma.user.findMany({ select: { id: true, posts: { include: { author: true } } } });\n  return NextResponse.json(users);',
);
const mikroWrap = `import express from 'express';\nimport { wrap } from '@mikro-orm/core';\nimport { EntityManager } from '@mikro-orm/postgresql';\nexport function routes(em: EntityManager) {\n  const app = express();\n  app.get('/users/:id', async (req, res) => {\n    const user = await em.findOneOrFail(User, { id: req.params.id });\n    res.json(wrap(user).toObject());\n  });\n  return app;\n}`;
const sqlCatalogTypeorm = `import express from 'express';\nimport { AppDataSource } from './data-source';\nimport { User } from './entity/User';\nconst app = express();\napp.get('/users', async (req, res) => {\n  res.json(await AppDataSource.getRepository(User).find());\n});`;
const relation = nextRoute(
  "  const posts = await prisma.post.findMany({ include: { author: true } });\n  return NextResponse.json(posts);",
);

ruleTester.run('no-full-entity-response', rule, {
  assertionOptions: ASSERTIONS,
  valid: [
    withSelect(nextPlain),
    withSelect(expressWrapped),
    // Mapped to picked fields.
    nextRoute('  const users = await prisma.user.findMany();\n  return NextResponse.json(users.map((u) => ({ id: u.id, email: u.email })));'),
    // Through a DTO mapper / schema parse.
    nextRoute('  const users = await prisma.user.findMany();\n  return NextResponse.json(users.map(toPublicUser));'),
    nextRoute('  const users = await prisma.user.findMany();\n  return NextResponse.json(PublicUsers.parse(users));'),
    // Counted or checked.
    express('  const users = await prisma.user.findMany();\n  res.json({ total: users.length });'),
    express('  const user = await prisma.user.findFirst({ where: { email: req.body.email } });\n  res.json({ exists: user !== null });'),
    // Rest-destructured to drop the secrets.
    express(
      '  const user = await prisma.user.findUnique({ where: { id: req.params.id } });\n  const { passwordHash, resetToken, ...publicUser } = user;\n  res.json(publicUser);',
    ),
    // A Prisma omit that leaves no secret.
    nextRoute(
      '  const users = await prisma.user.findMany({ omit: { passwordHash: true, resetToken: true } });\n  return NextResponse.json(users);',
    ),
    // Background job.
    `import { prisma } from './prisma';\nexport async function digest() {\n  for (const u of await prisma.user.findMany()) await mail(u.email);\n}`,
    // GraphQL resolvers are not sinks: the GraphQL schema picks the fields.
    `import { prisma } from './prisma';\nexport const resolvers = { Query: { users: () => prisma.user.findMany() } };`,
    // Express handler return values go nowhere.
    express('  return prisma.user.findMany();'),
    // Lookalikes with no ORM evidence.
    `import express from 'express';\nconst app = express();\nconst cache = new Map();\napp.get('/u', async (req, res) => {\n  res.json(await cache.get('users').findMany());\n});`,
    `import { UsersService } from './users.service';\nexport class C {\n  constructor(private readonly usersService: UsersService) {}\n  @Get() findAll() { return this.usersService.findMany(); }\n}`,
    // escaping mode is not the default: a service returning entities is fine in recommended.
    service,
  ],
  invalid: [
    invalid(nextPlain, { sink: '`NextResponse.json`', fixed: withSelect(nextPlain) }),
    invalid(expressWrapped, { sink: '`res.json`', fixed: withSelect(expressWrapped) }),
    invalid(expressOne, {
      call: 'prisma.user.findUnique()',
      at: 'findUnique',
      sink: '`res.json`',
      fixed: expressOne.replace('findUnique({ where:', `findUnique({ ${SELECT.slice(2, -2)}, where:`),
    }),
    invalid(koa, { sink: '`ctx.body`', fixed: withSelect(koa) }),
    invalid(fastify, { sink: "the Fastify handler's `return`", fixed: withSelect(fastify) }),
    invalid(hono, { sink: '`c.json`', fixed: withSelect(hono) }),
    invalid(nest, { call: 'this.prisma.user.findMany()', sink: "the `@Get()` handler's `return`", fixed: withSelect(nest) }),
    invalid(trpc, { sink: "the tRPC `query` resolver's `return`", fixed: withSelect(trpc) }),
    invalid(serverAction, { sink: "the server action's `return` (sent to the browser)", fixed: withSelect(serverAction) }),
    invalid(helper, { sink: '`res.json`', fixed: withSelect(helper) }),
    invalid(transaction, { sink: '`res.json`', fixed: withSelect(transaction) }),
    invalid(spreadMap, { sink: '`NextResponse.json`', fixed: withSelect(spreadMap) }),
    invalid(service, {
      options: [{ report: 'escaping' }],
      messageId: 'wholeEntityEscapes',
      sink: '',
      fn: 'allUsers()',
      fixed: withSelect(service),
    }),
    // An interactive transaction returns what its callback returns.
    invalid(txCallback, {
      call: 'tx.user.update()',
      at: 'update',
      sink: '`res.json`',
      fixed: txCallback.replace('tx.user.update({ where', `tx.user.update({ ${SELECT.slice(2, -2)}, where`),
    }),
    // Dropping one secret leaves the other one in the response.
    invalid(dropsOneSecret, {
      call: 'prisma.user.findUnique()',
      at: 'findUnique',
      detail: ' (resetToken)',
      sink: '`res.json`',
      fixed: dropsOneSecret.replace('findUnique({ where:', `findUnique({ ${SELECT.slice(2, -2)}, where:`),
    }),
    // MikroORM's wrap(entity).toObject() holds the whole entity.
    {
      code: mikroWrap,
      settings: appSettingsWithPrisma,
      errors: [
        {
          messageId: 'wholeEntity',
          data: { call: 'em.findOneOrFail()', entity: 'User', relation: '', detail: SECRETS, sink: '`res.json`', fn: '' },
          ...positionOf(mikroWrap, 'findOneOrFail'),
          suggestions: [
            {
              messageId: 'selectFields',
              data: { call: 'em.findOneOrFail()', entity: 'User', relation: '', detail: SECRETS, sink: '`res.json`', fn: '', fields: SAFE },
              output: mikroWrap.replace('{ id: req.params.id })', "{ id: req.params.id }, { fields: ['id', 'email', 'displayName', 'role', 'createdAt'] })"),
            },
          ],
        },
      ],
    },
    // A relation two steps down (`posts.author`), resolved through the schema.
    {
      code: nestedRelation,
      errors: [
        {
          messageId: 'wholeRelation',
          data: { call: 'prisma.user.findMany()', entity: 'Post', relation: 'posts', detail: '', sink: '`NextResponse.json`', fn: '' },
          ...positionOf(nestedRelation, 'posts: { include: { author: true } }'),
          suggestions: [],
        },
        {
          messageId: 'wholeRelation',
          data: { call: 'prisma.user.findMany()', entity: 'User', relation: 'posts.author', detail: SECRETS, sink: '`NextResponse.json`', fn: '' },
          ...positionOf(nestedRelation, 'author: true'),
          suggestions: [],
        },
      ],
    },
    // A relation loaded whole: reported at the relation, no suggestion.
    {
      code: relation,
      errors: [
        {
          messageId: 'wholeEntity',
          data: { call: 'prisma.post.findMany()', entity: 'Post', relation: '', detail: '', sink: '`NextResponse.json`', fn: '' },
          ...positionOf(relation, 'findMany'),
          // Prisma cannot take `select` beside `include`: no suggestion rather than a broken one.
          suggestions: [],
        },
        {
          messageId: 'wholeRelation',
          data: { call: 'prisma.post.findMany()', entity: 'User', relation: 'author', detail: SECRETS, sink: '`NextResponse.json`', fn: '' },
          ...positionOf(relation, 'author: true'),
          suggestions: [],
        },
      ],
    },
  ],
});

// With only the SQL schema: entity classes matched to tables by name.
new RuleTester({ settings: appSettings }).run('no-full-entity-response (SQL schema)', rule, {
  assertionOptions: ASSERTIONS,
  valid: [],
  invalid: [
    // A TypeORM entity matched to the SQL table: the message names the secrets, but the columns
    // (display_name) are not the entity's property names, so no projection is suggested.
    {
      code: sqlCatalogTypeorm,
      errors: [
        {
          messageId: 'wholeEntity',
          data: { call: 'AppDataSource.getRepository(User).find()', entity: 'User', relation: '', detail: ' (password_hash, reset_token)', sink: '`res.json`', fn: '' },
          ...positionOf(sqlCatalogTypeorm, 'find()'),
          endColumn: positionOf(sqlCatalogTypeorm, 'find()').column + 4,
          suggestions: [],
        },
      ],
    },
  ],
});
