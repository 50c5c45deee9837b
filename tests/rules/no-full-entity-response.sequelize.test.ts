/**
 * no-full-entity-response with Sequelize (v6 classes + `init`, `sequelize.define`,
 * sequelize-typescript, NestJS `@InjectModel`): whole rows and whole `include`d relations that
 * reach a response, the bypasses that stay findings, and what narrows or stops them.
 */
import { RuleTester, type ValidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type Options } from '../../rules/no-full-entity-response.js';
import { ASSERTIONS } from '../support/assertions.js';
import { invalidCases, type Invalid } from '../support/entity-cases.js';

const ruleTester = new RuleTester();

// ---------------------------------------------------------------------------------------------
// Helpers

const invalid = invalidCases();

const RES_JSON = '`res.json`';
const ESCAPING: Options = [{ report: 'escaping' }];

// ---------------------------------------------------------------------------------------------
// Models defined in the file (sensitive in the default tiers: passwordHash, resetToken)

const USER_MODEL = `import { DataTypes, Model } from 'sequelize';
import { sequelize } from '../config/database';

export class User extends Model {}
User.init(
  {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    username: { type: DataTypes.STRING, allowNull: false, unique: true },
    email: { type: DataTypes.STRING, allowNull: false },
    passwordHash: { type: DataTypes.STRING, allowNull: false },
    resetToken: DataTypes.STRING,
  },
  { sequelize, modelName: 'User', tableName: 'users' },
);
`;
const USER_SECRETS = ['passwordHash', 'resetToken'];
const USER_SAFE = ['id', 'username', 'email'];
const USER_ATTRIBUTES = "attributes: ['id', 'username', 'email']";

const ARTICLE_MODEL = `
export class Article extends Model {}
Article.init(
  {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    slug: DataTypes.STRING,
    title: DataTypes.STRING,
    body: DataTypes.TEXT,
  },
  { sequelize, modelName: 'Article' },
);
Article.belongsTo(User, { as: 'author' });
`;

/** An Express app over the models above, with `routes` appended. */
const expressApp = (routes: string, models = USER_MODEL): string =>
  `import express from 'express';\n${models}\nconst app = express();\n\n${routes}\n`;

// ---------------------------------------------------------------------------------------------
// Invalid

const listUsers = expressApp(`app.get('/api/users', async (req, res) => {
  const users = await User.findAll();
  res.json(users);
});`);

// Options held in a const: the read is known, but editing the shared object is not offered.
const constOptions = expressApp(`const listQuery = { where: { active: true }, order: [['id', 'DESC']] };
app.get('/api/users', async (req, res) => {
  res.json(await User.findAll(listQuery));
});`);

const getUser = expressApp(`app.get('/api/users/:id', async (req, res) => {
  const user = await User.findByPk(req.params.id);
  if (!user) return res.status(404).json({ error: 'Not found' });
  res.json(user);
});`);

const loginLookup = expressApp(`app.get('/api/users/by-email', async (req, res) => {
  const user = await User.findOne({ where: { email: req.query.email } });
  res.status(200).json({ user });
});`);

const koaPaged = `import Router from '@koa/router';
${USER_MODEL}
const router = new Router({ prefix: '/users' });

router.get('/', async (ctx) => {
  const { rows, count } = await User.findAndCountAll({ limit: 20, offset: Number(ctx.query.offset ?? 0) });
  ctx.body = { users: rows, total: count };
});

export default router;
`;

const fastifyPlugin = `import type { FastifyPluginAsync } from 'fastify';
${USER_MODEL}
const usersRoutes: FastifyPluginAsync = async (fastify) => {
  fastify.get('/users', async (request, reply) => {
    return User.findAll({ where: { active: true }, order: [['createdAt', 'DESC']] });
  });
};

export default usersRoutes;
`;

const nestTyped = `import { Controller, Get, Param } from '@nestjs/common';
import { InjectModel } from '@nestjs/sequelize';
import { Column, DataType, Model, Table } from 'sequelize-typescript';

@Table({ tableName: 'accounts' })
export class Account extends Model {
  @Column displayName: string;
  @Column({ type: DataType.STRING }) apiKey: string;
  @Column({ type: DataType.STRING }) password: string;
}

@Controller('accounts')
export class AccountsController {
  constructor(@InjectModel(Account) private readonly accountModel: typeof Account) {}

  @Get(':id')
  findOne(@Param('id') id: string) {
    return this.accountModel.findOne({ where: { id } });
  }
}
`;

const nestImported = `import { Controller, Get } from '@nestjs/common';
import { InjectModel } from '@nestjs/sequelize';
import { User } from './user.model';

@Controller('users')
export class UsersController {
  constructor(@InjectModel(User) private userModel: typeof User) {}

  @Get()
  async findAll(): Promise<User[]> {
    return this.userModel.findAll();
  }
}
`;

const nextRoute = `import { NextResponse } from 'next/server';
import { Column, Model, Table } from 'sequelize-typescript';

@Table
class Member extends Model {
  @Column name: string;
  @Column sessionToken: string;
}

export async function GET() {
  const members = await Member.findAll({ where: { active: true } });
  return NextResponse.json(members);
}
`;

const trpcRouter = `import { initTRPC } from '@trpc/server';
import { z } from 'zod';
import { User } from '../db/models';

const t = initTRPC.create();

export const userRouter = t.router({
  byId: t.procedure.input(z.string()).query(async ({ input }) => {
    return User.findByPk(input);
  }),
});
`;

const honoApp = `import { Hono } from 'hono';
import { User } from './models';

const app = new Hono();
app.get('/users', async (c) => c.json(await User.findAll()));
export default app;
`;

const hapiRoute = `import Hapi from '@hapi/hapi';
import { User } from './models/user';

const server = Hapi.server({ port: 3000 });
server.route({
  method: 'GET',
  path: '/users',
  handler: async (request, h) => User.findAll(),
});
`;

const cliModels = `const express = require('express');
const db = require('../models');

const router = express.Router();

router.get('/', async (req, res, next) => {
  try {
    const users = await db.User.findAll();
    res.send(users);
  } catch (err) {
    next(err);
  }
});

module.exports = router;
`;

const defineModel = `import express from 'express';
import { DataTypes, Sequelize } from 'sequelize';

const sequelize = new Sequelize(process.env.DATABASE_URL as string);
const Client = sequelize.define('Client', {
  name: DataTypes.STRING,
  clientSecret: DataTypes.STRING,
});

const app = express();
app.get('/clients/:id', async (req, res) => {
  const client = await Client.findByPk(req.params.id);
  res.send(client);
});
`;

const articlesWithAuthor = expressApp(
  `app.get('/api/articles', async (req, res) => {
  const articles = await Article.findAll({
    attributes: ['slug', 'title', 'body'],
    include: [{ model: User, as: 'author' }],
  });
  res.json({ articles, articlesCount: articles.length });
});`,
  USER_MODEL + ARTICLE_MODEL,
);

const articleAndAuthorWhole = expressApp(
  `app.get('/api/articles/:slug', async (req, res) => {
  const article = await Article.findOne({ where: { slug: req.params.slug }, include: User });
  res.json({ article });
});`,
  USER_MODEL + ARTICLE_MODEL,
);

const unscopedImported = `import { Router } from 'express';
import { User } from '../models';

const router = Router();
router.get('/admin/users/:id', async (req, res) => {
  const user = await User.unscoped().findOne({ where: { id: req.params.id } });
  res.json(user);
});
export default router;
`;

const TO_JSON_MODEL = `import { DataTypes, Model } from 'sequelize';
import { sequelize } from './sequelize';

export class User extends Model {
  toJSON() {
    const values = { ...this.get() };
    delete values.passwordHash;
    return values;
  }
}
User.init({ name: DataTypes.STRING, passwordHash: DataTypes.STRING }, { sequelize });
`;
const rawSkipsToJson = `import express from 'express';
${TO_JSON_MODEL}
const app = express();
app.get('/users', async (req, res) => {
  const users = await User.findAll({ raw: true });
  res.json(users);
});
`;

const partialExclude = expressApp(`app.get('/api/users', async (req, res) => {
  const users = await User.findAll({ attributes: { exclude: ['passwordHash'] } });
  res.json(users);
});`);

const helperFn = expressApp(`async function loadUser(id: string) {
  return User.findByPk(id);
}

app.get('/api/users/:id', async (req, res) => {
  res.json(await loadUser(req.params.id));
});`);

const promiseAll = expressApp(`app.get('/api/users', async (req, res) => {
  const [users, total] = await Promise.all([User.findAll({ limit: 10 }), User.count()]);
  res.json({ users, total });
});`);

const thenChain = expressApp(`app.get('/api/users', (req, res, next) => {
  User.findAll()
    .then((users) => res.json(users))
    .catch(next);
});`);

const spreadToJson = expressApp(`app.get('/api/me', async (req, res) => {
  const user = await User.findByPk(req.user.id);
  res.json({ ...user.toJSON(), self: true });
});`);

const findOrCreate = expressApp(`app.post('/api/users/ensure', async (req, res) => {
  const [user, created] = await User.findOrCreate({ where: { email: req.body.email } });
  res.status(created ? 201 : 200).json(user);
});`);

const filtered = expressApp(`app.get('/api/users/active', async (req, res) => {
  const users = await User.findAll();
  res.json(users.filter((u) => u.active));
});`);

const restKeepsSecrets = expressApp(`app.get('/api/users/:id', async (req, res) => {
  const user = await User.findByPk(req.params.id);
  const { id, ...profile } = user.toJSON();
  res.json(profile);
});`);

const strictTiers = expressApp(`app.get('/api/users', async (req, res) => {
  res.json(await User.findAll());
});`);

const dataAccess = `${USER_MODEL}
export async function findUserByEmail(email: string) {
  return User.findOne({ where: { email } });
}
`;

const dataAccessArrow = `import { User } from '../models';

export const listUsers = (limit = 50) => User.findAll({ limit, order: [['id', 'ASC']] });
`;

const dataAccessInclude = `${USER_MODEL}${ARTICLE_MODEL}
export function articlesWithAuthors() {
  return Article.findAll({ attributes: ['slug', 'title'], include: [{ model: User, as: 'author' }] });
}
`;

const invalid_: Invalid[] = [
  invalid(constOptions, { at: 'findAll', call: 'User.findAll()', entity: 'User', sensitive: USER_SECRETS, sink: RES_JSON }),
  invalid(listUsers, {
    at: 'findAll',
    call: 'User.findAll()',
    entity: 'User',
    sensitive: USER_SECRETS,
    sink: RES_JSON,
    fix: { fields: USER_SAFE, from: 'User.findAll()', to: `User.findAll({ ${USER_ATTRIBUTES} })` },
  }),
  invalid(getUser, {
    at: 'findByPk',
    call: 'User.findByPk()',
    entity: 'User',
    sensitive: USER_SECRETS,
    sink: RES_JSON,
    fix: { fields: USER_SAFE, from: 'User.findByPk(req.params.id)', to: `User.findByPk(req.params.id, { ${USER_ATTRIBUTES} })` },
  }),
  invalid(loginLookup, {
    at: 'findOne',
    call: 'User.findOne()',
    entity: 'User',
    sensitive: USER_SECRETS,
    sink: RES_JSON,
    fix: { fields: USER_SAFE, from: '{ where: { email: req.query.email } }', to: `{ ${USER_ATTRIBUTES}, where: { email: req.query.email } }` },
  }),
  // Koa: `findAndCountAll` keeps the rows under `rows`.
  invalid(koaPaged, {
    at: 'findAndCountAll',
    call: 'User.findAndCountAll()',
    entity: 'User',
    sensitive: USER_SECRETS,
    sink: '`ctx.body`',
    fix: { fields: USER_SAFE, from: '{ limit: 20,', to: `{ ${USER_ATTRIBUTES}, limit: 20,` },
  }),
  // Fastify plugin: the handler's return value is the response.
  invalid(fastifyPlugin, {
    at: 'findAll',
    call: 'User.findAll()',
    entity: 'User',
    sensitive: USER_SECRETS,
    sink: "the Fastify handler's `return`",
    fix: { fields: USER_SAFE, from: '{ where: { active: true },', to: `{ ${USER_ATTRIBUTES}, where: { active: true },` },
  }),
  // NestJS with a sequelize-typescript model of the same file.
  invalid(nestTyped, {
    at: 'findOne',
    inside: 'accountModel.findOne',
    call: 'this.accountModel.findOne()',
    entity: 'Account',
    sensitive: ['apiKey', 'password'],
    sink: "the `@Get()` handler's `return`",
    fix: { fields: ['displayName'], from: '{ where: { id } }', to: "{ attributes: ['displayName'], where: { id } }" },
  }),
  // NestJS with the model imported: the fields are unknown, so no suggestion.
  invalid(nestImported, { at: 'findAll', nth: 1, call: 'this.userModel.findAll()', entity: 'User', sink: "the `@Get()` handler's `return`" }),
  invalid(nextRoute, {
    at: 'findAll',
    call: 'Member.findAll()',
    entity: 'Member',
    sensitive: ['sessionToken'],
    sink: '`NextResponse.json`',
    fix: { fields: ['name'], from: '{ where: { active: true } }', to: "{ attributes: ['name'], where: { active: true } }" },
  }),
  invalid(trpcRouter, { at: 'findByPk', call: 'User.findByPk()', entity: 'User', sink: "the tRPC `query` resolver's `return`" }),
  invalid(honoApp, { at: 'findAll', call: 'User.findAll()', entity: 'User', sink: '`c.json`' }),
  invalid(hapiRoute, { at: 'findAll', call: 'User.findAll()', entity: 'User', sink: "the hapi handler's `return`" }),
  // sequelize-cli: `db.User` from the models index.
  invalid(cliModels, { at: 'findAll', call: 'db.User.findAll()', entity: 'User', sink: '`res.send`' }),
  invalid(defineModel, {
    at: 'findByPk',
    call: 'Client.findByPk()',
    entity: 'Client',
    sensitive: ['clientSecret'],
    sink: '`res.send`',
    fix: { fields: ['name'], from: 'Client.findByPk(req.params.id)', to: "Client.findByPk(req.params.id, { attributes: ['name'] })" },
  }),
  // The article is projected; its author comes back whole.
  invalid(articlesWithAuthor, {
    at: "{ model: User, as: 'author' }",
    call: 'Article.findAll()',
    entity: 'User',
    relation: 'author',
    sensitive: USER_SECRETS,
    sink: RES_JSON,
  }),
  // `include: User`: the article and its user both come back whole.
  invalid(articleAndAuthorWhole, [
    {
      at: 'findOne',
      call: 'Article.findOne()',
      entity: 'Article',
      sink: RES_JSON,
      fix: {
        fields: ['id', 'slug', 'title', 'body'],
        from: '{ where: { slug: req.params.slug },',
        to: "{ attributes: ['id', 'slug', 'title', 'body'], where: { slug: req.params.slug },",
      },
    },
    { at: 'User', inside: 'include: User', call: 'Article.findOne()', entity: 'User', relation: 'User', sensitive: USER_SECRETS, sink: RES_JSON },
  ]),
  // Bypasses: `unscoped()` drops the default scope that may hide secrets.
  invalid(unscopedImported, { at: 'findOne', call: 'User.unscoped().findOne()', entity: 'User', sink: RES_JSON }),
  // `raw: true` skips the model's toJSON(), which deleted the hash.
  invalid(rawSkipsToJson, {
    at: 'findAll',
    call: 'User.findAll()',
    entity: 'User',
    sensitive: ['passwordHash'],
    sink: RES_JSON,
    fix: { fields: ['name'], from: '{ raw: true }', to: "{ attributes: ['name'], raw: true }" },
  }),
  // An exclusion that forgets a secret: the suggestion completes it.
  invalid(partialExclude, {
    at: 'findAll',
    call: 'User.findAll()',
    entity: 'User',
    sensitive: ['resetToken'],
    sink: RES_JSON,
    fix: { messageId: 'excludeFields', fields: ['resetToken'], from: "exclude: ['passwordHash']", to: "exclude: ['passwordHash', 'resetToken']" },
  }),
  // A local helper's return comes back to the route.
  invalid(helperFn, {
    at: 'findByPk',
    call: 'User.findByPk()',
    entity: 'User',
    sensitive: USER_SECRETS,
    sink: RES_JSON,
    fix: { fields: USER_SAFE, from: 'User.findByPk(id)', to: `User.findByPk(id, { ${USER_ATTRIBUTES} })` },
  }),
  invalid(promiseAll, {
    at: 'findAll',
    call: 'User.findAll()',
    entity: 'User',
    sensitive: USER_SECRETS,
    sink: RES_JSON,
    fix: { fields: USER_SAFE, from: '{ limit: 10 }', to: `{ ${USER_ATTRIBUTES}, limit: 10 }` },
  }),
  invalid(thenChain, {
    at: 'findAll',
    call: 'User.findAll()',
    entity: 'User',
    sensitive: USER_SECRETS,
    sink: RES_JSON,
    fix: { fields: USER_SAFE, from: 'User.findAll()', to: `User.findAll({ ${USER_ATTRIBUTES} })` },
  }),
  // `toJSON()` is the same data; spreading it copies every column.
  invalid(spreadToJson, {
    at: 'findByPk',
    call: 'User.findByPk()',
    entity: 'User',
    sensitive: USER_SECRETS,
    sink: RES_JSON,
    fix: { fields: USER_SAFE, from: 'User.findByPk(req.user.id)', to: `User.findByPk(req.user.id, { ${USER_ATTRIBUTES} })` },
  }),
  invalid(findOrCreate, {
    at: 'findOrCreate',
    call: 'User.findOrCreate()',
    entity: 'User',
    sensitive: USER_SECRETS,
    sink: RES_JSON,
    fix: { fields: USER_SAFE, from: '{ where: { email: req.body.email } }', to: `{ ${USER_ATTRIBUTES}, where: { email: req.body.email } }` },
  }),
  invalid(filtered, {
    at: 'findAll',
    call: 'User.findAll()',
    entity: 'User',
    sensitive: USER_SECRETS,
    sink: RES_JSON,
    fix: { fields: USER_SAFE, from: 'User.findAll()', to: `User.findAll({ ${USER_ATTRIBUTES} })` },
  }),
  // Rest-destructuring that removes only a harmless key still sends the secrets.
  invalid(restKeepsSecrets, {
    at: 'findByPk',
    call: 'User.findByPk()',
    entity: 'User',
    sensitive: USER_SECRETS,
    sink: RES_JSON,
    fix: { fields: USER_SAFE, from: 'User.findByPk(req.params.id)', to: `User.findByPk(req.params.id, { ${USER_ATTRIBUTES} })` },
  }),
  // A managed transaction: `sequelize.transaction(cb)` resolves to what the callback returns.
  invalid(
    expressApp(`app.get('/api/users/:id', async (req, res) => {
  const user = await sequelize.transaction(async (transaction) => {
    return User.findByPk(req.params.id, { transaction });
  });
  res.json(user);
});`),
    {
      at: 'findByPk',
      call: 'User.findByPk()',
      entity: 'User',
      sensitive: USER_SECRETS,
      sink: RES_JSON,
      fix: { fields: USER_SAFE, from: '{ transaction }', to: `{ ${USER_ATTRIBUTES}, transaction }` },
    },
  ),
  // Strict tiers: the e-mail address is personal data too.
  invalid(
    strictTiers,
    {
      at: 'findAll',
      call: 'User.findAll()',
      entity: 'User',
      sensitive: ['email', 'passwordHash', 'resetToken'],
      sink: RES_JSON,
      fix: { fields: ['id', 'username'], from: 'User.findAll()', to: "User.findAll({ attributes: ['id', 'username'] })" },
    },
    { options: [{ tiers: ['secret', 'personal', 'internal'] }] },
  ),
  // `report: 'escaping'`: rows returned by a data-access function.
  invalid(
    dataAccess,
    {
      at: 'findOne',
      call: 'User.findOne()',
      entity: 'User',
      sensitive: USER_SECRETS,
      fn: 'findUserByEmail()',
      fix: { fields: USER_SAFE, from: '{ where: { email } }', to: `{ ${USER_ATTRIBUTES}, where: { email } }` },
    },
    { options: ESCAPING },
  ),
  invalid(dataAccessArrow, { at: 'findAll', call: 'User.findAll()', entity: 'User', fn: 'listUsers()' }, { options: ESCAPING }),
  invalid(
    dataAccessInclude,
    {
      at: "{ model: User, as: 'author' }",
      call: 'Article.findAll()',
      entity: 'User',
      relation: 'author',
      sensitive: USER_SECRETS,
      fn: 'articlesWithAuthors()',
    },
    { options: ESCAPING },
  ),
];

// ---------------------------------------------------------------------------------------------
// Valid

const DEFAULT_SCOPE_MODEL = `import { DataTypes, Model } from 'sequelize';
import { sequelize } from './sequelize';

export class User extends Model {}
User.init(
  { username: DataTypes.STRING, passwordHash: DataTypes.STRING, resetToken: DataTypes.STRING },
  { sequelize, defaultScope: { attributes: { exclude: ['passwordHash', 'resetToken'] } } },
);
`;

const valid_: (string | ValidTestCase<Options>)[] = [
  // Projections.
  expressApp(`app.get('/api/users', async (req, res) => {
  res.json(await User.findAll({ attributes: ['id', 'username'] }));
});`),
  expressApp(`app.get('/api/users/:id', async (req, res) => {
  const user = await User.findByPk(req.params.id, { attributes: { exclude: ['passwordHash', 'resetToken'] } });
  res.json(user);
});`),
  expressApp(
    `app.get('/api/articles', async (req, res) => {
  const articles = await Article.findAll({
    attributes: ['slug', 'title'],
    include: [{ model: User, as: 'author', attributes: ['username'] }],
  });
  res.json({ articles });
});`,
    USER_MODEL + ARTICLE_MODEL,
  ),
  // A const list of attributes.
  expressApp(`const PUBLIC = ['id', 'username'];
app.get('/api/users', async (req, res) => {
  res.json(await User.findAll({ attributes: PUBLIC }));
});`),
  // The secrets are hidden by the default scope of the model.
  `import express from 'express';\n${DEFAULT_SCOPE_MODEL}\nconst app = express();\napp.get('/users', async (req, res) => {\n  res.json(await User.findAll());\n});\n`,
  // sequelize-typescript @DefaultScope.
  `import { Controller, Get } from '@nestjs/common';
import { InjectModel } from '@nestjs/sequelize';
import { Column, DefaultScope, Model, Table } from 'sequelize-typescript';

@DefaultScope(() => ({ attributes: { exclude: ['password'] } }))
@Table
export class Account extends Model {
  @Column name: string;
  @Column password: string;
}

@Controller('accounts')
export class AccountsController {
  constructor(@InjectModel(Account) private readonly accounts: typeof Account) {}
  @Get()
  list() {
    return this.accounts.findAll();
  }
}
`,
  // The model's toJSON() deletes the hash (and the rows are not raw).
  `import express from 'express';\n${TO_JSON_MODEL}\nconst app = express();\napp.get('/users', async (req, res) => {\n  res.json(await User.findAll());\n});\n`,
  // Counted / checked.
  expressApp(`app.get('/api/users/exists', async (req, res) => {
  const user = await User.findOne({ where: { email: req.query.email } });
  res.json({ exists: user !== null });
});`),
  expressApp(`app.get('/api/users/stats', async (req, res) => {
  const users = await User.findAll();
  res.json({ total: users.length });
});`),
  expressApp(`app.get('/api/users/:id', async (req, res) => {
  const user = await User.findByPk(req.params.id);
  if (!user) return res.status(404).end();
  res.json({ id: user.id, username: user.username });
});`),
  // Mapped to picked fields.
  expressApp(`app.get('/api/users', async (req, res) => {
  const users = await User.findAll();
  res.json(users.map((u) => ({ id: u.id, username: u.username })));
});`),
  // Parsed by a schema / passed through a mapper.
  expressApp(`import { z } from 'zod';
const UserDto = z.object({ id: z.number(), username: z.string() });
app.get('/api/users/:id', async (req, res) => {
  const user = await User.findByPk(req.params.id);
  res.json(UserDto.parse(user));
});`),
  expressApp(`import { toPublicUser } from './mappers';
app.get('/api/users/:id', async (req, res) => {
  const user = await User.findByPk(req.params.id);
  res.json(toPublicUser(user));
});`),
  expressApp(`app.get('/api/users', async (req, res) => {
  const users = await User.findAll();
  res.json({ users: users.map(serializeUser) });
});`),
  // Rest-destructuring that drops the secrets.
  expressApp(`app.get('/api/me', async (req, res) => {
  const user = await User.findByPk(req.user.id);
  const { passwordHash, resetToken, ...profile } = user.toJSON();
  res.json(profile);
});`),
  // Login: the hash is compared on the server only.
  expressApp(`import bcrypt from 'bcrypt';
app.post('/api/login', async (req, res) => {
  const user = await User.findOne({ where: { email: req.body.email } });
  if (!user || !(await bcrypt.compare(req.body.password, user.passwordHash))) return res.sendStatus(401);
  res.json({ token: signToken(user.id) });
});`),
  // A background job: the rows never reach a response.
  `${USER_MODEL}
export async function sendDigests() {
  const users = await User.findAll({ where: { digest: true } });
  for (const user of users) {
    await mailer.send(user.email, 'Your weekly digest');
  }
}
`,
  // A data-access function is not reported in the default (`exposed`) mode.
  dataAccess,
  // GraphQL resolvers: the schema chooses the fields.
  `import { User } from '../models';

export const resolvers = {
  Query: {
    users: () => User.findAll(),
    user: (_parent: unknown, { id }: { id: string }) => User.findByPk(id),
  },
};
`,
  // Lookalikes with no Sequelize evidence.
  `import express from 'express';
import axios from 'axios';

const cache = new Map<string, unknown>();
const sessions = { findAll: () => [...cache.values()] };
const app = express();
app.get('/proxy/:id', async (req, res) => {
  cache.delete(req.params.id);
  const tags = ['a', 'b'].find((t) => t === req.query.tag);
  const { data } = await axios.get(\`https://api.example.com/users/\${req.params.id}\`);
  res.json({ tags, data, sessions: sessions.findAll() });
});
`,
  `import { Controller, Get } from '@nestjs/common';
import { UsersService } from './users.service';

@Controller('users')
export class UsersController {
  constructor(private readonly usersService: UsersService) {}
  @Get()
  findAll() {
    return this.usersService.findAll();
  }
}
`,
  // A Sequelize-looking call on something that is not a model.
  `import express from 'express';
import { Sequelize } from 'sequelize';
const app = express();
const repo = { findAll: async () => [] as string[] };
app.get('/names', async (req, res) => {
  res.json(await repo.findAll());
});
`,
];

// ---------------------------------------------------------------------------------------------
// Known bugs, left out of the run (reported to the lead; move them into `invalid_` once fixed).

const SCOPES_MODEL = `import { DataTypes, Model } from 'sequelize';
import { sequelize } from './sequelize';

export class User extends Model {}
User.init(
  { username: DataTypes.STRING, active: DataTypes.BOOLEAN, passwordHash: DataTypes.STRING },
  {
    sequelize,
    defaultScope: { attributes: { exclude: ['passwordHash'] } },
    scopes: { active: { where: { active: true } } },
  },
);
`;

// Cases found while writing these tests and fixed since in the analysis.
const regressions: Invalid[] = [
  // 1. `unscoped()` drops the default scope of a model of the file, so the secrets come back; the
  //    adapter says so (no `hidden` on the read), but entity-exposure.ts adds the model's hidden
  //    fields (LocalModel.hidden = the default scope's exclusions) to every read of it.
  invalid(`import express from 'express';
${DEFAULT_SCOPE_MODEL}
const app = express();
app.get('/admin/users', async (req, res) => {
  res.json(await User.unscoped().findAll());
});
`, {
    at: 'findAll',
    call: 'User.unscoped().findAll()',
    entity: 'User',
    sensitive: ['passwordHash', 'resetToken'],
    sink: RES_JSON,
    fix: { fields: ['username'], from: 'User.unscoped().findAll()', to: "User.unscoped().findAll({ attributes: ['username'] })" },
  }),
  // 2. Same cause: a named scope replaces the default scope (Sequelize applies only `active`).
  invalid(`import express from 'express';
${SCOPES_MODEL}
const app = express();
app.get('/users/active', async (req, res) => {
  const users = await User.scope('active').findAll();
  res.json(users);
});
`, {
    at: 'findAll',
    call: "User.scope('active').findAll()",
    entity: 'User',
    sensitive: ['passwordHash'],
    sink: RES_JSON,
    fix: { fields: ['username', 'active'], from: "User.scope('active').findAll()", to: "User.scope('active').findAll({ attributes: ['username', 'active'] })" },
  }),
];

ruleTester.run('no-full-entity-response (sequelize)', rule, {
  assertionOptions: ASSERTIONS,
  valid: valid_,
  invalid: [...invalid_, ...regressions],
});
