/**
 * no-full-entity-response with Objection.js: `Model.query()` chains (findById, findOne, first,
 * page, throwIfNotFound), `withGraphFetched` / `withGraphJoined` loading relations whole, instance
 * `$relatedQuery`, `*AndFetch*` writes, models with `jsonSchema` and a `$formatJson` that removes
 * secrets, `escaping` mode, sanitisers and lookalikes.
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-full-entity-response.js';
import { ASSERTIONS } from '../support/assertions.js';
import { reportCases } from '../support/entity-cases.js';
import { fix } from '../support/position.js';

const ruleTester = new RuleTester();


const SECRETS = ' (password_hash, api_key)';
const invalid = reportCases(SECRETS);
const USER_SAFE = 'id, email, username';
const USER_SELECT = ".select('id', 'email', 'username')";
const PET_SAFE = 'id, name, owner_id';
const RES = '`res.json`';

const MODELS = `import { Model } from 'objection';

export class User extends Model {
  static tableName = 'users';

  id!: number;
  email!: string;
  username!: string;
  password_hash!: string;
  api_key!: string | null;
  pets?: Pet[];

  static jsonSchema = {
    type: 'object',
    required: ['email', 'username'],
    properties: {
      id: { type: 'integer' },
      email: { type: 'string' },
      username: { type: 'string' },
      password_hash: { type: 'string' },
      api_key: { type: ['string', 'null'] },
    },
  };

  static relationMappings = () => ({
    pets: { relation: Model.HasManyRelation, modelClass: Pet, join: { from: 'users.id', to: 'pets.owner_id' } },
  });

  static findByEmail(email: string) {
    return this.query().findOne({ email });
  }
}

export class Pet extends Model {
  static tableName = 'pets';

  static jsonSchema = {
    type: 'object',
    properties: { id: { type: 'integer' }, name: { type: 'string' }, owner_id: { type: 'integer' } },
  };

  static relationMappings = () => ({
    owner: { relation: Model.BelongsToOneRelation, modelClass: User, join: { from: 'pets.owner_id', to: 'users.id' } },
  });
}
`;

const express = (body: string, path = '/users/:id'): string =>
  `${MODELS}
import express from 'express';

export const router = express.Router();
router.get('${path}', async (req, res) => {
${body}
});
`;

// ── reads ──────────────────────────────────────────────────────────────────────────────────────
const all = express('  const users = await User.query();\n  res.json(users);', '/users');
const findById = express('  const user = await User.query().findById(req.params.id);\n  if (!user) return res.sendStatus(404);\n  res.json(user);');
const whereFirst = express("  res.json(await User.query().where('email', String(req.query.email)).first());", '/users/by-email');
const findOne = express("  res.send(await User.query().findOne({ username: req.params.username }));", '/users/by-name/:username');
const throwIfNotFound = express('  res.json({ user: await User.query().findById(req.params.id).throwIfNotFound() });');
const page = express(
  "  const { results, total } = await User.query().orderBy('id').page(Number(req.query.page ?? 0), 20);\n  res.json({ results, total });",
  '/users',
);
const koa = `${MODELS}
import Router from '@koa/router';

const router = new Router();
router.get('/users', async (ctx) => {
  ctx.body = await User.query().orderBy('username');
});
`;
const fastify = `${MODELS}
import fp from 'fastify-plugin';

export default fp(async (app) => {
  app.get('/users/:id', async (request) => User.query().findById(request.params.id));
});
`;
const imported = `import express from 'express';
import User from '../models/User';

const app = express();
app.get('/users/:id', async (req, res) => {
  res.json(await User.query().findById(req.params.id));
});
`;
const relatedInstance = express("  const user = await User.query().findById(req.params.id).throwIfNotFound();\n  res.json(await user.$relatedQuery('pets'));", '/users/:id/pets');
const relatedStatic = express("  res.json(await Pet.relatedQuery('owner').for(req.params.id));", '/pets/:id/owner');

// ── relations ──────────────────────────────────────────────────────────────────────────────────
const graphFetched = express("  res.json(await Pet.query().withGraphFetched('owner'));", '/pets');
const graphJoined = express("  res.json(await Pet.query().select('pets.id', 'pets.name').withGraphJoined('owner'));", '/pets');
const graphObject = express('  res.json(await User.query().findById(req.params.id).withGraphFetched({ pets: { owner: true } }));');
const graphNarrowed = express(
  "  res.json(await Pet.query().select('id', 'name').withGraphFetched('owner').modifyGraph('owner', (b) => b.select('id', 'username')));",
  '/pets',
);

// ── writes that fetch the row ──────────────────────────────────────────────────────────────────
const patchAndFetch = express(
  '  const user = await User.query().patchAndFetchById(req.params.id, { username: req.body.username });\n  res.json(user);',
);
const insertAndFetch = express(
  '  const user = await User.query().insertAndFetch({ email: req.body.email, username: req.body.username });\n  res.status(201).json(user);',
  '/users',
);

// PostgreSQL: a write followed by `returning('*')` gives the whole rows back.
const insertReturning = express(
  "  const [user] = await User.query().insert({ email: req.body.email, username: req.body.username }).returning('*');\n  res.status(201).json(user);",
  '/users',
);

// ── $formatJson removing secrets ───────────────────────────────────────────────────────────────
const formatted = (removed: string): string => `import { Model } from 'objection';
import express from 'express';

export class Account extends Model {
  static tableName = 'accounts';
  static jsonSchema = {
    type: 'object',
    properties: { id: { type: 'integer' }, email: { type: 'string' }, password_hash: { type: 'string' }, api_key: { type: 'string' } },
  };

  $formatJson(json) {
    json = super.$formatJson(json);
${removed}
    return json;
  }
}

const app = express();
app.get('/accounts', async (req, res) => {
  res.json(await Account.query());
});
`;
const formattedOne = formatted('    delete json.password_hash;');

// ── escaping ───────────────────────────────────────────────────────────────────────────────────
const service = `${MODELS}
export async function getUser(id: number) {
  return User.query().findById(id);
}
`;

ruleTester.run('no-full-entity-response (Objection)', rule, {
  assertionOptions: ASSERTIONS,
  valid: [
    // Projections.
    express("  res.json(await User.query().select('id', 'username'));", '/users'),
    express("  res.json(await User.query().columns(['users.id', 'users.username as name']).findById(req.params.id));"),
    graphNarrowed,
    // `$formatJson` removes every secret before the model is sent.
    formatted('    delete json.password_hash;\n    delete json.api_key;'),
    // Counted, checked, compared on the server.
    express('  res.json({ total: await User.query().resultSize() });', '/users/count'),
    express("  const [{ count }] = await User.query().count('id as count');\n  res.json({ count });", '/users/count'),
    express('  const user = await User.query().findOne({ email: req.body.email });\n  res.json({ available: !user });', '/users/available'),
    express(
      '  const user = await User.query().findOne({ email: req.body.email });\n  if (!user || !(await bcrypt.compare(req.body.password, user.password_hash))) return res.sendStatus(401);\n  res.json({ id: user.id, username: user.username });',
      '/login',
    ),
    // Mapped, passed through a mapper, parsed, rest-destructured.
    express('  const users = await User.query();\n  res.json(users.map((u) => ({ id: u.id, username: u.username })));', '/users'),
    express('  res.json(serializeUser(await User.query().findById(req.params.id)));'),
    express('  res.json(UserResponse.parse(await User.query().findById(req.params.id)));'),
    express(
      '  const user = await User.query().findById(req.params.id).throwIfNotFound();\n  const { password_hash, api_key, ...profile } = user;\n  res.json(profile);',
    ),
    // An insert returns what was inserted, not a row read back.
    express('  const user = await User.query().insert({ email: req.body.email, username: req.body.username });\n  res.status(201).json(user);', '/users'),
    // A write returning only chosen columns.
    express("  const [user] = await User.query().insert({ email: req.body.email, username: req.body.username }).returning(['id', 'username']);\n  res.status(201).json(user);", '/users'),
    // Writes that return no rows.
    express("  res.json({ updated: await User.query().patch({ username: req.body.username }).where('id', req.params.id) });"),
    // Express handlers' return values go nowhere; background jobs reach no response.
    express('  return User.query();', '/users'),
    `${MODELS}
export async function purgeKeys() {
  const users = await User.query().whereNotNull('api_key');
  for (const user of users) await user.$query().patch({ api_key: null });
}
`,
    // GraphQL resolvers: the GraphQL schema picks the fields.
    `${MODELS}
export const resolvers = {
  Query: {
    user: (_: unknown, { id }: { id: number }) => User.query().findById(id),
  },
};
`,
    // A function returning models, in the default (`exposed`) mode.
    service,
    // Lookalikes with no Objection evidence.
    `import express from 'express';
import { Model } from 'objection';

const app = express();
const Users = { query: () => ({ findById: async (id: string) => ({ id }) }) };
app.get('/users/:id', async (req, res) => {
  res.json(await Users.query().findById(req.params.id));
});
`,
    `import express from 'express';
import User from '../models/User';

const app = express();
app.get('/users/:id', async (req, res) => {
  res.json(await User.query((qb) => qb.where('id', req.params.id)).fetch());
});
`,
    `import express from 'express';
import { Model } from 'objection';

const app = express();
const cache = new Map<string, unknown>();
app.delete('/cache/:key', (req, res) => {
  res.json({ deleted: cache.delete(req.params.key) });
});
`,
    `import express from 'express';
import axios from 'axios';
import { Model } from 'objection';

const app = express();
app.get('/users', async (req, res) => {
  res.json((await axios.get('https://api.example.com/users')).data);
});
`,
    `import { Controller, Get } from '@nestjs/common';
import { Model } from 'objection';
import { UsersService } from './users.service';

@Controller('users')
export class UsersController {
  constructor(private readonly usersService: UsersService) {}

  @Get()
  findAll() {
    return this.usersService.query();
  }
}
`,
  ],
  invalid: [
    invalid(all, [
      {
        call: 'User.query()',
        at: 'query',
        after: 'User.',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(all, 'await User.query();', `await User.query()${USER_SELECT};`) },
      },
    ]),
    invalid(findById, [
      {
        call: 'User.query().findById()',
        at: 'query',
        after: 'await User.',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(findById, 'User.query().findById', `User.query()${USER_SELECT}.findById`) },
      },
    ]),
    invalid(whereFirst, [
      {
        call: "User.query().where('email',String(req.query.email)).first()",
        at: 'query',
        after: 'await User.',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(whereFirst, 'User.query().where', `User.query()${USER_SELECT}.where`) },
      },
    ]),
    invalid(findOne, [
      {
        call: 'User.query().findOne()',
        at: 'query',
        after: 'await User.',
        sink: '`res.send`',
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(findOne, 'User.query().findOne', `User.query()${USER_SELECT}.findOne`) },
      },
    ]),
    invalid(throwIfNotFound, [
      {
        call: 'User.query().findById(req.params.id).throwIfNotFound()',
        at: 'query',
        after: 'await User.',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(throwIfNotFound, 'User.query().findById', `User.query()${USER_SELECT}.findById`) },
      },
    ]),
    // `page()` holds the rows under `results`.
    invalid(page, [
      {
        call: "User.query().orderBy('id').page()",
        at: 'query',
        after: 'await User.',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(page, 'User.query().orderBy', `User.query()${USER_SELECT}.orderBy`) },
      },
    ]),
    invalid(koa, [
      {
        call: 'User.query().orderBy()',
        at: 'query',
        after: 'await User.',
        sink: '`ctx.body`',
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(koa, 'User.query().orderBy', `User.query()${USER_SELECT}.orderBy`) },
      },
    ]),
    invalid(fastify, [
      {
        call: 'User.query().findById()',
        at: 'query',
        after: '=> User.',
        sink: "the Fastify handler's `return`",
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(fastify, 'User.query().findById', `User.query()${USER_SELECT}.findById`) },
      },
    ]),
    // A model imported from a models module: its fields are unknown.
    invalid(imported, [{ call: 'User.query().findById()', detail: '', at: 'query', sink: RES }]),
    // `$relatedQuery('pets')` reads Pet rows; `relatedQuery('owner')` reads User rows.
    // The user only serves to query its pets: the pets reach the response.
    invalid(relatedInstance, [
      {
        call: 'user.$relatedQuery()',
        entity: 'Pet',
        detail: '',
        at: '$relatedQuery',
        sink: RES,
        suggest: { id: 'selectFields', fields: PET_SAFE, output: fix(relatedInstance, "$relatedQuery('pets')", "$relatedQuery('pets').select('id', 'name', 'owner_id')") },
      },
    ]),
    invalid(relatedStatic, [
      {
        call: "Pet.relatedQuery('owner').for()",
        at: 'relatedQuery',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(relatedStatic, "relatedQuery('owner')", `relatedQuery('owner')${USER_SELECT}`) },
      },
    ]),
    // Relations loaded whole.
    invalid(graphFetched, [
      {
        call: 'Pet.query().withGraphFetched()',
        entity: 'Pet',
        detail: '',
        at: 'query',
        after: 'await Pet.',
        sink: RES,
        suggest: { id: 'selectFields', fields: PET_SAFE, output: fix(graphFetched, 'Pet.query().with', "Pet.query().select('id', 'name', 'owner_id').with") },
      },
      { call: 'Pet.query().withGraphFetched()', relation: 'owner', at: "'owner'", after: 'withGraphFetched(', sink: RES },
    ]),
    invalid(graphJoined, [
      { call: "Pet.query().select('pets.id','pets.name').withGraphJoined()", relation: 'owner', at: "'owner'", after: 'withGraphJoined(', sink: RES },
    ]),
    // Nested relations of an object expression: `pets` (Pet) and `pets.owner` (User).
    invalid(graphObject, [
      {
        call: 'User.query().findById(req.params.id).withGraphFetched()',
        at: 'query',
        after: 'await User.',
        sink: RES,
        suggest: {
          id: 'selectFields',
          fields: USER_SAFE,
          output: fix(graphObject, 'User.query().findById', `User.query()${USER_SELECT}.findById`),
        },
      },
      {
        call: 'User.query().findById(req.params.id).withGraphFetched()',
        relation: 'pets',
        entity: 'Pet',
        detail: '',
        at: '{ pets: { owner: true } }',
        sink: RES,
      },
      {
        call: 'User.query().findById(req.params.id).withGraphFetched()',
        relation: 'pets.owner',
        at: '{ pets: { owner: true } }',
        sink: RES,
      },
    ]),
    // `*AndFetch*` writes read the row back with a query of their own: a `select` on the write
    // would not narrow it, so there is no suggestion.
    invalid(patchAndFetch, [{ call: 'User.query().patchAndFetchById()', at: 'query', after: 'await User.', sink: RES }]),
    invalid(insertAndFetch, [{ call: 'User.query().insertAndFetch()', at: 'query', after: 'await User.', sink: RES }]),
    invalid(insertReturning, [
      {
        call: "User.query().insert({email:req.body.email,username:req.body.username}).returning()",
        at: 'query',
        after: 'await User.',
        sink: '`res.json`',
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(insertReturning, "returning('*')", "returning('id', 'email', 'username')") },
      },
    ]),
    // `$formatJson` removes the password hash; the API key still leaks.
    invalid(formattedOne, [
      {
        call: 'Account.query()',
        entity: 'Account',
        detail: ' (api_key)',
        at: 'query',
        after: 'Account.',
        sink: RES,
        suggest: { id: 'selectFields', fields: 'id, email', output: fix(formattedOne, 'Account.query()', "Account.query().select('id', 'email')") },
      },
    ]),
    // `escaping`: a static finder of the model, and a data-access function.
    invalid(
      service,
      [
        {
          call: 'this.query().findOne()',
          at: 'query',
          after: 'this.',
          fn: 'findByEmail()',
          suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(service, 'this.query().findOne', `this.query()${USER_SELECT}.findOne`) },
        },
        {
          call: 'User.query().findById()',
          at: 'query',
          after: 'return User.',
          fn: 'getUser()',
          suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(service, 'User.query().findById', `User.query()${USER_SELECT}.findById`) },
        },
      ],
      [{ report: 'escaping' }],
    ),
  ],
});
