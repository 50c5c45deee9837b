import { describe, expect, it } from 'vitest';
import { drizzleAdapter } from '../../src/orm/drizzle.js';
import { adapterTests, applyEdit, projectionSummary, tableReadSummary } from './harness.js';

const { run, only, summary, edit, remove } = adapterTests(drizzleAdapter, tableReadSummary);

const DB = `
import { drizzle } from 'drizzle-orm/node-postgres';
import { eq, desc } from 'drizzle-orm';
import { users, posts, comments } from './schema';
const db = drizzle(process.env.DATABASE_URL!);
`;

describe('drizzle: tables in the file', () => {
  it('pgTable / sqliteTable / mysqlTable give local models with JS keys and the SQL name', () => {
    const h = run(`
      import { pgTable, serial, text, timestamp, integer } from 'drizzle-orm/pg-core';
      import { sqliteTable, text as stext } from 'drizzle-orm/sqlite-core';
      import { mysqlTable, varchar } from 'drizzle-orm/mysql-core';
      import { relations } from 'drizzle-orm';
      export const users = pgTable('users', {
        id: serial('id').primaryKey(),
        email: text('email').notNull().unique(),
        passwordHash: text('password_hash').notNull(),
        createdAt: timestamp('created_at').defaultNow(),
      });
      export const posts = pgTable('posts', { id: serial('id'), authorId: integer('author_id'), body: text('body') });
      export const sessions = sqliteTable('session', { token: stext('token') });
      export const apiKeys = mysqlTable('api_keys', { key: varchar('key', { length: 64 }) });
      export const usersRelations = relations(users, ({ many }) => ({ posts: many(posts) }));
    `);
    expect(h.result.models).toEqual([
      { library: 'drizzle', names: ['users'], fields: ['id', 'email', 'passwordHash', 'createdAt'], hidden: [] },
      { library: 'drizzle', names: ['posts'], fields: ['id', 'authorId', 'body'], hidden: [] },
      { library: 'drizzle', names: ['sessions', 'session'], fields: ['token'], hidden: [] },
      { library: 'drizzle', names: ['apiKeys', 'api_keys'], fields: ['key'], hidden: [] },
    ]);
    expect(h.result.reads).toEqual([]);
  });

  it('drizzle v1 callback columns: pgTable("users", (t) => ({ ... }))', () => {
    const h = run(`
      import { pgTable } from 'drizzle-orm/pg-core';
      export const accounts = pgTable('accounts', (t) => ({ id: t.integer().primaryKey(), secret: t.text() }));
    `);
    expect(h.result.models).toEqual([{ library: 'drizzle', names: ['accounts'], fields: ['id', 'secret'], hidden: [] }]);
  });

  it('ignores a pgTable not imported from drizzle-orm', () => {
    const h = run(`
      import { pgTable } from './my-helpers';
      import { db } from './db';
      export const t = pgTable('t', { a: 1 });
    `);
    expect(h.result.models).toEqual([]);
  });
});

describe('drizzle: core selects', () => {
  it('db.select().from(users): whole rows of the table variable', () => {
    const { s } = only(`${DB}
      export async function GET() {
        const all = await db.select().from(users);
        return Response.json(all);
      }
    `);
    expect(s).toEqual({
      entity: 'users',
      kind: 'table',
      projection: { kind: 'none' },
      relations: [],
      reportNode: 'select',
      callText: 'db.select()',
      node: 'db.select().from(users)',
    });
  });

  it('the read node is the outermost call of the chain', () => {
    const { s } = only(`${DB}
      const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
    `);
    expect(s.node).toBe('db.select().from(users).where(eq(users.id, id)).limit(1)');
  });

  it('db.select({ id: users.id, email: users.email }) gives fields named by column', () => {
    const { s } = only(`${DB}
      const rows = await db.select({ id: users.id, mail: users.email, n: sql\`count(*)\` }).from(users);
    `);
    expect(s.projection).toEqual({ kind: 'fields', fields: ['id', 'email'] });
  });

  it('joins with db.select(): relation reads of the joined tables, whole rows', () => {
    const { s } = only(`${DB}
      const rows = await db.select().from(posts).leftJoin(users, eq(posts.authorId, users.id)).innerJoin(comments, eq(comments.postId, posts.id));
    `);
    expect(s.entity).toBe('posts');
    expect(s.projection).toEqual({ kind: 'none' });
    expect(s.relations).toEqual([
      { name: 'users', entity: 'users', projection: { kind: 'none' } },
      { name: 'comments', entity: 'comments', projection: { kind: 'none' } },
    ]);
  });

  it('joins with a field map: each table gets its fields; nested whole tables are whole rows', () => {
    const h = run(`${DB}
      const a = await db.select({ title: posts.title, author: { name: users.name } }).from(posts).leftJoin(users, eq(posts.authorId, users.id));
      const b = await db.select({ post: posts, user: users }).from(posts).innerJoin(users, eq(posts.authorId, users.id));
    `);
    const [a, b] = h.result.reads.map((r) => summary(h, r));
    expect(a?.projection).toEqual({ kind: 'fields', fields: ['title'] });
    expect(a?.relations).toEqual([{ name: 'users', entity: 'users', projection: { kind: 'fields', fields: ['name'] } }]);
    expect(b?.projection).toEqual({ kind: 'none' });
    expect(b?.relations).toEqual([{ name: 'users', entity: 'users', projection: { kind: 'none' } }]);
  });

  it('getTableColumns spread is a wildcard; a rest of it is an exclusion', () => {
    const h = run(`${DB}
      import { getTableColumns, sql } from 'drizzle-orm';
      const { passwordHash, ...safeUser } = getTableColumns(users);
      const a = await db.select({ ...getTableColumns(users), postCount: sql\`count(*)\` }).from(users);
      const b = await db.select(safeUser).from(users);
      const c = await db.select({ ...safeUser }).from(users);
    `);
    expect(h.result.reads.map((r) => projectionSummary(r.projection))).toEqual([
      { kind: 'wildcard' },
      { kind: 'exclusion', excluded: ['passwordHash'] },
      { kind: 'exclusion', excluded: ['passwordHash'] },
    ]);
  });

  it('selectDistinct and schema.users table references', () => {
    const h = run(`
      import { drizzle } from 'drizzle-orm/postgres-js';
      import * as schema from './schema';
      const db = drizzle(client, { schema });
      export const roles = () => db.selectDistinct().from(schema.users);
    `);
    expect(h.result.reads.map((r) => [r.entity?.name, h.sourceCode.getText(r.reportNode), r.callText])).toEqual([
      ['users', 'selectDistinct', 'db.selectDistinct()'],
    ]);
  });

  it('subqueries, prepared statements and toSQL() are not rows', () => {
    const h = run(`${DB}
      const sq = db.select().from(users).as('sq');
      const prepared = db.select().from(users).where(eq(users.id, placeholder('id'))).prepare('byId');
      const text = db.select().from(users).toSQL();
    `);
    expect(h.result.reads).toEqual([]);
  });
});

describe('drizzle: relational queries', () => {
  it('findMany() with no arguments', () => {
    const { s } = only(`${DB}
      export const list = () => db.query.users.findMany();
    `);
    expect(s).toEqual({
      entity: 'users',
      kind: 'table',
      projection: { kind: 'none' },
      relations: [],
      reportNode: 'findMany',
      callText: 'db.query.users.findMany()',
      node: 'db.query.users.findMany()',
    });
  });

  it('columns: { id: true } gives fields; { x: false } an exclusion; true wins over false', () => {
    const h = run(`${DB}
      await db.query.users.findFirst({ columns: { id: true, email: true }, where: eq(users.id, id) });
      await db.query.users.findMany({ columns: { passwordHash: false } });
      await db.query.users.findMany({ columns: { id: true, passwordHash: false } });
      await db.query.users.findMany({ columns: {}, with: { posts: true } });
    `);
    expect(h.result.reads.map((r) => projectionSummary(r.projection))).toEqual([
      { kind: 'fields', fields: ['id', 'email'] },
      { kind: 'exclusion', excluded: ['passwordHash'] },
      { kind: 'fields', fields: ['id'] },
      { kind: 'fields', fields: [] },
    ]);
  });

  it('with: relation reads, nested, with entities from relations() in the file', () => {
    const { s } = only(`
      import { drizzle } from 'drizzle-orm/node-postgres';
      import { relations } from 'drizzle-orm';
      import { pgTable, serial, text, integer } from 'drizzle-orm/pg-core';
      export const users = pgTable('users', { id: serial('id'), name: text('name'), passwordHash: text('password_hash') });
      export const posts = pgTable('posts', { id: serial('id'), authorId: integer('author_id') });
      export const usersRelations = relations(users, ({ many }) => ({ posts: many(posts) }));
      export const postsRelations = relations(posts, ({ one }) => ({ author: one(users, { fields: [posts.authorId], references: [users.id] }) }));
      const db = drizzle(pool, { schema: { users, posts, usersRelations, postsRelations } });
      export const feed = () => db.query.users.findMany({
        columns: { id: true, name: true },
        with: { posts: { columns: { id: true }, with: { author: true } } },
      });
    `);
    expect(s.projection).toEqual({ kind: 'fields', fields: ['id', 'name'] });
    expect(s.relations).toEqual([
      { name: 'posts', entity: 'posts', projection: { kind: 'fields', fields: ['id'] } },
      { name: 'posts.author', entity: 'users', projection: { kind: 'none' } },
    ]);
  });

  it('with: relations without relations() in the file have no entity', () => {
    const { s } = only(`${DB}
      await db.query.posts.findFirst({ with: { author: true, comments: { columns: { body: false } } } });
    `);
    expect(s.relations).toEqual([
      { name: 'author', entity: undefined, projection: { kind: 'none' } },
      { name: 'comments', entity: undefined, projection: { kind: 'exclusion', excluded: ['body'] } },
    ]);
  });
});

describe('drizzle: returning', () => {
  it('returning() with no arguments reads whole rows; with a map, fields', () => {
    const h = run(`${DB}
      const [created] = await db.insert(users).values(body).returning();
      const [updated] = await db.update(users).set({ name }).where(eq(users.id, id)).returning({ id: users.id });
      const deleted = await db.delete(users).where(eq(users.id, id)).returning();
      await db.insert(users).values(body);
    `);
    expect(h.result.reads.map((r) => [r.entity?.name, projectionSummary(r.projection), h.sourceCode.getText(r.reportNode)])).toEqual([
      ['users', { kind: 'none' }, 'returning'],
      ['users', { kind: 'fields', fields: ['id'] }, 'returning'],
      ['users', { kind: 'none' }, 'returning'],
    ]);
    expect(h.result.reads[0]?.callText).toBe('db.insert(users).values(body).returning()');
  });
});

describe('drizzle: receivers', () => {
  it('a db imported from a db module, without a drizzle-orm import', () => {
    const { s } = only(`
      import { db } from '@/server/db';
      import { users } from '@/server/db/schema';
      export default async function handler(req, res) { res.json(await db.select().from(users)); }
    `);
    expect(s.entity).toBe('users');
  });

  it('the tx of db.transaction()', () => {
    const h = run(`${DB}
      await db.transaction(async (tx) => {
        const [u] = await tx.select().from(users).where(eq(users.id, id));
        await tx.insert(posts).values(req.body);
      });
    `);
    expect(h.result.reads.map((r) => r.callText)).toEqual(['tx.select()']);
    expect(h.result.writes.map((w) => w.callText)).toEqual(['tx.insert(posts).values()']);
  });

  it('a NestJS service with a typed drizzle member', () => {
    const { s } = only(`
      import { Inject, Injectable } from '@nestjs/common';
      import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
      import * as schema from './schema';
      @Injectable()
      export class UsersService {
        constructor(@Inject('DB') private readonly db: NodePgDatabase<typeof schema>) {}
        findAll() { return this.db.query.users.findMany({ with: { posts: true } }); }
      }
    `);
    expect(s).toMatchObject({ entity: 'users', callText: 'this.db.query.users.findMany()' });
  });

  it('context receivers in a file that imports drizzle-orm (Hono c.var.db, getDb())', () => {
    const h = run(`
      import { eq } from 'drizzle-orm';
      import { users } from './schema';
      app.get('/users/:id', async (c) => c.json(await c.var.db.select().from(users).where(eq(users.id, c.req.param('id')))));
      const db = getDb();
      export const all = () => db.query.users.findMany();
    `);
    expect(h.result.reads.map((r) => r.callText)).toEqual(['c.var.db.select()', 'db.query.users.findMany()']);
  });
});

describe('drizzle: writes', () => {
  it('.values(x), .set(x), onConflictDoUpdate({ set })', () => {
    const h = run(`${DB}
      export async function handlers(req, res) {
        await db.insert(users).values(req.body);
        await db.update(users).set(req.body).where(eq(users.id, req.params.id));
        await db.insert(users).values({ ...req.body }).onConflictDoUpdate({ target: users.id, set: req.body });
      }
    `);
    expect(h.result.writes.map((w) => [w.callText, h.sourceCode.getText(w.value), w.entity?.name])).toEqual([
      ['db.insert(users).values()', 'req.body', 'users'],
      ['db.update(users).set()', 'req.body', 'users'],
      // calls come in source order: the outer onConflictDoUpdate() call first
      ['db.insert(users).values({...req.body}).onConflictDoUpdate()', 'req.body', 'users'],
      ['db.insert(users).values()', '{ ...req.body }', 'users'],
    ]);
  });
});

describe('drizzle: no evidence, lookalikes, odd code', () => {
  const cases: Record<string, string> = {
    'no drizzle or db import': `
      const rows = await db.select().from(users);
      await db.query.users.findMany();
    `,
    'a knex db.select().from("users")': `
      import knex from 'knex';
      import { eq } from 'drizzle-orm';
      const db = knex({ client: 'pg' });
      await db.select('*').from('users');
      await db.select().from('users');
    `,
    'a string table in .from() even with a drizzle receiver': `${DB}
      await db.select().from('users');
    `,
    'a Map#delete and Map#set': `${DB}
      const m = new Map(); m.set('a', 1); m.delete('a');
    `,
    'a service findMany': `
      import { eq } from 'drizzle-orm';
      import { UsersService } from './users.service';
      export class C { constructor(private readonly usersService: UsersService) {} list() { return this.usersService.findMany(); } }
    `,
    'a typed non-drizzle member': `
      import { eq } from 'drizzle-orm';
      import type { PrismaClient } from '@prisma/client';
      export class R { constructor(private readonly db: PrismaClient) {} list() { return this.db.query.users.findMany(); } }
    `,
    'a Kysely instance': `
      import { Kysely } from 'kysely';
      import { eq } from 'drizzle-orm';
      const db = new Kysely({ dialect });
      await db.select().from(users);
    `,
    'spread arguments and unknown select maps': `${DB}
      await db.select(...cols).from(users);
      await db.select(pickColumns(req)).from(users);
      await db.query.users.findMany(options);
      await db.query.users.findMany({ ...options });
      await db.query.users.findMany({ columns: picked });
    `,
    'a builder stored in a variable (split chain)': `${DB}
      const query = db.select().from(users);
      const rows = await query.where(eq(users.id, 1));
    `,
    'select without from': `${DB}
      const q = db.select();
    `,
    'an insert with spread values': `${DB}
      await db.insert(users).values(...rows);
    `,
    'a param typed with something else': `
      import { eq } from 'drizzle-orm';
      export function list(db: Knex) { return db.select().from(users); }
    `,
  };
  for (const [name, code] of Object.entries(cases)) {
    it(name, () => {
      const h = run(code);
      expect(h.result.reads).toEqual([]);
      expect(h.result.writes).toEqual([]);
    });
  }

  it('applies() is false without drizzle-orm or a db import', () => {
    expect(run(`import express from 'express';`).applies).toBe(false);
  });
});

describe('drizzle: edits', () => {
  it('project() turns db.select() into a field map on the from table', () => {
    const code = `${DB}await db.select().from(users).where(eq(users.id, id));`;
    expect(edit(code, 'project', ['id', 'email'])).toBe(`${DB}await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, id));`);
  });

  it('project() uses the from expression as written (schema.users)', () => {
    const code = `${DB}import * as schema from './schema';\nawait db.select().from(schema.users);`;
    expect(edit(code, 'project', ['id'])).toBe(`${DB}import * as schema from './schema';\nawait db.select({ id: schema.users.id }).from(schema.users);`);
  });

  it('project() on findMany() creates the arguments, or adds / replaces columns', () => {
    expect(edit(`${DB}await db.query.users.findMany();`, 'project', ['id', 'name'])).toBe(
      `${DB}await db.query.users.findMany({ columns: { id: true, name: true } });`,
    );
    expect(edit(`${DB}await db.query.users.findFirst({ where: eq(users.id, id) });`, 'project', ['id'])).toBe(
      `${DB}await db.query.users.findFirst({ columns: { id: true }, where: eq(users.id, id) });`,
    );
    expect(edit(`${DB}await db.query.users.findMany({ columns: { passwordHash: false } });`, 'project', ['id'])).toBe(
      `${DB}await db.query.users.findMany({ columns: { id: true } });`,
    );
  });

  it('exclude() on findMany() writes columns: { x: false }, merging an existing exclusion', () => {
    expect(edit(`${DB}await db.query.users.findMany({ with: { posts: true } });`, 'exclude', ['passwordHash'])).toBe(
      `${DB}await db.query.users.findMany({ columns: { passwordHash: false }, with: { posts: true } });`,
    );
    expect(edit(`${DB}await db.query.users.findMany({ columns: { email: false } });`, 'exclude', ['passwordHash'])).toBe(
      `${DB}await db.query.users.findMany({ columns: { email: false, passwordHash: false } });`,
    );
    expect(edit(`${DB}await db.query.users.findMany({ columns: { id: true } });`, 'exclude', ['passwordHash'])).toBeNull();
  });

  it('project() / exclude() do not write SQL column names (display_name) as the keys of a table defined elsewhere', () => {
    // `users` comes from './schema': its JS keys are unknown, and `users.display_name` is usually `users.displayName`.
    expect(edit(`${DB}await db.select().from(users);`, 'project', ['id', 'display_name'])).toBeNull();
    expect(edit(`${DB}await db.query.users.findMany();`, 'project', ['id', 'created_at'])).toBeNull();
    expect(edit(`${DB}await db.query.users.findMany();`, 'exclude', ['password_hash'])).toBeNull();
    expect(edit(`${DB}const [u] = await db.insert(users).values(body).returning();`, 'project', ['id', 'display_name'])).toBeNull();
    // Names without an underscore read the same either way.
    expect(edit(`${DB}await db.select().from(users);`, 'project', ['id', 'email'])).toBe(`${DB}await db.select({ id: users.id, email: users.email }).from(users);`);
  });

  it('project() narrows a table nested whole in a select map, keeping the rest of the map', () => {
    const nested = `${DB}await db.select({ post: posts, author: users }).from(users).innerJoin(posts, eq(posts.authorId, users.id));`;
    expect(edit(nested, 'project', ['id', 'name'])).toBe(
      `${DB}await db.select({ post: posts, author: { id: users.id, name: users.name } }).from(users).innerJoin(posts, eq(posts.authorId, users.id));`,
    );
    const spread = `${DB}import { getTableColumns, count } from 'drizzle-orm';\nawait db.select({ ...getTableColumns(users), posts: count(posts.id) }).from(users);`;
    expect(edit(spread, 'project', ['id', 'name'])).toBe(
      `${DB}import { getTableColumns, count } from 'drizzle-orm';\nawait db.select({ id: users.id, name: users.name, posts: count(posts.id) }).from(users);`,
    );
    // The map comes from elsewhere, or names the table twice: no edit.
    const named = `${DB}const shape = { user: users };\nawait db.select(shape).from(users);`;
    expect(edit(named, 'project', ['id'])).toBeNull();
    const twice = `${DB}await db.select({ a: users, b: users }).from(users);`;
    expect(edit(twice, 'project', ['id'])).toBeNull();
  });

  it('project() writes the keys of a table defined in the file as they are', () => {
    const local = `
import { drizzle } from 'drizzle-orm/node-postgres';
import { pgTable, serial, text } from 'drizzle-orm/pg-core';
export const members = pgTable('members', { id: serial('id'), display_name: text('display_name'), api_key: text('api_key') });
const db = drizzle(process.env.DATABASE_URL!);
`;
    expect(edit(`${local}await db.select().from(members);`, 'project', ['id', 'display_name'])).toBe(
      `${local}await db.select({ id: members.id, display_name: members.display_name }).from(members);`,
    );
    expect(edit(`${local}await db.query.members.findMany();`, 'exclude', ['api_key'])).toBe(`${local}await db.query.members.findMany({ columns: { api_key: false } });`);
  });

  it('project() on returning()', () => {
    const code = `${DB}const [u] = await db.insert(users).values(body).returning();`;
    expect(edit(code, 'project', ['id'])).toBe(`${DB}const [u] = await db.insert(users).values(body).returning({ id: users.id });`);
  });

  it('removeField() removes a property from the select map, but not the last one', () => {
    const code = `${DB}await db.select({ id: users.id, hash: users.passwordHash }).from(users);`;
    expect(remove(code, (p) => (p.kind === 'fields' ? p.fields[1] : undefined))).toBe(`${DB}await db.select({ id: users.id }).from(users);`);
    const single = `${DB}await db.select({ hash: users.passwordHash }).from(users);`;
    expect(remove(single, (p) => (p.kind === 'fields' ? p.fields[0] : undefined))).toBeNull();
  });

  it("removeField() removes a joined table's column while the map keeps another property", () => {
    const code = `${DB}await db.select({ id: users.id, body: comments.body }).from(users).innerJoin(comments, eq(comments.userId, users.id));`;
    const { read } = only(code);
    const rel = read.relations[0];
    const field = rel?.projection.kind === 'fields' ? rel.projection.fields[0] : undefined;
    expect(field?.name).toBe('body');
    expect(applyEdit(code, (fixer) => read.edits.removeField!(field!, fixer))).toBe(
      `${DB}await db.select({ id: users.id }).from(users).innerJoin(comments, eq(comments.userId, users.id));`,
    );
    // The last property of a nested object: no edit.
    const nested = `${DB}await db.select({ id: users.id, c: { body: comments.body } }).from(users).innerJoin(comments, eq(comments.userId, users.id));`;
    const n = only(nested).read;
    const p = n.relations[0]?.projection;
    const body = p?.kind === 'fields' ? p.fields[0] : undefined;
    expect(applyEdit(nested, (fixer) => n.edits.removeField!(body!, fixer))).toBeNull();
  });

  it('removeField() removes a column from relational columns (even the last: columns: {} selects none)', () => {
    const code = `${DB}await db.query.users.findMany({ columns: { id: true, passwordHash: true } });`;
    expect(remove(code, (p) => (p.kind === 'fields' ? p.fields[1] : undefined))).toBe(`${DB}await db.query.users.findMany({ columns: { id: true } });`);
    const single = `${DB}await db.query.users.findMany({ columns: { passwordHash: true } });`;
    expect(remove(single, (p) => (p.kind === 'fields' ? p.fields[0] : undefined))).toBe(`${DB}await db.query.users.findMany({ columns: {  } });`);
  });
});
