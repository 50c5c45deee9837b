import { describe, expect, it } from 'vitest';
import { prismaAdapter } from '../../src/orm/prisma.js';
import type { OrmRead } from '../../src/orm/types.js';
import { adapterTests, applyEdit, edited, fieldNames, relationSummary, textOf } from './harness.js';

const { run, only } = adapterTests(prismaAdapter);

function reads(code: string): readonly OrmRead[] {
  return run(code).result.reads;
}

const CLIENT = `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n`;

describe('prisma: receivers', () => {
  it('Express route with a module-level new PrismaClient()', () => {
    const code = `${CLIENT}
app.get('/users', async (req, res) => {
  const users = await prisma.user.findMany();
  res.json(users);
});`;
    const { read, h } = only(code);
    expect(read.library).toBe('prisma');
    expect(read.entity).toEqual({ name: 'user', kind: 'model' });
    expect(read.projection).toEqual({ kind: 'none' });
    expect(read.relations).toEqual([]);
    expect(read.hidden).toBeUndefined();
    expect(textOf(h, read.reportNode)).toBe('findMany');
    expect(textOf(h, read.node)).toBe('prisma.user.findMany()');
    expect(read.callText).toBe('prisma.user.findMany()');
    expect(read.shape).toBeUndefined();
  });

  it('every read method of a delegate', () => {
    const code = `${CLIENT}
async function all(id: string) {
  await prisma.user.findMany();
  await prisma.user.findFirst({ where: { id } });
  await prisma.user.findFirstOrThrow({ where: { id } });
  await prisma.user.findUnique({ where: { id } });
  await prisma.user.findUniqueOrThrow({ where: { id } });
  await prisma.user.delete({ where: { id } });
  await prisma.user.createManyAndReturn({ data: [] });
  await prisma.user.count();
  await prisma.user.aggregate({ _max: { age: true } });
  await prisma.user.groupBy({ by: ['role'] });
  await prisma.user.deleteMany({});
}`;
    const h = run(code);
    expect(h.result.reads.map((r) => textOf(h, r.reportNode))).toEqual([
      'findMany',
      'findFirst',
      'findFirstOrThrow',
      'findUnique',
      'findUniqueOrThrow',
      'delete',
      'createManyAndReturn',
    ]);
  });

  it('Next.js route handler with a client imported from @/lib/prisma', () => {
    const code = `import { NextResponse } from 'next/server';
import { prisma } from '@/lib/prisma';
export async function GET() {
  const posts = await prisma.post.findMany({ where: { published: true } });
  return NextResponse.json(posts);
}`;
    const { read } = only(code);
    expect(read.entity).toEqual({ name: 'post', kind: 'model' });
    expect(read.callText).toBe('prisma.post.findMany()');
  });

  it('default import of prisma from a lib module', () => {
    const code = `import prisma from '../lib/prisma';
export default async function handler(req, res) {
  res.status(200).json(await prisma.account.findUnique({ where: { id: req.query.id } }));
}`;
    expect(only(code).read.entity?.name).toBe('account');
  });

  it('T3-style db imported from ~/server/db', () => {
    const code = `import { db } from '~/server/db';
export async function getUsers() {
  return db.user.findMany({ orderBy: { createdAt: 'desc' } });
}`;
    expect(only(code).read.callText).toBe('db.user.findMany()');
  });

  it('Remix db.server module', () => {
    const code = `import { prisma } from '~/db.server';
export async function loader() {
  return json(await prisma.note.findMany());
}`;
    expect(only(code).read.entity?.name).toBe('note');
  });

  it('NestJS service with an injected PrismaService', () => {
    const code = `import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';
@Injectable()
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}
  findAll() {
    return this.prisma.user.findMany({ include: { profile: true } });
  }
  findOne(id: number) {
    return this.prisma.user.findUnique({ where: { id } });
  }
}`;
    const h = run(code);
    expect(h.result.reads).toHaveLength(2);
    const [a, b] = h.result.reads as [OrmRead, OrmRead];
    expect(a.callText).toBe('this.prisma.user.findMany()');
    expect(a.relations.map(relationSummary)).toEqual([{ name: 'profile', kind: 'none' }]);
    expect(textOf(h, a.relations[0]?.node)).toBe('profile: true');
    expect(b.callText).toBe('this.prisma.user.findUnique()');
  });

  it('NestJS service whose injected member has another name but a Prisma type', () => {
    const code = `import { Injectable } from '@nestjs/common';
import { DatabaseService } from './database.service';
import type { PrismaService } from '../prisma.service';
@Injectable()
export class ArticlesService {
  private readonly db: PrismaService;
  constructor(db: PrismaService) { this.db = db; }
  list() { return this.db.article.findMany(); }
}`;
    expect(only(code).read.entity?.name).toBe('article');
  });

  it('constructor-assigned client', () => {
    const code = `import { PrismaClient } from '@prisma/client';
export class Repo {
  private client;
  constructor() { this.client = new PrismaClient(); }
  all() { return this.client.user.findMany(); }
}`;
    expect(only(code).read.callText).toBe('this.client.user.findMany()');
  });

  it('an object-literal service holding a client', () => {
    const code = `${CLIENT}
export const users = {
  db: prisma,
  list() { return this.db.user.findMany(); },
  other() { return this.cache.user.findMany(); },
};`;
    expect(only(code).read.callText).toBe('this.db.user.findMany()');
  });

  it('this inside a class extending PrismaClient', () => {
    const code = `import { PrismaClient } from '@prisma/client';
export class PrismaService extends PrismaClient {
  async admins() { return this.user.findMany({ where: { role: 'ADMIN' } }); }
}`;
    expect(only(code).read.callText).toBe('this.user.findMany()');
  });

  it('the globalThis singleton pattern', () => {
    const code = `import { PrismaClient } from '@prisma/client';
const globalForPrisma = globalThis as unknown as { prisma: PrismaClient | undefined };
export const client = globalForPrisma.prisma ?? new PrismaClient({ log: ['query'] });
export async function list() { return client.user.findMany(); }`;
    expect(only(code).read.entity?.name).toBe('user');
  });

  it('a client extended with $extends', () => {
    const code = `${CLIENT}
const xprisma = prisma.$extends({ result: { user: { fullName: { needs: {}, compute: () => '' } } } });
export const all = () => xprisma.user.findMany();`;
    expect(only(code).read.callText).toBe('xprisma.user.findMany()');
  });

  it('a client from a custom generator output path', () => {
    const code = `import { PrismaClient } from '../generated/prisma/client';
const db2 = new PrismaClient();
export const get = () => db2.invoice.findFirst();`;
    expect(only(code).read.entity?.name).toBe('invoice');
  });

  it('CommonJS require', () => {
    const code = `const { PrismaClient } = require('@prisma/client');
const prisma = new PrismaClient();
router.get('/', async (req, res) => res.json(await prisma.user.findMany()));`;
    expect(only(code).read.entity?.name).toBe('user');
  });

  it('ctx.prisma in a tRPC-style resolver', () => {
    const code = `import { publicProcedure } from '../trpc';
import type { PrismaClient } from '@prisma/client';
export const list = publicProcedure.query(({ ctx }) => ctx.prisma.user.findMany());`;
    expect(only(code).read.callText).toBe('ctx.prisma.user.findMany()');
  });

  it('a helper taking a Prisma.TransactionClient', () => {
    const code = `import { Prisma } from '@prisma/client';
export async function loadUser(tx: Prisma.TransactionClient, id: string) {
  return tx.user.findUniqueOrThrow({ where: { id } });
}`;
    expect(only(code).read.callText).toBe('tx.user.findUniqueOrThrow()');
  });
});

describe('prisma: $transaction', () => {
  it('array form: each element is a read whose node is the element', () => {
    const code = `${CLIENT}
export async function page() {
  const [users, total] = await prisma.$transaction([
    prisma.user.findMany({ take: 10 }),
    prisma.user.count(),
  ]);
  return { users, total };
}`;
    const { read, h } = only(code);
    expect(read.node.parent?.type).toBe('ArrayExpression');
    expect(textOf(h, read.node)).toBe('prisma.user.findMany({ take: 10 })');
  });

  it('interactive form: the callback parameter is a client', () => {
    const code = `${CLIENT}
export async function transfer(from: string) {
  return prisma.$transaction(async (tx) => {
    const sender = await tx.account.update({ where: { id: from }, data: { balance: { decrement: 10 } } });
    return tx.account.findMany();
  });
}`;
    const h = run(code);
    expect(h.result.reads.map((r) => r.callText)).toEqual(['tx.account.update()', 'tx.account.findMany()']);
    expect(h.result.writes.map((w) => textOf(h, w.value))).toEqual(['{ balance: { decrement: 10 } }']);
  });

  it('a parameter of some other callback is not a client', () => {
    const code = `${CLIENT}
export const x = items.map(async (tx) => tx.user.findMany());`;
    expect(reads(code)).toEqual([]);
  });
});

describe('prisma: projections', () => {
  it('select lists the truthy fields', () => {
    const code = `${CLIENT}
export const f = (id: number) => prisma.user.findUnique({ where: { id }, select: { id: true, email: true, passwordHash: false } });`;
    const { read, h } = only(code);
    expect(read.projection.kind).toBe('fields');
    expect(fieldNames(read.projection)).toEqual(['id', 'email']);
    if (read.projection.kind === 'fields') expect(textOf(h, read.projection.fields[1]?.node)).toBe('email: true');
  });

  // `author: true` cannot be told from a scalar without the schema: it stays a field, and the
  // catalog's relation flag on `author` tells the analysis it loads a whole related row.
  it('select with relations (true, nested select) and _count', () => {
    const code = `${CLIENT}
export const f = () => prisma.post.findMany({
  select: {
    id: true,
    title: true,
    author: true,
    comments: { select: { body: true, user: { select: { name: true } } }, take: 5 },
    _count: { select: { likes: true } },
  },
});`;
    const { read } = only(code);
    expect(fieldNames(read.projection)).toEqual(['id', 'title', 'author']);
    expect(read.relations.map(relationSummary)).toEqual([
      { name: 'comments', kind: 'fields', fields: ['body'] },
      { name: 'comments.user', kind: 'fields', fields: ['name'] },
    ]);
    expect(read.relations.every((r) => r.entity === undefined)).toBe(true);
  });

  it('include: true, nested select, nested omit, nested include', () => {
    const code = `${CLIENT}
export const f = () => prisma.user.findMany({
  include: {
    posts: { include: { tags: true }, where: { published: true } },
    profile: { select: { bio: true, avatarUrl: true } },
    sessions: { omit: { token: true } },
    invites: false,
    _count: true,
  },
});`;
    const { read } = only(code);
    expect(read.projection).toEqual({ kind: 'none' });
    expect(read.relations.map(relationSummary)).toEqual([
      { name: 'posts', kind: 'none' },
      { name: 'posts.tags', kind: 'none' },
      { name: 'profile', kind: 'fields', fields: ['bio', 'avatarUrl'] },
      { name: 'sessions', kind: 'exclusion', excluded: ['token'] },
    ]);
  });

  it('omit: true entries exclude', () => {
    const code = `${CLIENT}
export const f = () => prisma.user.findMany({ omit: { passwordHash: true, mfaSecret: true } });`;
    expect(only(code).read.projection).toEqual({ kind: 'exclusion', excluded: ['passwordHash', 'mfaSecret'] });
  });

  it('omit: false entries are added back', () => {
    const code = `${CLIENT}
export const f = () => prisma.user.findFirst({ omit: { password: false } });`;
    const { read, h } = only(code);
    expect(read.projection.kind).toBe('none');
    if (read.projection.kind !== 'none') return;
    expect(read.projection.added?.map((f) => f.name)).toEqual(['password']);
    expect(textOf(h, read.projection.added?.[0]?.node)).toBe('password: false');
  });

  it('omit with both true and false entries', () => {
    const code = `${CLIENT}
export const f = () => prisma.user.findFirst({ omit: { password: false, ssn: true } });`;
    const p = only(code).read.projection;
    expect(p.kind).toBe('exclusion');
    if (p.kind !== 'exclusion') return;
    expect(p.excluded).toEqual(['ssn']);
    expect(p.added?.map((f) => f.name)).toEqual(['password']);
  });

  it('include together with omit', () => {
    const code = `${CLIENT}
export const f = () => prisma.user.findMany({ omit: { password: true }, include: { posts: true } });`;
    const { read } = only(code);
    expect(read.projection).toEqual({ kind: 'exclusion', excluded: ['password'] });
    expect(read.relations.map(relationSummary)).toEqual([{ name: 'posts', kind: 'none' }]);
  });

  it('args from a const object are read', () => {
    const code = `${CLIENT}
const publicUser = { select: { id: true, name: true } } satisfies Prisma.UserDefaultArgs;
export const f = () => prisma.user.findMany(publicUser);`;
    expect(fieldNames(only(code).read.projection)).toEqual(['id', 'name']);
  });

  it('select / include values held in const objects', () => {
    const code = `${CLIENT}
const authorSelect = { id: true, name: true } satisfies Prisma.UserSelect;
const postInclude = { author: { select: authorSelect }, tags: true } as const;
export const a = () => prisma.user.findMany({ select: authorSelect });
export const b = () => prisma.post.findMany({ include: postInclude });`;
    const h = run(code);
    const [a, b] = h.result.reads as [OrmRead, OrmRead];
    expect(fieldNames(a.projection)).toEqual(['id', 'name']);
    expect(b.relations.map(relationSummary)).toEqual([
      { name: 'author', kind: 'fields', fields: ['id', 'name'] },
      { name: 'tags', kind: 'none' },
    ]);
    // The const is shared: edits inside it are refused.
    const f = a.projection.kind === 'fields' ? a.projection.fields[0] : undefined;
    expect(applyEdit(code, (fx) => a.edits.removeField?.(f!, fx))).toBeNull();
  });

  it('global omit on new PrismaClient marks hidden fields of that model only', () => {
    const code = `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient({ omit: { user: { password: true, totpSecret: true, email: false } } });
export const a = () => prisma.user.findMany();
export const b = () => prisma.post.findMany();
export const c = () => prisma.user.findMany({ omit: { password: false } });`;
    const h = run(code);
    const [a, b, c] = h.result.reads as [OrmRead, OrmRead, OrmRead];
    expect(a.hidden).toEqual(['password', 'totpSecret']);
    expect(b.hidden).toBeUndefined();
    expect(c.hidden).toEqual(['password', 'totpSecret']);
    expect(c.projection.kind === 'none' && c.projection.added?.map((f) => f.name)).toEqual(['password']);
  });

  it('global omit keys match delegates case-insensitively', () => {
    const code = `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient({ omit: { User: { password: true } } });
export const a = () => prisma.user.findMany();`;
    expect(only(code).read.hidden).toEqual(['password']);
  });

  it('then() after a read keeps the read', () => {
    const code = `${CLIENT}
app.get('/u', (req, res) => prisma.user.findMany().then((u) => res.json(u)));`;
    expect(reads(code)).toHaveLength(1);
  });
});

describe('prisma: writes', () => {
  it('create with req.body is both a read (the row) and a write', () => {
    const code = `${CLIENT}
app.post('/users', async (req, res) => {
  const user = await prisma.user.create({ data: req.body });
  res.status(201).json(user);
});`;
    const h = run(code);
    expect(h.result.reads).toHaveLength(1);
    expect(h.result.reads[0]?.projection).toEqual({ kind: 'none' });
    expect(h.result.writes).toHaveLength(1);
    const w = h.result.writes[0];
    expect(w?.library).toBe('prisma');
    expect(w?.callText).toBe('prisma.user.create()');
    expect(w?.entity).toEqual({ name: 'user', kind: 'model' });
    expect(textOf(h, w?.value)).toBe('req.body');
    expect(textOf(h, w?.call)).toBe('prisma.user.create({ data: req.body })');
  });

  it('update, createMany, updateMany and shorthand data', () => {
    const code = `${CLIENT}
export async function save(id: string, data: any, rows: any[]) {
  await prisma.profile.update({ where: { id }, data });
  await prisma.profile.createMany({ data: rows, skipDuplicates: true });
  await prisma.profile.updateMany({ where: { ownerId: id }, data: { ...data } });
}`;
    const h = run(code);
    expect(h.result.writes.map((w) => [w.callText, textOf(h, w.value)])).toEqual([
      ['prisma.profile.update()', 'data'],
      ['prisma.profile.createMany()', 'rows'],
      ['prisma.profile.updateMany()', '{ ...data }'],
    ]);
    expect(h.result.reads.map((r) => r.callText)).toEqual(['prisma.profile.update()']);
  });

  it('createMany with an array literal: each element is a write (spreads are not)', () => {
    const code = `${CLIENT}
export async function seed(a: any, b: any, more: any[]) {
  await prisma.user.createMany({ data: [a, { ...b, role: 'member' }, ...more] });
  await prisma.user.createManyAndReturn({ data: [] });
}`;
    const h = run(code);
    expect(h.result.writes.map((w) => [w.callText, textOf(h, w.value)])).toEqual([
      ['prisma.user.createMany()', 'a'],
      ['prisma.user.createMany()', "{ ...b, role: 'member' }"],
    ]);
  });

  it('upsert writes both create and update', () => {
    const code = `${CLIENT}
export const up = (body: any) => prisma.user.upsert({ where: { email: body.email }, create: body, update: { name: body.name } });`;
    const h = run(code);
    expect(h.result.writes.map((w) => textOf(h, w.value))).toEqual(['body', '{ name: body.name }']);
    expect(h.result.reads).toHaveLength(1);
  });

  it('a create whose data comes through a NestJS DTO', () => {
    const code = `import { Body, Controller, Post } from '@nestjs/common';
import { PrismaService } from './prisma.service';
@Controller('users')
export class UsersController {
  constructor(private prisma: PrismaService) {}
  @Post()
  create(@Body() dto: CreateUserDto) {
    return this.prisma.user.create({ data: dto, select: { id: true, email: true } });
  }
}`;
    const h = run(code);
    expect(textOf(h, h.result.writes[0]?.value)).toBe('dto');
    expect(fieldNames((h.result.reads[0] as OrmRead).projection)).toEqual(['id', 'email']);
  });
});

describe('prisma: negatives', () => {
  const cases: Record<string, string> = {
    'file without any Prisma evidence': `const users = await repo.user.findMany();`,
    'Map.delete and cache.find': `import { db } from './db';\nconst map = new Map(); map.delete(k); cache.find(x); cache.user.delete(k);`,
    'a service, not a client': `import { UsersService } from './users.service';
export class C { constructor(private usersService: UsersService) {} all() { return this.usersService.user.findMany(); } }`,
    'local object that merely looks like a client': `import { prisma } from './prisma';\nconst fake = { user: { findMany: () => [] } };\nfake.user.findMany();`,
    'Drizzle relational query on a db from ~/server/db': `import { db } from '~/server/db';\nimport { eq } from 'drizzle-orm';\nexport const f = () => db.query.users.findMany();\nexport const g = () => db.users.delete();`,
    'Sequelize models registry named db': `import db from '../db';\nimport { Op } from 'sequelize';\nexport const f = (req) => db.User.create(req.body);`,
    'PascalCase member on a client is not a delegate': `import { prisma } from '@/lib/prisma';\nprisma.User.findMany();`,
    'spread arguments': `import { prisma } from '@/lib/prisma';\nexport const f = (args) => prisma.user.findMany(...args);`,
    'spread in the args object': `import { prisma } from '@/lib/prisma';\nexport const f = (q) => prisma.user.findMany({ ...q, where: { a: 1 } });`,
    'dynamic select': `import { prisma } from '@/lib/prisma';\nexport const f = (s) => prisma.user.findMany({ select: s });`,
    'dynamic select entry': `import { prisma } from '@/lib/prisma';\nexport const f = (s) => prisma.user.findMany({ select: { id: true, email: s } });`,
    'computed key in args': `import { prisma } from '@/lib/prisma';\nexport const f = (k) => prisma.user.findMany({ [k]: {} });`,
    'computed delegate': `import { prisma } from '@/lib/prisma';\nexport const f = (model) => prisma[model].findMany();`,
    'args from a parameter': `import { prisma } from '@/lib/prisma';\nexport const f = (args: any) => prisma.user.findMany(args);`,
    'raw queries and $-methods': `import { prisma } from '@/lib/prisma';\nprisma.$queryRaw\`SELECT 1\`; prisma.$connect(); prisma.$transaction([]);`,
    'fluent relation call after findMany (no fluent API there)': `import { prisma } from '@/lib/prisma';\nexport const f = () => prisma.user.findMany().posts();`,
    'fluent relation with a computed key': `import { prisma } from '@/lib/prisma';\nexport const f = (id, r) => prisma.user.findUnique({ where: { id } })[r]();`,
    'an imported db from an unrelated path': `import { db } from './firebase';\nexport const f = () => db.user.findMany();`,
    'axios and array lookalikes': `import axios from 'axios';\nimport { db } from '@/db';\naxios.get(url); [1, 2].find(Boolean); _.find(users, { id }); users.delete(1);`,
  };
  for (const [name, code] of Object.entries(cases)) {
    it(name, () => {
      const h = run(code);
      expect(h.result.reads).toEqual([]);
      expect(h.result.writes).toEqual([]);
    });
  }

  it('applies() is false for a file that imports nothing related', () => {
    expect(run(`import express from 'express';\nconst app = express();`).applies).toBe(false);
    expect(run(`import { strictTrpcLint } from './strict-trpc-lint';\nctx.prisma.user.findMany();`).applies).toBe(false);
  });

  it('tRPC routers: ctx.prisma with no Prisma import (the client comes through the context)', () => {
    for (const module of ['../trpc', '~/server/api/trpc', '@trpc/server']) {
      const code = `import { z } from 'zod';
import { protectedProcedure, createTRPCRouter } from '${module}';
export const userRouter = createTRPCRouter({
  me: protectedProcedure.query(({ ctx }) => ctx.prisma.user.findUnique({ where: { id: ctx.session.user.id } })),
  rename: protectedProcedure.input(z.string()).mutation(({ ctx, input }) => ctx.prisma.user.update({ where: { id: ctx.session.user.id }, data: { name: input } })),
  other: protectedProcedure.query(({ ctx }) => ctx.cache.user.findUnique({ where: { id: 1 } })),
});`;
      const h = run(code);
      expect(h.applies).toBe(true);
      expect(h.result.reads.map((r) => r.callText)).toEqual(['ctx.prisma.user.findUnique()', 'ctx.prisma.user.update()']);
    }
  });

  it('never throws on odd code', () => {
    const code = `import { prisma } from '@/lib/prisma';
prisma.user.findMany({ select: {} , include: 1 });
prisma.user.findMany({ select: { a: { select: 1 } } });
prisma.user.findMany(null);
prisma.user.create({});
prisma.user.update({ data: undefined });
new PrismaClient({ omit: 1 });
new PrismaClient({ omit: { user: 1 } });`;
    expect(() => run(code)).not.toThrow();
    const h = run(code);
    expect(h.result.reads.map((r) => r.projection.kind)).toEqual(['fields', 'none', 'none']);
  });
});

describe('prisma: edits', () => {
  function firstRead(code: string): OrmRead {
    return run(code).result.reads[0] as OrmRead;
  }

  it('project adds an args object to an empty call', () => {
    const code = `${CLIENT}const u = await prisma.user.findMany();`;
    const read = firstRead(code);
    expect(edited(code, (f) => read.edits.project?.(['id', 'email'], f))).toBe(
      `${CLIENT}const u = await prisma.user.findMany({ select: { id: true, email: true } });`,
    );
  });

  it('project adds select to an existing args object', () => {
    const code = `${CLIENT}const u = await prisma.user.findUnique({ where: { id } });`;
    const read = firstRead(code);
    expect(edited(code, (f) => read.edits.project?.(['id', 'display-name'], f))).toBe(
      `${CLIENT}const u = await prisma.user.findUnique({ select: { id: true, "display-name": true }, where: { id } });`,
    );
  });

  it('project replaces an omit', () => {
    const code = `${CLIENT}const u = await prisma.user.findMany({ where: { a: 1 }, omit: { password: true } });`;
    const read = firstRead(code);
    expect(edited(code, (f) => read.edits.project?.(['id'], f))).toBe(
      `${CLIENT}const u = await prisma.user.findMany({ where: { a: 1 }, select: { id: true } });`,
    );
  });

  it('project refuses to replace include or select, and const args', () => {
    const withInclude = `${CLIENT}prisma.user.findMany({ include: { posts: true } });`;
    const r1 = firstRead(withInclude);
    expect(applyEdit(withInclude, (f) => r1.edits.project?.(['id'], f))).toBeNull();
    const withSelect = `${CLIENT}prisma.user.findMany({ select: { id: true } });`;
    const r2 = firstRead(withSelect);
    expect(applyEdit(withSelect, (f) => r2.edits.project?.(['id'], f))).toBeNull();
    const constArgs = `${CLIENT}const args = { where: {} };\nprisma.user.findMany(args);`;
    const r3 = firstRead(constArgs);
    expect(applyEdit(constArgs, (f) => r3.edits.project?.(['id'], f))).toBeNull();
    expect(applyEdit(constArgs, (f) => r3.edits.project?.([], f))).toBeNull();
  });

  it('exclude adds an omit', () => {
    const code = `${CLIENT}prisma.user.findMany({ where: { active: true } });`;
    const read = firstRead(code);
    expect(edited(code, (f) => read.edits.exclude?.(['passwordHash', 'resetToken'], f))).toBe(
      `${CLIENT}prisma.user.findMany({ omit: { passwordHash: true, resetToken: true }, where: { active: true } });`,
    );
  });

  it('exclude on an empty call', () => {
    const code = `${CLIENT}prisma.user.findFirst();`;
    const read = firstRead(code);
    expect(edited(code, (f) => read.edits.exclude?.(['passwordHash'], f))).toBe(
      `${CLIENT}prisma.user.findFirst({ omit: { passwordHash: true } });`,
    );
  });

  it('exclude merges into an existing omit, flipping false entries', () => {
    const code = `${CLIENT}prisma.user.findFirst({ omit: { password: false, ssn: true } });`;
    const read = firstRead(code);
    expect(edited(code, (f) => read.edits.exclude?.(['password', 'ssn', 'totp'], f))).toBe(
      `${CLIENT}prisma.user.findFirst({ omit: { password: true, ssn: true, totp: true } });`,
    );
  });

  it('exclude into an empty omit, and not with select', () => {
    const code = `${CLIENT}prisma.user.findFirst({ omit: {} });`;
    const read = firstRead(code);
    expect(edited(code, (f) => read.edits.exclude?.(['token'], f))).toBe(
      `${CLIENT}prisma.user.findFirst({ omit: { token: true } });`,
    );
    const sel = `${CLIENT}prisma.user.findFirst({ select: { id: true } });`;
    const r2 = firstRead(sel);
    expect(applyEdit(sel, (f) => r2.edits.exclude?.(['token'], f))).toBeNull();
  });

  it('removeField removes a select entry', () => {
    const code = `${CLIENT}prisma.user.findMany({ select: { id: true, passwordHash: true, name: true } });`;
    const read = firstRead(code);
    const field = read.projection.kind === 'fields' ? read.projection.fields[1] : undefined;
    expect(field?.name).toBe('passwordHash');
    expect(edited(code, (f) => read.edits.removeField?.(field!, f))).toBe(
      `${CLIENT}prisma.user.findMany({ select: { id: true, name: true } });`,
    );
  });

  it('removeField removes the last select entry with its comma', () => {
    const code = `${CLIENT}prisma.user.findMany({ select: { id: true, passwordHash: true } });`;
    const read = firstRead(code);
    const field = read.projection.kind === 'fields' ? read.projection.fields[1] : undefined;
    expect(edited(code, (f) => read.edits.removeField?.(field!, f))).toBe(
      `${CLIENT}prisma.user.findMany({ select: { id: true } });`,
    );
  });

  it('removeField refuses to empty a select', () => {
    const code = `${CLIENT}prisma.user.findMany({ select: { passwordHash: true, _count: true } });`;
    const read = firstRead(code);
    const field = read.projection.kind === 'fields' ? read.projection.fields[0] : undefined;
    expect(applyEdit(code, (f) => read.edits.removeField?.(field!, f))).toBeNull();
  });

  it('removeField on a nested relation select and on an include', () => {
    const code = `${CLIENT}prisma.post.findMany({ include: { author: { select: { name: true, email: true } }, secrets: true } });`;
    const read = firstRead(code);
    const author = read.relations[0]!;
    const email = author.projection.kind === 'fields' ? author.projection.fields[1] : undefined;
    expect(edited(code, (f) => read.edits.removeField?.(email!, f))).toBe(
      `${CLIENT}prisma.post.findMany({ include: { author: { select: { name: true } }, secrets: true } });`,
    );
    const secrets = read.relations[1]!;
    expect(edited(code, (f) => read.edits.removeField?.({ name: secrets.name, node: secrets.node }, f))).toBe(
      `${CLIENT}prisma.post.findMany({ include: { author: { select: { name: true, email: true } } } });`,
    );
  });

  it('removeField flips an omit: false', () => {
    const code = `${CLIENT}prisma.user.findFirst({ omit: { password: false } });`;
    const read = firstRead(code);
    const added = read.projection.kind === 'none' ? read.projection.added?.[0] : undefined;
    expect(edited(code, (f) => read.edits.removeField?.(added!, f))).toBe(
      `${CLIENT}prisma.user.findFirst({ omit: { password: true } });`,
    );
  });

  it('removeField ignores nodes outside the read', () => {
    const code = `${CLIENT}const other = { id: true };\nprisma.user.findMany({ select: { id: true, x: true } });`;
    const h = run(code);
    const read = h.result.reads[0] as OrmRead;
    const program = h.sourceCode.ast;
    const decl = program.body[2];
    const prop =
      decl?.type === 'VariableDeclaration' && decl.declarations[0]?.init?.type === 'ObjectExpression'
        ? decl.declarations[0].init.properties[0]
        : undefined;
    expect(applyEdit(code, (f) => read.edits.removeField?.({ name: 'id', node: prop! }, f))).toBeNull();
  });

  it('edits on a multi-line NestJS call keep the code valid', () => {
    const code = `import { PrismaService } from './prisma.service';
export class S {
  constructor(private prisma: PrismaService) {}
  find(id: string) {
    return this.prisma.user.findUnique({
      where: { id },
    });
  }
}`;
    const read = firstRead(code);
    expect(edited(code, (f) => read.edits.project?.(['id', 'name'], f))).toContain(
      `this.prisma.user.findUnique({
      select: { id: true, name: true }, where: { id },
    });`,
    );
  });
});
