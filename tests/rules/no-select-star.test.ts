import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-select-star.js';
import { ASSERTIONS } from '../support/assertions.js';

const ruleTester = new RuleTester();

/** Column (1-based) of the first `needle` in `line` of `code`, for positions. */
function col(code: string, line: number, needle: string, nth = 0): number {
  const text = code.split('\n')[line - 1] ?? '';
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`"${needle}" not on line ${line}`);
  return at + 1;
}

const express = (body: string): string => `
import express from 'express';
import { pool } from './db';
const app = express();
app.get('/users/:id', async (req, res) => {
${body}
});`;

const exposedExpress = express(`  const r = await pool.query('SELECT * FROM users WHERE id = $1', [req.params.id]);
  res.json(r.rows[0]);`);

const fastify = `
import Fastify from 'fastify';
import { sql } from './db';
const app = Fastify();
app.get('/users', async () => {
  return await sql\`SELECT * FROM users AS OF SYSTEM TIME '-5s'\`;
});`;

const joinExposed = express(`  const { rows } = await pool.query(\`
    SELECT u.*, o.total
    FROM users u JOIN orders o ON o.user_id = u.id\`);
  res.status(200).json({ data: rows });`);

const returning = express(`  const result = await pool.query('INSERT INTO users (email) VALUES ($1) RETURNING *', [req.body.email]);
  res.status(201).send(result.rows[0]);`);

const rowToJson = express(`  const { rows: [user] } = await pool.query('SELECT row_to_json(u) AS user FROM users u WHERE u.id = $1', [req.params.id]);
  res.json(user);`);

const constBinding = `
import { pool } from './db';
const LIST_USERS = 'SELECT * FROM users ORDER BY id';
export default async function handler(req, res) {
  const { rows } = await pool.query(LIST_USERS);
  return res.json(rows);
}`;

const concatenated = express(`  const r = await pool.query('SELECT * ' + 'FROM users WHERE id = $1', [req.params.id]);
  res.json(r.rows);`);

const helper = `
import express from 'express';
import { pool } from './db';
async function loadUsers() {
  const { rows } = await pool.query('SELECT * FROM users');
  return rows;
}
const app = express();
app.get('/users', async (req, res) => {
  const users = await loadUsers();
  res.json({ users });
});`;

const koa = `
import Router from '@koa/router';
import { pool } from './db';
const router = new Router();
router.get('/users', async (ctx) => {
  const { rows } = await pool.query('SELECT * FROM users');
  ctx.body = rows;
});`;

const hono = `
import { Hono } from 'hono';
import { sql } from './db';
const app = new Hono();
app.get('/users', async (c) => {
  const users = await sql\`SELECT * FROM users\`;
  return c.json(users);
});`;

const nextRoute = `
import { NextResponse } from 'next/server';
import { prisma } from '@/lib/prisma';
export async function GET() {
  const users = await prisma.$queryRaw\`SELECT * FROM "User"\`;
  return NextResponse.json(users);
}`;

const nest = `
import { Controller, Get } from '@nestjs/common';
import { DataSource } from 'typeorm';
@Controller('users')
export class UsersController {
  constructor(private readonly dataSource: DataSource) {}
  @Get()
  async findAll() {
    return this.dataSource.query('SELECT * FROM users');
  }
}`;

const trpc = `
import { publicProcedure, router } from './trpc';
import { db } from './db';
export const appRouter = router({
  users: publicProcedure.query(async () => {
    const result = await db.execute('SELECT * FROM users');
    return result.rows;
  }),
});`;

const promiseAll = express(`  const [users, count] = await Promise.all([
    pool.query('SELECT * FROM users'),
    pool.query('SELECT count(*) FROM users'),
  ]);
  res.json({ users: users.rows, total: count.rows[0].count });`);

const mapSpread = express(`  const { rows } = await pool.query('SELECT * FROM users');
  res.json(rows.map((u) => ({ ...u, displayName: u.name })));`);

const thenChain = `
import express from 'express';
import { pool } from './db';
const app = express();
app.get('/users', (req, res) => {
  pool.query('SELECT * FROM users').then((r) => res.json(r.rows));
});`;

ruleTester.run('no-select-star', rule, {
  assertionOptions: ASSERTIONS,
  valid: [
    // Counted, not returned.
    express(`  const r = await pool.query('SELECT count(*) FROM users');
  res.json(r.rows[0]);`),
    // Explicit columns.
    express(`  const r = await pool.query('SELECT id, name FROM users WHERE id = $1', [req.params.id]);
  res.json(r.rows[0]);`),
    // Star inside a CTE, outer projection explicit.
    express(`  const r = await pool.query('WITH x AS (SELECT * FROM t) SELECT x.a FROM x');
  res.json(r.rows);`),
    // EXISTS (SELECT *) is not a result wildcard.
    express(`  const r = await pool.query('SELECT id FROM users WHERE EXISTS (SELECT * FROM orders WHERE orders.user_id = users.id)');
  res.json(r.rows);`),
    // Star over a derived table with explicit columns.
    express(`  const r = await pool.query('SELECT * FROM (SELECT id, name FROM users) s');
  res.json(r.rows);`),
    // Rows mapped to picked fields before the response.
    express(`  const { rows } = await pool.query('SELECT * FROM users');
  res.json(rows.map((u) => ({ id: u.id, name: u.name })));`),
    // Passed through a mapper / schema parse.
    express(`  const { rows } = await pool.query('SELECT * FROM users');
  res.json(toPublicUsers(rows));`),
    express(`  const { rows } = await pool.query('SELECT * FROM users');
  res.json(UserList.parse(rows));`),
    // Only a column value reaches the response.
    express(`  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [req.params.id]);
  res.json({ name: rows[0].name });`),
    // Rest destructuring drops fields on purpose.
    express(`  const { rows: [row] } = await pool.query('SELECT * FROM users WHERE id = $1', [req.params.id]);
  const { password_hash, ...user } = row;
  res.json(user);`),
    // Only the count of rows.
    express(`  const r = await pool.query('SELECT * FROM users');
  res.json({ total: r.rowCount });`),
    // Background job: never reaches a response.
    `import { pool } from './db';
export async function nightly() {
  const { rows } = await pool.query('SELECT * FROM users');
  for (const u of rows) await sendDigest(u);
}`,
    // Express handler return value goes nowhere.
    express(`  const { rows } = await pool.query('SELECT * FROM users');
  return rows;`),
    // English text is not SQL.
    express(`  res.json({ message: 'Select * from the list below to continue' });`),
    express(`  res.send('Update your profile and delete old sessions, then select a plan');`),
    // A string that is not SQL passed to something else.
    `const help = 'select * to choose all'; console.log(help);`,
    // $executeRaw returns a count, not rows.
    `import { prisma } from './db';
export default async function handler(req, res) {
  const n = await prisma.$executeRaw\`DELETE FROM sessions WHERE expires_at < now() RETURNING *\`;
  res.json({ deleted: n });
}`,
    // Not a response object: a local cache.
    `import { pool } from './db';
async function warm(cache) {
  const { rows } = await pool.query('SELECT * FROM users');
  cache.send(rows);
}`,
    // A `*` inside an interpolated identifier position is unknown.
    express(`  const r = await pool.query(\`SELECT \${cols} FROM users\`);
  res.json(r.rows);`),
    // with report: all, counting is still fine
    { code: `const q = 'SELECT count(*) FROM users';`, options: [{ report: 'all' }] },
    { code: `import { pool } from './db'; pool.query('SELECT id FROM users');`, options: [{ report: 'all' }] },
  ],
  invalid: [
    {
      code: exposedExpress,
      errors: [
        {
          messageId: 'exposedWildcard',
          data: { wildcard: 'SELECT *', sources: '`users`', detail: '', sink: '`res.json`' },
          line: 6,
          column: col(exposedExpress, 6, '*'),
          endLine: 6,
          endColumn: col(exposedExpress, 6, '*') + 1,
        },
      ],
    },
    {
      code: fastify,
      errors: [
        {
          messageId: 'exposedWildcard',
          data: { wildcard: 'SELECT *', sources: '`users`', detail: '', sink: "the Fastify handler's `return`" },
          line: 6,
          column: col(fastify, 6, '*'),
          endLine: 6,
          endColumn: col(fastify, 6, '*') + 1,
        },
      ],
    },
    {
      code: joinExposed,
      errors: [
        {
          messageId: 'exposedWildcard',
          data: { wildcard: 'u.*', sources: '`users`', detail: '', sink: '`res.json`' },
          line: 7,
          column: col(joinExposed, 7, 'u.*'),
          endLine: 7,
          endColumn: col(joinExposed, 7, 'u.*') + 3,
        },
      ],
    },
    {
      code: returning,
      errors: [
        {
          messageId: 'exposedWildcard',
          data: { wildcard: 'RETURNING *', sources: '`users`', detail: '', sink: '`res.send`' },
          line: 6,
          column: col(returning, 6, '*'),
          endLine: 6,
          endColumn: col(returning, 6, '*') + 1,
        },
      ],
    },
    {
      code: rowToJson,
      errors: [
        {
          messageId: 'exposedWildcard',
          data: { wildcard: 'row_to_json(u)', sources: '`users`', detail: '', sink: '`res.json`' },
          line: 6,
          column: col(rowToJson, 6, 'row_to_json(u)'),
          endLine: 6,
          endColumn: col(rowToJson, 6, 'row_to_json(u)') + 'row_to_json(u)'.length,
        },
      ],
    },
    {
      code: constBinding,
      errors: [
        {
          messageId: 'exposedWildcard',
          data: { wildcard: 'SELECT *', sources: '`users`', detail: '', sink: '`res.json`' },
          line: 3,
          column: col(constBinding, 3, '*'),
          endLine: 3,
          endColumn: col(constBinding, 3, '*') + 1,
        },
      ],
    },
    {
      code: concatenated,
      errors: [
        {
          messageId: 'exposedWildcard',
          data: { wildcard: 'SELECT *', sources: '`users`', detail: '', sink: '`res.json`' },
          line: 6,
          column: col(concatenated, 6, '*'),
          endLine: 6,
          endColumn: col(concatenated, 6, '*') + 1,
        },
      ],
    },
    {
      code: helper,
      errors: [
        {
          messageId: 'exposedWildcard',
          data: { wildcard: 'SELECT *', sources: '`users`', detail: '', sink: '`res.json`' },
          line: 5,
          column: col(helper, 5, '*'),
          endLine: 5,
          endColumn: col(helper, 5, '*') + 1,
        },
      ],
    },
    {
      code: koa,
      errors: [
        {
          messageId: 'exposedWildcard',
          data: { wildcard: 'SELECT *', sources: '`users`', detail: '', sink: '`ctx.body`' },
          line: 6,
          column: col(koa, 6, '*'),
          endLine: 6,
          endColumn: col(koa, 6, '*') + 1,
        },
      ],
    },
    {
      code: hono,
      errors: [
        {
          messageId: 'exposedWildcard',
          data: { wildcard: 'SELECT *', sources: '`users`', detail: '', sink: '`c.json`' },
          line: 6,
          column: col(hono, 6, '*'),
          endLine: 6,
          endColumn: col(hono, 6, '*') + 1,
        },
      ],
    },
    {
      code: nextRoute,
      errors: [
        {
          messageId: 'exposedWildcard',
          data: { wildcard: 'SELECT *', sources: '`User`', detail: '', sink: '`NextResponse.json`' },
          line: 5,
          column: col(nextRoute, 5, '*'),
          endLine: 5,
          endColumn: col(nextRoute, 5, '*') + 1,
        },
      ],
    },
    {
      code: nest,
      errors: [
        {
          messageId: 'exposedWildcard',
          data: { wildcard: 'SELECT *', sources: '`users`', detail: '', sink: "the `@Get()` handler's `return`" },
          line: 9,
          column: col(nest, 9, '*'),
          endLine: 9,
          endColumn: col(nest, 9, '*') + 1,
        },
      ],
    },
    {
      code: trpc,
      errors: [
        {
          messageId: 'exposedWildcard',
          data: { wildcard: 'SELECT *', sources: '`users`', detail: '', sink: "the tRPC `query` resolver's `return`" },
          line: 6,
          column: col(trpc, 6, '*'),
          endLine: 6,
          endColumn: col(trpc, 6, '*') + 1,
        },
      ],
    },
    {
      code: promiseAll,
      errors: [
        {
          messageId: 'exposedWildcard',
          data: { wildcard: 'SELECT *', sources: '`users`', detail: '', sink: '`res.json`' },
          line: 7,
          column: col(promiseAll, 7, '*'),
          endLine: 7,
          endColumn: col(promiseAll, 7, '*') + 1,
        },
      ],
    },
    {
      code: mapSpread,
      errors: [
        {
          messageId: 'exposedWildcard',
          data: { wildcard: 'SELECT *', sources: '`users`', detail: '', sink: '`res.json`' },
          line: 6,
          column: col(mapSpread, 6, '*'),
          endLine: 6,
          endColumn: col(mapSpread, 6, '*') + 1,
        },
      ],
    },
    {
      code: thenChain,
      errors: [
        {
          messageId: 'exposedWildcard',
          data: { wildcard: 'SELECT *', sources: '`users`', detail: '', sink: '`res.json`' },
          line: 6,
          column: col(thenChain, 6, '*'),
          endLine: 6,
          endColumn: col(thenChain, 6, '*') + 1,
        },
      ],
    },
    {
      // report: all flags a wildcard that never reaches a response.
      code: `import { pool } from './db';\nexport async function all() {\n  return (await pool.query('SELECT * FROM users')).rows;\n}`,
      options: [{ report: 'all' }],
      errors: [{ messageId: 'wildcard', data: { wildcard: 'SELECT *', sources: '`users`', detail: '' }, line: 3, column: 36, endLine: 3, endColumn: 37 }],
    },
  ],
});
