/**
 * Random handler files assembled from the fragments the rules know (fast-check): frameworks and
 * their sinks, raw SQL and every ORM's reads, the flows between them, request-input writes, and
 * random damage as in an editor (a deleted line, a cut-off file, a stray token). Linted with every
 * rule (the `all` preset, with a schema): nothing throws, complete files have no fatal message,
 * every report lies inside the file, and every suggestion leaves code that parses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lint, lintClean } from '../robustness/harness.js';

const RUNS = Number(process.env.FC_RUNS ?? 150);

// ── libraries: setup (imports, clients, models) and the reads and writes they offer ──────────────

type Lib = 'pg' | 'sqltag' | 'prisma' | 'knex' | 'kysely' | 'typeorm' | 'sequelize' | 'mongoose' | 'drizzle' | 'mikro' | 'objection';

const SETUP: Record<Lib, string> = {
  pg: "import { pool } from './db';",
  sqltag: "import postgres from 'postgres';\nconst sql = postgres(process.env.DATABASE_URL!);",
  prisma: "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();",
  knex: "import Knex from 'knex';\nconst knex = Knex({ client: 'pg', connection: process.env.DATABASE_URL });",
  kysely: "import { Kysely, PostgresDialect } from 'kysely';\nimport { Pool } from 'pg';\nconst kdb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new Pool() }) });",
  typeorm: [
    "import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';",
    "@Entity('users')",
    'export class TUser {',
    '  @PrimaryGeneratedColumn() id!: number;',
    '  @Column() email!: string;',
    "  @Column({ name: 'password_hash' }) passwordHash!: string;",
    '}',
    "const dataSource = new DataSource({ type: 'postgres' });",
    'const repo = dataSource.getRepository(TUser);',
  ].join('\n'),
  sequelize: [
    "import { DataTypes, Model as SModel } from 'sequelize';",
    "import { sequelize } from './database';",
    'export class SUser extends SModel {}',
    "SUser.init({ email: DataTypes.STRING, passwordHash: DataTypes.STRING, resetToken: DataTypes.STRING }, { sequelize, tableName: 'users' });",
  ].join('\n'),
  mongoose: [
    "import mongoose, { Schema } from 'mongoose';",
    'const userSchema = new Schema({ email: String, password: { type: String, select: false }, resetToken: String });',
    "const MUser = mongoose.model('User', userSchema);",
  ].join('\n'),
  drizzle: [
    "import { drizzle } from 'drizzle-orm/node-postgres';",
    "import { eq } from 'drizzle-orm';",
    "import { pgTable, text, uuid } from 'drizzle-orm/pg-core';",
    "const users = pgTable('users', { id: uuid('id').primaryKey(), email: text('email'), passwordHash: text('password_hash') });",
    'const ddb = drizzle(process.env.DATABASE_URL!);',
  ].join('\n'),
  mikro: "import { EntityManager } from '@mikro-orm/postgresql';\ndeclare const em: EntityManager;",
  objection: "import { Model as OModel } from 'objection';\nexport class OUser extends OModel {\n  static tableName = 'users';\n}",
};

/** SQL texts, written into JS carriers below. */
const SQL = fc.constantFrom(
  'SELECT * FROM users WHERE id = $1',
  'SELECT u.*, o.total FROM users u JOIN orders o ON o.user_id = u.id WHERE u.id = $1',
  'SELECT id, email, password_hash FROM users WHERE id = $1',
  'SELECT row_to_json(u) FROM users u',
  'SELECT json_agg(o) AS orders FROM orders o',
  'INSERT INTO users (email) VALUES ($1) RETURNING *',
  'UPDATE users SET email = $1 WHERE id = $2 RETURNING *',
  'WITH x AS (SELECT * FROM users) SELECT * FROM x',
  'SELECT (u).* FROM users u',
  'TABLE sessions',
  'SELECT to_jsonb(u) - \'password_hash\' FROM users u',
  'SELECT * FROM users AS OF SYSTEM TIME \'-10s\' WHERE id = $1',
  'SELECT s.token, s.user_id FROM sessions s',
  'SELECT * FROM missing_table',
  'SELECT * FROM',
  'SELEC * FORM users',
  'SELECT "😀".* FROM users "😀"',
);

function quote(sql: string, kind: number): string {
  switch (kind % 5) {
    case 0:
      return `'${sql.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    case 1:
      return `"${sql.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    case 2:
      return `\`${sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;
    case 3: {
      // A `+` chain split at a space.
      const at = sql.indexOf(' ', Math.floor(sql.length / 2));
      if (at < 0) return quote(sql, 0);
      return `${quote(sql.slice(0, at + 1), 0)} +\n    ${quote(sql.slice(at + 1), 1)}`;
    }
    default:
      // A template with a hole in place of the first `$1`.
      return quote(sql, 2).replace('$1', '${req.params.id}');
  }
}

interface Read {
  readonly lib: Lib;
  /** Statements that leave the rows in `rows`. */
  readonly code: string;
}

const read: fc.Arbitrary<Read> = fc.oneof(
  fc.tuple(SQL, fc.nat()).map(([sql, k]) => ({ lib: 'pg' as const, code: `const { rows } = await pool.query(${quote(sql, k)}, [req.params.id]);` })),
  fc.tuple(SQL, fc.nat()).map(([sql, k]) => ({ lib: 'pg' as const, code: `const sqlText = ${quote(sql, k % 3)};\n  const result = await pool.query({ text: sqlText, values: [1] });\n  const rows = result.rows;` })),
  SQL.map((sql) => ({ lib: 'sqltag' as const, code: `const rows = await sql\`${sql.replace(/\$1/g, '${req.params.id}').replace(/`/g, '\\`')}\`;` })),
  fc.constantFrom(
    'const rows = await prisma.user.findMany();',
    'const rows = await prisma.user.findMany({ where: { id: req.params.id } });',
    'const rows = await prisma.user.findMany({ select: { id: true, email: true, passwordHash: true } });',
    'const rows = await prisma.user.findUnique({ where: { id: req.params.id }, include: { posts: true } });',
    'const rows = await prisma.user.findFirst({ omit: { passwordHash: true } });',
    'const [rows, n] = await prisma.$transaction([prisma.user.findMany(), prisma.user.count()]);',
  ).map((code) => ({ lib: 'prisma' as const, code })),
  fc.constantFrom(
    "const rows = await knex('users').where({ id: req.params.id });",
    "const rows = await knex('users').select('id', 'password_hash');",
    "const rows = await knex('users').select('*').first();",
    "const rows = await knex('users as u').join('orders', 'orders.user_id', 'u.id').select('u.*');",
    "const rows = await knex.select('email as e', 'u.reset_token').from('users as u');",
  ).map((code) => ({ lib: 'knex' as const, code })),
  fc.constantFrom(
    "const rows = await kdb.selectFrom('users').selectAll().execute();",
    "const rows = await kdb.selectFrom('users').select(['id', 'password_hash']).executeTakeFirst();",
    "const rows = await kdb.selectFrom('users as u').innerJoin('orders', 'orders.user_id', 'u.id').selectAll('u').execute();",
  ).map((code) => ({ lib: 'kysely' as const, code })),
  fc.constantFrom(
    'const rows = await repo.find();',
    'const rows = await repo.findOne({ where: { id: 1 }, relations: { posts: true } });',
    "const rows = await repo.createQueryBuilder('u').leftJoinAndSelect('u.posts', 'p').getMany();",
    "const rows = await repo.find({ select: ['id', 'email'] });",
  ).map((code) => ({ lib: 'typeorm' as const, code })),
  fc.constantFrom(
    'const rows = await SUser.findAll();',
    "const rows = await SUser.findByPk(req.params.id, { attributes: ['id', 'email'] });",
    "const rows = await SUser.findAll({ attributes: { exclude: ['passwordHash'] }, raw: true });",
  ).map((code) => ({ lib: 'sequelize' as const, code })),
  fc.constantFrom(
    'const rows = await MUser.find().lean();',
    "const rows = await MUser.find().select('email password');",
    "const rows = await MUser.findById(req.params.id).select('+password');",
  ).map((code) => ({ lib: 'mongoose' as const, code })),
  fc.constantFrom(
    'const rows = await ddb.select().from(users);',
    'const rows = await ddb.select({ id: users.id, hash: users.passwordHash }).from(users).where(eq(users.id, req.params.id));',
  ).map((code) => ({ lib: 'drizzle' as const, code })),
  fc.constantFrom(
    "const rows = await em.find('User', {});",
    "const rows = await em.findOne('User', { id: 1 }, { fields: ['id', 'email'] });",
  ).map((code) => ({ lib: 'mikro' as const, code })),
  fc.constantFrom(
    'const rows = await OUser.query();',
    "const rows = await OUser.query().select('id', 'password_hash').withGraphFetched('[posts, owner.pets]');",
  ).map((code) => ({ lib: 'objection' as const, code })),
);

interface Write {
  readonly lib: Lib;
  readonly code: string;
}

const write: fc.Arbitrary<Write> = fc.constantFrom<Write>(
  { lib: 'prisma', code: "await prisma.user.update({ where: { id: '1' }, data: req.body });" },
  { lib: 'prisma', code: 'await prisma.user.create({ data: { ...req.body, role: "member" } });' },
  { lib: 'prisma', code: 'const { role, ...changes } = req.body;\n  await prisma.user.update({ where: { id: "1" }, data: changes });' },
  { lib: 'knex', code: "await knex('users').insert(req.body);" },
  { lib: 'kysely', code: "await kdb.insertInto('users').values(req.body).execute();" },
  { lib: 'typeorm', code: 'await repo.save(req.body);' },
  { lib: 'typeorm', code: 'const entity = await repo.findOneBy({ id: 1 });\n  Object.assign(entity, req.body);\n  await repo.save(entity);' },
  { lib: 'sequelize', code: 'await SUser.create(req.body);' },
  { lib: 'mongoose', code: 'await new MUser(req.body).save();' },
  { lib: 'drizzle', code: 'await ddb.insert(users).values(req.body);' },
  { lib: 'objection', code: 'await OUser.query().insert(req.body);' },
  { lib: 'mikro', code: "em.assign(await em.findOneOrFail('User', 1), req.body);" },
  { lib: 'pg', code: "await pool.query(`UPDATE users SET ${Object.keys(req.body).map((k, i) => `${k} = $${i + 1}`).join(', ')}`, Object.values(req.body));" },
);

/** How the rows travel to the sink: statements before it, and the value sent. */
const flow = fc.constantFrom<[string, string]>(
  ['', 'rows'],
  ['', '{ data: rows, at: Date.now() }'],
  ['', 'rows[0]'],
  ['', 'rows.map((r) => ({ ...r, kind: "user" }))'],
  ['', 'rows.map((r) => r.id)'],
  ['', 'rows.map(toPublic)'],
  ['const [first] = rows;', 'first'],
  ['const { password_hash, ...safe } = rows[0];', 'safe'],
  ['const out = await Promise.all([rows]);', 'out'],
  ['const payload = JSON.stringify(rows);', 'payload'],
  ['const shaped = await load(rows);', 'shaped'],
  ['', '{ ...rows, token: undefined }'],
);

type Framework = 'express' | 'koa' | 'fastify' | 'hono' | 'next' | 'nest' | 'trpc' | 'hapi' | 'plain';

const FRAMEWORK_SETUP: Record<Framework, string> = {
  express: "import express from 'express';\nconst app = express();",
  koa: "import Router from '@koa/router';\nconst router = new Router();",
  fastify: "import Fastify from 'fastify';\nconst fastify = Fastify();",
  hono: "import { Hono } from 'hono';\nconst hono = new Hono();",
  next: "import { NextResponse } from 'next/server';",
  nest: "import { Body, Controller, Get, Param, Post } from '@nestjs/common';",
  trpc: "import { publicProcedure, router } from './trpc';",
  hapi: "import Hapi from '@hapi/hapi';\nconst server = Hapi.server();",
  plain: '',
};

const NEXT_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function handler(fw: Framework, i: number, body: string, value: string, sinkChoice: number): string {
  switch (fw) {
    case 'express': {
      const sink = ['res.json', 'res.send', 'res.status(200).json', 'res.jsonp'][sinkChoice % 4];
      return `app.get('/r${i}/:id', async (req, res) => {\n  ${body}\n  ${sink}(${value});\n});`;
    }
    case 'koa':
      return `router.get('/r${i}', async (ctx) => {\n  const req = ctx.request;\n  ${body}\n  ctx.body = ${value};\n});`;
    case 'fastify':
      return sinkChoice % 2 === 0
        ? `fastify.get('/r${i}', async (req, reply) => {\n  ${body}\n  return ${value};\n});`
        : `fastify.post('/r${i}', async (req, reply) => {\n  ${body}\n  reply.send(${value});\n});`;
    case 'hono':
      return `hono.get('/r${i}', async (c) => {\n  const req = { body: await c.req.json(), params: c.req.param() };\n  ${body}\n  return c.json(${value});\n});`;
    case 'next': {
      const method = NEXT_METHODS[i];
      const head = method ? `export async function ${method}(request: Request)` : `export const handler${i} = async (request: Request) =>`;
      return `${head} {\n  const req = { body: await request.json(), params: { id: '1' } };\n  ${body}\n  return NextResponse.json(${value});\n}`;
    }
    case 'nest':
      return `@Controller('r${i}')\nexport class C${i} {\n  @Get(':id')\n  async list(@Param('id') id: string, @Body() body: any) {\n    const req = { body, params: { id } };\n    ${body}\n    return ${value};\n  }\n}`;
    case 'trpc':
      return `export const r${i} = router({\n  list: publicProcedure.query(async ({ input }) => {\n    const req = { body: input, params: input };\n    ${body}\n    return ${value};\n  }),\n});`;
    case 'hapi':
      return `server.route({ method: 'GET', path: '/r${i}', handler: async (request, h) => {\n  const req = { body: request.payload, params: request.params };\n  ${body}\n  return h.response(${value});\n} });`;
    default:
      return `export async function load${i}(req: any) {\n  ${body}\n  return ${value};\n}`;
  }
}

const unit = fc.record({
  fw: fc.constantFrom<Framework>('express', 'koa', 'fastify', 'hono', 'next', 'nest', 'trpc', 'hapi', 'plain'),
  read,
  flow,
  write: fc.option(write, { nil: undefined }),
  sink: fc.nat(),
  noise: fc.constantFrom('', '// TODO', 'if (!req.params) throw new Error("no params");', 'const started = Date.now();'),
});

/** A whole file: the setups of what the handlers use, then the handlers. */
const file = fc.tuple(fc.array(unit, { minLength: 1, maxLength: 4 }), fc.boolean()).map(([units, helpers]) => {
  const libs = new Set<Lib>();
  const frameworks = new Set<Framework>();
  for (const u of units) {
    libs.add(u.read.lib);
    if (u.write) libs.add(u.write.lib);
    frameworks.add(u.fw);
  }
  const parts = [...frameworks].map((f) => FRAMEWORK_SETUP[f]).filter(Boolean);
  parts.push(...[...libs].map((l) => SETUP[l]));
  if (helpers) parts.push('function toPublic(u: any) { return { id: u.id }; }\nasync function load(x: any) { return x; }');
  else parts.push('declare function toPublic(u: any): any;\ndeclare function load(x: any): Promise<any>;');
  units.forEach((u, i) => {
    const body = [u.noise, u.read.code, u.write?.code ?? '', u.flow[0]].filter(Boolean).join('\n  ');
    parts.push(handler(u.fw, i, body, u.flow[1], u.sink));
  });
  return `${parts.join('\n')}\n`;
});

/** What an editor holds mid-edit: a line deleted, the file cut off, or a stray token inserted. */
const damaged = fc.tuple(file, fc.nat(), fc.constantFrom('delete-line', 'truncate', 'insert'), fc.constantFrom('(', '}', '`', "'", 'await', ',', '.', '${', '/*')).map(
  ([code, at, how, junk]) => {
    if (how === 'truncate') return code.slice(0, at % (code.length + 1));
    if (how === 'insert') {
      const i = at % (code.length + 1);
      return code.slice(0, i) + junk + code.slice(i);
    }
    const lines = code.split('\n');
    lines.splice(at % lines.length, 1);
    return lines.join('\n');
  },
);

describe('random handler files', () => {
  it('lint without throwing, report inside the file, and suggest only edits that parse', () => {
    let findings = 0;
    fc.assert(
      fc.property(file, (code) => {
        findings += lintClean(code).length;
      }),
      { numRuns: RUNS },
    );
    // The generator reaches the rules (otherwise the property says nothing).
    expect(findings).toBeGreaterThan(RUNS / 2);
  }, 300_000);

  it('damaged files (as in an editor mid-edit) never make a rule throw', () => {
    fc.assert(
      fc.property(damaged, (code) => {
        const { messages } = lint(code);
        const fatal = messages.filter((m) => m.fatal);
        for (const m of fatal) expect(m.message).toMatch(/^Parsing error/);
        if (fatal.length === 0) lintClean(code);
      }),
      { numRuns: RUNS },
    );
  }, 300_000);

  it('the same files as plain JavaScript (espree) where they parse', () => {
    fc.assert(
      fc.property(file, (code) => {
        // Types, decorators and `declare` are TypeScript: strip the simple cases, skip the rest.
        const js = code.replace(/: (any|string|Request)\b/g, '').replace(/<Database>/g, '').replace(/!\)/g, ')');
        const { messages } = lint(js, { filename: 'handler.js', espree: true });
        if (messages.some((m) => m.fatal)) return;
        lintClean(js, { filename: 'handler.js', espree: true });
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  }, 300_000);
});
