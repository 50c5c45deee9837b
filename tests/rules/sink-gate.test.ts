// The file-level sink gate (`maySend`): in `exposed` mode the rules follow no value in a file that
// holds no word a response sink is written with. Each sink form below is a minimal file that
// must still be reported (so a form the gate forgets fails here), and data-access or service
// code that only returns rows must close the gate (and still be reported in `strict`).
import { Linter } from 'eslint';
import * as parser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { maySend } from '../../src/flow/sinks.js';

const QUERY = "const { rows } = await pool.query('SELECT * FROM users');";

/** One file per sink form of DESIGN §1, each with nothing else that opens the gate. */
const FORMS: Record<string, string> = {
  'Express res.json': `import { pool } from './db';
app.get('/u', async (req, res) => { ${QUERY} res.json(rows); });`,
  'Express res.send': `import { pool } from './db';
app.get('/u', async (req, res) => { ${QUERY} res.send(rows); });`,
  'Express res.jsonp': `import { pool } from './db';
app.get('/u', async (req, res) => { ${QUERY} res.jsonp(rows); });`,
  'Express res.end': `import { pool } from './db';
app.get('/u', async (req, res) => { ${QUERY} res.end(rows); });`,
  'Express res.write': `import { pool } from './db';
app.get('/u', async (req, res) => { ${QUERY} res.write(rows); });`,
  'a second parameter after the request': `import { pool } from './db';
app.get('/u', async (req, r) => { ${QUERY} r.send(rows); });`,
  'Hono c.json': `import { pool } from './db';
app.get('/u', async (c) => { ${QUERY} return c.json(rows); });`,
  'Hono c.body': `import { pool } from './db';
app.get('/u', async (c) => { ${QUERY} return c.body(rows); });`,
  'Hono c.jsonT': `import { pool } from './db';
app.get('/u', async (c) => { ${QUERY} return c.jsonT(rows); });`,
  'hapi h.response': `import { pool } from './db';
const handler = async (request, h) => { ${QUERY} return h.response(rows); };`,
  'Response.json': `import { pool } from './db';
export async function GET() { ${QUERY} return Response.json(rows); }`,
  'NextResponse.json': `import { pool } from './db';
export async function GET() { ${QUERY} return NextResponse.json(rows); }`,
  'new Response': `import { pool } from './db';
export async function GET() { ${QUERY} return new Response(rows); }`,
  'new NextResponse': `import { pool } from './db';
export async function GET() { ${QUERY} return new NextResponse(rows); }`,
  'Koa ctx.body': `import { pool } from './db';
router.get('/u', async (ctx) => { ${QUERY} ctx.body = rows; });`,
  'a NestJS controller method': `import { pool } from './db';
@Controller('u') class C { @Get() async list() { ${QUERY} return rows; } }`,
  'a tRPC resolver': `import { pool } from './db';
export const r = publicProcedure.query(async () => { ${QUERY} return rows; });`,
  'a Fastify handler (by import)': `import Fastify from 'fastify';
import { pool } from './db';
const app = Fastify();
app.get('/u', async () => { ${QUERY} return rows; });`,
  'a Fastify handler (by its reply parameter)': `import { pool } from './db';
app.get('/u', async (request, reply) => { ${QUERY} return rows; });`,
  'a Fastify handler (by its rep parameter)': `import { pool } from './db';
app.get('/u', async (request, rep) => { ${QUERY} return rows; });`,
  'a hapi handler': `import Hapi from '@hapi/hapi';
import { pool } from './db';
server.route({ method: 'GET', path: '/u', handler: async () => { ${QUERY} return rows; } });`,
  'getServerSideProps': `import { pool } from './db';
export async function getServerSideProps() { ${QUERY} return { props: { rows } }; }`,
  'getStaticProps': `import { pool } from './db';
export async function getStaticProps() { ${QUERY} return { props: { rows } }; }`,
  'a server action': `'use server';
import { pool } from './db';
export async function list() { ${QUERY} return rows; }`,
};

function lint(code: string, preset: 'recommended' | 'strict'): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser } }, { ...plugin.configs[preset], files: ['**/*.ts'] }], 'file.ts');
}

describe('sink gate: every sink form is still reported in exposed mode', () => {
  it.each(Object.entries(FORMS))('%s', (_name, code) => {
    expect(maySend(code)).toBe(true);
    const messages = lint(code, 'recommended');
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    expect(messages.map((m) => m.ruleId)).toContain('data-exposure/no-select-star');
  });
});

describe('sink gate: files that cannot send', () => {
  const dataAccess = `import type { Pool } from 'pg';
export async function report(db: Pool) {
  const result = await db.query('SELECT id, password_hash FROM users');
  return result.rows;
}
export async function all(db: Pool) {
  const { rows } = await db.query('SELECT * FROM orders');
  return rows;
}`;

  it('a data-access module closes the gate: nothing in recommended, escapes in strict', () => {
    expect(maySend(dataAccess)).toBe(false);
    expect(lint(dataAccess, 'recommended')).toEqual([]);
    const strict = lint(dataAccess, 'strict').map((m) => m.ruleId);
    expect(strict).toContain('data-exposure/no-select-star');
    expect(strict).toContain('data-exposure/no-sensitive-projection');
  });

  it('a service that returns Prisma rows closes the gate', () => {
    const service = `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function list() { return prisma.user.findMany(); }`;
    expect(maySend(service)).toBe(false);
    expect(lint(service, 'recommended')).toEqual([]);
    expect(lint(service, 'strict').map((m) => m.ruleId)).toContain('data-exposure/no-full-entity-response');
  });

  it('words that only contain a sink word keep it closed', () => {
    expect(maySend('class Pending extends Base { append(sender, endpoint, jsonish) { return this.bodyParts; } }')).toBe(false);
    expect(maySend('const send = 1')).toBe(true);
  });

  it('identifiers written with escapes keep it open', () => {
    expect(maySend('res.j\\u0073on(rows)')).toBe(true);
  });
});
