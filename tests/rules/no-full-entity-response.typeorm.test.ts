/**
 * no-full-entity-response with TypeORM: repositories (`AppDataSource.getRepository(User)`,
 * `@InjectRepository(User)`, custom and extended repositories, Active Record), the EntityManager,
 * query builders, relations loaded whole (`relations`, `leftJoinAndSelect`), `select: false`
 * columns, `addSelect` bypasses, `escaping` mode, sanitisers and lookalikes — in Express, Koa,
 * Fastify and NestJS code shaped like real apps.
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-full-entity-response.js';
import { ASSERTIONS } from '../support/assertions.js';
import { reportCases } from '../support/entity-cases.js';
import { fix } from '../support/position.js';

const ruleTester = new RuleTester();


const SECRETS = ' (password, resetToken)';
const invalid = reportCases(SECRETS);
const USER_SAFE = 'id, email, username, createdAt';
const USER_SELECT = 'select: { id: true, email: true, username: true, createdAt: true }';
const ARTICLE_SAFE = 'id, slug, title';
const ARTICLE_SELECT = 'select: { id: true, slug: true, title: true }';
const RES = '`res.json`';
const GET = "the `@Get()` handler's `return`";

const ENTITIES = `import { Column, CreateDateColumn, Entity, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ unique: true }) email: string;
  @Column() username: string;
  @Column() password: string;
  @Column({ type: 'varchar', nullable: true }) resetToken: string | null;
  @CreateDateColumn() createdAt: Date;
  @OneToMany(() => Article, (article) => article.author) articles: Article[];
}

@Entity('articles')
export class Article {
  @PrimaryGeneratedColumn() id: number;
  @Column() slug: string;
  @Column() title: string;
  @ManyToOne(() => User, (user) => user.articles) author: User;
}
`;

/** An Express router module over the data source, with the entities declared above it. */
const express = (body: string, path = '/users/:id'): string =>
  `${ENTITIES}
import { Router } from 'express';
import { AppDataSource } from '../data-source';

const userRepository = AppDataSource.getRepository(User);
const articleRepository = AppDataSource.getRepository(Article);
export const router = Router();

router.get('${path}', async (req, res) => {
${body}
});
`;

/** A NestJS controller with the User repository injected. */
const nest = (body: string, imports = ''): string =>
  `${ENTITIES}
import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
${imports}
@Controller('users')
export class UsersController {
  constructor(@InjectRepository(User) private readonly usersRepository: Repository<User>) {}

${body}
}
`;

// ── repository reads ───────────────────────────────────────────────────────────────────────────
const find = express('  const users = await userRepository.find();\n  res.json(users);', '/users');
const findOne = express(
  '  const user = await userRepository.findOne({ where: { id: req.params.id } });\n  if (!user) return res.status(404).end();\n  res.send(user);',
);
const findOneBy = express('  const user = await userRepository.findOneBy({ id: req.params.id });\n  res.json({ user });');
const findBy = express("  res.json(await userRepository.findBy({ username: String(req.query.username) }));", '/users');
const findAndCount = nest(
  "  @Get()\n  async findAll(@Query('page') page = 1) {\n    const [items, total] = await this.usersRepository.findAndCount({ skip: (page - 1) * 20, take: 20 });\n    return { items, total, page };\n  }",
);
const findOneOrFail = nest(
  "  @Get(':id')\n  findOne(@Param('id') id: string) {\n    return this.usersRepository.findOneOrFail({ where: { id } });\n  }",
);
const koaManager = `${ENTITIES}
import Router from '@koa/router';
import { AppDataSource } from './data-source';

const router = new Router();
router.get('/users/:id', async (ctx) => {
  const user = await AppDataSource.manager.findOne(User, { where: { id: ctx.params.id } });
  ctx.body = { user };
});
`;
const fastifyPlugin = `${ENTITIES}
import type { FastifyPluginAsync } from 'fastify';

const usersRoutes: FastifyPluginAsync = async (fastify) => {
  const users = fastify.orm.getRepository(User);
  fastify.get('/users', async () => {
    return users.find({ order: { createdAt: 'DESC' } });
  });
};
export default usersRoutes;
`;
const fastifyReply = `${ENTITIES}
import fp from 'fastify-plugin';
import { dataSource } from './db';

export default fp(async (app) => {
  app.get('/users/:id', async (request, reply) => {
    const user = await dataSource.getRepository(User).findOneByOrFail({ id: request.params.id });
    reply.send(user);
  });
});
`;
const nestEntityManager = `${ENTITIES}
import { Controller, Get } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { EntityManager } from 'typeorm';

@Controller('users')
export class UsersController {
  constructor(@InjectEntityManager() private readonly em: EntityManager) {}

  @Get()
  all() {
    return this.em.find(User, { order: { username: 'ASC' } });
  }
}
`;
const activeRecord = `import { BaseEntity, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import express from 'express';

@Entity()
export class ApiClient extends BaseEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column() name: string;
  @Column() apiKey: string;
}

const app = express();
app.get('/clients', async (req, res) => {
  res.json(await ApiClient.find());
});
`;
// RealWorld-style: the entity is imported, so its fields are unknown here.
const realWorld = `import { Controller, Get, Param } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UserEntity } from '../user/user.entity';

@Controller('profiles')
export class ProfileController {
  constructor(@InjectRepository(UserEntity) private readonly userRepository: Repository<UserEntity>) {}

  @Get(':username')
  async getProfile(@Param('username') username: string) {
    const _profile = await this.userRepository.findOne({ where: { username } });
    if (!_profile) return null;
    return { profile: _profile };
  }
}
`;

// ── relations loaded whole ─────────────────────────────────────────────────────────────────────
const relationsObject = express(
  "  const articles = await articleRepository.find({ relations: { author: true }, order: { id: 'DESC' } });\n  res.json({ articles });",
  '/articles',
);
const relationsArray = express(
  "  const article = await articleRepository.findOne({ where: { slug: req.params.slug }, relations: ['author'] });\n  res.json({ article });",
  '/articles/:slug',
);
const relationsSelected = express(
  '  res.json(await articleRepository.find({ select: { id: true, title: true }, relations: { author: true } }));',
  '/articles',
);
const leftJoinAndSelect = express(
  "  const articles = await articleRepository.createQueryBuilder('article').leftJoinAndSelect('article.author', 'author').getMany();\n  res.json(articles);",
  '/articles',
);
const nestedRelations = express(
  '  res.json(await userRepository.find({ select: { id: true, username: true }, relations: { articles: { author: true } } }));',
  '/users',
);

// ── query builders ─────────────────────────────────────────────────────────────────────────────
const qbGetMany = express(
  "  const users = await userRepository.createQueryBuilder('user').orderBy('user.createdAt', 'DESC').take(20).getMany();\n  res.json(users);",
  '/users',
);
const qbVariable = express(
  "  const qb = userRepository.createQueryBuilder('user');\n  if (req.query.q) qb.where('user.username ILIKE :q', { q: `%${req.query.q}%` });\n  const [items, count] = await qb.getManyAndCount();\n  res.json({ items, count });",
  '/users',
);
const qbManager = express(
  "  res.json(await AppDataSource.manager.createQueryBuilder(User, 'u').where({ id: req.params.id }).getOne());",
);
const qbRaw = express("  res.json(await userRepository.createQueryBuilder('u').getRawMany());", '/users');

// ── select: false and addSelect ────────────────────────────────────────────────────────────────
const HIDDEN_PASSWORD = `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Router } from 'express';
import { AppDataSource } from './data-source';

@Entity()
export class Account {
  @PrimaryGeneratedColumn() id: number;
  @Column() email: string;
  @Column({ select: false }) password: string;
  @Column({ nullable: true }) resetToken: string;
}

const accounts = AppDataSource.getRepository(Account);
export const router = Router();
`;
const hiddenOne = `${HIDDEN_PASSWORD}router.get('/accounts', async (req, res) => {\n  res.json(await accounts.find());\n});\n`;
const HIDDEN_BOTH = HIDDEN_PASSWORD.replace('@Column({ nullable: true }) resetToken', "@Column('varchar', { nullable: true, select: false }) resetToken");
// `{ eager: true }` relations come with every find*: a relation finding at the read.
const eagerAuthor = (body: string): string =>
  express(body, '/articles').replace('@ManyToOne(() => User, (user) => user.articles) author', '@ManyToOne(() => User, (user) => user.articles, { eager: true }) author');
const eagerFind = eagerAuthor('  res.json(await articleRepository.find());');

// class-transformer (the NestJS serialisation recipe): `@Exclude()` properties are left out when
// the entity is serialised; `@Exclude()` on the class keeps only the `@Expose()`d ones.
const EXCLUDED = `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Exclude, Expose } from 'class-transformer';
import { Router } from 'express';
import { AppDataSource } from './data-source';

@Entity()
export class Account {
  @PrimaryGeneratedColumn() id: number;
  @Column() email: string;
  @Exclude() @Column() password: string;
  @Column({ nullable: true }) resetToken: string;
}

const accounts = AppDataSource.getRepository(Account);
export const router = Router();
`;
const excludedOne = `${EXCLUDED}router.get('/accounts', async (req, res) => {\n  res.json(await accounts.find());\n});\n`;
const excludedBoth = excludedOne.replace('@Column({ nullable: true }) resetToken', '@Exclude() @Column({ nullable: true }) resetToken');
const exposeOnly = excludedOne
  .replace('@Entity()\nexport class Account', '@Exclude()\n@Entity()\nexport class Account')
  .replace('@PrimaryGeneratedColumn() id', '@Expose() @PrimaryGeneratedColumn() id')
  .replace('@Column() email', '@Expose() @Column() email');
// An `Exclude` that is not class-transformer's changes nothing.
const otherExclude = excludedBoth.replace("import { Exclude, Expose } from 'class-transformer';", "import { Exclude, Expose } from './my-decorators';");
const unknownAddSelect = `import { Router } from 'express';
import { AppDataSource } from './data-source';
import { User } from './entity/User';

export const router = Router();
router.post('/login', async (req, res) => {
  const user = await AppDataSource.getRepository(User).createQueryBuilder('user').addSelect('user.password').getOne();
  res.json(user);
});
`;

// ── escaping ───────────────────────────────────────────────────────────────────────────────────
const service = `${ENTITIES}
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  findAll(): Promise<User[]> {
    return this.users.find();
  }

  async countAll(): Promise<number> {
    return (await this.users.find()).length;
  }
}
`;
// A service and its controller in one file: the service's read reaches the controller's response.
const serviceAndController = `${ENTITIES}
import { Controller, Get, Injectable, Param } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  findOne(id: string) {
    return this.users.findOne({ where: { id }, relations: { articles: true } });
  }
}

@Controller('users')
export class UsersController {
  constructor(private readonly usersService: UsersService) {}

  @Get(':id')
  findOne(@Param('id') id: string) {
    return this.usersService.findOne(id);
  }
}
`;
const customRepository = `${ENTITIES}
import { Repository } from 'typeorm';

export class UserRepository extends Repository<User> {
  findByUsername(username: string) {
    return this.findOne({ where: { username } });
  }
}
`;

ruleTester.run('no-full-entity-response (TypeORM)', rule, {
  assertionOptions: ASSERTIONS,
  valid: [
    // Projections.
    fix(find, 'find()', `find({ ${USER_SELECT} })`),
    express("  res.json(await userRepository.find({ select: ['id', 'username'] }));", '/users'),
    express(
      '  res.json(await articleRepository.find({ select: { id: true, title: true, author: { id: true, username: true } }, relations: { author: true } }));',
      '/articles',
    ),
    express("  res.json(await userRepository.createQueryBuilder('user').select(['user.id', 'user.username']).getMany());", '/users'),
    express(
      "  res.json(await articleRepository.createQueryBuilder('a').select(['a.id', 'a.title']).leftJoin('a.author', 'author').addSelect(['author.id', 'author.username']).getMany());",
      '/articles',
    ),
    express(
      "  res.json(await articleRepository.createQueryBuilder('a').innerJoinAndSelect('a.author', 'u').select(['a.id', 'a.title', 'u.id', 'u.username']).getMany());",
      '/articles',
    ),
    // Eager relations not loaded, or narrowed by a select.
    eagerAuthor("  res.json(await articleRepository.find({ loadEagerRelations: false, select: { id: true, title: true } }));"),
    eagerAuthor("  res.json(await articleRepository.find({ select: { id: true, title: true } }));"),
    eagerAuthor("  res.json(await articleRepository.createQueryBuilder('a').select(['a.id', 'a.title']).getMany());"),
    // class-transformer leaves every secret out when serialising.
    excludedBoth,
    exposeOnly,
    // `select: false` columns are not loaded: nothing secret is left.
    `${HIDDEN_BOTH}router.get('/accounts', async (req, res) => {\n  res.json(await accounts.find());\n});\n`,
    `${HIDDEN_BOTH}router.get('/accounts', async (req, res) => {\n  res.json(await accounts.createQueryBuilder('account').getMany());\n});\n`,
    // Counted, checked, compared on the server.
    express("  res.json({ total: await userRepository.count({ where: { username: 'x' } }) });", '/users'),
    express('  const user = await userRepository.findOneBy({ email: String(req.query.email) });\n  res.json({ available: !user });', '/users/available'),
    express(
      "  const [, total] = await userRepository.findAndCount({ take: 1 });\n  res.json({ total });",
      '/users/count',
    ),
    express(
      '  const user = await userRepository.findOneBy({ email: req.body.email });\n  if (!user || !(await bcrypt.compare(req.body.password, user.password))) return res.sendStatus(401);\n  res.json({ token: sign({ sub: user.id }) });',
      '/login',
    ),
    // Mapped, parsed, transformed, rest-destructured.
    express('  const users = await userRepository.find();\n  res.json(users.map((u) => ({ id: u.id, username: u.username })));', '/users'),
    express('  const users = await userRepository.find();\n  res.json(users.map(toUserDto));', '/users'),
    express(
      '  const user = await userRepository.findOneByOrFail({ id: req.params.id });\n  res.json(plainToInstance(UserDto, user, { excludeExtraneousValues: true }));',
    ),
    express('  res.json(PublicUser.parse(await userRepository.findOneBy({ id: req.params.id })));'),
    express(
      '  const user = await userRepository.findOneByOrFail({ id: req.params.id });\n  const { password, resetToken, ...profile } = user;\n  res.json(profile);',
    ),
    nest("  @Get(':id')\n  async findOne(@Param('id') id: string) {\n    const user = await this.usersRepository.findOneByOrFail({ id });\n    return { id: user.id, username: user.username };\n  }"),
    // Express handlers' return values go nowhere; background jobs reach no response.
    express('  return userRepository.find();', '/users'),
    `${ENTITIES}
import { AppDataSource } from './data-source';

export async function sendDigest() {
  const users = await AppDataSource.getRepository(User).find();
  for (const user of users) await mailer.send(user.email, 'digest');
}
`,
    // GraphQL resolvers: the GraphQL schema picks the fields.
    `${ENTITIES}
import { Query, Resolver } from '@nestjs/graphql';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

@Resolver(() => User)
export class UsersResolver {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  @Query(() => [User])
  users() {
    return this.users.find();
  }
}
`,
    // A service returning entities, in the default (`exposed`) mode.
    service,
    // Lookalikes with no TypeORM evidence.
    `import express from 'express';
import { AppDataSource } from './data-source';

const app = express();
const tokens = new Map<string, string>();
app.delete('/tokens/:id', (req, res) => {
  res.json({ deleted: tokens.delete(req.params.id) });
});
`,
    `import express from 'express';
import { AppDataSource } from './data-source';
import { cache } from './cache';

const app = express();
app.get('/users', async (req, res) => {
  res.json(await cache.find({ key: 'users' }));
});
`,
    `import express from 'express';
import axios from 'axios';
import { AppDataSource } from './data-source';

const app = express();
app.get('/users', async (req, res) => {
  const { data } = await axios.get('https://api.example.com/users');
  res.json(data);
});
`,
    `import express from 'express';
import { AppDataSource } from './data-source';

const app = express();
const users = [{ id: '1', password: 'x' }];
app.get('/users/:id', (req, res) => {
  res.json(users.find((u) => u.id === req.params.id));
});
`,
    `import { Controller, Get } from '@nestjs/common';
import { Repository } from 'typeorm';
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
import { AppDataSource } from './data-source';

const app = express();
app.get('/users', async (req, res) => {
  const repo = { find: async () => [] as unknown[] };
  res.json(await repo.find());
});
`,
  ],
  invalid: [
    invalid(find, [
      {
        call: 'userRepository.find()',
        at: 'find',
        after: 'userRepository.',
        sink: RES,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(find, 'userRepository.find()', `userRepository.find({ ${USER_SELECT} })`) },
      },
    ]),
    invalid(findOne, [
      {
        call: 'userRepository.findOne()',
        at: 'findOne',
        after: 'userRepository.',
        sink: '`res.send`',
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(findOne, 'findOne({ where', `findOne({ ${USER_SELECT}, where`) },
      },
    ]),
    // `findOneBy` / `findBy` take a where: there is no options object to add a select to.
    invalid(findOneBy, [{ call: 'userRepository.findOneBy()', at: 'findOneBy', sink: RES }]),
    invalid(findBy, [{ call: 'userRepository.findBy()', at: 'findBy', sink: RES }]),
    invalid(findAndCount, [
      {
        call: 'this.usersRepository.findAndCount()',
        at: 'findAndCount',
        sink: GET,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(findAndCount, 'findAndCount({ skip', `findAndCount({ ${USER_SELECT}, skip`) },
      },
    ]),
    invalid(findOneOrFail, [
      {
        call: 'this.usersRepository.findOneOrFail()',
        at: 'findOneOrFail',
        sink: GET,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(findOneOrFail, 'findOneOrFail({ where', `findOneOrFail({ ${USER_SELECT}, where`) },
      },
    ]),
    invalid(koaManager, [
      {
        call: 'AppDataSource.manager.findOne()',
        at: 'findOne',
        sink: '`ctx.body`',
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(koaManager, 'findOne(User, { where', `findOne(User, { ${USER_SELECT}, where`) },
      },
    ]),
    invalid(fastifyPlugin, [
      {
        call: 'users.find()',
        at: 'find',
        after: 'users.',
        sink: "the Fastify handler's `return`",
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(fastifyPlugin, 'find({ order', `find({ ${USER_SELECT}, order`) },
      },
    ]),
    invalid(fastifyReply, [{ call: 'dataSource.getRepository(User).findOneByOrFail()', at: 'findOneByOrFail', sink: '`reply.send`' }]),
    invalid(nestEntityManager, [
      {
        call: 'this.em.find()',
        at: 'find',
        after: 'this.em.',
        sink: GET,
        suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(nestEntityManager, 'find(User, { order', `find(User, { ${USER_SELECT}, order`) },
      },
    ]),
    invalid(activeRecord, [
      {
        call: 'ApiClient.find()',
        entity: 'ApiClient',
        detail: ' (apiKey)',
        at: 'find',
        after: 'ApiClient.',
        sink: RES,
        suggest: { id: 'selectFields', fields: 'id, name', output: fix(activeRecord, 'ApiClient.find()', 'ApiClient.find({ select: { id: true, name: true } })') },
      },
    ]),
    // The entity's fields are unknown: reported without a list and without a suggestion.
    invalid(realWorld, [{ call: 'this.userRepository.findOne()', entity: 'UserEntity', detail: '', at: 'findOne', sink: GET }]),
    // Relations loaded whole: the parent (narrowed by the suggestion) and the relation.
    invalid(relationsObject, [
      {
        call: 'articleRepository.find()',
        entity: 'Article',
        detail: '',
        at: 'find',
        after: 'articleRepository.',
        sink: RES,
        suggest: { id: 'selectFields', fields: ARTICLE_SAFE, output: fix(relationsObject, 'find({ relations', `find({ ${ARTICLE_SELECT}, relations`) },
      },
      { call: 'articleRepository.find()', relation: 'author', at: 'author: true', sink: RES },
    ]),
    invalid(relationsArray, [
      {
        call: 'articleRepository.findOne()',
        entity: 'Article',
        detail: '',
        at: 'findOne',
        sink: RES,
        suggest: { id: 'selectFields', fields: ARTICLE_SAFE, output: fix(relationsArray, 'findOne({ where', `findOne({ ${ARTICLE_SELECT}, where`) },
      },
      { call: 'articleRepository.findOne()', relation: 'author', at: "'author'", sink: RES },
    ]),
    // A select that does not narrow the relation leaves it whole.
    invalid(relationsSelected, [{ call: 'articleRepository.find()', relation: 'author', at: 'author: true', sink: RES }]),
    invalid(leftJoinAndSelect, [
      {
        call: "…ateQueryBuilder('article').leftJoinAndSelect('article.author','author').getMany()",
        relation: 'author',
        at: "'article.author'",
        sink: RES,
      },
      {
        call: "…ateQueryBuilder('article').leftJoinAndSelect('article.author','author').getMany()",
        entity: 'Article',
        detail: '',
        at: 'getMany',
        sink: RES,
        suggest: {
          id: 'selectFields',
          fields: ARTICLE_SAFE,
          output: fix(leftJoinAndSelect, "createQueryBuilder('article')", "createQueryBuilder('article').select(['article.id', 'article.slug', 'article.title'])"),
        },
      },
    ]),
    // Nested relations: `articles` whole, and `articles.author` whole.
    invalid(nestedRelations, [
      { call: 'userRepository.find()', relation: 'articles', entity: 'Article', detail: '', at: 'articles: { author: true }', sink: RES },
      { call: 'userRepository.find()', relation: 'articles.author', at: 'author: true', sink: RES },
    ]),
    invalid(qbGetMany, [
      {
        call: "…ry.createQueryBuilder('user').orderBy('user.createdAt','DESC').take(20).getMany()",
        at: 'getMany',
        sink: RES,
        suggest: {
          id: 'selectFields',
          fields: USER_SAFE,
          output: fix(qbGetMany, "createQueryBuilder('user')", "createQueryBuilder('user').select(['user.id', 'user.email', 'user.username', 'user.createdAt'])"),
        },
      },
    ]),
    // A builder held in a variable: found, but not edited (its uses are spread over statements).
    invalid(qbVariable, [{ call: 'qb.getManyAndCount()', at: 'getManyAndCount', sink: RES }]),
    invalid(qbManager, [
      {
        call: "…ataSource.manager.createQueryBuilder(User,'u').where({id:req.params.id}).getOne()",
        at: 'getOne',
        sink: RES,
        suggest: {
          id: 'selectFields',
          fields: USER_SAFE,
          output: fix(qbManager, "createQueryBuilder(User, 'u')", "createQueryBuilder(User, 'u').select(['u.id', 'u.email', 'u.username', 'u.createdAt'])"),
        },
      },
    ]),
    invalid(qbRaw, [
      {
        call: "userRepository.createQueryBuilder('u').getRawMany()",
        at: 'getRawMany',
        sink: RES,
        suggest: {
          id: 'selectFields',
          fields: USER_SAFE,
          output: fix(qbRaw, "createQueryBuilder('u')", "createQueryBuilder('u').select(['u.id', 'u.email', 'u.username', 'u.createdAt'])"),
        },
      },
    ]),
    invalid(eagerFind, [
      { call: 'articleRepository.find()', entity: 'Article', detail: '', at: 'find', after: 'articleRepository.', sink: RES,
        suggest: { id: 'selectFields', fields: 'id, slug, title', output: fix(eagerFind, 'articleRepository.find()', 'articleRepository.find({ select: { id: true, slug: true, title: true } })') } },
      { call: 'articleRepository.find()', relation: 'author', at: 'find', after: 'articleRepository.', sink: RES },
    ]),
    // class-transformer's `@Exclude()` drops the password when serialised; the reset token still
    // leaks. An `Exclude` that is not class-transformer's changes nothing.
    invalid(excludedOne, [
      {
        call: 'accounts.find()',
        entity: 'Account',
        detail: ' (resetToken)',
        at: 'find',
        after: 'accounts.',
        sink: RES,
        suggest: { id: 'selectFields', fields: 'id, email', output: fix(excludedOne, 'accounts.find()', 'accounts.find({ select: { id: true, email: true } })') },
      },
    ]),
    invalid(otherExclude, [
      {
        call: 'accounts.find()',
        entity: 'Account',
        detail: ' (password, resetToken)',
        at: 'find',
        after: 'accounts.',
        sink: RES,
        suggest: { id: 'selectFields', fields: 'id, email', output: fix(otherExclude, 'accounts.find()', 'accounts.find({ select: { id: true, email: true } })') },
      },
    ]),
    // `select: false` hides the password; the reset token still leaks.
    invalid(hiddenOne, [
      {
        call: 'accounts.find()',
        entity: 'Account',
        detail: ' (resetToken)',
        at: 'find',
        after: 'accounts.',
        sink: RES,
        suggest: { id: 'selectFields', fields: 'id, email', output: fix(hiddenOne, 'accounts.find()', 'accounts.find({ select: { id: true, email: true } })') },
      },
    ]),
    // `addSelect` on a whole entity: still whole (the added password is no-sensitive-projection's).
    invalid(unknownAddSelect, [
      {
        call: "…etRepository(User).createQueryBuilder('user').addSelect('user.password').getOne()",
        detail: '',
        at: 'getOne',
        sink: RES,
      },
    ]),
    // `escaping`: data-access code returning whole entities to its callers.
    invalid(
      service,
      [
        {
          call: 'this.users.find()',
          at: 'find',
          after: 'this.users.',
          fn: 'findAll()',
          suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(service, 'return this.users.find();', `return this.users.find({ ${USER_SELECT} });`) },
        },
      ],
      [{ report: 'escaping' }],
    ),
    // A service and its controller in one file: the rows reach the controller's `return`.
    invalid(serviceAndController, [
      {
        call: 'this.users.findOne()',
        at: 'findOne',
        after: 'this.users.',
        sink: "the `@Get()` handler's `return`",
        suggest: {
          id: 'selectFields',
          fields: USER_SAFE,
          output: fix(serviceAndController, 'findOne({ where', `findOne({ ${USER_SELECT}, where`),
        },
      },
      {
        call: 'this.users.findOne()',
        relation: 'articles',
        entity: 'Article',
        detail: '',
        at: 'articles: true',
        sink: "the `@Get()` handler's `return`",
      },
    ]),
    invalid(
      customRepository,
      [
        {
          call: 'this.findOne()',
          at: 'findOne',
          after: 'this.',
          fn: 'findByUsername()',
          suggest: { id: 'selectFields', fields: USER_SAFE, output: fix(customRepository, 'findOne({ where', `findOne({ ${USER_SELECT}, where`) },
        },
      ],
      [{ report: 'escaping' }],
    ),
    invalid(
      `${ENTITIES}
import { AppDataSource } from './data-source';

export const UserRepository = AppDataSource.getRepository(User).extend({
  findByName(username: string) {
    return this.findOneBy({ username });
  },
});
`,
      [{ call: 'this.findOneBy()', at: 'findOneBy', fn: 'findByName()' }],
      [{ report: 'escaping' }],
    ),
  ],
});
