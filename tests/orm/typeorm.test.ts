import { describe, expect, it } from 'vitest';
import { typeormAdapter } from '../../src/orm/typeorm.js';
import type { OrmRead, Projection } from '../../src/orm/types.js';
import { DATA, tupleWith } from '../../src/flow/value-shape.js';
import { adapterTests, applyEdit, edited, fieldNames, names, relationWithEntity, textOf } from './harness.js';

const { run, only } = adapterTests(typeormAdapter);

function addedNames(p: Projection): string[] {
  return p.kind === 'fields' ? [] : names(p.added);
}

const NEST_HEADER = `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { User } from './user.entity';
`;

const USER_ENTITY = `import { Column, Entity, OneToMany, PrimaryGeneratedColumn, Repository, DataSource } from 'typeorm';
@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ unique: true }) email: string;
  @Column({ select: false }) password: string;
  @Column('varchar', { nullable: true, select: false }) resetToken: string | null;
  @OneToMany(() => Post, (p) => p.author) posts: Post[];
}
`;

describe('typeorm: repository receivers', () => {
  it('NestJS service with @InjectRepository', () => {
    const code = `${NEST_HEADER}
@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private usersRepository: Repository<User>) {}
  findAll(): Promise<User[]> {
    return this.usersRepository.find();
  }
}`;
    const { read, h } = only(code);
    expect(read.library).toBe('typeorm');
    expect(read.entity).toEqual({ name: 'User', kind: 'model' });
    expect(read.projection).toEqual({ kind: 'none' });
    expect(read.relations).toEqual([]);
    expect(textOf(h, read.reportNode)).toBe('find');
    expect(textOf(h, read.node)).toBe('this.usersRepository.find()');
    expect(read.callText).toBe('this.usersRepository.find()');
    expect(read.shape).toBeUndefined();
    expect(read.hidden).toBeUndefined();
  });

  it('entity from the decorator argument wins; the type argument is the fallback', () => {
    const code = `${NEST_HEADER}
@Injectable()
export class S {
  constructor(
    @InjectRepository(Account) private readonly accounts: Repository<any>,
    private readonly posts: Repository<Post>,
  ) {}
  a() { return this.accounts.findOneBy({ id: 1 }); }
  b() { return this.posts.findBy({ published: true }); }
}`;
    const h = run(code);
    expect(h.result.reads.map((r) => r.entity?.name)).toEqual(['Account', 'Post']);
  });

  it('every find method', () => {
    const code = `${NEST_HEADER}
export class S {
  constructor(@InjectRepository(User) private repo: Repository<User>) {}
  async all(id: string) {
    await this.repo.find();
    await this.repo.findBy({ id });
    await this.repo.findOne({ where: { id } });
    await this.repo.findOneBy({ id });
    await this.repo.findOneOrFail({ where: { id } });
    await this.repo.findOneByOrFail({ id });
    await this.repo.findAndCount({ take: 10 });
    await this.repo.findAndCountBy({ id });
    await this.repo.count();
    await this.repo.exist({ where: { id } });
    await this.repo.delete(id);
  }
}`;
    const h = run(code);
    expect(h.result.reads.map((r) => textOf(h, r.reportNode))).toEqual([
      'find', 'findBy', 'findOne', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'findAndCount', 'findAndCountBy',
    ]);
    expect(h.result.reads[6]?.shape).toEqual(tupleWith(0, DATA));
    expect(h.result.reads[7]?.shape).toEqual(tupleWith(0, DATA));
  });

  it('TypeORM starter Express controller (AppDataSource from ../data-source, no typeorm import)', () => {
    const code = `import { AppDataSource } from '../data-source';
import { NextFunction, Request, Response } from 'express';
import { User } from '../entity/User';
export class UserController {
  private userRepository = AppDataSource.getRepository(User);
  async all(request: Request, response: Response, next: NextFunction) {
    return this.userRepository.find();
  }
  async one(request: Request, response: Response) {
    const id = parseInt(request.params.id);
    const user = await this.userRepository.findOne({ where: { id } });
    return user;
  }
}`;
    const h = run(code);
    expect(h.result.reads.map((r) => [r.callText, r.entity?.name])).toEqual([
      ['this.userRepository.find()', 'User'],
      ['this.userRepository.findOne()', 'User'],
    ]);
  });

  it('module-level repository variable and inline getRepository()', () => {
    const code = `import { In } from 'typeorm';
import { dataSource } from './db';
import { Post } from './post.entity';
const postRepo = dataSource.getRepository(Post);
router.get('/posts', async (req, res) => res.json(await postRepo.find({ where: { id: In(req.query.ids) } })));
router.get('/tags', async (req, res) => res.json(await dataSource.getRepository('Tag').find()));`;
    const h = run(code);
    expect(h.result.reads.map((r) => [r.callText, r.entity?.name])).toEqual([
      ['postRepo.find()', 'Post'],
      ['dataSource.getRepository(\'Tag\').find()', 'Tag'],
    ]);
  });

  it('constructor-assigned repository from an injected DataSource', () => {
    const code = `import { DataSource, Repository } from 'typeorm';
export class OrdersService {
  private orders: Repository<Order>;
  constructor(private dataSource: DataSource) {
    this.orders = this.dataSource.getRepository(Order);
  }
  list() { return this.orders.find({ order: { createdAt: 'DESC' } }); }
}`;
    expect(only(code).read.entity?.name).toBe('Order');
  });

  it('custom repository class (this.find inside it)', () => {
    const code = `import { Repository, DataSource } from 'typeorm';
import { Injectable } from '@nestjs/common';
@Injectable()
export class UserRepository extends Repository<User> {
  constructor(dataSource: DataSource) { super(User, dataSource.createEntityManager()); }
  findActive() { return this.find({ where: { active: true } }); }
  byEmail(email: string) { return this.createQueryBuilder('u').where('u.email = :email', { email }).getOne(); }
}`;
    const h = run(code);
    expect(h.result.reads.map((r) => [r.callText, r.entity?.name])).toEqual([
      ['this.find()', 'User'],
      ["this.createQueryBuilder('u').where('u.email = :email',{email}).getOne()", 'User'],
    ]);
  });

  it('a custom repository injected by type', () => {
    const code = `import { Repository } from 'typeorm';
class UserRepository extends Repository<User> {}
export class Svc {
  constructor(private readonly users: UserRepository) {}
  all() { return this.users.find(); }
}`;
    expect(only(code).read.entity?.name).toBe('User');
  });

  it('an object-literal service holding a repository', () => {
    const code = `import { AppDataSource } from '../data-source';
export const userService = {
  repo: AppDataSource.getRepository(User),
  list() { return this.repo.find(); },
  other() { return this.cache.find(); },
};`;
    expect(only(code).read.callText).toBe('this.repo.find()');
  });

  it('repository.extend({...}) methods use this', () => {
    const code = `import { AppDataSource } from './data-source';
export const UserRepository = AppDataSource.getRepository(User).extend({
  findByName(firstName: string) {
    return this.findOneBy({ firstName });
  },
});`;
    expect(only(code).read.callText).toBe('this.findOneBy()');
  });

  it('legacy getRepository() and getManager() from typeorm', () => {
    const code = `import { getRepository, getManager } from 'typeorm';
export async function list() {
  const a = await getRepository(User).find();
  const b = await getManager().find(Post);
  return [a, b];
}`;
    const h = run(code);
    expect(h.result.reads.map((r) => r.entity?.name)).toEqual(['User', 'Post']);
  });

  it('Active Record entity extending BaseEntity', () => {
    const code = `import { BaseEntity, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
@Entity()
export class Photo extends BaseEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column() url: string;
  static byUrl(url: string) { return this.findOneBy({ url }); }
}
export const all = () => Photo.find();`;
    const h = run(code);
    expect(h.result.reads.map((r) => [r.callText, r.entity?.name])).toEqual([
      ['this.findOneBy()', 'Photo'],
      ['Photo.find()', 'Photo'],
    ]);
    expect(h.result.models).toEqual([{ library: 'typeorm', names: ['Photo'], fields: ['id', 'url'], hidden: [] }]);
  });
});

describe('typeorm: entity manager receivers', () => {
  it('AppDataSource.manager and this.dataSource.manager', () => {
    const code = `import { DataSource } from 'typeorm';
import { AppDataSource } from './data-source';
export class S {
  constructor(private readonly dataSource: DataSource) {}
  a() { return AppDataSource.manager.find(User, { where: { active: true } }); }
  b(id: number) { return this.dataSource.manager.findOne(User, { where: { id } }); }
}`;
    const h = run(code);
    expect(h.result.reads.map((r) => [r.callText, r.entity?.name, textOf(h, r.reportNode)])).toEqual([
      ['AppDataSource.manager.find()', 'User', 'find'],
      ['this.dataSource.manager.findOne()', 'User', 'findOne'],
    ]);
  });

  it('@InjectEntityManager and entityManager names', () => {
    const code = `import { InjectEntityManager } from '@nestjs/typeorm';
import { EntityManager } from 'typeorm';
export class S {
  constructor(@InjectEntityManager() private entityManager: EntityManager) {}
  a(id: string) { return this.entityManager.findOneBy(User, { id }); }
  b() { return this.entityManager.findAndCount('Invoice', { take: 5 }); }
}`;
    const h = run(code);
    expect(h.result.reads.map((r) => r.entity)).toEqual([
      { name: 'User', kind: 'model' },
      { name: 'Invoice', kind: 'model' },
    ]);
    expect(h.result.reads[1]?.shape).toEqual(tupleWith(0, DATA));
  });

  it('transaction callbacks get a manager', () => {
    const code = `import { DataSource } from 'typeorm';
export class S {
  constructor(private dataSource: DataSource) {}
  run() {
    return this.dataSource.transaction(async (tx) => {
      const users = await tx.find(User);
      return tx.getRepository(Post).find({ relations: ['author'] });
    });
  }
  iso() { return this.dataSource.transaction('SERIALIZABLE', async (m) => m.findBy(User, { active: true })); }
}`;
    const h = run(code);
    expect(h.result.reads.map((r) => [r.callText, r.entity?.name])).toEqual([
      ['tx.find()', 'User'],
      ['tx.getRepository(Post).find()', 'Post'],
      ['m.findBy()', 'User'],
    ]);
  });

  it('queryRunner.manager', () => {
    const code = `import { AppDataSource } from './data-source';
export async function f() {
  const queryRunner = AppDataSource.createQueryRunner();
  await queryRunner.connect();
  return queryRunner.manager.find(User);
}`;
    expect(only(code).read.callText).toBe('queryRunner.manager.find()');
  });
});

describe('typeorm: find options', () => {
  it('select object → fields; false entries are not selected', () => {
    const code = `${NEST_HEADER}
export class S {
  constructor(@InjectRepository(User) private repo: Repository<User>) {}
  f() { return this.repo.find({ select: { id: true, email: true, password: false }, where: { active: true } }); }
}`;
    const { read, h } = only(code);
    expect(fieldNames(read.projection)).toEqual(['id', 'email']);
    if (read.projection.kind === 'fields') expect(textOf(h, read.projection.fields[0]?.node)).toBe('id: true');
  });

  it('select array → fields', () => {
    const code = `${NEST_HEADER}
export class S {
  constructor(@InjectRepository(User) private repo: Repository<User>) {}
  f() { return this.repo.findOne({ where: { id: 1 }, select: ['id', 'firstName'] }); }
}`;
    const { read, h } = only(code);
    expect(fieldNames(read.projection)).toEqual(['id', 'firstName']);
    if (read.projection.kind === 'fields') expect(textOf(h, read.projection.fields[1]?.node)).toBe("'firstName'");
  });

  it('relations object with nesting, and relation selects', () => {
    const code = `${NEST_HEADER}
export class S {
  constructor(@InjectRepository(User) private repo: Repository<User>) {}
  f() {
    return this.repo.find({
      relations: { profile: true, posts: { comments: true }, settings: false },
      select: { id: true, profile: { bio: true, avatar: true } },
    });
  }
}`;
    const { read, h } = only(code);
    expect(fieldNames(read.projection)).toEqual(['id']);
    expect(read.relations.map(relationWithEntity)).toEqual([
      { name: 'profile', kind: 'fields', fields: ['bio', 'avatar'] },
      { name: 'posts', kind: 'none' },
      { name: 'posts.comments', kind: 'none' },
    ]);
    expect(textOf(h, read.relations[0]?.node)).toBe('profile: true');
  });

  it('relations array', () => {
    const code = `${NEST_HEADER}
export class S {
  constructor(@InjectRepository(User) private repo: Repository<User>) {}
  f(id: string) { return this.repo.findOneOrFail({ where: { id }, relations: ['posts', 'posts.tags'] }); }
}`;
    const { read, h } = only(code);
    expect(read.relations.map(relationWithEntity)).toEqual([
      { name: 'posts', kind: 'none' },
      { name: 'posts.tags', kind: 'none' },
    ]);
    expect(textOf(h, read.relations[1]?.node)).toBe("'posts.tags'");
  });

  it('options from a const object', () => {
    const code = `${NEST_HEADER}
const PUBLIC = { select: { id: true, name: true } };
export class S {
  constructor(@InjectRepository(User) private repo: Repository<User>) {}
  f() { return this.repo.find(PUBLIC); }
}`;
    expect(fieldNames(only(code).read.projection)).toEqual(['id', 'name']);
  });

  it('select and relations held in consts', () => {
    const code = `${NEST_HEADER}
const PUBLIC_FIELDS: (keyof User)[] = ['id', 'name'];
const WITH_POSTS = { posts: true } as const;
export class S {
  constructor(@InjectRepository(User) private repo: Repository<User>) {}
  f() { return this.repo.find({ select: PUBLIC_FIELDS, relations: WITH_POSTS }); }
}`;
    const { read } = only(code);
    expect(fieldNames(read.projection)).toEqual(['id', 'name']);
    expect(read.relations.map(relationWithEntity)).toEqual([{ name: 'posts', kind: 'none' }]);
  });

  it('TypeORM 0.2 findOne(id) and findOne(id, options)', () => {
    const code = `${NEST_HEADER}
export class S {
  constructor(@InjectRepository(User) private repo: Repository<User>) {}
  a(req: any) { return this.repo.findOne(req.params.id); }
  b(userId: number) { return this.repo.findOne(userId, { relations: ['roles'] }); }
}`;
    const h = run(code);
    expect(h.result.reads.map((r) => r.relations.map((x) => x.name))).toEqual([[], ['roles']]);
  });

  it('@Column({ select: false }) in the file → hidden on reads of that entity, and the local model', () => {
    const code = `${USER_ENTITY}
export const repo = new DataSource({ type: 'postgres' }).getRepository(User);
export const a = () => repo.find();
export const b = () => repo.find({ select: { id: true, password: true } });
export const c = (ds: DataSource) => ds.getRepository(Post).find();`;
    const h = run(code);
    expect(h.result.models).toEqual([
      { library: 'typeorm', names: ['User', 'users'], fields: ['id', 'email', 'password', 'resetToken'], hidden: ['password', 'resetToken'] },
    ]);
    const [a, b, c] = h.result.reads as [OrmRead, OrmRead, OrmRead];
    expect(a.hidden).toEqual(['password', 'resetToken']);
    expect(fieldNames(b.projection)).toEqual(['id', 'password']);
    expect(b.hidden).toEqual(['password', 'resetToken']);
    expect(c.hidden).toBeUndefined();
  });

  it('relation entities come from the relation decorators of local entities', () => {
    const code = `import { Column, Entity, ManyToOne, OneToMany, PrimaryGeneratedColumn, DataSource } from 'typeorm';
@Entity() export class Author {
  @PrimaryGeneratedColumn() id: number;
  @OneToMany(() => Book, (b) => b.author) books: Book[];
}
@Entity() export class Book {
  @PrimaryGeneratedColumn() id: number;
  @ManyToOne('Author', 'books') author: Author;
  @ManyToOne((type) => { return Publisher; }) publisher: Publisher;
}
export const f = (ds: DataSource) => ds.getRepository(Author).find({ relations: { books: { author: true, publisher: true } } });
export const g = (ds: DataSource) => ds.getRepository(Author).createQueryBuilder('a').leftJoinAndSelect('a.books', 'b').getMany();`;
    const h = run(code);
    expect(h.result.reads[0]?.relations.map(relationWithEntity)).toEqual([
      { name: 'books', kind: 'none', entity: 'Book' },
      { name: 'books.author', kind: 'none', entity: 'Author' },
      { name: 'books.publisher', kind: 'none', entity: 'Publisher' },
    ]);
    expect(h.result.reads[1]?.relations.map(relationWithEntity)).toEqual([{ name: 'books', kind: 'none', entity: 'Book' }]);
  });

  it('entity columns inherited from a local base class, @Entity({ name })', () => {
    const code = `import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
abstract class Base {
  @PrimaryGeneratedColumn() id: number;
  @CreateDateColumn() createdAt: Date;
}
@Entity({ name: 'api_keys' })
export class ApiKey extends Base {
  @Column({ select: false }) secret: string;
  @Column() label: string;
  helper = 1;
}`;
    expect(run(code).result.models).toEqual([
      { library: 'typeorm', names: ['ApiKey', 'api_keys'], fields: ['id', 'createdAt', 'secret', 'label'], hidden: ['secret'] },
    ]);
  });

  it('MikroORM @Entity classes are not TypeORM models', () => {
    const code = `import { Entity, Property } from '@mikro-orm/core';
import { Repository } from 'typeorm';
@Entity() export class Book { @Property() title!: string; }`;
    expect(run(code).result.models).toEqual([]);
  });
});

describe('typeorm: query builder', () => {
  const SVC = (body: string): string => `${NEST_HEADER}
export class UsersService {
  constructor(@InjectRepository(User) private readonly userRepository: Repository<User>) {}
  ${body}
}`;

  it('createQueryBuilder(alias)…getMany() without select', () => {
    const code = SVC(`list() { return this.userRepository.createQueryBuilder('user').where('user.active = :a', { a: true }).getMany(); }`);
    const { read, h } = only(code);
    expect(read.entity?.name).toBe('User');
    expect(read.projection).toEqual({ kind: 'none' });
    expect(textOf(h, read.reportNode)).toBe('getMany');
    expect(textOf(h, read.node)).toBe("this.userRepository.createQueryBuilder('user').where('user.active = :a', { a: true }).getMany()");
    expect(read.callText).toBe("…epository.createQueryBuilder('user').where('user.active = :a',{a:true}).getMany()");
  });

  it('select([...]) → fields', () => {
    const code = SVC(`list() { return this.userRepository.createQueryBuilder('user').select(['user.id', 'user.name AS name']).getRawMany(); }`);
    const { read, h } = only(code);
    expect(fieldNames(read.projection)).toEqual(['id', 'name']);
    if (read.projection.kind === 'fields') expect(textOf(h, read.projection.fields[0]?.node)).toBe("'user.id'");
  });

  it("addSelect('user.password') on a whole entity → added", () => {
    const code = `${USER_ENTITY}
export const byEmail = (ds: DataSource, email: string) =>
  ds.getRepository(User).createQueryBuilder('user').addSelect('user.password').where('user.email = :email', { email }).getOne();`;
    const h = run(code);
    const read = h.result.reads[0] as OrmRead;
    expect(read.projection.kind).toBe('none');
    expect(addedNames(read.projection)).toEqual(['password']);
    expect(read.hidden).toEqual(['password', 'resetToken']);
  });

  it('addSelect after select extends the fields', () => {
    const code = SVC(`f() { return this.userRepository.createQueryBuilder('u').select('u.id').addSelect(['u.email', 'u.password']).getOne(); }`);
    expect(fieldNames(only(code).read.projection)).toEqual(['id', 'email', 'password']);
  });

  it('leftJoinAndSelect / innerJoinAndSelect → relations; nested joins use the relation path', () => {
    const code = SVC(`f() {
    return this.userRepository
      .createQueryBuilder('user')
      .leftJoinAndSelect('user.posts', 'post')
      .innerJoinAndSelect('post.comments', 'comment')
      .leftJoin('user.roles', 'role')
      .getMany();
  }`);
    const { read, h } = only(code);
    expect(read.projection).toEqual({ kind: 'none' });
    expect(read.relations.map(relationWithEntity)).toEqual([
      { name: 'posts', kind: 'none' },
      { name: 'posts.comments', kind: 'none' },
    ]);
    expect(textOf(h, read.relations[0]?.node)).toBe("'user.posts'");
  });

  it('select narrows joined relations; leftJoin + addSelect selects relation fields', () => {
    const code = SVC(`f() {
    return this.userRepository.createQueryBuilder('user')
      .leftJoinAndSelect('user.photos', 'photo')
      .leftJoin('user.profile', 'profile')
      .select(['user.id', 'photo.url'])
      .addSelect('profile.bio')
      .getMany();
  }`);
    const { read } = only(code);
    expect(fieldNames(read.projection)).toEqual(['id']);
    expect(read.relations.map(relationWithEntity)).toEqual([
      { name: 'photos', kind: 'fields', fields: ['url'] },
      { name: 'profile', kind: 'fields', fields: ['bio'] },
    ]);
  });

  it('leftJoinAndMapOne and joins on an entity class', () => {
    const code = SVC(`f() {
    return this.userRepository.createQueryBuilder('user')
      .leftJoinAndMapOne('user.profilePhoto', 'user.photos', 'photo', 'photo.isForProfile = TRUE')
      .leftJoinAndSelect(AuditLog, 'log', 'log.userId = user.id')
      .getOne();
  }`);
    expect(only(code).read.relations.map(relationWithEntity)).toEqual([
      { name: 'profilePhoto', kind: 'none' },
      { name: 'log', kind: 'none', entity: 'AuditLog' },
    ]);
  });

  it('dataSource.createQueryBuilder().select(alias).from(Entity, alias)', () => {
    const code = `import { AppDataSource } from './data-source';
export const f = (id: number) => AppDataSource.createQueryBuilder().select('user').from(User, 'user').where('user.id = :id', { id }).getOne();`;
    const { read } = only(code);
    expect(read.entity?.name).toBe('User');
    expect(read.projection).toEqual({ kind: 'none' });
  });

  it('manager.createQueryBuilder(Entity, alias).getManyAndCount() is a tuple', () => {
    const code = `import { EntityManager } from 'typeorm';
export const f = (manager: EntityManager) => manager.createQueryBuilder(Article, 'a').take(10).getManyAndCount();`;
    const { read } = only(code);
    expect(read.entity?.name).toBe('Article');
    expect(read.shape).toEqual(tupleWith(0, DATA));
  });

  it('getRawAndEntities holds entities and raw rows', () => {
    const code = SVC(`f() { return this.userRepository.createQueryBuilder('u').getRawAndEntities(); }`);
    const shape = only(code).read.shape;
    expect(shape?.kind).toBe('object');
  });

  it('a builder held in a variable, with statements in between', () => {
    const code = SVC(`async search(q: { name?: string; withPosts?: boolean }) {
    const qb = this.userRepository.createQueryBuilder('user');
    if (q.name) qb.andWhere('user.name ILIKE :n', { n: q.name });
    if (q.withPosts) qb.leftJoinAndSelect('user.posts', 'p');
    const total = await qb.getCount();
    qb.select(['user.id', 'user.name', 'p.title']);
    const users = await qb.orderBy('user.id').getMany();
    return { users, total };
  }`);
    const { read, h } = only(code);
    expect(textOf(h, read.node)).toBe("qb.orderBy('user.id').getMany()");
    expect(fieldNames(read.projection)).toEqual(['id', 'name']);
    expect(read.relations.map(relationWithEntity)).toEqual([{ name: 'posts', kind: 'fields', fields: ['title'] }]);
  });

  it('RealWorld-style: an awaited builder in a variable, counted then listed', () => {
    const code = `import { getRepository } from 'typeorm';
export class ArticleService {
  async findAll(query: any) {
    const qb = await getRepository(ArticleEntity)
      .createQueryBuilder('article')
      .leftJoinAndSelect('article.author', 'author');
    qb.where('1 = 1');
    if ('tag' in query) qb.andWhere('article.tagList LIKE :tag', { tag: \`%\${query.tag}%\` });
    const articlesCount = await qb.getCount();
    if ('limit' in query) qb.limit(query.limit);
    const articles = await qb.getMany();
    return { articles, articlesCount };
  }
}`;
    const { read, h } = only(code);
    expect(read.entity?.name).toBe('ArticleEntity');
    expect(textOf(h, read.node)).toBe('qb.getMany()');
    expect(read.relations.map(relationWithEntity)).toEqual([{ name: 'author', kind: 'none' }]);
  });

  it('a let builder reassigned with its own chain', () => {
    const code = SVC(`async f() {
    let qb = this.userRepository.createQueryBuilder('u');
    qb = qb.leftJoinAndSelect('u.sessions', 's');
    return qb.getMany();
  }`);
    expect(only(code).read.relations.map(relationWithEntity)).toEqual([{ name: 'sessions', kind: 'none' }]);
  });

  it('update/delete builders are not reads', () => {
    const code = SVC(`f(id: string) {
    this.userRepository.createQueryBuilder().update(User).set({ active: false }).where('id = :id', { id }).execute();
    return this.userRepository.createQueryBuilder('u').delete().execute();
  }`);
    expect(run(code).result.reads).toEqual([]);
  });
});

describe('typeorm: writes', () => {
  it('repository save/insert/create/upsert/preload with a value, update with the second argument, merge', () => {
    const code = `${NEST_HEADER}
export class UsersService {
  constructor(@InjectRepository(User) private repo: Repository<User>) {}
  async all(id: string, dto: UpdateUserDto, body: any) {
    await this.repo.save(body);
    await this.repo.insert(dto);
    const u = this.repo.create(dto);
    await this.repo.upsert(body, ['email']);
    await this.repo.preload({ id, ...dto });
    await this.repo.update(id, dto);
    this.repo.merge(u, dto, body);
    this.repo.create();
  }
}`;
    const h = run(code);
    expect(h.result.writes.map((w) => [textOf(h, w.call).split('(')[0], textOf(h, w.value), w.entity?.name])).toEqual([
      ['this.repo.save', 'body', 'User'],
      ['this.repo.insert', 'dto', 'User'],
      ['this.repo.create', 'dto', 'User'],
      ['this.repo.upsert', 'body', 'User'],
      ['this.repo.preload', '{ id, ...dto }', 'User'],
      ['this.repo.update', 'dto', 'User'],
      ['this.repo.merge', 'dto', 'User'],
      ['this.repo.merge', 'body', 'User'],
    ]);
    expect(h.result.writes[0]?.callText).toBe('this.repo.save()');
  });

  it('Express route: repository.save(req.body)', () => {
    const code = `import { AppDataSource } from '../data-source';
const userRepository = AppDataSource.getRepository(User);
app.post('/users', async (req, res) => {
  const user = await userRepository.save(req.body);
  res.json(user);
});`;
    const h = run(code);
    expect(h.result.writes.map((w) => textOf(h, w.value))).toEqual(['req.body']);
  });

  it('manager forms: entity target first', () => {
    const code = `import { EntityManager } from 'typeorm';
export async function f(manager: EntityManager, req: any, user: any) {
  await manager.save(User, req.body);
  await manager.save(user);
  await manager.insert(User, req.body);
  await manager.update(User, { id: 1 }, req.body);
  manager.create(User, req.body);
  manager.merge(User, user, req.body);
  await manager.upsert(User, req.body, ['id']);
  manager.create(req.body);
}`;
    const h = run(code);
    expect(h.result.writes.map((w) => [textOf(h, w.value), w.entity?.name ?? null])).toEqual([
      ['req.body', 'User'],
      ['user', null],
      ['req.body', 'User'],
      ['req.body', 'User'],
      ['req.body', 'User'],
      ['req.body', 'User'],
      ['req.body', 'User'],
    ]);
  });

  it('query builder .set(x) and .values(x)', () => {
    const code = `import { AppDataSource } from './data-source';
export async function f(id: number, body: any) {
  await AppDataSource.createQueryBuilder().update(User).set(body).where('id = :id', { id }).execute();
  await AppDataSource.createQueryBuilder().insert().into(Photo).values(body).execute();
  const qb = AppDataSource.getRepository(Account).createQueryBuilder();
  await qb.update().set(body).execute();
}`;
    const h = run(code);
    expect(h.result.writes.map((w) => [textOf(h, w.value), w.entity?.name])).toEqual([
      ['body', 'User'],
      ['body', 'Photo'],
      ['body', 'Account'],
    ]);
  });
});

describe('typeorm: negatives', () => {
  const cases: Record<string, string> = {
    'repo.find() with no TypeORM evidence': `export const f = (repo) => repo.find({ where: {} });`,
    'a service, not a repository': `import { Repository } from 'typeorm';
import { UsersService } from './users.service';
export class C { constructor(private usersService: UsersService) {} all() { return this.usersService.findAll(); } one() { return this.usersService.find(); } }`,
    'array and cache lookalikes': `import { Repository } from 'typeorm';
const users = [1, 2]; users.find((u) => u === 1); cache.find(x); map.delete(k); _.find(users, { id: 1 });`,
    'axios.get and http clients': `import { Repository } from 'typeorm';\nimport axios from 'axios';\naxios.get(url); fetch(url);`,
    'sequelize-typescript Repository type': `import { Repository } from 'sequelize-typescript';
export class S { constructor(private repo: Repository<User>) {} all() { return this.repo.findAll(); } one() { return this.repo.find(); } }`,
    'MikroORM file with em and getRepository': `import { EntityManager } from '@mikro-orm/postgresql';
export const f = (em: EntityManager) => em.getRepository(User).find({});
export const g = (em: EntityManager) => em.find(User, {});`,
    'spread arguments': `import { Repository } from 'typeorm';\nexport const f = (repo: Repository<User>, args: any[]) => repo.find(...args);`,
    'options from a parameter': `import { Repository } from 'typeorm';\nexport const f = (repo: Repository<User>, options: any) => repo.find(options);`,
    'dynamic select': `import { Repository } from 'typeorm';\nexport const f = (repo: Repository<User>, select: any) => repo.find({ select });`,
    'dynamic relations element': `import { Repository } from 'typeorm';\nexport const f = (repo: Repository<User>, r: string) => repo.find({ relations: [r] });`,
    'spread in options': `import { Repository } from 'typeorm';\nexport const f = (repo: Repository<User>, o: any) => repo.find({ ...o });`,
    'manager.find without an entity target': `import { EntityManager } from 'typeorm';\nexport const f = (manager: EntityManager, target: any) => manager.find(target);`,
    'getMany on something that is not a builder': `import { Repository } from 'typeorm';\nexport const f = (svc: any) => svc.getMany(); export const g = () => this.users.getOne();`,
    'builder with a dynamic alias or dynamic select': `import { Repository } from 'typeorm';
export const f = (repo: Repository<User>, a: string, cols: string[]) => [repo.createQueryBuilder(a).getMany(), repo.createQueryBuilder('u').select(cols).getMany()];`,
    'builder from a parameter (no root in sight)': `import { SelectQueryBuilder } from 'typeorm';\nexport const f = (qb: SelectQueryBuilder<User>) => qb.getMany();`,
    'save on a plain object': `import { Repository } from 'typeorm';\nconst store = { save(x) {} };\nstore.save(req.body); localStorage.setItem('a', 'b');`,
    'an imported repository with no evidence': `import { userRepository } from './repositories';\nexport const f = () => userRepository.find();`,
  };
  for (const [name, code] of Object.entries(cases)) {
    it(name, () => {
      const h = run(code);
      expect(h.result.reads).toEqual([]);
      expect(h.result.writes).toEqual([]);
    });
  }

  it('applies() is false without TypeORM or data-source imports', () => {
    expect(run(`import express from 'express';\nrepo.find();`).applies).toBe(false);
  });

  it('never throws on odd code', () => {
    const code = `import { Repository, EntityManager } from 'typeorm';
export const f = (repo: Repository<User>, m: EntityManager) => {
  repo.find({ select: 1, relations: 2 });
  repo.find({ relations: { a: x } });
  repo.createQueryBuilder().leftJoinAndSelect().getMany();
  repo.createQueryBuilder('u').select().getMany();
  m.find();
  m.save();
  repo.createQueryBuilder('u').set();
};`;
    expect(() => run(code)).not.toThrow();
  });
});

describe('typeorm: edits', () => {
  const first = (code: string): OrmRead => run(code).result.reads[0] as OrmRead;
  const REPO = `import { Repository } from 'typeorm';\ndeclare const repo: Repository<User>;\n`;

  it('project on find() adds an options object', () => {
    const code = `${REPO}const users = await repo.find();`;
    const read = first(code);
    expect(edited(code, (f) => read.edits.project?.(['id', 'name'], f))).toBe(
      `${REPO}const users = await repo.find({ select: { id: true, name: true } });`,
    );
  });

  it('project adds select to existing options', () => {
    const code = `${REPO}const user = await repo.findOne({ where: { id }, relations: { posts: true } });`;
    const read = first(code);
    expect(edited(code, (f) => read.edits.project?.(['id'], f))).toBe(
      `${REPO}const user = await repo.findOne({ select: { id: true }, where: { id }, relations: { posts: true } });`,
    );
  });

  it('project on the manager form adds options after the entity', () => {
    const code = `import { EntityManager } from 'typeorm';\ndeclare const manager: EntityManager;\nmanager.find(User);`;
    const read = first(code);
    expect(edited(code, (f) => read.edits.project?.(['id', 'email'], f))).toBe(
      `import { EntityManager } from 'typeorm';\ndeclare const manager: EntityManager;\nmanager.find(User, { select: { id: true, email: true } });`,
    );
  });

  it('project returns null for findOneBy/findBy, an existing select, const options and legacy ids', () => {
    for (const call of [
      'repo.findOneBy({ id })',
      'repo.findBy({ a: 1 })',
      "repo.find({ select: ['id'] })",
      'repo.findOne(userId)',
    ]) {
      const code = `${REPO}${call};`;
      const read = first(code);
      expect(applyEdit(code, (f) => read.edits.project?.(['id'], f))).toBeNull();
    }
    const constCode = `${REPO}const o = { where: {} };\nrepo.find(o);`;
    const read = first(constCode);
    expect(applyEdit(constCode, (f) => read.edits.project?.(['id'], f))).toBeNull();
  });

  it('removeField removes a select entry (object and array forms)', () => {
    const code = `${REPO}repo.find({ select: { id: true, password: true, name: true } });`;
    const read = first(code);
    const pw = read.projection.kind === 'fields' ? read.projection.fields[1] : undefined;
    expect(edited(code, (f) => read.edits.removeField?.(pw!, f))).toBe(
      `${REPO}repo.find({ select: { id: true, name: true } });`,
    );
    const arr = `${REPO}repo.find({ select: ['id', 'password'] });`;
    const r2 = first(arr);
    const pw2 = r2.projection.kind === 'fields' ? r2.projection.fields[1] : undefined;
    expect(edited(arr, (f) => r2.edits.removeField?.(pw2!, f))).toBe(`${REPO}repo.find({ select: ['id'] });`);
  });

  it("removeField removes an entry of a relation's nested select, but never its last one", () => {
    const code = `${REPO}repo.find({ select: { id: true, author: { id: true, password: true } }, relations: { author: true } });`;
    const read = first(code);
    const author = read.relations[0];
    const pw = author?.projection.kind === 'fields' ? author.projection.fields[1] : undefined;
    expect(pw?.name).toBe('password');
    expect(edited(code, (f) => read.edits.removeField?.(pw!, f))).toBe(
      `${REPO}repo.find({ select: { id: true, author: { id: true } }, relations: { author: true } });`,
    );
    const deep = `${REPO}repo.find({ select: { posts: { author: { name: true, apiKey: true } } }, relations: ['posts', 'posts.author'] });`;
    const r2 = first(deep);
    const postsAuthor = r2.relations.find((r) => r.name === 'posts.author');
    const key = postsAuthor?.projection.kind === 'fields' ? postsAuthor.projection.fields[1] : undefined;
    expect(key?.name).toBe('apiKey');
    expect(edited(deep, (f) => r2.edits.removeField?.(key!, f))).toBe(
      `${REPO}repo.find({ select: { posts: { author: { name: true } } }, relations: ['posts', 'posts.author'] });`,
    );
    const single = `${REPO}repo.find({ select: { id: true, author: { password: true } }, relations: { author: true } });`;
    const r3 = first(single);
    const only1 = r3.relations[0]?.projection.kind === 'fields' ? r3.relations[0].projection.fields[0] : undefined;
    expect(applyEdit(single, (f) => r3.edits.removeField?.(only1!, f))).toBeNull();
  });

  it('removeField refuses to empty a select', () => {
    const code = `${REPO}repo.find({ select: { password: true } });`;
    const read = first(code);
    const pw = read.projection.kind === 'fields' ? read.projection.fields[0] : undefined;
    expect(applyEdit(code, (f) => read.edits.removeField?.(pw!, f))).toBeNull();
  });

  it('query builder: project inserts a select after createQueryBuilder', () => {
    const code = `${REPO}repo.createQueryBuilder('user').leftJoinAndSelect('user.posts', 'p').getMany();`;
    const read = first(code);
    expect(edited(code, (f) => read.edits.project?.(['id', 'name'], f))).toBe(
      `${REPO}repo.createQueryBuilder('user').select(['user.id', 'user.name']).leftJoinAndSelect('user.posts', 'p').getMany();`,
    );
  });

  it('query builder: project returns null with an existing select or a variable builder', () => {
    const withSelect = `${REPO}repo.createQueryBuilder('user').select('user').getMany();`;
    const r1 = first(withSelect);
    expect(applyEdit(withSelect, (f) => r1.edits.project?.(['id'], f))).toBeNull();
    const held = `${REPO}const qb = repo.createQueryBuilder('user');\nqb.getMany();`;
    const r2 = first(held);
    expect(applyEdit(held, (f) => r2.edits.project?.(['id'], f))).toBeNull();
  });

  it("query builder: removeField drops .addSelect('user.password')", () => {
    const code = `${REPO}repo
  .createQueryBuilder('user')
  .addSelect('user.password')
  .where('user.email = :e', { e })
  .getOne();`;
    const read = first(code);
    const added = read.projection.kind === 'none' ? read.projection.added?.[0] : undefined;
    expect(added?.name).toBe('password');
    expect(edited(code, (f) => read.edits.removeField?.(added!, f))).toBe(`${REPO}repo
  .createQueryBuilder('user')
  .where('user.email = :e', { e })
  .getOne();`);
  });

  it('query builder: removeField drops an element of a select array, but not the last one', () => {
    const code = `${REPO}repo.createQueryBuilder('u').select(['u.id', 'u.password']).getMany();`;
    const read = first(code);
    const pw = read.projection.kind === 'fields' ? read.projection.fields[1] : undefined;
    expect(edited(code, (f) => read.edits.removeField?.(pw!, f))).toBe(
      `${REPO}repo.createQueryBuilder('u').select(['u.id']).getMany();`,
    );
    const single = `${REPO}repo.createQueryBuilder('u').select(['u.password']).getMany();`;
    const r2 = first(single);
    const only1 = r2.projection.kind === 'fields' ? r2.projection.fields[0] : undefined;
    expect(applyEdit(single, (f) => r2.edits.removeField?.(only1!, f))).toBeNull();
  });
});
