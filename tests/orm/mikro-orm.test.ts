import { describe, expect, it } from 'vitest';
import { DATA, tupleWith } from '../../src/flow/value-shape.js';
import { mikroOrmAdapter } from '../../src/orm/mikro-orm.js';
import type { OrmRead } from '../../src/orm/types.js';
import { adapterTests, applyEdit, edited, fieldNames, names, relationSummary, textOf } from './harness.js';

const { run, only } = adapterTests(mikroOrmAdapter);

const EM = `import { EntityManager } from '@mikro-orm/postgresql';\ndeclare const em: EntityManager;\n`;

const ENTITY = `import { Entity, PrimaryKey, Property, ManyToOne, OneToMany, Collection, EntityManager } from '@mikro-orm/core';
@Entity({ tableName: 'users' })
export class User {
  @PrimaryKey() id!: number;
  @Property() email!: string;
  @Property({ hidden: true }) password!: string;
  @Property({ lazy: true }) bio?: string;
  @ManyToOne(() => Org, { hidden: true }) org!: Org;
  @OneToMany(() => Post, (p) => p.author) posts = new Collection<Post>(this);
  helper = 1;
}
`;

describe('mikro-orm: receivers and read forms', () => {
  it('em.find(User, where) in an Express handler with orm.em.fork()', () => {
    const code = `import { MikroORM } from '@mikro-orm/postgresql';
const orm = await MikroORM.init();
app.get('/users', async (req, res) => {
  const em = orm.em.fork();
  const users = await em.find(User, { active: true });
  res.json(users);
});`;
    const { read, h } = only(code);
    expect(read.library).toBe('mikro-orm');
    expect(read.entity).toEqual({ name: 'User', kind: 'model' });
    expect(read.projection).toEqual({ kind: 'none' });
    expect(read.relations).toEqual([]);
    expect(textOf(h, read.reportNode)).toBe('find');
    expect(textOf(h, read.node)).toBe('em.find(User, { active: true })');
    expect(read.callText).toBe('em.find()');
    expect(read.shape).toBeUndefined();
  });

  it('every EntityManager read method', () => {
    const code = `${EM}
export async function f(id: number) {
  await em.find(User, {});
  await em.findOne(User, id);
  await em.findOneOrFail(User, { id });
  await em.findAll(User);
  await em.findAndCount(User, {}, { limit: 10 });
  await em.count(User, {});
  await em.persistAndFlush(x);
}`;
    const h = run(code);
    expect(h.result.reads.map((r) => textOf(h, r.reportNode))).toEqual(['find', 'findOne', 'findOneOrFail', 'findAll', 'findAndCount']);
    expect(h.result.reads[4]?.shape).toEqual(tupleWith(0, DATA));
  });

  it('NestJS service with @InjectRepository and EntityRepository', () => {
    const code = `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@mikro-orm/nestjs';
import { EntityRepository } from '@mikro-orm/postgresql';
@Injectable()
export class UserService {
  constructor(
    @InjectRepository(User) private readonly userRepository: EntityRepository<User>,
    private readonly articles: EntityRepository<Article>,
  ) {}
  findAll() { return this.userRepository.findAll({ populate: ['profile'] }); }
  one(id: number) { return this.userRepository.findOne({ id }); }
  list() { return this.articles.findAndCount({}, { orderBy: { createdAt: 'desc' } }); }
}`;
    const h = run(code);
    expect(h.result.reads.map((r) => [r.callText, r.entity?.name])).toEqual([
      ['this.userRepository.findAll()', 'User'],
      ['this.userRepository.findOne()', 'User'],
      ['this.articles.findAndCount()', 'Article'],
    ]);
    expect(h.result.reads[0]?.relations.map(relationSummary)).toEqual([{ name: 'profile', kind: 'none' }]);
    expect(h.result.reads[2]?.shape).toEqual(tupleWith(0, DATA));
  });

  it('em.getRepository(User), this.em in a service, and RequestContext', () => {
    const code = `import { EntityManager, RequestContext } from '@mikro-orm/core';
export class Svc {
  constructor(private readonly em: EntityManager) {}
  a() { return this.em.getRepository(User).find({ active: true }); }
  b() { return this.em.find(Post, {}); }
  c() { return RequestContext.getEntityManager()!.findOne(Tag, 1); }
}`;
    const h = run(code);
    expect(h.result.reads.map((r) => [r.callText, r.entity?.name])).toEqual([
      ['this.em.getRepository(User).find()', 'User'],
      ['this.em.find()', 'Post'],
      ['RequestContext.getEntityManager()!.findOne()', 'Tag'],
    ]);
  });

  it('Express example: DI.em and a repository variable', () => {
    const code = `import { EntityRepository } from '@mikro-orm/core';
import { DI } from '../server';
const router = Router();
router.get('/', async (req, res) => {
  const books = await DI.em.find(Book, {}, { populate: ['author'], orderBy: { title: 1 }, limit: 20 });
  res.json(books);
});
router.get('/:id', async (req, res) => {
  const repo = DI.em.getRepository(Author);
  res.json(await repo.findOneOrFail(+req.params.id));
});`;
    const h = run(code);
    expect(h.result.reads.map((r) => [r.callText, r.entity?.name])).toEqual([
      ['DI.em.find()', 'Book'],
      ['repo.findOneOrFail()', 'Author'],
    ]);
  });

  it('custom repository class: this.find inside it, and injected by type', () => {
    const code = `import { EntityRepository } from '@mikro-orm/postgresql';
export class BookRepository extends EntityRepository<Book> {
  cheap() { return this.find({ price: { $lt: 10 } }); }
}
export class Svc {
  constructor(private readonly books: BookRepository) {}
  all() { return this.books.findAll(); }
}`;
    const h = run(code);
    expect(h.result.reads.map((r) => [r.callText, r.entity?.name])).toEqual([
      ['this.find()', 'Book'],
      ['this.books.findAll()', 'Book'],
    ]);
  });

  it('transactional callbacks receive an EntityManager', () => {
    const code = `import { MikroORM } from '@mikro-orm/core';
export async function f(orm: MikroORM) {
  return orm.em.transactional(async (tx) => tx.find(User, { role: 'admin' }));
}`;
    expect(only(code).read.callText).toBe('tx.find()');
  });

  it('string entity names', () => {
    const code = `${EM}em.find('User', {});`;
    expect(only(code).read.entity).toEqual({ name: 'User', kind: 'model' });
  });
});

describe('mikro-orm: QueryBuilder chains', () => {
  it('no select is every column; select(*) a wildcard; select([...]) fields of the root alias', () => {
    const h = run(`${EM}${ENTITY}
declare const repo: EntityRepository<User>;
export const a = () => em.createQueryBuilder(User, 'u').where({ id: 1 }).orderBy({ id: 'desc' }).limit(5).getResultList();
export const b = () => em.createQueryBuilder(User, 'u').select('*').getSingleResult();
export const c = () => em.createQueryBuilder(User, 'u').select(['u.id', 'u.email', 'o.name']).leftJoin('u.org', 'o').getResult();
export const d = () => em.createQueryBuilder(User).select('email').addSelect('id').getResultAndCount();
export const e = () => em.createQueryBuilder(User, 'u').select('*').execute();
`);
    expect(h.result.reads.map((r) => [r.callText, r.projection.kind, fieldNames(r.projection), r.shape, r.dropped])).toEqual([
      ['em.createQueryBuilder()', 'none', [], undefined, ['password', 'org']],
      ['em.createQueryBuilder()', 'wildcard', [], undefined, ['password', 'org']],
      ['em.createQueryBuilder()', 'fields', ['id', 'email'], undefined, ['password', 'org']],
      ['em.createQueryBuilder()', 'fields', ['email', 'id'], tupleWith(0, DATA), ['password', 'org']],
      // execute() returns raw rows: nothing is serialised away.
      ['em.createQueryBuilder()', 'wildcard', [], undefined, undefined],
    ]);
  });

  it('joinAndSelect loads a relation whole (or the listed fields); repositories and qb() are roots', () => {
    const h = run(`${EM}${ENTITY}
import { EntityRepository } from '@mikro-orm/postgresql';
export class UserRepository extends EntityRepository<User> {
  withPosts() { return this.createQueryBuilder('u').leftJoinAndSelect('u.posts', 'p').getResultList(); }
  slim() { return this.qb('u').select(['u.id']).joinAndSelect('u.posts', 'p', {}, ['title']).getResultList(); }
}
`);
    expect(h.result.reads.map((r) => [r.entity?.name, r.relations.map(relationSummary)])).toEqual([
      ['User', [{ name: 'posts', kind: 'none' }]],
      ['User', [{ name: 'posts', kind: 'fields', fields: ['title'] }]],
    ]);
  });

  it('not a QueryBuilder read: other execute() calls, split chains, raw selects, unknown methods', () => {
    const h = run(`${EM}${ENTITY}
const qb = em.createQueryBuilder(User, 'u');
export const a = () => qb.getResultList();
export const b = () => db.execute('SELECT 1');
export const c = () => em.createQueryBuilder(User, 'u').select(raw('count(*)')).execute();
export const d = () => em.createQueryBuilder(User, 'u').update({ email: 'x' }).execute();
export const e = () => em.createQueryBuilder(User, 'u').count().execute();
export const f = () => cache.createQueryBuilder('x').getResultList();
`);
    expect(h.result.reads).toEqual([]);
  });

  it('edits: project() replaces or adds select([...]) with the alias; removeField() keeps one field', () => {
    const base = `${EM}${ENTITY}export const a = () => em.createQueryBuilder(User, 'u')`;
    const code = `${base}.where({ id: 1 }).getResultList();`;
    const read = only(code).read;
    expect(applyEdit(code, (fixer) => read.edits.project!(['id', 'email'], fixer))).toBe(`${base}.select(['u.id', 'u.email']).where({ id: 1 }).getResultList();`);
    const selected = `${base}.select(['u.id', 'u.password']).getResultList();`;
    const r2 = only(selected).read;
    const field = r2.projection.kind === 'fields' ? r2.projection.fields[1] : undefined;
    expect(edited(selected, (fixer) => r2.edits.removeField!(field!, fixer))).toBe(`${base}.select(['u.id']).getResultList();`);
  });
});

describe('mikro-orm: options', () => {
  it('fields → fields; dotted fields become relation fields', () => {
    const code = `${EM}em.find(Book, {}, { fields: ['id', 'title', 'author.name', 'author.email'] });`;
    const { read, h } = only(code);
    expect(fieldNames(read.projection)).toEqual(['id', 'title']);
    expect(read.relations.map(relationSummary)).toEqual([{ name: 'author', kind: 'fields', fields: ['name', 'email'] }]);
    if (read.projection.kind === 'fields') expect(textOf(h, read.projection.fields[0]?.node)).toBe("'id'");
  });

  it('nested dotted fields create the intermediate relations', () => {
    const code = `${EM}em.find(Author, {}, { fields: ['name', 'books.tags.name'] });`;
    expect(only(code).read.relations.map(relationSummary)).toEqual([
      { name: 'books', kind: 'none' },
      { name: 'books.tags', kind: 'fields', fields: ['name'] },
    ]);
  });

  it('legacy object form in fields', () => {
    const code = `${EM}em.findOne(Book, 1, { fields: ['title', { author: ['name'] }] });`;
    const { read } = only(code);
    expect(fieldNames(read.projection)).toEqual(['title']);
    expect(read.relations.map(relationSummary)).toEqual([{ name: 'author', kind: 'fields', fields: ['name'] }]);
  });

  it("fields: ['*'] is a wildcard", () => {
    const code = `${EM}em.find(Book, {}, { fields: ['*'] });`;
    expect(only(code).read.projection).toEqual({ kind: 'wildcard' });
  });

  it('exclude → exclusion; dotted excludes apply to populated relations', () => {
    const code = `${EM}em.findOne(Author, { id }, { exclude: ['password', 'books.price'], populate: ['books'] });`;
    const { read } = only(code);
    expect(read.projection).toEqual({ kind: 'exclusion', excluded: ['password'] });
    expect(read.relations.map(relationSummary)).toEqual([{ name: 'books', kind: 'exclusion', excluded: ['price'] }]);
  });

  it('populate → relation reads (nested paths, :ref skipped, * skipped)', () => {
    const code = `${EM}em.find(Book, {}, { populate: ['author', 'tags.owner', 'publisher:ref', '*'] });`;
    const { read, h } = only(code);
    expect(read.relations.map(relationSummary)).toEqual([
      { name: 'author', kind: 'none' },
      { name: 'tags', kind: 'none' },
      { name: 'tags.owner', kind: 'none' },
    ]);
    expect(textOf(h, read.relations[0]?.node)).toBe("'author'");
  });

  it('populate: true adds no named relation', () => {
    const code = `${EM}em.find(Book, {}, { populate: true });`;
    expect(only(code).read.relations).toEqual([]);
  });

  it('findAll with options holding where and fields', () => {
    const code = `${EM}em.findAll(User, { where: { active: true }, fields: ['id'] });`;
    expect(fieldNames(only(code).read.projection)).toEqual(['id']);
  });

  it('options from a const object', () => {
    const code = `${EM}const PUBLIC = { fields: ['id', 'name'] } as const;\nem.find(User, {}, PUBLIC);`;
    expect(fieldNames(only(code).read.projection)).toEqual(['id', 'name']);
  });

  it('lazy properties are hidden, hidden: true ones are dropped at serialisation; local models', () => {
    const code = `${ENTITY}
export const f = (em: EntityManager) => em.find(User, {});
export const g = (em: EntityManager) => em.find(Post, {});`;
    const h = run(code);
    expect(h.result.models).toEqual([
      { library: 'mikro-orm', names: ['User', 'users'], fields: ['id', 'email', 'password', 'bio', 'org'], hidden: ['bio'], dropped: ['password', 'org'] },
    ]);
    expect(h.result.reads[0]?.hidden).toEqual(['bio']);
    expect(h.result.reads[0]?.dropped).toEqual(['password', 'org']);
    expect(h.result.reads[1]?.hidden).toBeUndefined();
    expect(h.result.reads[1]?.dropped).toBeUndefined();
  });

  it('populate of a lazy scalar property is an added field, not a relation', () => {
    const code = `${ENTITY}
export const f = (em: EntityManager) => em.findOne(User, 1, { populate: ['bio', 'org', 'posts'] });
export const g = (em: EntityManager) => em.findOne(User, 1, { fields: ['id'], populate: ['bio'] });`;
    const h = run(code);
    const [f, g] = h.result.reads as [OrmRead, OrmRead];
    expect(f.projection.kind).toBe('none');
    expect(f.projection.kind === 'none' ? names(f.projection.added) : []).toEqual(['bio']);
    expect(f.relations.map(relationSummary)).toEqual([
      { name: 'org', kind: 'none' },
      { name: 'posts', kind: 'none' },
    ]);
    expect(f.relations.map((r) => r.entity?.name)).toEqual(['Org', 'Post']);
    expect(fieldNames(g.projection)).toEqual(['id', 'bio']);
  });

  it('relation targets from options objects and property types', () => {
    const code = `import { Entity, ManyToOne, OneToMany, Collection, EntityManager, PrimaryKey } from '@mikro-orm/core';
@Entity() export class Book {
  @PrimaryKey() id!: number;
  @ManyToOne({ entity: () => Author }) author!: Author;
  @ManyToOne() publisher!: Publisher;
  @OneToMany({ entity: 'Tag', mappedBy: 'book' }) tags = new Collection<Tag>(this);
}
export const f = (em: EntityManager) => em.find(Book, {}, { populate: ['author', 'publisher', 'tags'] });`;
    expect(only(code).read.relations.map((r) => [r.name, r.entity?.name])).toEqual([
      ['author', 'Author'],
      ['publisher', 'Publisher'],
      ['tags', 'Tag'],
    ]);
  });

  it('fields held in a const array', () => {
    const code = `${EM}const PUBLIC = ['id', 'name'] as const;\nem.find(User, {}, { fields: PUBLIC });`;
    expect(fieldNames(only(code).read.projection)).toEqual(['id', 'name']);
  });

  it('TypeORM @Entity classes are not MikroORM models', () => {
    const code = `import { Entity, Column } from 'typeorm';
import { wrap } from '@mikro-orm/core';
@Entity() export class A { @Column() a: string; }`;
    expect(run(code).result.models).toEqual([]);
  });
});

describe('mikro-orm: writes', () => {
  it('em.create, em.assign, wrap().assign, repo.create', () => {
    const code = `import { EntityManager, EntityRepository, wrap } from '@mikro-orm/core';
export class UserService {
  constructor(private readonly em: EntityManager, private readonly repo: EntityRepository<User>) {}
  async create(dto: CreateUserDto) {
    const user = this.em.create(User, dto);
    await this.em.persistAndFlush(user);
    return user;
  }
  async update(id: number, body: any) {
    const user = await this.em.findOneOrFail(User, id);
    this.em.assign(user, body);
    wrap(user).assign(body);
    const other = this.repo.create(body);
    this.repo.assign(other, body);
    await this.em.flush();
  }
}`;
    const h = run(code);
    expect(h.result.writes.map((w) => [w.callText, textOf(h, w.value), w.entity?.name ?? null])).toEqual([
      ['this.em.create()', 'dto', 'User'],
      // The assign target came from a read of User: the write is to User.
      ['this.em.assign()', 'body', 'User'],
      ['wrap(user).assign()', 'body', 'User'],
      ['this.repo.create()', 'body', 'User'],
      ['this.repo.assign()', 'body', 'User'],
    ]);
  });

  it('the entity of an assign target: from a read, create, getReference or new; unknown otherwise', () => {
    const code = `import { Entity, PrimaryKey, EntityManager, EntityRepository, wrap } from '@mikro-orm/core';
@Entity() export class Book { @PrimaryKey() id!: number; }
declare const em: EntityManager;
declare const repo: EntityRepository<Author>;
export async function f(body: any, given: any) {
  const a = await em.findOne(User, 1);
  em.assign(a, body);
  const b = await repo.findOneOrFail({ id: 1 });
  wrap(b).assign(body);
  const c = em.create(Post, {});
  em.assign(c, body);
  const d = em.getReference(Tag, 1);
  wrap(d).assign(body);
  const e = new Book();
  wrap(e).assign(body);
  let g = await em.findOne(User, 1);
  g = await em.findOne(Post, 2);
  em.assign(g, body);
  em.assign(given, body);
  const [h] = await em.findAndCount(User, {});
  wrap(h).assign(body);
  wrap(await em.findOneOrFail(User, 2)).assign(body);
}`;
    const h = run(code);
    expect(h.result.writes.filter((w) => w.callText.endsWith('assign()')).map((w) => w.entity?.name ?? null)).toEqual([
      'User',
      'Author',
      'Post',
      'Tag',
      'Book',
      null,
      null,
      null,
      'User',
    ]);
  });

  it('upsert, insert, nativeUpdate', () => {
    const code = `${EM}
export async function f(req: any) {
  await em.upsert(User, req.body);
  await em.insert(User, req.body);
  await em.nativeUpdate(User, { id: 1 }, req.body);
  await em.upsert(existing);
}`;
    const h = run(code);
    expect(h.result.writes.map((w) => textOf(h, w.value))).toEqual(['req.body', 'req.body', 'req.body']);
  });

  it('a variable named em is an EntityManager by its name only when its value says nothing else', () => {
    const code = `import { wrap } from '@mikro-orm/core';
const em = container.resolve('em');
export const f = () => em.find(User, {});`;
    expect(run(code).result.reads.map((r) => r.callText)).toEqual(['em.find()']);
  });

  it('wrap() not from MikroORM is not a write', () => {
    const code = `import { EntityManager } from '@mikro-orm/core';\nimport { wrap } from './utils';\nwrap(user).assign(body);`;
    expect(run(code).result.writes).toEqual([]);
  });
});

describe('mikro-orm: negatives', () => {
  const cases: Record<string, string> = {
    'no MikroORM import': `export const f = (em) => em.find(User, {});`,
    'a service, not a repository': `import { EntityManager } from '@mikro-orm/core';
import { UsersService } from './users.service';
export class C { constructor(private usersService: UsersService) {} all() { return this.usersService.findAll(); } one() { return this.usersService.find({}); } }`,
    'array, map and lodash lookalikes': `import { wrap } from '@mikro-orm/core';\n[1].find(Boolean); cache.find(x); map.delete(k); _.find(list, { id }); Object.assign(a, b);`,
    'axios': `import { wrap } from '@mikro-orm/core';\nimport axios from 'axios';\naxios.get(url);`,
    'repo.find with no evidence in a MikroORM file': `import { wrap } from '@mikro-orm/core';\nexport const f = (repo: any) => repo.find({});`,
    'em.find without an entity': `${EM}export const f = (target: any) => em.find(target, {});`,
    'spread arguments': `${EM}export const f = (args: any[]) => em.find(User, ...args);`,
    'options from a parameter': `${EM}export const f = (o: any) => em.find(User, {}, o);`,
    'dynamic fields': `${EM}export const f = (cols: string[]) => em.find(User, {}, { fields: cols });`,
    'dynamic populate element': `${EM}export const f = (p: string) => em.find(User, {}, { populate: [p] });`,
    'spread in options': `${EM}export const f = (o: any) => em.find(User, {}, { ...o });`,
    'TypeORM repository in a MikroORM file': `import { Repository } from 'typeorm';\nimport { wrap } from '@mikro-orm/core';\nexport const f = (r: Repository<User>) => r.find();`,
    'orm itself has no find': `import { MikroORM } from '@mikro-orm/core';\nexport const f = (orm: MikroORM) => orm.find(User, {});`,
    'a variable named em holding something else': `import { EntityManager } from '@mikro-orm/core';
import { EventEmitter } from 'node:events';
const em = new EventEmitter() as any;
let entityManager = { find: (x: unknown, y: unknown) => [x, y] };
export const f = () => [em.find(User, {}), entityManager.find(User, {}), em.create(User, {})];`,
  };
  for (const [name, code] of Object.entries(cases)) {
    it(name, () => {
      const h = run(code);
      expect(h.result.reads).toEqual([]);
      expect(h.result.writes).toEqual([]);
    });
  }

  it('applies() is false without @mikro-orm imports', () => {
    expect(run(`import { x } from 'typeorm';`).applies).toBe(false);
  });

  it('never throws on odd code', () => {
    const code = `${EM}
em.find(); em.find(User); em.find(User, {}, { fields: 1, populate: [1], exclude: 'x' });
em.find(User, {}, { fields: [{ a: 1 }] }); em.create(); em.assign();`;
    expect(() => run(code)).not.toThrow();
  });
});

describe('mikro-orm: edits', () => {
  const first = (code: string): OrmRead => run(code).result.reads[0] as OrmRead;

  it('project adds fields to existing options', () => {
    const code = `${EM}em.find(User, { active: true }, { limit: 10 });`;
    const read = first(code);
    expect(edited(code, (f) => read.edits.project?.(['id', 'name'], f))).toBe(
      `${EM}em.find(User, { active: true }, { fields: ['id', 'name'], limit: 10 });`,
    );
  });

  it('project creates options after the where', () => {
    const code = `${EM}em.findOne(User, { id });`;
    const read = first(code);
    expect(edited(code, (f) => read.edits.project?.(['id'], f))).toBe(`${EM}em.findOne(User, { id }, { fields: ['id'] });`);
  });

  it('project on findAll creates the options (em and repository forms)', () => {
    const code = `${EM}em.findAll(User);`;
    const read = first(code);
    expect(edited(code, (f) => read.edits.project?.(['id', 'email'], f))).toBe(`${EM}em.findAll(User, { fields: ['id', 'email'] });`);
    const repo = `import { EntityRepository } from '@mikro-orm/core';\ndeclare const repo: EntityRepository<User>;\nrepo.findAll();`;
    const r2 = first(repo);
    expect(edited(repo, (f) => r2.edits.project?.(['id'], f))).toBe(
      `import { EntityRepository } from '@mikro-orm/core';\ndeclare const repo: EntityRepository<User>;\nrepo.findAll({ fields: ['id'] });`,
    );
  });

  it('project returns null without a where, with fields already, or with const options', () => {
    for (const c of ['em.find(User);', "em.find(User, {}, { fields: ['id'] });"]) {
      const code = `${EM}${c}`;
      const read = first(code);
      expect(applyEdit(code, (f) => read.edits.project?.(['id'], f))).toBeNull();
    }
    const constCode = `${EM}const o = { limit: 1 };\nem.find(User, {}, o);`;
    const read = first(constCode);
    expect(applyEdit(constCode, (f) => read.edits.project?.(['id'], f))).toBeNull();
  });

  it('project replaces an exclude', () => {
    const code = `${EM}em.find(User, {}, { exclude: ['password'] });`;
    const read = first(code);
    expect(edited(code, (f) => read.edits.project?.(['id'], f))).toBe(`${EM}em.find(User, {}, { fields: ['id'] });`);
  });

  it('exclude adds or merges an exclude list', () => {
    const code = `${EM}em.find(User, {});`;
    const read = first(code);
    expect(edited(code, (f) => read.edits.exclude?.(['password'], f))).toBe(`${EM}em.find(User, {}, { exclude: ['password'] });`);
    const merge = `${EM}em.find(User, {}, { exclude: ['password'] });`;
    const r2 = first(merge);
    expect(edited(merge, (f) => r2.edits.exclude?.(['password', 'totpSecret'], f))).toBe(
      `${EM}em.find(User, {}, { exclude: ['password', 'totpSecret'] });`,
    );
    const withFields = `${EM}em.find(User, {}, { fields: ['id'] });`;
    const r3 = first(withFields);
    expect(applyEdit(withFields, (f) => r3.edits.exclude?.(['password'], f))).toBeNull();
  });

  it('removeField removes a fields entry but never the last one', () => {
    const code = `${EM}em.find(User, {}, { fields: ['id', 'password', 'author.email'] });`;
    const read = first(code);
    const pw = read.projection.kind === 'fields' ? read.projection.fields[1] : undefined;
    expect(edited(code, (f) => read.edits.removeField?.(pw!, f))).toBe(`${EM}em.find(User, {}, { fields: ['id', 'author.email'] });`);
    const email = read.relations[0]?.projection.kind === 'fields' ? read.relations[0].projection.fields[0] : undefined;
    expect(edited(code, (f) => read.edits.removeField?.(email!, f))).toBe(`${EM}em.find(User, {}, { fields: ['id', 'password'] });`);
    const single = `${EM}em.find(User, {}, { fields: ['password'] });`;
    const r2 = first(single);
    const p2 = r2.projection.kind === 'fields' ? r2.projection.fields[0] : undefined;
    expect(applyEdit(single, (f) => r2.edits.removeField?.(p2!, f))).toBeNull();
  });
});
