import { describe, expect, it } from 'vitest';
import { sequelizeAdapter } from '../../src/orm/sequelize.js';
import type { OrmRead } from '../../src/orm/types.js';
import { adapterTests, applyEdit, expectParses, projectionSummary } from './harness.js';

const { run, only, summary, edit } = adapterTests(sequelizeAdapter);

const MODEL = `
import { DataTypes, Model } from 'sequelize';
import { sequelize } from '../config/database';

export class User extends Model {
  declare id: number;
  declare email: string;
  declare passwordHash: string;
}

User.init(
  {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    email: { type: DataTypes.STRING, allowNull: false, unique: true },
    passwordHash: { type: DataTypes.STRING, allowNull: false },
    role: DataTypes.STRING,
  },
  {
    sequelize,
    modelName: 'User',
    tableName: 'users',
    defaultScope: { attributes: { exclude: ['passwordHash'] } },
    scopes: {
      withPassword: { attributes: { include: ['passwordHash'] } },
      admins: { where: { role: 'admin' } },
    },
  },
);
`;

describe('sequelize: local models', () => {
  it('reads a class model with init(), its options and default scope', () => {
    const h = run(MODEL);
    expect(h.applies).toBe(true);
    expect(h.result.models).toEqual([
      { library: 'sequelize', names: ['User', 'users'], fields: ['id', 'email', 'passwordHash', 'role'], hidden: ['passwordHash'] },
    ]);
  });

  it('reads sequelize.define() models with a modelName and tableName', () => {
    const h = run(`
      const { Sequelize, DataTypes } = require('sequelize');
      const sequelize = new Sequelize(process.env.DATABASE_URL);
      const Account = sequelize.define('Account', {
        username: DataTypes.STRING,
        password: { type: DataTypes.STRING },
        apiKey: DataTypes.STRING,
      }, { tableName: 'accounts', defaultScope: { attributes: { exclude: ['password', 'apiKey'] } } });
      module.exports = Account;
    `);
    expect(h.result.models).toEqual([
      { library: 'sequelize', names: ['Account', 'accounts'], fields: ['username', 'password', 'apiKey'], hidden: ['password', 'apiKey'] },
    ]);
  });

  it('reads a define() whose model name differs from its variable', () => {
    const h = run(`
      import { DataTypes } from 'sequelize';
      import sequelize from './db';
      export const Member = sequelize.define('member', { name: DataTypes.STRING, token: DataTypes.STRING });
    `);
    expect(h.result.models).toEqual([{ library: 'sequelize', names: ['Member', 'member'], fields: ['name', 'token'], hidden: [] }]);
  });

  it('reads super.init() inside a static init and the sequelize-cli class form', () => {
    const h = run(`
      'use strict';
      const { Model } = require('sequelize');
      module.exports = (sequelize, DataTypes) => {
        class Customer extends Model {
          static associate(models) { Customer.hasMany(models.Order); }
        }
        Customer.init({ name: DataTypes.STRING, cardNumber: DataTypes.STRING }, { sequelize, modelName: 'Customer' });
        return Customer;
      };
      class Seller extends Model {
        static init(sequelize) {
          return super.init({ shop: DataTypes.STRING, iban: DataTypes.STRING }, { sequelize, tableName: 'sellers' });
        }
      }
    `);
    expect(h.result.models).toEqual([
      { library: 'sequelize', names: ['Customer'], fields: ['name', 'cardNumber'], hidden: [] },
      { library: 'sequelize', names: ['Seller', 'sellers'], fields: ['shop', 'iban'], hidden: [] },
    ]);
  });

  it('reads sequelize-typescript @Table models with @Column and @DefaultScope', () => {
    const h = run(`
      import { Column, DataType, DefaultScope, HasMany, Model, PrimaryKey, Table } from 'sequelize-typescript';
      import { Post } from './post.model';

      @DefaultScope(() => ({ attributes: { exclude: ['password'] } }))
      @Table({ tableName: 'users', timestamps: true })
      export class User extends Model {
        @PrimaryKey
        @Column
        id: number;

        @Column({ type: DataType.STRING, allowNull: false })
        email: string;

        @Column
        password: string;

        @HasMany(() => Post)
        posts: Post[];
      }
    `);
    expect(h.result.models).toEqual([
      { library: 'sequelize', names: ['User', 'users'], fields: ['id', 'email', 'password'], hidden: ['password'] },
    ]);
  });

  it('does not take objection or typeorm classes for Sequelize models', () => {
    const h = run(`
      import { Model } from 'objection';
      import { sequelize } from './db';
      export class Person extends Model { static tableName = 'persons'; }
      Person.init({ name: 'x' });
    `);
    expect(h.result.models).toEqual([]);
  });
});

describe('sequelize: reads', () => {
  it('findAll() with no options: whole rows, with the default scope as hidden', () => {
    const { s } = only(`${MODEL}
      export async function listUsers(req, res) {
        const users = await User.findAll();
        res.json(users);
      }
    `);
    expect(s).toEqual({
      entity: 'User',
      projection: { kind: 'none' },
      relations: [],
      reportNode: 'findAll',
      callText: 'User.findAll()',
      node: 'User.findAll()',
      hidden: ['passwordHash'],
    });
  });

  it('attributes: [...] gives fields, with [col, alias] pairs and computed values skipped', () => {
    const { s } = only(`${MODEL}
      router.get('/users', async (req, res) => {
        const users = await User.findAll({
          attributes: ['id', ['email', 'mail'], [sequelize.fn('COUNT', sequelize.col('posts.id')), 'postCount']],
          where: { role: req.query.role },
        });
        res.json(users);
      });
    `);
    expect(s.projection).toEqual({ kind: 'fields', fields: ['id', 'email'] });
  });

  it('attributes: { exclude } gives an exclusion', () => {
    const { s } = only(`${MODEL}
      app.get('/users/:id', async (req, res) => {
        res.json(await User.findOne({ where: { id: req.params.id }, attributes: { exclude: ['passwordHash', 'role'] } }));
      });
    `);
    expect(s.projection).toEqual({ kind: 'exclusion', excluded: ['passwordHash', 'role'] });
    expect(s.reportNode).toBe('findOne');
  });

  it('attributes: { include } gives none plus added fields', () => {
    const { s } = only(`${MODEL}
      const u = await User.findOne({ where: { email }, attributes: { include: ['passwordHash', [sequelize.literal('1'), 'one']] } });
    `);
    expect(s.projection).toEqual({ kind: 'none', added: ['passwordHash'] });
  });

  it('attributes: { include, exclude } gives an exclusion with added fields', () => {
    const { s } = only(`${MODEL}
      const u = await User.findAll({ attributes: { include: ['role'], exclude: ['email'] } });
    `);
    expect(s.projection).toEqual({ kind: 'exclusion', excluded: ['email'], added: ['role'] });
  });

  it('reads attributes from a const array in the same file', () => {
    const { s } = only(`${MODEL}
      const PUBLIC_FIELDS = ['id', 'email'];
      export const list = () => User.findAll({ attributes: PUBLIC_FIELDS });
    `);
    expect(s.projection).toEqual({ kind: 'fields', fields: ['id', 'email'] });
  });

  it('reads options held in a const of the file, and offers no edit of the shared object', () => {
    const h = run(`${MODEL}
      const listQuery = { where: { active: true }, order: [['id', 'DESC']] };
      const narrowQuery = { attributes: ['id'], limit: 10 };
      export const a = () => User.findAll(listQuery);
      export const b = () => User.findAll(narrowQuery);
    `);
    expect(h.result.reads.map((r) => projectionSummary(r.projection))).toEqual([{ kind: 'none' }, { kind: 'fields', fields: ['id'] }]);
    expect(h.result.reads.map((r) => Object.keys(r.edits))).toEqual([[], []]);
  });

  it('findByPk(id) and findByPk(id, options)', () => {
    const h = run(`${MODEL}
      export async function show(req, res) {
        const a = await User.findByPk(req.params.id);
        const b = await User.findByPk(req.params.id, { attributes: ['id'] });
        res.json({ a, b });
      }
    `);
    expect(h.result.reads.map((r) => summary(h, r).projection)).toEqual([{ kind: 'none' }, { kind: 'fields', fields: ['id'] }]);
    expect(h.result.reads.map((r) => r.callText)).toEqual(['User.findByPk()', 'User.findByPk()']);
  });

  it('findAndCountAll has the rows under `rows`; findOrCreate in a tuple', () => {
    const h = run(`${MODEL}
      const { rows, count } = await User.findAndCountAll({ limit: 20, offset: 0 });
      const [user, created] = await User.findOrCreate({ where: { email }, defaults: { email } });
    `);
    const [page, found] = h.result.reads;
    expect(page?.shape).toEqual({ kind: 'object', props: new Map([['rows', { kind: 'data', omitted: new Set() }]]) });
    expect(found?.shape?.kind).toBe('tuple');
    expect(found?.shape?.kind === 'tuple' && found.shape.items[0]?.kind).toBe('data');
  });

  it('include: [{ model, as, attributes }] gives relation reads with their projections', () => {
    const { s } = only(`
      import { Article, Comment, User } from '../models';
      export const feed = () =>
        Article.findAll({
          include: [
            { model: User, as: 'author', attributes: ['username', 'bio', 'image'] },
            { model: Comment, include: [{ model: User, as: 'commenter' }] },
            { association: 'tags', attributes: { exclude: ['createdAt'] } },
          ],
          order: [['createdAt', 'DESC']],
        });
    `);
    expect(s.entity).toBe('Article');
    expect(s.relations).toEqual([
      { name: 'author', entity: 'User', projection: { kind: 'fields', fields: ['username', 'bio', 'image'] } },
      { name: 'Comment', entity: 'Comment', projection: { kind: 'none' } },
      { name: 'Comment.commenter', entity: 'User', projection: { kind: 'none' } },
      { name: 'tags', entity: undefined, projection: { kind: 'exclusion', excluded: ['createdAt'] } },
    ]);
  });

  it('include: Model, include: [Model, "assoc"], include: { model }', () => {
    const h = run(`
      const db = require('../models');
      exports.one = (id) => db.Post.findByPk(id, { include: db.User });
      exports.two = () => db.Post.findAll({ include: [db.Comment, 'tags'] });
      exports.three = () => db.Post.findOne({ include: { model: db.User, as: 'owner' } });
    `);
    expect(h.result.reads.map((r) => summary(h, r).relations)).toEqual([
      [{ name: 'User', entity: 'User', projection: { kind: 'none' } }],
      [
        { name: 'Comment', entity: 'Comment', projection: { kind: 'none' } },
        { name: 'tags', entity: undefined, projection: { kind: 'none' } },
      ],
      [{ name: 'owner', entity: 'User', projection: { kind: 'none' } }],
    ]);
    expect(h.result.reads.map((r) => r.entity?.name)).toEqual(['Post', 'Post', 'Post']);
  });

  it('User.scope(name) uses the named scope when defined in the file, and drops the default scope', () => {
    const h = run(`${MODEL}
      const withHash = await User.scope('withPassword').findOne({ where: { email } });
      const admins = await User.scope('admins').findAll();
    `);
    const [a, b] = h.result.reads.map((r) => summary(h, r));
    expect(a?.projection).toEqual({ kind: 'none', added: ['passwordHash'] });
    expect(a?.callText).toBe("User.scope('withPassword').findOne()");
    expect(a?.hidden).toBeUndefined();
    expect(b?.projection).toEqual({ kind: 'none' });
    expect(b?.hidden).toBeUndefined();
  });

  it('User.unscoped() reads whole rows without the default scope', () => {
    const { s } = only(`${MODEL}
      export const all = () => User.unscoped().findAll();
    `);
    expect(s).toMatchObject({ entity: 'User', projection: { kind: 'none' }, reportNode: 'findAll', callText: 'User.unscoped().findAll()' });
    expect(s.hidden).toBeUndefined();
  });

  it("scope('defaultScope') keeps the default scope", () => {
    const { s } = only(`${MODEL}
      await User.scope('defaultScope').findAll();
    `);
    expect(s.hidden).toEqual(['passwordHash']);
  });

  it('raw: true still reads whole rows, and skips a toJSON() override', () => {
    const h = run(`
      import { Model, DataTypes } from 'sequelize';
      import { sequelize } from './index';
      class User extends Model {
        toJSON() {
          const values = { ...this.get() };
          delete values.password;
          delete values.resetToken;
          return values;
        }
      }
      User.init({ email: DataTypes.STRING, password: DataTypes.STRING, resetToken: DataTypes.STRING }, { sequelize });
      export const a = () => User.findAll();
      export const b = () => User.findAll({ raw: true });
    `);
    const [a, b] = h.result.reads.map((r) => summary(h, r));
    expect(a?.hidden).toEqual(['password', 'resetToken']);
    expect(a?.projection).toEqual({ kind: 'none' });
    expect(b?.hidden).toBeUndefined();
    expect(b?.projection).toEqual({ kind: 'none' });
    // toJSON hiding is per read, not a model-level default.
    expect(h.result.models[0]?.hidden).toEqual([]);
  });

  it('recognises sequelize.models.User and models destructured from the models index', () => {
    const h = run(`
      import { Sequelize } from 'sequelize';
      import db from '../models/index.js';
      const sequelize = new Sequelize(url);
      const { Order } = db;
      export async function handler(req, res) {
        const users = await sequelize.models.User.findAll();
        const orders = await Order.findAll({ where: { userId: req.user.id } });
        res.json({ users, orders });
      }
    `);
    expect(h.result.reads.map((r) => [r.entity?.name, r.callText])).toEqual([
      ['User', 'sequelize.models.User.findAll()'],
      ['Order', 'Order.findAll()'],
    ]);
  });

  it('recognises imported models in a file that imports sequelize', () => {
    const { s } = only(`
      import { Op } from 'sequelize';
      import { Invoice } from '@/features/billing/invoice';
      export const search = (q: string) => Invoice.findAll({ where: { number: { [Op.like]: q } } });
    `);
    expect(s.entity).toBe('Invoice');
  });

  it('recognises NestJS @InjectModel(User) repositories', () => {
    const { s } = only(`
      import { Injectable } from '@nestjs/common';
      import { InjectModel } from '@nestjs/sequelize';
      import { User } from './user.model';

      @Injectable()
      export class UsersService {
        constructor(@InjectModel(User) private readonly userModel: typeof User) {}
        findAll(): Promise<User[]> {
          return this.userModel.findAll();
        }
      }
    `);
    expect(s).toMatchObject({ entity: 'User', projection: { kind: 'none' }, callText: 'this.userModel.findAll()', reportNode: 'findAll' });
  });

  it('this.findAll() in a static method of a model class of the file', () => {
    const h = run(`${MODEL}
      class Admin extends Model {
        static listActive() { return this.findAll({ where: { active: true } }); }
        listMine() { return this.findAll(); }
      }
      Admin.init({ login: DataTypes.STRING }, { sequelize });
    `);
    expect(h.result.reads.map((r) => [r.entity?.name, r.callText])).toEqual([['Admin', 'this.findAll()']]);
  });

  it('the read node is the call, not a trailing .then()', () => {
    const { s } = only(`${MODEL}
      app.get('/u', (req, res) => { User.findAll().then((users) => res.json(users)); });
    `);
    expect(s.node).toBe('User.findAll()');
  });
});

describe('sequelize: writes', () => {
  it('create, bulkCreate, build, upsert, update, findOrCreate defaults', () => {
    const h = run(`${MODEL}
      export async function handlers(req, res) {
        await User.create(req.body);
        await User.bulkCreate(req.body.users);
        const draft = User.build({ ...req.body });
        await User.upsert(req.body);
        await User.update(req.body, { where: { id: req.params.id } });
        await User.findOrCreate({ where: { email: req.body.email }, defaults: req.body });
      }
    `);
    expect(h.result.writes.map((w) => [w.callText, h.sourceCode.getText(w.value), w.entity?.name])).toEqual([
      ['User.create()', 'req.body', 'User'],
      ['User.bulkCreate()', 'req.body.users', 'User'],
      ['User.build()', '{ ...req.body }', 'User'],
      ['User.upsert()', 'req.body', 'User'],
      ['User.update()', 'req.body', 'User'],
      ['User.findOrCreate()', 'req.body', 'User'],
    ]);
  });

  it('a fields option restricts the write: not a wholesale write', () => {
    const h = run(`${MODEL}
      await User.create(req.body, { fields: ['email'] });
      await User.update(req.body, { where: { id }, fields: ['email'] });
    `);
    expect(h.result.writes).toEqual([]);
  });

  it('instance.update / instance.set on an instance read in the file are writes', () => {
    const h = run(`${MODEL}
      const user = await User.findByPk(id);
      await user.update(req.body);
      user.set(req.body);
      user.set('name', req.body.name);
      const users = await User.findAll();
      await users.update(req.body);
    `);
    expect(h.result.writes.map((w) => [w.callText, h.sourceCode.getText(w.value), w.entity?.name])).toEqual([
      ['user.update()', 'req.body', 'User'],
      ['user.set()', 'req.body', 'User'],
    ]);
  });
});

describe('sequelize: no evidence, lookalikes, odd code', () => {
  const cases: Record<string, string> = {
    'no sequelize or models import at all': `
      const User = getModel();
      User.findAll();
    `,
    'a service method called findAll': `
      import { Controller, Get } from '@nestjs/common';
      import { UsersService } from './users.service';
      @Controller('users')
      export class UsersController {
        constructor(private readonly usersService: UsersService) {}
        @Get() findAll() { return this.usersService.findAll(); }
      }
    `,
    'an array find and lodash find': `
      import _ from 'lodash';
      import { sequelize } from './db';
      const found = [1, 2].find((x) => x > 1);
      const also = _.find(items, { id: 1 });
    `,
    'a lowercase imported helper from a db module': `
      import { cache } from '../db/cache';
      cache.findOne('k');
    `,
    'a package import that is not a model': `
      import { Sequelize } from 'sequelize';
      import Store from 'electron-store';
      Store.findAll();
    `,
    'a Map set and delete': `
      import { Sequelize } from 'sequelize';
      const m = new Map(); m.set('a', 1); m.delete('a');
    `,
    'options given as a variable': `${MODEL}
      const opts = buildOptions(req);
      await User.findAll(opts);
    `,
    'spread arguments': `${MODEL}
      await User.findAll(...args);
    `,
    'a spread in the options that may carry attributes': `${MODEL}
      await User.findAll({ ...paging, where: { active: true } });
    `,
    'attributes given by an unknown variable': `${MODEL}
      await User.findAll({ attributes: pickAttributes(req) });
    `,
    'findByPk with no argument': `${MODEL}
      await User.findByPk();
    `,
    'an axios call': `
      import axios from 'axios';
      import { sequelize } from './db';
      await axios.get('/users');
    `,
    'a reassigned variable': `${MODEL}
      let Model2 = User; Model2 = other;
      await Model2.findAll();
    `,
  };
  for (const [name, code] of Object.entries(cases)) {
    it(name, () => {
      const h = run(code);
      expect(h.result.reads).toEqual([]);
      expect(h.result.writes).toEqual([]);
    });
  }

  it('applies() is false for a file with no sequelize or models import', () => {
    expect(run(`import express from 'express'; const app = express();`).applies).toBe(false);
  });

  it('never throws on half-written code', () => {
    expect(() => run(`${MODEL}\nUser.findAll({ attributes: [, 'id'], include: [{ model: }] })`)).toThrow(/parse error/);
    const h = run(`${MODEL}
      User.findAll({ attributes: [, 'id'], include: [null, { as: 1 }, () => 1] });
      User.findOne({ include: [{ model: Post, attributes: someVar }] });
    `);
    expect(h.result.reads).toHaveLength(1);
    expect(summary(h, h.result.reads[0] as OrmRead).relations).toEqual([]);
  });
});

describe('sequelize: edits', () => {
  it('project() adds attributes to an existing options object', () => {
    const code = `${MODEL}await User.findAll({ where: { active: true } });`;
    expect(edit(code, 'project', ['id', 'email'])).toBe(`${MODEL}await User.findAll({ attributes: ['id', 'email'], where: { active: true } });`);
  });

  it('project() creates the options object when the call has none', () => {
    const code = `${MODEL}await User.findAll();`;
    expect(edit(code, 'project', ['id', 'email'])).toBe(`${MODEL}await User.findAll({ attributes: ['id', 'email'] });`);
  });

  it('project() adds a second argument to findByPk(id)', () => {
    const code = `${MODEL}await User.findByPk(req.params.id);`;
    expect(edit(code, 'project', ['id'])).toBe(`${MODEL}await User.findByPk(req.params.id, { attributes: ['id'] });`);
  });

  it('project() replaces an existing attributes value', () => {
    const code = `${MODEL}await User.findAll({ attributes: { include: ['passwordHash'] } });`;
    expect(edit(code, 'project', ['id'])).toBe(`${MODEL}await User.findAll({ attributes: ['id'] });`);
  });

  it('exclude() adds attributes: { exclude }', () => {
    const code = `${MODEL}await User.findOne({ where: { id } });`;
    expect(edit(code, 'exclude', ['passwordHash'])).toBe(`${MODEL}await User.findOne({ attributes: { exclude: ['passwordHash'] }, where: { id } });`);
    const empty = `${MODEL}await User.findAll();`;
    expect(edit(empty, 'exclude', ['passwordHash'])).toBe(`${MODEL}await User.findAll({ attributes: { exclude: ['passwordHash'] } });`);
  });

  it('exclude() extends an existing exclude list, or adds one next to include', () => {
    const code = `${MODEL}await User.findAll({ attributes: { exclude: ['role'] } });`;
    expect(edit(code, 'exclude', ['passwordHash', 'role'])).toBe(`${MODEL}await User.findAll({ attributes: { exclude: ['role', 'passwordHash'] } });`);
    const inc = `${MODEL}await User.findAll({ attributes: { include: ['x'] } });`;
    expect(edit(inc, 'exclude', ['passwordHash'])).toBe(`${MODEL}await User.findAll({ attributes: { exclude: ['passwordHash'], include: ['x'] } });`);
  });

  it('exclude() refuses to turn an explicit list into an exclusion (that would widen)', () => {
    expect(edit(`${MODEL}await User.findAll({ attributes: ['id'] });`, 'exclude', ['passwordHash'])).toBeNull();
  });

  it('removeField() removes the array element', () => {
    const code = `${MODEL}await User.findAll({ attributes: ['id', 'passwordHash', 'email'] });`;
    const { read } = only(code);
    const field = read.projection.kind === 'fields' ? read.projection.fields[1] : undefined;
    expect(field?.name).toBe('passwordHash');
    const out = applyEdit(code, (fixer) => read.edits.removeField!(field!, fixer));
    expect(out).toBe(`${MODEL}await User.findAll({ attributes: ['id', 'email'] });`);
    expectParses(out!);
  });

  it('removeField() removes an added field from attributes.include', () => {
    const code = `${MODEL}await User.findOne({ attributes: { include: ['passwordHash'] } });`;
    const { read } = only(code);
    const field = read.projection.kind === 'none' ? read.projection.added?.[0] : undefined;
    const out = applyEdit(code, (fixer) => read.edits.removeField!(field!, fixer));
    expect(out).toBe(`${MODEL}await User.findOne({ attributes: { include: [] } });`);
  });

  it('project() returns null when the options are not a literal it can edit', () => {
    const code = `${MODEL}await User.findAll({ where }, extra);`;
    expect(edit(code, 'project', ['id'])).toBe(`${MODEL}await User.findAll({ attributes: ['id'], where }, extra);`);
  });
});
