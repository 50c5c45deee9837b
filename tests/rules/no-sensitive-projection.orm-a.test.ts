/**
 * no-sensitive-projection with Prisma, TypeORM, MikroORM and Objection.js: sensitive fields that a
 * projection names explicitly (`select`, `omit: { x: false }`, `addSelect`, `fields`, `.select()`),
 * in the root entity or a relation, that reach a response — with the suggestion that drops the
 * field — and the projections that stay on the server.
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-sensitive-projection.js';
import { ASSERTIONS } from '../support/assertions.js';
import { fix, positionAfter } from '../support/position.js';
import { appSettingsWithPrisma } from '../support/settings.js';

type Options = [{ report?: 'exposed' | 'escaping'; tiers?: ('secret' | 'personal' | 'internal')[] }];

interface Finding {
  /** `User.passwordHash`. */
  readonly column: string;
  readonly tier?: 'secret' | 'personal' | 'internal';
  readonly reason: string;
  readonly sink?: string;
  readonly fn?: string;
  /** The field as the suggestion names it. */
  readonly item: string;
  /** Where the report starts; `after` (the text right before it) picks the occurrence. */
  readonly at: string;
  readonly after?: string;
  /** The code once the field is removed, or null when no suggestion is offered. */
  readonly output: string | null;
}

function invalid(code: string, findings: Finding[], options?: Options) {
  return {
    code,
    ...(options ? { options } : {}),
    errors: findings.map((f) => {
      const data = { column: f.column, tier: f.tier ?? 'secret', reason: f.reason, sink: f.sink ?? '', fn: f.fn ?? '', item: f.item };
      return {
        messageId: f.sink ? ('sensitiveColumn' as const) : ('sensitiveColumnEscapes' as const),
        data,
        ...positionAfter(code, f.at, f.after),
        suggestions: f.output === null ? [] : [{ messageId: 'removeColumn' as const, data, output: f.output }],
      };
    }),
  };
}

const RES = '`res.json`';

// ── Prisma ─────────────────────────────────────────────────────────────────────────────────────
const prismaRouter = (body: string, client = 'new PrismaClient()'): string =>
  `import { Router } from 'express';\nimport { PrismaClient } from '@prisma/client';\n\nconst prisma = ${client};\nexport const router = Router();\n\nrouter.get('/users/:id', async (req, res) => {\n${body}\n});\n`;
const PW = { column: 'User.passwordHash', reason: 'marked @sensitive', item: 'passwordHash' } as const;
const TOKEN = { column: 'User.resetToken', reason: 'reset token', item: 'resetToken' } as const;

const pSelect = prismaRouter('  res.json(await prisma.user.findUnique({ where: { id: req.params.id }, select: { id: true, passwordHash: true } }));');
const pSelectOnly = prismaRouter('  res.json(await prisma.user.findMany({ select: { passwordHash: true } }));');
const pSelectToken = prismaRouter(
  '  const user = await prisma.user.findFirst({ where: { id: req.params.id }, select: { id: true, email: true, resetToken: true } });\n  res.json({ user });',
);
const pOmitFalse = prismaRouter('  res.json(await prisma.user.findMany({ omit: { passwordHash: true, resetToken: false } }));');
const pGlobalBypass = prismaRouter(
  '  res.json(await prisma.user.findMany({ omit: { passwordHash: false } }));',
  'new PrismaClient({ omit: { user: { passwordHash: true, resetToken: true } } })',
);
const pRelation = prismaRouter(
  '  res.json(await prisma.post.findMany({ select: { title: true, author: { select: { displayName: true, passwordHash: true } } } }));',
);
const pFluent = prismaRouter(
  '  res.json(await prisma.post.findUnique({ where: { id: req.params.id } }).author({ select: { id: true, passwordHash: true } }));',
);
const pInclude = prismaRouter('  res.json(await prisma.post.findMany({ include: { author: { select: { id: true, resetToken: true } } } }));');
const pNext = `import { NextResponse } from 'next/server';\nimport { prisma } from '@/lib/prisma';\n\nexport async function GET(request: Request) {\n  const email = new URL(request.url).searchParams.get('email') ?? '';\n  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, resetToken: true } });\n  return NextResponse.json(user);\n}\n`;
const pTrpc = `import { z } from 'zod';\nimport { publicProcedure, router } from '../trpc';\n\nexport const authRouter = router({\n  byEmail: publicProcedure.input(z.string().email()).query(({ ctx, input }) => {\n    return ctx.prisma.user.findUnique({ where: { email: input }, select: { id: true, passwordHash: true } });\n  }),\n});\n`;
const pTransaction = prismaRouter(
  '  const [users] = await prisma.$transaction([prisma.user.findMany({ select: { id: true, resetToken: true } })]);\n  res.json(users);',
);
const pService = `import { prisma } from './prisma';\n\nexport async function credentialsFor(email: string) {\n  return prisma.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });\n}\n`;
const pPersonal = prismaRouter('  res.json(await prisma.user.findMany({ select: { id: true, email: true } }));');

// ── TypeORM ────────────────────────────────────────────────────────────────────────────────────
const TYPEORM = `import { Column, Entity, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Router } from 'express';
import { AppDataSource } from './data-source';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() email: string;
  @Column({ select: false }) password: string;
  @Column({ type: 'varchar', nullable: true }) resetToken: string | null;
  @OneToMany(() => Article, (article) => article.author) articles: Article[];
}

@Entity('articles')
export class Article {
  @PrimaryGeneratedColumn() id: number;
  @Column() title: string;
  @ManyToOne(() => User, (user) => user.articles) author: User;
}

const users = AppDataSource.getRepository(User);
const articles = AppDataSource.getRepository(Article);
export const router = Router();
`;
const typeorm = (body: string): string => `${TYPEORM}\nrouter.get('/users/:id', async (req, res) => {\n${body}\n});\n`;
const T_PW = { column: 'User.password', reason: 'password', item: 'password' } as const;
const T_TOKEN = { column: 'User.resetToken', reason: 'reset token', item: 'resetToken' } as const;

const tSelectArray = typeorm("  res.json(await users.find({ select: ['id', 'password'] }));");
const tSelectObject = typeorm('  res.json(await users.findOne({ where: { id: req.params.id }, select: { id: true, email: true, password: true } }));');
const tAddSelect = typeorm(
  "  const user = await users.createQueryBuilder('user').addSelect('user.password').where('user.id = :id', { id: req.params.id }).getOne();\n  res.json(user);",
);
const tAddSelectArray = typeorm("  res.json(await users.createQueryBuilder('user').addSelect(['user.password', 'user.resetToken']).getMany());");
const tQbSelect = typeorm("  res.json(await users.createQueryBuilder('u').select(['u.id', 'u.email', 'u.resetToken']).getMany());");
const tQbSelectOnly = typeorm("  res.json(await users.createQueryBuilder('u').select('u.resetToken').getOne());");
const tRelation = typeorm(
  '  res.json(await articles.find({ select: { id: true, title: true, author: { id: true, password: true } }, relations: { author: true } }));',
);
const tJoin = typeorm("  res.json(await articles.createQueryBuilder('a').leftJoin('a.author', 'u').addSelect(['u.id', 'u.resetToken']).getMany());");
const tManager = typeorm('  res.json(await AppDataSource.manager.find(User, { select: { id: true, resetToken: true } }));');
const tNest = `${TYPEORM}
import { Controller, Get, Param } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

@Controller('users')
export class UsersController {
  constructor(@InjectRepository(User) private readonly repo: Repository<User>) {}

  @Get(':id')
  findOne(@Param('id') id: string) {
    return this.repo.findOne({ where: { id }, select: ['id', 'email', 'resetToken'] });
  }
}
`;

// ── MikroORM ───────────────────────────────────────────────────────────────────────────────────
const MIKRO = `import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Router } from 'express';
import { DI } from '../server';

@Entity()
export class User {
  @PrimaryKey() id!: number;
  @Property() username!: string;
  @Property() password!: string;
  @Property({ nullable: true }) apiKey?: string;
  @Property({ hidden: true, nullable: true }) totpSecret?: string;
}

@Entity()
export class Article {
  @PrimaryKey() id!: number;
  @Property() title!: string;
  @ManyToOne(() => User) author!: User;
}

export const router = Router();
`;
const mikro = (body: string): string => `${MIKRO}\nrouter.get('/users/:id', async (req, res) => {\n${body}\n});\n`;
const M_KEY = { column: 'User.apiKey', reason: 'API key', item: 'apiKey' } as const;
const M_PW = { column: 'User.password', reason: 'password', item: 'password' } as const;

const mFields = mikro("  res.json(await DI.em.find(User, {}, { fields: ['id', 'apiKey'] }));");
const mFieldsOnly = mikro("  res.json(await DI.em.findOneOrFail(User, +req.params.id, { fields: ['apiKey'] }));");
const mRelation = mikro("  res.json(await DI.em.find(Article, {}, { fields: ['title', 'author.username', 'author.password'] }));");
const mLegacy = mikro("  res.json(await DI.em.find(Article, {}, { fields: ['title', { author: ['username', 'apiKey'] }] }));");
const mRepo = mikro(
  "  const repo = DI.em.getRepository(User);\n  const user = await repo.findOneOrFail({ id: +req.params.id }, { fields: ['username', 'password'] });\n  res.json({ user });",
);

// ── Objection ──────────────────────────────────────────────────────────────────────────────────
const OBJECTION = `import { Model } from 'objection';
import express from 'express';

export class User extends Model {
  static tableName = 'users';
  static jsonSchema = {
    type: 'object',
    properties: { id: { type: 'integer' }, username: { type: 'string' }, password_hash: { type: 'string' }, api_key: { type: 'string' } },
  };
}

export class Pet extends Model {
  static tableName = 'pets';
  static relationMappings = () => ({
    owner: { relation: Model.BelongsToOneRelation, modelClass: User, join: { from: 'pets.owner_id', to: 'users.id' } },
  });
}

export const router = express.Router();
`;
const objection = (body: string): string => `${OBJECTION}\nrouter.get('/users/:id', async (req, res) => {\n${body}\n});\n`;
const O_KEY = { column: 'User.api_key', reason: 'API key', item: 'api_key' } as const;
const O_PW = { column: 'User.password_hash', reason: 'password hash', item: 'password_hash' } as const;

const oSelect = objection("  res.json(await User.query().select('id', 'api_key'));");
const oSelectArray = objection("  res.json(await User.query().findById(req.params.id).select(['users.id', 'users.password_hash as hash']));");
const oColumns = objection("  res.json(await User.query().columns('id', 'username', 'api_key').where('id', req.params.id).first());");
const oSelectOnly = objection("  res.json(await User.query().select('api_key').findById(req.params.id));");
const oReturning = objection(
  "  const [user] = await User.query().findById(req.params.id).patch({ username: req.body.username }).returning(['id', 'username', 'api_key']);\n  res.json(user);",
);
const oGraph = objection(
  "  res.json(await Pet.query().select('id').withGraphFetched('owner').modifyGraph('owner', (builder) => builder.select('id', 'api_key')));",
);

const PRISMA_INVALID = prismaInvalid();
const OTHER_INVALID = otherInvalid();

// Prisma reads the app's schema.prisma (passwordHash is marked @sensitive there).
new RuleTester({ settings: appSettingsWithPrisma }).run('no-sensitive-projection (Prisma)', rule, {
  assertionOptions: ASSERTIONS,
  valid: [
    // Prisma: selected, but only compared or used on the server.
    prismaRouter(
      '  const user = await prisma.user.findUnique({ where: { email: req.body.email }, select: { id: true, passwordHash: true } });\n  if (!user || !(await argon2.verify(user.passwordHash, req.body.password))) return res.sendStatus(401);\n  res.json({ id: user.id });',
    ),
    prismaRouter(
      '  const user = await prisma.user.findUnique({ where: { id: req.params.id }, select: { id: true, displayName: true, passwordHash: true } });\n  const { passwordHash, ...profile } = user;\n  res.json(profile);',
    ),
    prismaRouter(
      "  const user = await prisma.user.findFirst({ where: { id: req.params.id }, select: { email: true, resetToken: true } });\n  await mailer.send(user.email, `reset: ${user.resetToken}`);\n  res.sendStatus(202);",
    ),
    // `false` selects nothing; `omit: { x: true }` removes.
    prismaRouter('  res.json(await prisma.user.findMany({ select: { id: true, passwordHash: false } }));'),
    prismaRouter('  res.json(await prisma.user.findMany({ omit: { passwordHash: true } }));'),
    // A data-access function, in the default (`exposed`) mode.
    pService,
    // The personal tier is not reported by default.
    pPersonal,
  ],
  invalid: PRISMA_INVALID,
});

// The other libraries know their entities from the classes declared in the file.
new RuleTester().run('no-sensitive-projection (TypeORM, MikroORM, Objection)', rule, {
  assertionOptions: ASSERTIONS,
  valid: [
    // TypeORM: the hidden password, selected for a login check only.
    typeorm(
      "  const user = await users.createQueryBuilder('user').addSelect('user.password').where('user.email = :email', { email: req.body.email }).getOne();\n  if (!user || !(await bcrypt.compare(req.body.password, user.password))) return res.sendStatus(401);\n  res.json({ id: user.id, email: user.email });",
    ),
    typeorm(
      "  const user = await users.findOne({ where: { email: req.body.email }, select: { id: true, password: true } });\n  if (!user || !(await bcrypt.compare(req.body.password, user.password))) return res.sendStatus(401);\n  res.json({ token: sign({ sub: user.id }) });",
    ),
    typeorm("  res.json(await users.find({ select: ['id', 'email'] }));"),
    // MikroORM: `hidden: true` properties are removed when the entity is serialised.
    mikro("  res.json(await DI.em.find(User, {}, { fields: ['id', 'totpSecret'] }));"),
    mikro(
      "  const user = await DI.em.findOneOrFail(User, { username: req.body.username }, { fields: ['id', 'password'] });\n  if (!(await argon2.verify(user.password, req.body.password))) return res.sendStatus(401);\n  res.json({ id: user.id });",
    ),
    // Objection: compared on the server.
    objection(
      "  const user = await User.query().select('id', 'password_hash').findOne({ username: req.body.username });\n  if (!user || !(await bcrypt.compare(req.body.password, user.password_hash))) return res.sendStatus(401);\n  res.json({ id: user.id });",
    ),
    objection("  res.json(await User.query().select('id', 'username'));"),
  ],
  invalid: OTHER_INVALID,
});

function prismaInvalid() {
  return [
    // ── Prisma ──
    invalid(pSelect, [{ ...PW, sink: RES, at: 'passwordHash: true', output: fix(pSelect, 'id: true, passwordHash: true', 'id: true') }]),
    // Removing the only selected field would select everything: no suggestion.
    invalid(pSelectOnly, [{ ...PW, sink: RES, at: 'passwordHash: true', output: null }]),
    invalid(pSelectToken, [{ ...TOKEN, sink: RES, at: 'resetToken: true', output: fix(pSelectToken, ', resetToken: true', '') }]),
    // `omit: { x: false }` brings the field back; the suggestion omits it.
    invalid(pOmitFalse, [{ ...TOKEN, sink: RES, at: 'resetToken: false', output: fix(pOmitFalse, 'resetToken: false', 'resetToken: true') }]),
    // …also when a global omit had hidden it.
    invalid(pGlobalBypass, [{ ...PW, sink: RES, at: 'passwordHash: false', output: fix(pGlobalBypass, 'passwordHash: false', 'passwordHash: true') }]),
    // A relation's select names the related model's field.
    invalid(pRelation, [{ ...PW, sink: RES, at: 'passwordHash: true', output: fix(pRelation, ', passwordHash: true', '') }]),
    // The fluent API's own `select` (`findUnique(…).author({ select })`).
    invalid(pFluent, [{ ...PW, sink: RES, at: 'passwordHash: true', output: fix(pFluent, ', passwordHash: true', '') }]),
    invalid(pInclude, [{ ...TOKEN, sink: RES, at: 'resetToken: true', output: fix(pInclude, ', resetToken: true', '') }]),
    invalid(pNext, [{ ...TOKEN, sink: '`NextResponse.json`', at: 'resetToken: true', output: fix(pNext, ', resetToken: true', '') }]),
    invalid(pTrpc, [
      { ...PW, sink: "the tRPC `query` resolver's `return`", at: 'passwordHash: true', output: fix(pTrpc, ', passwordHash: true', '') },
    ]),
    invalid(pTransaction, [{ ...TOKEN, sink: RES, at: 'resetToken: true', output: fix(pTransaction, ', resetToken: true', '') }]),
    invalid(pService, [{ ...PW, fn: 'credentialsFor()', at: 'passwordHash: true', output: fix(pService, ', passwordHash: true', '') }], [
      { report: 'escaping' },
    ]),
    invalid(pPersonal, [{ column: 'User.email', tier: 'personal', reason: 'e-mail address', item: 'email', sink: RES, at: 'email: true', output: fix(pPersonal, ', email: true', '') }], [
      { tiers: ['secret', 'personal'] },
    ]),
  ];
}

function otherInvalid() {
  return [
    // ── TypeORM ──
    invalid(tSelectArray, [{ ...T_PW, sink: RES, at: "'password'", output: fix(tSelectArray, "['id', 'password']", "['id']") }]),
    invalid(tSelectObject, [{ ...T_PW, sink: RES, at: 'password: true', output: fix(tSelectObject, ', password: true', '') }]),
    // `addSelect` of a `select: false` column: the suggestion drops the call.
    invalid(tAddSelect, [{ ...T_PW, sink: RES, at: "'user.password'", output: fix(tAddSelect, ".addSelect('user.password')", '') }]),
    invalid(tAddSelectArray, [
      { ...T_PW, sink: RES, at: "'user.password'", output: fix(tAddSelectArray, "'user.password', ", '') },
      { ...T_TOKEN, sink: RES, at: "'user.resetToken'", output: fix(tAddSelectArray, ", 'user.resetToken'", '') },
    ]),
    invalid(tQbSelect, [{ ...T_TOKEN, sink: RES, at: "'u.resetToken'", output: fix(tQbSelect, ", 'u.resetToken'", '') }]),
    // The only selected column: removing it would select the whole entity.
    invalid(tQbSelectOnly, [{ ...T_TOKEN, sink: RES, at: "'u.resetToken'", output: null }]),
    // A relation's nested select.
    invalid(tRelation, [{ ...T_PW, sink: RES, at: 'password: true', output: fix(tRelation, 'author: { id: true, password: true }', 'author: { id: true }') }]),
    invalid(tJoin, [{ ...T_TOKEN, sink: RES, at: "'u.resetToken'", output: fix(tJoin, ", 'u.resetToken'", '') }]),
    invalid(tManager, [{ ...T_TOKEN, sink: RES, at: 'resetToken: true', output: fix(tManager, ', resetToken: true', '') }]),
    invalid(tNest, [
      { ...T_TOKEN, sink: "the `@Get()` handler's `return`", at: "'resetToken'", output: fix(tNest, ", 'resetToken'", '') },
    ]),
    // ── MikroORM ──
    invalid(mFields, [{ ...M_KEY, sink: RES, at: "'apiKey'", output: fix(mFields, ", 'apiKey'", '') }]),
    invalid(mFieldsOnly, [{ ...M_KEY, sink: RES, at: "'apiKey'", output: null }]),
    invalid(mRelation, [{ ...M_PW, sink: RES, at: "'author.password'", output: fix(mRelation, ", 'author.password'", '') }]),
    invalid(mLegacy, [{ ...M_KEY, sink: RES, at: "'apiKey'", output: fix(mLegacy, ", 'apiKey'", '') }]),
    invalid(mRepo, [{ ...M_PW, sink: RES, at: "'password'", output: fix(mRepo, ", 'password'", '') }]),
    // ── Objection ──
    invalid(oSelect, [{ ...O_KEY, sink: RES, at: "'api_key'", output: fix(oSelect, ", 'api_key'", '') }]),
    invalid(oSelectArray, [{ ...O_PW, sink: RES, at: "'users.password_hash as hash'", output: fix(oSelectArray, ", 'users.password_hash as hash'", '') }]),
    invalid(oColumns, [{ ...O_KEY, sink: RES, at: "'api_key'", output: fix(oColumns, ", 'api_key'", '') }]),
    invalid(oSelectOnly, [{ ...O_KEY, sink: RES, at: "'api_key'", output: null }]),
    // PostgreSQL `returning(…)` after a write projects the columns it names.
    invalid(oReturning, [{ ...O_KEY, sink: RES, at: "'api_key'", output: fix(oReturning, ", 'api_key'", '') }]),
    // A relation narrowed by `modifyGraph`, with the secret among its columns.
    invalid(oGraph, [{ ...O_KEY, sink: RES, at: "'api_key'", output: fix(oGraph, "builder.select('id', 'api_key')", "builder.select('id')") }]),
  ];
}
