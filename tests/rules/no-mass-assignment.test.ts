/**
 * no-mass-assignment: every request-input source of DESIGN §1 written wholesale (Prisma as the
 * library; each library's write forms are tested in no-mass-assignment.orm-*.test.ts), entities
 * overwritten with `Object.assign`, SQL built from the input's keys, and what is not a finding.
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-mass-assignment.js';
import { ASSERTIONS } from '../support/assertions.js';
import { positionOf } from '../support/position.js';
import { appSettingsWithPrisma } from '../support/settings.js';

const ruleTester = new RuleTester({ settings: appSettingsWithPrisma });

const GUARDED = ' (including id, passwordHash, resetToken, role, createdAt)';

interface Expect {
  readonly input: string;
  readonly write?: string;
  readonly detail?: string;
  /** The value node's text, where the report lands. */
  readonly value: string;
  /** Code after the pick suggestion, or null. */
  readonly fixed: string | null;
}

const invalid = (code: string, e: Expect) => {
  const data = { input: e.input, write: e.write ?? 'prisma.user.update()', detail: e.detail ?? GUARDED };
  return {
    code,
    errors: [
      {
        messageId: 'massAssignment' as const,
        data,
        ...positionOf(code, e.value, code.split(e.value).length > 2 ? code.split(e.value).length - 2 : 0),
        suggestions:
          e.fixed === null ? [] : [{ messageId: 'pickFields' as const, data: { ...data, fields: 'email, displayName' }, output: e.fixed }],
      },
    ],
  };
};

const express = (body: string): string =>
  `import express from 'express';\nimport { prisma } from './prisma';\nconst app = express();\napp.patch('/me', async (req, res) => {\n${body}\n  res.status(204).end();\n});`;
const update = (value: string): string => `  await prisma.user.update({ where: { id: req.user.id }, data: ${value} });`;

const reqBody = express(update('req.body'));
const spread = express(update('{ ...req.body, updatedBy: req.user.id }'));
const copied = express(`  const changes = structuredClone(req.body);\n${update('changes')}`);
const assigned = express(`  const changes = Object.assign({}, req.body);\n${update('changes')}`);
const rest = express(`  const { role, ...changes } = req.body;\n${update('changes')}`);
const nested = express(update('req.body.user'));
const fastify = `import Fastify from 'fastify';\nimport { prisma } from './prisma';\nconst app = Fastify();\napp.post('/users', async (request, reply) => {\n  const user = await prisma.user.create({ data: request.body });\n  return { id: user.id };\n});`;
const koa = `import Router from '@koa/router';\nimport { prisma } from './prisma';\nconst router = new Router();\nrouter.post('/users', async (ctx) => {\n  await prisma.user.create({ data: ctx.request.body });\n  ctx.status = 201;\n});`;
const hono = `import { Hono } from 'hono';\nimport { prisma } from './prisma';\nconst app = new Hono();\napp.post('/users', async (c) => {\n  const body = await c.req.json();\n  const user = await prisma.user.create({ data: body });\n  return c.json({ id: user.id }, 201);\n});`;
const nextRoute = `import { NextResponse } from 'next/server';\nimport { prisma } from '@/lib/prisma';\nexport async function PATCH(request: Request) {\n  const user = await prisma.user.update({ where: { id: '1' }, data: await request.json() });\n  return NextResponse.json({ id: user.id });\n}`;
const formData = `import { prisma } from '@/lib/prisma';\nexport async function POST(request: Request) {\n  const data = Object.fromEntries(await request.formData());\n  await prisma.user.create({ data });\n  return new Response(null, { status: 201 });\n}`;
const nest = `import { Body, Controller, Post } from '@nestjs/common';\nimport { PrismaService } from './prisma.service';\n@Controller('users')\nexport class UsersController {\n  constructor(private readonly prisma: PrismaService) {}\n  @Post()\n  create(@Body() body: Record<string, unknown>) {\n    return this.prisma.user.create({ data: body });\n  }\n}`;
const assignOnto = `import express from 'express';\nimport { AppDataSource } from './data-source';\nimport { User } from './entity/User';\nconst app = express();\napp.put('/users/:id', async (req, res) => {\n  const repo = AppDataSource.getRepository(User);\n  const user = await repo.findOneBy({ id: req.params.id });\n  Object.assign(user, req.body);\n  res.json({ ok: true });\n});`;
const partialBody = nest.replace('@Body() body: Record<string, unknown>', '@Body() body: Partial<User>');
const keyedBody = nest.replace('@Body() body: Record<string, unknown>', "@Body('user') body: any");
const serverAction = `'use server';\nimport { prisma } from '@/lib/prisma';\nexport async function register(formData: FormData) {\n  await prisma.user.create({ data: Object.fromEntries(formData) });\n}`;
const createManyList = express('  await prisma.user.createMany({ data: req.body });');
const sqlKeys = `import express from 'express';\nimport { pool } from './db';\nconst app = express();\napp.patch('/users/:id', async (req, res) => {\n  await pool.query(\`UPDATE users SET \${Object.keys(req.body).map((k, i) => \`\${k} = $\${i + 2}\`).join(', ')} WHERE id = $1\`, [req.params.id, ...Object.values(req.body)]);\n  res.status(204).end();\n});`;

ruleTester.run('no-mass-assignment', rule, {
  assertionOptions: ASSERTIONS,
  valid: [
    express(update('{ displayName: req.body.displayName }')),
    express(`  const { displayName, email } = req.body;\n${update('{ displayName, email }')}`),
    express(update("pick(req.body, ['displayName'])")),
    express(update('UpdateUser.parse(req.body)')),
    express(`  const data = v.parse(UpdateUserSchema, req.body);\n${update('data')}`),
    express(`  const data = await schema.validate(req.body, { stripUnknown: true });\n${update('data')}`),
    `import { Body, Controller, Post } from '@nestjs/common';\nimport { PrismaService } from './prisma.service';\n@Controller('users')\nexport class UsersController {\n  constructor(private readonly prisma: PrismaService) {}\n  @Post()\n  create(@Body() dto: CreateUserDto) {\n    return this.prisma.user.create({ data: dto });\n  }\n}`,
    // Counting the body's keys writes nothing.
    `import express from 'express';\nimport { pool } from './db';\nconst app = express();\napp.post('/x', async (req, res) => {\n  await pool.query(\`INSERT INTO audit (n) VALUES (\${Object.keys(req.body).length})\`);\n  res.end();\n});`,
    // Not request input: a value built on the server.
    express(update("{ role: 'member', displayName: 'x' }")),
    // A body that is only read, never written.
    express('  if (req.body.displayName.length > 80) return res.status(400).end();'),
    // Object.assign onto something that is not an entity from a read.
    express('  const options = {};\n  Object.assign(options, req.body);'),
    // A write method on something that is not an ORM.
    express('  const cache = new Map();\n  cache.set(req.user.id, req.body);'),
  ],
  invalid: [
    invalid(reqBody, { input: 'req.body', value: 'req.body', fixed: express(update('{ email: req.body.email, displayName: req.body.displayName }')) }),
    invalid(spread, {
      input: 'req.body',
      value: '{ ...req.body, updatedBy: req.user.id }',
      fixed: express(update('{ email: req.body.email, displayName: req.body.displayName, updatedBy: req.user.id }')),
    }),
    invalid(copied, { input: 'req.body', value: 'changes', fixed: copied.replace('data: changes', 'data: { email: changes.email, displayName: changes.displayName }') }),
    invalid(assigned, { input: 'req.body', value: 'changes', fixed: assigned.replace('data: changes', 'data: { email: changes.email, displayName: changes.displayName }') }),
    invalid(rest, { input: 'req.body (rest)', value: 'changes', fixed: rest.replace('data: changes', 'data: { email: changes.email, displayName: changes.displayName }') }),
    invalid(nested, { input: 'req.body.user', value: 'req.body.user', fixed: express(update('{ email: req.body.user.email, displayName: req.body.user.displayName }')) }),
    invalid(fastify, { input: 'request.body', write: 'prisma.user.create()', value: 'request.body', fixed: fastify.replace('data: request.body', 'data: { email: request.body.email, displayName: request.body.displayName }') }),
    invalid(koa, { input: 'ctx.request.body', write: 'prisma.user.create()', value: 'ctx.request.body', fixed: koa.replace('data: ctx.request.body', 'data: { email: ctx.request.body.email, displayName: ctx.request.body.displayName }') }),
    invalid(hono, { input: 'await c.req.json()', write: 'prisma.user.create()', value: 'body', fixed: hono.replace('data: body', 'data: { email: body.email, displayName: body.displayName }') }),
    // The input is read inline: it cannot be repeated in a pick, so no suggestion.
    invalid(nextRoute, { input: 'await request.json()', value: 'await request.json()', fixed: null }),
    invalid(formData, {
      input: 'await request.formData()',
      write: 'prisma.user.create()',
      value: 'data',
      fixed: formData.replace('create({ data })', 'create({ data: { email: data.email, displayName: data.displayName } })'),
    }),
    invalid(nest, { input: '@Body() body', write: 'this.prisma.user.create()', value: 'body', fixed: nest.replace('data: body', 'data: { email: body.email, displayName: body.displayName }') }),
    invalid(assignOnto, { input: 'req.body', write: 'Object.assign() onto user', detail: '', value: 'req.body', fixed: null }),
    // Utility types and keyed bodies are no DTO class: nothing whitelists them.
    invalid(partialBody, { input: '@Body() body', write: 'this.prisma.user.create()', value: 'body', fixed: partialBody.replace('data: body', 'data: { email: body.email, displayName: body.displayName }') }),
    invalid(keyedBody, { input: "@Body('user') body", write: 'this.prisma.user.create()', value: 'body', fixed: keyedBody.replace('data: body', 'data: { email: body.email, displayName: body.displayName }') }),
    // A server action's form data.
    invalid(serverAction, { input: 'formData', write: 'prisma.user.create()', value: 'Object.fromEntries(formData)', fixed: null }),
    // createMany writes a list: a pick of one object would be wrong, so none is offered.
    invalid(createManyList, { input: 'req.body', write: 'prisma.user.createMany()', value: 'req.body', fixed: null }),
    invalid(sqlKeys, { input: 'req.body', write: 'SQL built from its keys', detail: '', value: "Object.keys(req.body).map((k, i) => `${k} = $${i + 2}`).join(', ')", fixed: null }),
  ],
});
