import { describe, expect, it } from 'vitest';
import { mongooseAdapter } from '../../src/orm/mongoose.js';
import { adapterTests, applyEdit, projectionSummary } from './harness.js';

const { run, only, edit, remove } = adapterTests(mongooseAdapter);

const SCHEMA = `
import mongoose, { Schema } from 'mongoose';

const userSchema = new Schema(
  {
    name: { type: String, required: true },
    email: { type: String, required: true, unique: true },
    password: { type: String, required: true, select: false },
    resetToken: String,
    posts: [{ type: Schema.Types.ObjectId, ref: 'Post' }],
    company: { type: Schema.Types.ObjectId, ref: 'Company' },
  },
  { timestamps: true },
);

userSchema.set('toJSON', {
  transform(_doc, ret) {
    delete ret.resetToken;
    return ret;
  },
});

export const User = mongoose.model('User', userSchema);
`;

describe('mongoose: schemas and models in the file', () => {
  it('reads fields, select: false and the model name', () => {
    const h = run(SCHEMA);
    expect(h.applies).toBe(true);
    expect(h.result.models).toEqual([
      { library: 'mongoose', names: ['User'], fields: ['name', 'email', 'password', 'resetToken', 'posts', 'company'], hidden: ['password'] },
    ]);
  });

  it('model<IUser>() with a different variable name, and the Next.js models.X || model() form', () => {
    const h = run(`
      import { Schema, model, models, type Document } from 'mongoose';
      interface IAccount extends Document { login: string; secret: string }
      const AccountSchema = new Schema<IAccount>({ login: String, secret: { type: String, select: false } });
      const AccountModel = model<IAccount>('Account', AccountSchema);
      const Session = models.Session || model('Session', new Schema({ token: String, userId: String }));
      export { AccountModel, Session };
    `);
    expect(h.result.models).toEqual([
      { library: 'mongoose', names: ['AccountModel', 'Account'], fields: ['login', 'secret'], hidden: ['secret'] },
      { library: 'mongoose', names: ['Session'], fields: ['token', 'userId'], hidden: [] },
    ]);
  });

  it('CommonJS: new mongoose.Schema and module.exports = mongoose.model(...)', () => {
    const h = run(`
      const mongoose = require('mongoose');
      const UserSchema = new mongoose.Schema({ username: String, hash: { type: String, select: false }, salt: String });
      UserSchema.methods.toJSON = function () {
        const obj = this.toObject();
        delete obj.salt;
        return obj;
      };
      module.exports = mongoose.model('User', UserSchema);
    `);
    expect(h.result.models).toEqual([{ library: 'mongoose', names: ['User'], fields: ['username', 'hash', 'salt'], hidden: ['hash'] }]);
  });

  it('NestJS @Schema() classes with @Prop({ select: false })', () => {
    const h = run(`
      import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
      import { HydratedDocument, Types } from 'mongoose';
      export type UserDocument = HydratedDocument<User>;
      @Schema({ timestamps: true })
      export class User {
        @Prop({ required: true }) name: string;
        @Prop({ unique: true }) email: string;
        @Prop({ select: false }) password: string;
        @Prop({ type: [{ type: Types.ObjectId, ref: 'Post' }] }) posts: Types.ObjectId[];
      }
      export const UserSchema = SchemaFactory.createForClass(User);
    `);
    expect(h.result.models).toEqual([{ library: 'mongoose', names: ['User'], fields: ['name', 'email', 'password', 'posts'], hidden: ['password'] }]);
  });

  it('Typegoose classes with getModelForClass', () => {
    const h = run(`
      import { getModelForClass, prop } from '@typegoose/typegoose';
      class Customer {
        @prop({ required: true }) public name!: string;
        @prop({ select: false }) public apiKey!: string;
      }
      export const CustomerModel = getModelForClass(Customer);
      export const list = () => CustomerModel.find();
    `);
    expect(h.result.models).toEqual([{ library: 'mongoose', names: ['CustomerModel', 'Customer'], fields: ['name', 'apiKey'], hidden: ['apiKey'] }]);
    expect(h.result.reads.map((r) => [r.entity?.name, r.hidden])).toEqual([['Customer', ['apiKey']]]);
  });
});

describe('mongoose: reads', () => {
  it('find() with no projection: whole documents, hidden from select: false and toJSON', () => {
    const { s } = only(`${SCHEMA}
      export async function list(req, res) {
        const users = await User.find({ active: true });
        res.json(users);
      }
    `);
    expect(s).toEqual({
      entity: 'User',
      projection: { kind: 'none' },
      relations: [],
      reportNode: 'find',
      callText: 'User.find()',
      node: 'User.find({ active: true })',
      hidden: ['password', 'resetToken'],
    });
  });

  it('.lean() still returns whole documents and skips the toJSON transform', () => {
    const { s } = only(`${SCHEMA}
      router.get('/', async (req, res) => res.json(await User.find().sort({ createdAt: -1 }).lean()));
    `);
    expect(s).toMatchObject({ projection: { kind: 'none' }, hidden: ['password'], node: 'User.find().sort({ createdAt: -1 }).lean()' });
  });

  it('projection argument as a string, an object, and an exclusion', () => {
    const h = run(`${SCHEMA}
      await User.find({}, 'name email');
      await User.findOne({ email }, { name: 1, email: 1, _id: 0 });
      await User.findById(id, { resetToken: 0 });
      await User.findById(id, '-resetToken -__v');
      await User.find({}, null, { sort: { name: 1 } });
      await User.find({}, ['name', 'email']);
    `);
    expect(h.result.reads.map((r) => projectionSummary(r.projection))).toEqual([
      { kind: 'fields', fields: ['name', 'email'] },
      { kind: 'fields', fields: ['name', 'email'] },
      { kind: 'exclusion', excluded: ['resetToken'] },
      { kind: 'exclusion', excluded: ['resetToken', '__v'] },
      { kind: 'none' },
      { kind: 'fields', fields: ['name', 'email'] },
    ]);
  });

  it('chained .select(): fields, exclusion, object, and +field as added', () => {
    const h = run(`${SCHEMA}
      const a = await User.find().select('name email').exec();
      const b = await User.findById(id).select('-resetToken');
      const c = await User.findOne({ email }).select({ resetToken: 0 });
      const d = await User.findOne({ email }).select('+password');
      const e = await User.findOne({ email }).select('-resetToken +password');
    `);
    expect(h.result.reads.map((r) => projectionSummary(r.projection))).toEqual([
      { kind: 'fields', fields: ['name', 'email'] },
      { kind: 'exclusion', excluded: ['resetToken'] },
      { kind: 'exclusion', excluded: ['resetToken'] },
      { kind: 'none', added: ['password'] },
      { kind: 'exclusion', excluded: ['resetToken'], added: ['password'] },
    ]);
    expect(h.result.reads.map((r) => h.sourceCode.getText(r.node))).toEqual([
      "User.find().select('name email').exec()",
      "User.findById(id).select('-resetToken')",
      'User.findOne({ email }).select({ resetToken: 0 })',
      "User.findOne({ email }).select('+password')",
      "User.findOne({ email }).select('-resetToken +password')",
    ]);
  });

  it('findOneAndUpdate / findByIdAndUpdate / findByIdAndDelete with options', () => {
    const h = run(`${SCHEMA}
      const updated = await User.findByIdAndUpdate(req.params.id, { name }, { new: true });
      const other = await User.findOneAndUpdate({ email }, { $set: { name } }, { new: true, projection: { name: 1 } });
      const removed = await User.findByIdAndDelete(req.params.id);
      const gone = await User.findOneAndDelete({ email }, { projection: '-resetToken' });
    `);
    expect(h.result.reads.map((r) => [h.sourceCode.getText(r.reportNode), projectionSummary(r.projection)])).toEqual([
      ['findByIdAndUpdate', { kind: 'none' }],
      ['findOneAndUpdate', { kind: 'fields', fields: ['name'] }],
      ['findByIdAndDelete', { kind: 'none' }],
      ['findOneAndDelete', { kind: 'exclusion', excluded: ['resetToken'] }],
    ]);
  });

  it('populate forms give relation reads, with refs from the schema', () => {
    const { s } = only(`${SCHEMA}
      export const show = (id) =>
        User.findById(id)
          .populate('posts')
          .populate('company', 'name -_id')
          .populate({ path: 'friends', select: '-password', model: 'User', populate: { path: 'company' } })
          .populate(['followers', { path: 'manager', select: { name: 1 } }])
          .lean()
          .exec();
    `);
    expect(s.relations).toEqual([
      { name: 'posts', entity: 'Post', projection: { kind: 'none' } },
      { name: 'company', entity: 'Company', projection: { kind: 'fields', fields: ['name'] } },
      { name: 'friends', entity: 'User', projection: { kind: 'exclusion', excluded: ['password'] } },
      { name: 'friends.company', entity: undefined, projection: { kind: 'none' } },
      { name: 'followers', entity: undefined, projection: { kind: 'none' } },
      { name: 'manager', entity: undefined, projection: { kind: 'fields', fields: ['name'] } },
    ]);
    expect(s.node).toMatch(/\.exec\(\)$/);
  });

  it("populate('a b') populates two paths", () => {
    const { s } = only(`${SCHEMA}
      await User.find().populate('posts company');
    `);
    expect(s.relations).toEqual([
      { name: 'posts', entity: 'Post', projection: { kind: 'none' } },
      { name: 'company', entity: 'Company', projection: { kind: 'none' } },
    ]);
  });

  it('imported models in a file that imports mongoose, or from a models path', () => {
    const h = run(`
      import { Types } from 'mongoose';
      import Article from '../models/Article';
      import { Comment } from '@/lib/comment';
      export async function GET(req) {
        const articles = await Article.find({ author: new Types.ObjectId(req.user.id) });
        const comments = await Comment.find({ article: articles[0]._id });
        return Response.json({ articles, comments });
      }
    `);
    expect(h.result.reads.map((r) => [r.entity?.name, r.callText])).toEqual([
      ['Article', 'Article.find()'],
      ['Comment', 'Comment.find()'],
    ]);
  });

  it('a models import is enough without a mongoose import (CommonJS)', () => {
    const { s } = only(`
      const Product = require('../models/product.model');
      exports.list = async (req, res) => { res.json(await Product.find()); };
    `);
    expect(s.entity).toBe('Product');
  });

  it('NestJS @InjectModel(User.name) private userModel: Model<UserDocument>', () => {
    const { s } = only(`
      import { Injectable } from '@nestjs/common';
      import { InjectModel } from '@nestjs/mongoose';
      import { Model } from 'mongoose';
      import { User, UserDocument } from './schemas/user.schema';

      @Injectable()
      export class UsersService {
        constructor(@InjectModel(User.name) private userModel: Model<UserDocument>) {}
        async findAll(): Promise<User[]> {
          return this.userModel.find().exec();
        }
      }
    `);
    expect(s).toMatchObject({ entity: 'User', projection: { kind: 'none' }, callText: 'this.userModel.find()', node: 'this.userModel.find().exec()' });
  });

  it('a property typed Model<X> with Model from mongoose', () => {
    const { s } = only(`
      import type { Model } from 'mongoose';
      import type { OrderDoc } from './order';
      export class OrdersRepo {
        constructor(private readonly orders: Model<OrderDoc>) {}
        list() { return this.orders.find({}, 'total status'); }
      }
    `);
    expect(s).toMatchObject({ entity: 'Order', projection: { kind: 'fields', fields: ['total', 'status'] } });
  });

  it('model lookups: mongoose.model("User") and mongoose.models.User', () => {
    const h = run(`${SCHEMA}
      await mongoose.model('User').find();
      await mongoose.models.User.findOne({ email });
    `);
    expect(h.result.reads.map((r) => [r.entity?.name, r.hidden])).toEqual([
      ['User', ['password', 'resetToken']],
      ['User', ['password', 'resetToken']],
    ]);
  });

  it('the read node stops before .then()', () => {
    const { s } = only(`${SCHEMA}
      User.find().select('name').then((users) => res.json(users));
    `);
    expect(s.node).toBe("User.find().select('name')");
  });

  it('old-style callbacks still read whole documents', () => {
    const { s, read } = only(`${SCHEMA}
      User.find({}, function (err, users) { res.json(users); });
    `);
    expect(s.projection).toEqual({ kind: 'none' });
    expect(applyEdit('', (fixer) => read.edits.project!(['name'], fixer))).toBeNull();
  });
});

describe('mongoose: aggregate pipelines', () => {
  it('filtering and ordering stages keep whole documents, with nothing hidden (no select: false, no toJSON)', () => {
    const h = run(`${SCHEMA}
      export const a = () => User.aggregate([{ $match: { active: true } }, { $sort: { name: 1 } }, { $limit: 10 }]);
      export const b = () => User.aggregate([{ $lookup: { from: 'posts', localField: '_id', foreignField: 'author', as: 'posts' } }, { $unwind: '$posts' }]).exec();
    `);
    expect(h.result.reads.map((r) => [r.callText, projectionSummary(r.projection), r.hidden])).toEqual([
      ['User.aggregate()', { kind: 'none' }, undefined],
      ['User.aggregate()', { kind: 'none' }, undefined],
    ]);
    expect(h.sourceCode.getText(h.result.reads[1]!.node)).toMatch(/\.exec\(\)$/);
  });

  it('$project gives fields or an exclusion, $unset an exclusion; a const pipeline is read', () => {
    const h = run(`${SCHEMA}
      const PIPELINE = [{ $match: {} }, { $project: { name: 1, email: 1, _id: 0 } }];
      export const a = () => User.aggregate(PIPELINE);
      export const b = () => User.aggregate([{ $project: { password: 0, resetToken: 0 } }]);
      export const c = () => User.aggregate([{ $unset: ['password', 'resetToken'] }, { $unset: 'posts' }]);
      export const d = () => User.aggregate([{ $project: { name: 1, initials: { $substr: ['$name', 0, 1] } } }]);
    `);
    expect(h.result.reads.map((r) => projectionSummary(r.projection))).toEqual([
      { kind: 'fields', fields: ['name', 'email'] },
      { kind: 'exclusion', excluded: ['password', 'resetToken'] },
      { kind: 'exclusion', excluded: ['password', 'resetToken', 'posts'] },
      { kind: 'fields', fields: ['name', 'initials'] },
    ]);
  });

  it('$lookup puts whole documents of another collection under `as`, with nothing hidden', () => {
    const h = run(`${SCHEMA}
      const Post = mongoose.model('Post', new Schema({ title: String, author: { type: Schema.Types.ObjectId, ref: 'User' } }));
      export const a = () => Post.aggregate([{ $lookup: { from: 'users', localField: 'author', foreignField: '_id', as: 'author' } }, { $unwind: '$author' }]);
      export const b = () => Post.aggregate([{ $lookup: { from: 'users', localField: 'author', foreignField: '_id', as: 'author' } }, { $project: { title: 1, 'author.name': 1 } }]);
      export const c = () => Post.aggregate([{ $lookup: { from: 'users', as: 'author', pipeline: [{ $project: { name: 1 } }] } }]);
      export const d = () => Post.aggregate([{ $lookup: { from: 'users', localField: 'author', foreignField: '_id', as: 'author' } }, { $project: { title: 1, author: { name: 1 } } }]);
      export const e = () => Post.aggregate([{ $lookup: { from: 'users', localField: 'author', foreignField: '_id', as: 'author' } }, { $project: { 'author.password': 0 } }]);
      export const f = () => Post.aggregate([{ $lookup: { from: 'users', localField: 'author', foreignField: '_id', as: 'author' } }, { $project: { title: 1 } }]);
      export const g = () => Post.aggregate([{ $lookup: { from: 'audit_entries', localField: '_id', foreignField: 'post', as: 'audit' } }]);
    `);
    expect(
      h.result.reads.map((r) => r.relations.map((rel) => [rel.name, rel.entity?.name, projectionSummary(rel.projection), rel.hidden])),
    ).toEqual([
      [['author', 'User', { kind: 'none' }, []]],
      [['author', 'User', { kind: 'fields', fields: ['name'] }, []]],
      [['author', 'User', { kind: 'fields', fields: ['name'] }, []]],
      [['author', 'User', { kind: 'fields', fields: ['name'] }, []]],
      [['author', 'User', { kind: 'exclusion', excluded: ['password'] }, []]],
      // `$project: { title: 1 }` drops the looked-up documents.
      [],
      // A collection no model of the file is known by.
      [['audit', 'audit_entries', { kind: 'none' }, []]],
    ]);
  });

  it('stages that reshape the documents, builder chains and unread pipelines are not reads', () => {
    const h = run(`${SCHEMA}
      User.aggregate([{ $group: { _id: '$company', n: { $sum: 1 } } }]);
      User.aggregate([{ $match: {} }, { $count: 'total' }]);
      User.aggregate([{ $replaceRoot: { newRoot: '$company' } }]);
      User.aggregate().match({ active: true });
      User.aggregate([{ $match: {} }]).project({ name: 1 });
      User.aggregate(buildPipeline(req));
      User.aggregate([...stages]);
      User.aggregate([{ $project: { name: 1, password: 0 } }]);
      [1, 2].aggregate([{ $match: {} }]);
    `);
    expect(h.result.reads).toEqual([]);
  });

  it('edits: a $project or $unset stage appended last; a field removed from $project', () => {
    const code = `${SCHEMA}await User.aggregate([{ $match: { active: true } }]);`;
    expect(edit(code, 'project', ['name', 'email'])).toBe(`${SCHEMA}await User.aggregate([{ $match: { active: true } }, { $project: { name: 1, email: 1 } }]);`);
    expect(edit(code, 'exclude', ['password'])).toBe(`${SCHEMA}await User.aggregate([{ $match: { active: true } }, { $unset: ['password'] }]);`);
    const selected = `${SCHEMA}await User.aggregate([{ $project: { name: 1, password: 1 } }]);`;
    expect(remove(selected, (p) => (p.kind === 'fields' ? p.fields.find((f) => f.name === 'password') : undefined))).toBe(
      `${SCHEMA}await User.aggregate([{ $project: { name: 1 } }]);`,
    );
    const lone = `${SCHEMA}await User.aggregate([{ $project: { password: 1 } }]);`;
    expect(remove(lone, (p) => (p.kind === 'fields' ? p.fields[0] : undefined))).toBeNull();
    // A pipeline held in a const is shared: no edit.
    expect(edit(`${SCHEMA}const P = [{ $match: {} }];\nawait User.aggregate(P);`, 'project', ['name'])).toBeNull();
  });
});

describe('mongoose: writes', () => {
  it('new Model(x), create, insertMany, updateOne, updateMany, find…AndUpdate, $set', () => {
    const h = run(`${SCHEMA}
      export async function handlers(req, res) {
        const user = new User(req.body);
        await User.create(req.body);
        await User.insertMany(req.body.items);
        await User.updateOne({ _id: req.params.id }, req.body);
        await User.updateMany({ team: req.body.team }, { $set: req.body });
        await User.findByIdAndUpdate(req.params.id, req.body, { new: true });
        await User.findOneAndUpdate({ email: req.body.email }, { ...req.body });
      }
    `);
    expect(h.result.writes.map((w) => [w.callText, h.sourceCode.getText(w.value), w.entity?.name])).toEqual([
      ['User.create()', 'req.body', 'User'],
      ['User.insertMany()', 'req.body.items', 'User'],
      ['User.updateOne()', 'req.body', 'User'],
      ['User.updateMany()', 'req.body', 'User'],
      ['User.findByIdAndUpdate()', 'req.body', 'User'],
      ['User.findOneAndUpdate()', '{ ...req.body }', 'User'],
      ['new User()', 'req.body', 'User'],
    ]);
  });

  it('NestJS new this.userModel(dto)', () => {
    const h = run(`
      import { InjectModel } from '@nestjs/mongoose';
      import { Model } from 'mongoose';
      import { Cat } from './cat.schema';
      export class CatsService {
        constructor(@InjectModel(Cat.name) private catModel: Model<Cat>) {}
        create(dto: CreateCatDto) { const created = new this.catModel(dto); return created.save(); }
      }
    `);
    expect(h.result.writes.map((w) => [w.callText, h.sourceCode.getText(w.value), w.entity?.name])).toEqual([['new this.catModel()', 'dto', 'Cat']]);
  });

  it('doc.set(x) on a document read in the same function', () => {
    const h = run(`${SCHEMA}
      const doc = await User.findById(req.params.id);
      doc.set(req.body);
      doc.set('name', req.body.name);
      await doc.save();
    `);
    expect(h.result.writes.map((w) => [w.callText, h.sourceCode.getText(w.value)])).toEqual([['doc.set()', 'req.body']]);
  });
});

describe('mongoose: no evidence, lookalikes, odd code', () => {
  const cases: Record<string, string> = {
    'no mongoose or models import': `
      const users = db.find({});
      const User = load(); User.find();
    `,
    'array.find and lodash _.find in a mongoose file': `
      import mongoose from 'mongoose';
      import _ from 'lodash';
      const x = [1, 2].find((n) => n > 1);
      const y = _.find(list, { id: 1 });
      const z = _.findOne(list);
    `,
    'a cache.find on a lowercase import': `
      import mongoose from 'mongoose';
      import { cache } from './cache';
      cache.find('key');
    `,
    'a service method named find': `
      import { Injectable } from '@nestjs/common';
      import { InjectModel } from '@nestjs/mongoose';
      import { UsersService } from './users.service';
      export class UsersController {
        constructor(private readonly usersService: UsersService) {}
        findAll() { return this.usersService.find(); }
      }
    `,
    'a package default import is not a model': `
      import mongoose from 'mongoose';
      import Fuse from 'fuse.js';
      Fuse.find('x');
    `,
    'Map#set and Map#delete': `
      import mongoose from 'mongoose';
      const m = new Map(); m.set('a', 1); m.delete('a');
    `,
    'count queries are not documents': `${SCHEMA}
      await User.find({ active: true }).countDocuments();
      await User.find().distinct('email');
    `,
    'spread arguments': `${SCHEMA}
      await User.find(...args);
    `,
    'projection given by an unknown variable': `${SCHEMA}
      await User.find({}, fieldsFor(req.user));
      await User.find().select(pick);
    `,
    'options given by a variable': `${SCHEMA}
      await User.findOne({ email }, null, opts);
    `,
    'a reassigned variable': `${SCHEMA}
      let M = User; M = Other;
      await M.find();
    `,
    'a query stored in a variable and narrowed later (split chain)': `${SCHEMA}
      const query = User.find({ active: true });
      if (req.query.fields) query.select(req.query.fields);
      const users = await query;
    `,
    'the first argument is a function (array-like find)': `${SCHEMA}
      User.find((u) => u.id === 1);
    `,
  };
  for (const [name, code] of Object.entries(cases)) {
    it(name, () => {
      const h = run(code);
      expect(h.result.reads).toEqual([]);
      expect(h.result.writes).toEqual([]);
    });
  }

  it('applies() is false without mongoose or a models import', () => {
    expect(run(`import express from 'express';`).applies).toBe(false);
  });

  it('never throws on odd projections', () => {
    const h = run(`${SCHEMA}
      await User.find({}, { [key]: 1 });
      await User.find().populate();
      await User.find().populate({ select: 'x' });
      await User.find().select();
    `);
    expect(h.result.reads.map((r) => projectionSummary(r.projection))).toEqual([{ kind: 'none' }, { kind: 'none' }, { kind: 'none' }]);
  });
});

describe('mongoose: edits', () => {
  it("project() inserts .select('a b') right after the read call (before .lean()/.exec())", () => {
    const code = `${SCHEMA}await User.find({ active: true }).lean().exec();`;
    expect(edit(code, 'project', ['name', 'email'])).toBe(`${SCHEMA}await User.find({ active: true }).select('name email').lean().exec();`);
  });

  it('project() replaces an existing projection argument or .select()', () => {
    expect(edit(`${SCHEMA}await User.find({}, '+password');`, 'project', ['name'])).toBe(`${SCHEMA}await User.find({}, 'name');`);
    expect(edit(`${SCHEMA}await User.find({}, null, { lean: true });`, 'project', ['name'])).toBe(`${SCHEMA}await User.find({}, 'name', { lean: true });`);
    expect(edit(`${SCHEMA}await User.findById(id).select("+password").lean();`, 'project', ['name', 'email'])).toBe(
      `${SCHEMA}await User.findById(id).select('name email').lean();`,
    );
  });

  it("exclude() adds .select('-a -b'), merging with an existing exclusion and dropping a +bypass", () => {
    expect(edit(`${SCHEMA}await User.findOne({ email });`, 'exclude', ['password', 'resetToken'])).toBe(
      `${SCHEMA}await User.findOne({ email }).select('-password -resetToken');`,
    );
    expect(edit(`${SCHEMA}await User.findOne({ email }).select('-__v +password');`, 'exclude', ['password'])).toBe(
      `${SCHEMA}await User.findOne({ email }).select('-__v -password');`,
    );
    expect(edit(`${SCHEMA}await User.findOne({ email }).select('name');`, 'exclude', ['password'])).toBeNull();
  });

  it('removeField() edits the select string and keeps it valid', () => {
    const code = `${SCHEMA}await User.find().select('name password email');`;
    expect(remove(code, (p) => (p.kind === 'fields' ? p.fields[1] : undefined))).toBe(`${SCHEMA}await User.find().select('name email');`);
    const bypass = `${SCHEMA}await User.findOne({ email }).select("+password");`;
    expect(remove(bypass, (p) => (p.kind === 'none' ? p.added?.[0] : undefined))).toBe(`${SCHEMA}await User.findOne({ email }).select("");`);
  });

  it('removeField() removes a property of an object projection, or an array element', () => {
    const code = `${SCHEMA}await User.find({}, { name: 1, password: 1 });`;
    expect(remove(code, (p) => (p.kind === 'fields' ? p.fields[1] : undefined))).toBe(`${SCHEMA}await User.find({}, { name: 1 });`);
    const arr = `${SCHEMA}await User.find().select(['name', 'password']);`;
    expect(remove(arr, (p) => (p.kind === 'fields' ? p.fields[1] : undefined))).toBe(`${SCHEMA}await User.find().select(['name']);`);
  });

  it('removeField() refuses to remove the last included field (that would select everything)', () => {
    const code = `${SCHEMA}await User.find().select('password');`;
    expect(remove(code, (p) => (p.kind === 'fields' ? p.fields[0] : undefined))).toBeNull();
  });
});
