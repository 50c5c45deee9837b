/**
 * no-full-entity-response with MikroORM: EntityManager and repository reads (`DI.em`, forks,
 * `RequestContext`, NestJS injection, custom repositories), `populate` loading relations whole,
 * `fields` / `exclude`, `hidden` and `lazy` properties, `escaping` mode, sanitisers and lookalikes.
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-full-entity-response.js';
import { ASSERTIONS } from '../support/assertions.js';
import { reportCases } from '../support/entity-cases.js';
import { fix } from '../support/position.js';

const ruleTester = new RuleTester();


const SECRETS = ' (password, apiKey)';
const invalid = reportCases(SECRETS);
const USER_SAFE = 'id, email, username, createdAt';
const USER_FIELDS = "fields: ['id', 'email', 'username', 'createdAt']";
const RES = '`res.json`';
const GET = "the `@Get()` handler's `return`";

const ENTITIES = `import { Collection, Entity, ManyToOne, OneToMany, PrimaryKey, Property } from '@mikro-orm/core';

@Entity({ tableName: 'users' })
export class User {
  @PrimaryKey() id!: number;
  @Property({ unique: true }) email!: string;
  @Property() username!: string;
  @Property() password!: string;
  @Property({ nullable: true }) apiKey?: string;
  @Property() createdAt = new Date();
  @OneToMany(() => Article, (article) => article.author) articles = new Collection<Article>(this);
}

@Entity({ tableName: 'articles' })
export class Article {
  @PrimaryKey() id!: number;
  @Property() slug!: string;
  @Property() title!: string;
  @ManyToOne(() => User) author!: User;
}
`;

/** The MikroORM Express example: `DI.em` and repositories on a shared object. */
const express = (body: string, path = '/users/:id'): string =>
  `${ENTITIES}
import { Router } from 'express';
import { DI } from '../server';

const router = Router();
router.get('${path}', async (req, res) => {
${body}
});
export const UserController = router;
`;

const nest = (body: string): string =>
  `${ENTITIES}
import { EntityManager, EntityRepository } from '@mikro-orm/postgresql';
import { InjectRepository } from '@mikro-orm/nestjs';
import { Controller, Get, Param } from '@nestjs/common';

@Controller('users')
export class UsersController {
  constructor(
    @InjectRepository(User) private readonly userRepository: EntityRepository<User>,
    private readonly em: EntityManager,
  ) {}

${body}
}
`;

// ── EntityManager and repository reads ─────────────────────────────────────────────────────────
const emFind = express('  const users = await DI.em.find(User, {});\n  res.json(users);', '/users');
const emFindOne = express('  const user = await DI.em.findOne(User, { id: +req.params.id });\n  if (!user) return res.status(404).json({ message: "not found" });\n  res.json(user);');
const emFindOneOrFail = express("  res.json(await DI.em.findOneOrFail(User, +req.params.id, { failHandler: () => new NotFound('user') }));");
const emFindAll = express('  res.json({ users: await DI.em.findAll(User) });', '/users');
const repoFindAll = express(
  "  const repo = DI.em.getRepository(User);\n  res.json(await repo.findAll({ orderBy: { createdAt: 'desc' }, limit: 20 }));",
  '/users',
);
const findAndCount = express(
  '  const [users, total] = await DI.em.findAndCount(User, {}, { limit: 20, offset: Number(req.query.offset ?? 0) });\n  res.json({ users, total });',
  '/users',
);
const forked = `${ENTITIES}
import express from 'express';
import { MikroORM } from '@mikro-orm/postgresql';

const orm = await MikroORM.init();
const app = express();
app.get('/users/:id', async (req, res) => {
  const em = orm.em.fork();
  const user = await em.findOneOrFail(User, { id: Number(req.params.id) });
  res.send(user);
});
`;
const nestRepo = nest("  @Get(':id')\n  findOne(@Param('id') id: string) {\n    return this.userRepository.findOneOrFail(+id);\n  }");
const nestEm = nest("  @Get()\n  async list() {\n    const users = await this.em.find(User, { username: { $like: 'a%' } });\n    return { users };\n  }");
const koa = `${ENTITIES}
import Router from '@koa/router';
import { RequestContext } from '@mikro-orm/core';

const router = new Router();
router.get('/users', async (ctx) => {
  const em = RequestContext.getEntityManager()!;
  ctx.body = await em.find(User, {});
});
`;
const fastify = `${ENTITIES}
import type { FastifyInstance } from 'fastify';

export async function userRoutes(app: FastifyInstance) {
  app.get('/users', async (request) => {
    return request.em.find(User, {}, { limit: 50 });
  });
}
`;
const unknownEntity = `import express from 'express';
import { EntityManager } from '@mikro-orm/postgresql';
import { Author } from './entities/Author';

export function authorRoutes(em: EntityManager) {
  const router = express.Router();
  router.get('/authors', async (req, res) => {
    res.json(await em.find(Author, {}));
  });
  return router;
}
`;

// ── populate, fields, exclude ──────────────────────────────────────────────────────────────────
const qbList = express("  res.json(await DI.em.createQueryBuilder(User, 'u').where({ username: req.query.q }).getResultList());", '/users');
// `hidden: true` is applied when entities are serialised; execute() gives raw rows, so it is not.
const HIDDEN_PASSWORD = (code: string): string => code.replace('@Property() password!: string;', '@Property({ hidden: true }) password!: string;');
const qbEntities = HIDDEN_PASSWORD(express("  res.json(await DI.em.createQueryBuilder(User, 'u').getResultList());", '/users'));
const qbRaw = HIDDEN_PASSWORD(express("  res.json(await DI.em.createQueryBuilder(User, 'u').execute());", '/users'));
const populate = express("  res.json(await DI.em.find(Article, {}, { populate: ['author'] }));", '/articles');
const populateCollection = express(
  "  const user = await DI.em.findOneOrFail(User, +req.params.id, { fields: ['id', 'username'], populate: ['articles'] });\n  res.json(user);",
);
const wildcardFields = express("  res.json(await DI.em.find(User, {}, { fields: ['*'] }));", '/users');
const excludeOne = express("  res.json(await DI.em.find(User, {}, { exclude: ['password'] }));", '/users');

// ── hidden and lazy properties ─────────────────────────────────────────────────────────────────
const hiddenEntity = (options: string, body: string): string =>
  `import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Router } from 'express';
import { DI } from '../server';

@Entity()
export class Account {
  @PrimaryKey() id!: number;
  @Property() email!: string;
  @Property(${options}) password!: string;
  @Property({ nullable: true }) apiKey?: string;
}

export const router = Router();
router.get('/accounts', async (req, res) => {
${body}
});
`;
const hiddenOne = hiddenEntity('{ hidden: true }', '  res.json(await DI.em.find(Account, {}));');

// ── escaping ───────────────────────────────────────────────────────────────────────────────────
const service = `${ENTITIES}
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

@Injectable()
export class UserService {
  constructor(private readonly em: EntityManager) {}

  async byEmail(email: string) {
    return this.em.findOne(User, { email });
  }
}
`;
const customRepository = `${ENTITIES}
import { EntityRepository } from '@mikro-orm/postgresql';

export class UserRepository extends EntityRepository<User> {
  findByUsername(username: string) {
    return this.findOne({ username });
  }
}
`;

ruleTester.run('no-full-entity-response (MikroORM)', rule, {
  assertionOptions: ASSERTIONS,
  valid: [
    // A QueryBuilder narrowed by select([...]).
    express("  res.json(await DI.em.createQueryBuilder(User, 'u').select(['u.id', 'u.username']).getResultList());", '/users'),
    // Projections and exclusions.
    express("  res.json(await DI.em.find(User, {}, { fields: ['id', 'username'] }));", '/users'),
    express("  res.json(await DI.em.findOneOrFail(User, +req.params.id, { exclude: ['password', 'apiKey'] }));"),
    express(
      "  res.json(await DI.em.find(Article, {}, { populate: ['author'], fields: ['title', 'author.username'] }));",
      '/articles',
    ),
    express("  res.json(await DI.em.find(Article, {}, { fields: ['title', { author: ['username'] }] }));", '/articles'),
    // Hidden properties are dropped when the entity is serialised; lazy ones are not loaded.
    hiddenEntity('{ hidden: true }', "  res.json(await DI.em.find(Account, {}, { exclude: ['apiKey'] }));"),
    hiddenEntity('{ lazy: true }', "  res.json(await DI.em.find(Account, {}, { exclude: ['apiKey'] }));"),
    `import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Router } from 'express';
import { DI } from '../server';

@Entity()
export class Account {
  @PrimaryKey() id!: number;
  @Property() email!: string;
  @Property({ hidden: true }) password!: string;
  @Property({ hidden: true, nullable: true }) apiKey?: string;
}

export const router = Router();
router.get('/accounts', async (req, res) => {
  res.json(await DI.em.findAll(Account));
});
`,
    // Counted, checked, compared on the server.
    express('  res.json({ total: await DI.em.count(User, {}) });', '/users/count'),
    express('  const user = await DI.em.findOne(User, { email: String(req.query.email) });\n  res.json({ available: user === null });', '/users/available'),
    express(
      '  const user = await DI.em.findOneOrFail(User, { email: req.body.email });\n  if (!(await argon2.verify(user.password, req.body.password))) return res.sendStatus(401);\n  res.json({ id: user.id, username: user.username });',
      '/login',
    ),
    // Mapped, passed through a DTO mapper, parsed, rest-destructured.
    express('  const users = await DI.em.find(User, {});\n  res.json(users.map((u) => ({ id: u.id, username: u.username })));', '/users'),
    express('  const user = await DI.em.findOneOrFail(User, +req.params.id);\n  res.json(toUserResponse(user));'),
    express('  res.json(UserSchema.parse(await DI.em.findOneOrFail(User, +req.params.id)));'),
    express('  const user = await DI.em.findOneOrFail(User, +req.params.id);\n  const { password, apiKey, ...profile } = user;\n  res.json(profile);'),
    // Express handlers' return values go nowhere; background jobs reach no response.
    express('  return DI.em.find(User, {});', '/users'),
    `${ENTITIES}
import { MikroORM } from '@mikro-orm/postgresql';

export async function rotateKeys(orm: MikroORM) {
  const em = orm.em.fork();
  for (const user of await em.find(User, { apiKey: { $ne: null } })) user.apiKey = newKey();
  await em.flush();
}
`,
    // GraphQL resolvers: the GraphQL schema picks the fields.
    `${ENTITIES}
import { EntityManager } from '@mikro-orm/postgresql';
import { Query, Resolver } from '@nestjs/graphql';

@Resolver(() => User)
export class UserResolver {
  constructor(private readonly em: EntityManager) {}

  @Query(() => [User])
  users() {
    return this.em.find(User, {});
  }
}
`,
    // A service returning entities, in the default (`exposed`) mode.
    service,
    // Lookalikes with no MikroORM evidence, or receivers that are not an EntityManager.
    `import express from 'express';
import { MikroORM } from '@mikro-orm/core';

const app = express();
const store = { find: async () => [] as unknown[] };
app.get('/things', async (req, res) => {
  res.json(await store.find());
});
`,
    `import express from 'express';
import { EventEmitter } from 'node:events';
import { EntityManager } from '@mikro-orm/core';

const em = new EventEmitter() as any;
const app = express();
app.get('/things', async (req, res) => {
  res.json(await em.find('things'));
});
`,
    `import express from 'express';
import { MikroORM } from '@mikro-orm/core';

const app = express();
const sessions = new Map<string, string>();
app.delete('/sessions/:id', (req, res) => {
  res.json({ deleted: sessions.delete(req.params.id) });
});
`,
    `import express from 'express';
import axios from 'axios';
import { MikroORM } from '@mikro-orm/core';

const app = express();
app.get('/users', async (req, res) => {
  res.json((await axios.get('https://api.example.com/users')).data);
});
`,
    `import { Controller, Get } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
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
    `import express from 'express';
import { MikroORM } from '@mikro-orm/core';

const app = express();
const users = [{ id: 1, apiKey: 'k' }];
app.get('/users/:id', (req, res) => {
  res.json(users.find((u) => u.id === Number(req.params.id)));
});
`,
  ],
  invalid: [
    invalid(emFind, [
      {
        call: 'DI.em.find()',
        at: 'find',
        after: 'DI.em.',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(emFind, 'find(User, {})', `find(User, {}, { ${USER_FIELDS} })`) },
      },
    ]),
    invalid(emFindOne, [
      {
        call: 'DI.em.findOne()',
        at: 'findOne',
        sink: RES,
        suggest: {
          id: 'selectFields',
          fields: USER_SAFE,
          output: fix(emFindOne, 'findOne(User, { id: +req.params.id })', `findOne(User, { id: +req.params.id }, { ${USER_FIELDS} })`),
        },
      },
    ]),
    invalid(emFindOneOrFail, [
      {
        call: 'DI.em.findOneOrFail()',
        at: 'findOneOrFail',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(emFindOneOrFail, '{ failHandler', `{ ${USER_FIELDS}, failHandler`) },
      },
    ]),
    invalid(qbEntities, [
      {
        call: 'DI.em.createQueryBuilder()',
        detail: ' (apiKey)',
        at: 'getResultList',
        sink: RES,
        suggest: {
          id: 'selectFields',
          fields: USER_SAFE,
          output: fix(qbEntities, "createQueryBuilder(User, 'u')", "createQueryBuilder(User, 'u').select(['u.id', 'u.email', 'u.username', 'u.createdAt'])"),
        },
      },
    ]),
    invalid(qbRaw, [
      {
        call: 'DI.em.createQueryBuilder()',
        at: 'execute',
        sink: RES,
        suggest: {
          id: 'selectFields',
          fields: USER_SAFE,
          output: fix(qbRaw, "createQueryBuilder(User, 'u')", "createQueryBuilder(User, 'u').select(['u.id', 'u.email', 'u.username', 'u.createdAt'])"),
        },
      },
    ]),
    // A QueryBuilder chain with no select: every column; the suggestion adds a select of the alias.
    invalid(qbList, [
      {
        call: 'DI.em.createQueryBuilder()',
        at: 'getResultList',
        sink: RES,
        suggest: {
          id: 'selectFields',
          fields: USER_SAFE,
          output: fix(qbList, "createQueryBuilder(User, 'u')", "createQueryBuilder(User, 'u').select(['u.id', 'u.email', 'u.username', 'u.createdAt'])"),
        },
      },
    ]),
    invalid(emFindAll, [
      {
        call: 'DI.em.findAll()',
        at: 'findAll',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(emFindAll, 'findAll(User)', `findAll(User, { ${USER_FIELDS} })`) },
      },
    ]),
    invalid(repoFindAll, [
      {
        call: 'repo.findAll()',
        at: 'findAll',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(repoFindAll, 'findAll({ orderBy', `findAll({ ${USER_FIELDS}, orderBy`) },
      },
    ]),
    invalid(findAndCount, [
      {
        call: 'DI.em.findAndCount()',
        at: 'findAndCount',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(findAndCount, '{ limit: 20', `{ ${USER_FIELDS}, limit: 20`) },
      },
    ]),
    invalid(forked, [
      {
        call: 'em.findOneOrFail()',
        at: 'findOneOrFail',
        sink: '`res.send`',
        suggest: {
          id: 'selectFields',
          fields: USER_SAFE,
          output: fix(forked, 'findOneOrFail(User, { id: Number(req.params.id) })', `findOneOrFail(User, { id: Number(req.params.id) }, { ${USER_FIELDS} })`),
        },
      },
    ]),
    invalid(nestRepo, [
      {
        call: 'this.userRepository.findOneOrFail()',
        at: 'findOneOrFail',
        sink: GET,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(nestRepo, 'findOneOrFail(+id)', `findOneOrFail(+id, { ${USER_FIELDS} })`) },
      },
    ]),
    invalid(nestEm, [
      {
        call: 'this.em.find()',
        at: 'find',
        after: 'this.em.',
        sink: GET,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(nestEm, "{ $like: 'a%' } })", `{ $like: 'a%' } }, { ${USER_FIELDS} })`) },
      },
    ]),
    invalid(koa, [
      {
        call: 'em.find()',
        at: 'find',
        after: 'em.',
        sink: '`ctx.body`',
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(koa, 'em.find(User, {})', `em.find(User, {}, { ${USER_FIELDS} })`) },
      },
    ]),
    invalid(fastify, [
      {
        call: 'request.em.find()',
        at: 'find',
        after: 'request.em.',
        sink: "the Fastify handler's `return`",
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(fastify, '{ limit: 50 }', `{ ${USER_FIELDS}, limit: 50 }`) },
      },
    ]),
    // The entity is imported: its fields are unknown, so no list and no suggestion.
    invalid(unknownEntity, [{ call: 'em.find()', entity: 'Author', detail: '', at: 'find', after: 'em.', sink: RES }]),
    // `populate` loads the relation whole; the parent is narrowed by the suggestion.
    invalid(populate, [
      {
        call: 'DI.em.find()',
        entity: 'Article',
        detail: '',
        at: 'find',
        after: 'DI.em.',
        sink: RES,
        suggest: {
          id: 'selectFields',
          fields: 'id, slug, title, author',
          output: fix(populate, "{ populate: ['author'] }", "{ fields: ['id', 'slug', 'title', 'author'], populate: ['author'] }"),
        },
      },
      { call: 'DI.em.find()', relation: 'author', at: "'author'", after: 'populate: [', sink: RES },
    ]),
    // `fields` narrows the user, not the populated collection.
    invalid(populateCollection, [
      { call: 'DI.em.findOneOrFail()', relation: 'articles', entity: 'Article', detail: '', at: "'articles'", after: 'populate: [', sink: RES },
    ]),
    // `fields: ['*']` is an explicit "everything".
    invalid(wildcardFields, [{ call: 'DI.em.find()', at: 'find', after: 'DI.em.', sink: RES }]),
    // An `exclude` that leaves a secret: the suggestion completes it.
    invalid(excludeOne, [
      {
        call: 'DI.em.find()',
        detail: ' (apiKey)',
        at: 'find',
        after: 'DI.em.',
        sink: RES,
        suggest: { id: 'excludeFields', fields: 'apiKey', output: fix(excludeOne, "exclude: ['password']", "exclude: ['password', 'apiKey']") },
      },
    ]),
    // `hidden: true` drops the password at serialisation; the API key still leaks.
    invalid(hiddenOne, [
      {
        call: 'DI.em.find()',
        entity: 'Account',
        detail: ' (apiKey)',
        at: 'find',
        after: 'DI.em.',
        sink: RES,
        suggest: { id: 'selectFields', fields: 'id, email', output: fix(hiddenOne, 'find(Account, {})', "find(Account, {}, { fields: ['id', 'email'] })") },
      },
    ]),
    invalid(
      service,
      [
        {
          call: 'this.em.findOne()',
          at: 'findOne',
          fn: 'byEmail()',
          suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(service, 'findOne(User, { email })', `findOne(User, { email }, { ${USER_FIELDS} })`) },
        },
      ],
      [{ report: 'escaping' }],
    ),
    invalid(
      customRepository,
      [
        {
          call: 'this.findOne()',
          at: 'findOne',
          fn: 'findByUsername()',
          suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(customRepository, 'findOne({ username })', `findOne({ username }, { ${USER_FIELDS} })`) },
        },
      ],
      [{ report: 'escaping' }],
    ),
  ],
});
