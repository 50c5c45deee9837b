/**
 * no-full-entity-response with Mongoose (schemas and models of the file, imported models,
 * NestJS `@Schema`/`@InjectModel`, Typegoose): whole documents and whole `populate`d paths that
 * reach a response, the bypasses that stay findings (`.select('+password')`, `.lean()` skipping a
 * `toJSON` transform), and what narrows or stops them.
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
// Schemas and models of the file

/** `password` is hidden (`select: false`); `resetPasswordToken` is not. */
const USER_MODEL = `import mongoose, { Schema } from 'mongoose';

const UserSchema = new Schema(
  {
    username: { type: String, required: true, unique: true },
    email: { type: String, required: true, lowercase: true },
    bio: String,
    password: { type: String, required: true, select: false },
    resetPasswordToken: String,
  },
  { timestamps: true },
);
export const User = mongoose.model('User', UserSchema);
`;
const SELECT_SAFE = ".select('username email bio')";
const SAFE = ['username', 'email', 'bio'];
const TOKEN = ['resetPasswordToken'];

const ARTICLE_MODEL = `
const ArticleSchema = new Schema({
  slug: { type: String, unique: true },
  title: String,
  body: String,
  author: { type: Schema.Types.ObjectId, ref: 'User' },
});
export const Article = mongoose.model('Article', ArticleSchema);
`;

/** A schema whose `toJSON` transform deletes the secrets (skipped by `.lean()`). */
const TRANSFORM_MODEL = `import mongoose from 'mongoose';

const AccountSchema = new mongoose.Schema(
  { name: String, passwordHash: String, apiKey: String },
  {
    toJSON: {
      transform(doc, ret) {
        delete ret.passwordHash;
        delete ret.apiKey;
        return ret;
      },
    },
  },
);
const Account = mongoose.model('Account', AccountSchema);
`;

const expressApp = (routes: string, models = USER_MODEL): string =>
  `import express from 'express';\n${models}\nconst app = express();\n\n${routes}\n`;

// ---------------------------------------------------------------------------------------------
// Invalid

const listUsers = expressApp(`app.get('/api/users', async (req, res) => {
  const users = await User.find();
  res.json(users);
});`);

const sortedPage = expressApp(`app.get('/api/users', async (req, res) => {
  const users = await User.find({ active: true }).sort({ createdAt: -1 }).skip(20).limit(20);
  res.json({ users });
});`);

const byId = expressApp(`app.get('/api/users/:id', async (req, res) => {
  const user = await User.findById(req.params.id);
  if (!user) return res.status(404).json({ message: 'User not found' });
  return res.json(user);
});`);

const execChain = expressApp(`app.get('/api/profiles/:username', async (req, res) => {
  const profile = await User.findOne({ username: req.params.username }).exec();
  res.json({ profile });
});`);

const leanOption = expressApp(`app.get('/api/users', async (req, res) => {
  const users = await User.find({}, null, { lean: true });
  res.json(users);
});`);

const plusPassword = expressApp(`app.get('/api/users/:id/debug', async (req, res) => {
  const user = await User.findById(req.params.id).select('+password');
  res.json(user);
});`);

// `aggregate()` returns plain objects: `select: false` does not hide the password there.
const aggregateList = expressApp(`app.get('/api/users', async (req, res) => {
  const users = await User.aggregate([{ $match: { active: true } }, { $sort: { username: 1 } }]);
  res.json(users);
});`);

// `$lookup` brings whole users into each article; the password's `select: false` does not apply.
const aggregateLookup = expressApp(
  `app.get('/api/articles', async (req, res) => {
  const articles = await Article.aggregate([
    { $lookup: { from: 'users', localField: 'author', foreignField: '_id', as: 'author' } },
    { $unwind: '$author' },
    { $project: { title: 1, author: 1 } },
  ]);
  res.json(articles);
});`,
  USER_MODEL + ARTICLE_MODEL,
);

const plusPasswordImported = `import { Router } from 'express';
import { User } from '../models/user.model';

const router = Router();
router.post('/login', async (req, res) => {
  const user = await User.findOne({ email: req.body.email }).select('+password');
  res.json({ user });
});
export default router;
`;

const leanSkipsTransform = `import express from 'express';
${TRANSFORM_MODEL}
const app = express();
app.get('/accounts', async (req, res) => {
  const accounts = await Account.find().lean();
  res.json(accounts);
});
`;

const leanSkipsSetTransform = `import express from 'express';
import mongoose from 'mongoose';

const ClientSchema = new mongoose.Schema({ name: String, clientSecret: String });
ClientSchema.set('toJSON', {
  transform: (doc, ret) => {
    delete ret.clientSecret;
    return ret;
  },
});
const Client = mongoose.model('Client', ClientSchema);

const app = express();
app.get('/clients/:id', async (req, res) => {
  res.json(await Client.findById(req.params.id).lean().exec());
});
`;

const populateAuthor = expressApp(
  `app.get('/api/articles', async (req, res) => {
  const articles = await Article.find({}, 'slug title body author').populate('author');
  res.json({ articles });
});`,
  USER_MODEL + ARTICLE_MODEL,
);

const populateBoth = expressApp(
  `app.get('/api/articles/:slug', async (req, res) => {
  const article = await Article.findOne({ slug: req.params.slug }).populate({ path: 'author' });
  res.json({ article });
});`,
  USER_MODEL + ARTICLE_MODEL,
);

const koaRoute = `import Router from '@koa/router';
${USER_MODEL}
const router = new Router();
router.get('/users', async (ctx) => {
  ctx.body = await User.find({ role: ctx.query.role });
});
export default router;
`;

const fastifyReply = `import Fastify from 'fastify';
${USER_MODEL}
const app = Fastify();
app.get('/users/:id', async (request, reply) => {
  const user = await User.findById(request.params.id);
  reply.send(user);
});
`;

const honoImported = `import { Hono } from 'hono';
import { User } from '../models/User';

const users = new Hono();
users.get('/:id', async (c) => {
  const user = await User.findOne({ _id: c.req.param('id') });
  return c.json(user);
});
export default users;
`;

const honoUpdate = `import { Hono } from 'hono';
import { User } from '../models/User';

const users = new Hono();
users.patch('/:id/activate', async (c) => {
  const user = await User.findByIdAndUpdate(c.req.param('id'), { active: true }, { new: true });
  return c.json({ user });
});
export default users;
`;

const nestController = `import { Controller, Get } from '@nestjs/common';
import { InjectModel, Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Model } from 'mongoose';

@Schema()
export class Cat {
  @Prop() name: string;
  @Prop() breed: string;
  @Prop() microchipSecret: string;
}
export const CatSchema = SchemaFactory.createForClass(Cat);

@Controller('cats')
export class CatsController {
  constructor(@InjectModel(Cat.name) private catModel: Model<Cat>) {}

  @Get()
  async findAll(): Promise<Cat[]> {
    return this.catModel.find().exec();
  }
}
`;

const nextModels = `import { NextResponse } from 'next/server';
import mongoose, { Schema, model, models } from 'mongoose';

const SubscriberSchema = new Schema({ email: String, unsubscribeToken: String });
const Subscriber = models.Subscriber || model('Subscriber', SubscriberSchema);

export async function GET() {
  await mongoose.connect(process.env.MONGODB_URI as string);
  const subscribers = await Subscriber.find({});
  return NextResponse.json({ subscribers });
}
`;

const deleted = expressApp(`app.delete('/api/users/:id', async (req, res) => {
  const removed = await User.findOneAndDelete({ _id: req.params.id });
  res.json(removed);
});`);

const typegoose = `import Router from '@koa/router';
import { getModelForClass, prop } from '@typegoose/typegoose';

class Customer {
  @prop() public name!: string;
  @prop({ select: false }) public passwordHash!: string;
  @prop() public stripeSecret?: string;
}
const CustomerModel = getModelForClass(Customer);

const router = new Router();
router.get('/customers', async (ctx) => {
  ctx.body = await CustomerModel.find().lean();
});
`;

const realWorld = `const router = require('express').Router();
const mongoose = require('mongoose');
const User = mongoose.model('User');

router.get('/:username', function (req, res, next) {
  User.findOne({ username: req.params.username })
    .then(function (user) {
      if (!user) { return res.sendStatus(404); }
      return res.json({ profile: user });
    })
    .catch(next);
});

module.exports = router;
`;

const trpcMutation = `import { initTRPC } from '@trpc/server';
import { z } from 'zod';
import { User } from '../models';

const t = initTRPC.create();
export const userRouter = t.router({
  rename: t.procedure.input(z.object({ id: z.string(), name: z.string() })).mutation(async ({ input }) => {
    return User.findByIdAndUpdate(input.id, { name: input.name }, { new: true });
  }),
});
`;

const strict = expressApp(`app.get('/api/users', async (req, res) => {
  res.json(await User.find());
});`);

const dataAccess = `${USER_MODEL}
export const findUserByEmail = (email: string) => User.findOne({ email });
`;

const dataAccessPopulate = `${USER_MODEL}${ARTICLE_MODEL}
export async function feed() {
  return Article.find({}, 'slug title author').populate('author').lean();
}
`;

const invalid_: Invalid[] = [
  invalid(listUsers, {
    at: 'find',
    inside: 'User.find()',
    call: 'User.find()',
    entity: 'User',
    sensitive: TOKEN,
    sink: RES_JSON,
    fix: { fields: SAFE, from: 'User.find()', to: `User.find()${SELECT_SAFE}` },
  }),
  // The projection is added right after the read call, before the cursor options.
  invalid(sortedPage, {
    at: 'find',
    inside: 'User.find(',
    call: 'User.find()',
    entity: 'User',
    sensitive: TOKEN,
    sink: RES_JSON,
    fix: { fields: SAFE, from: 'User.find({ active: true })', to: `User.find({ active: true })${SELECT_SAFE}` },
  }),
  invalid(byId, {
    at: 'findById',
    call: 'User.findById()',
    entity: 'User',
    sensitive: TOKEN,
    sink: RES_JSON,
    fix: { fields: SAFE, from: 'User.findById(req.params.id)', to: `User.findById(req.params.id)${SELECT_SAFE}` },
  }),
  invalid(execChain, {
    at: 'findOne',
    call: 'User.findOne()',
    entity: 'User',
    sensitive: TOKEN,
    sink: RES_JSON,
    fix: { fields: SAFE, from: '{ username: req.params.username })', to: `{ username: req.params.username })${SELECT_SAFE}` },
  }),
  // The projection argument is `null`: the suggestion fills it in.
  invalid(leanOption, {
    at: 'find',
    inside: 'User.find(',
    call: 'User.find()',
    entity: 'User',
    sensitive: TOKEN,
    sink: RES_JSON,
    fix: { fields: SAFE, from: '{}, null,', to: "{}, 'username email bio'," },
  }),
  // Bypass: `+password` brings the hidden hash back on top of every other path.
  invalid(plusPassword, {
    at: 'findById',
    call: 'User.findById()',
    entity: 'User',
    sensitive: ['password', ...TOKEN],
    sink: RES_JSON,
    fix: { fields: SAFE, from: "select('+password')", to: "select('username email bio')" },
  }),
  invalid(aggregateList, {
    at: 'aggregate',
    call: 'User.aggregate()',
    entity: 'User',
    sensitive: ['password', ...TOKEN],
    sink: RES_JSON,
    fix: { fields: SAFE, from: '{ $sort: { username: 1 } }]', to: '{ $sort: { username: 1 } }, { $project: { username: 1, email: 1, bio: 1 } }]' },
  }),
  invalid(aggregateLookup, {
    at: "as: 'author'",
    call: 'Article.aggregate()',
    entity: 'User',
    relation: 'author',
    sensitive: ['password', ...TOKEN],
    sink: RES_JSON,
  }),
  invalid(plusPasswordImported, { at: 'findOne', call: 'User.findOne()', entity: 'User', sink: RES_JSON }),
  // Bypass: `.lean()` returns plain objects, so the toJSON transform never runs.
  invalid(leanSkipsTransform, {
    at: 'find',
    inside: 'Account.find(',
    call: 'Account.find()',
    entity: 'Account',
    sensitive: ['passwordHash', 'apiKey'],
    sink: RES_JSON,
    fix: { fields: ['name'], from: 'Account.find()', to: "Account.find().select('name')" },
  }),
  invalid(leanSkipsSetTransform, {
    at: 'findById',
    call: 'Client.findById()',
    entity: 'Client',
    sensitive: ['clientSecret'],
    sink: RES_JSON,
    fix: { fields: ['name'], from: 'Client.findById(req.params.id)', to: "Client.findById(req.params.id).select('name')" },
  }),
  // The article is projected; `populate('author')` brings whole users.
  invalid(populateAuthor, {
    at: "'author'",
    inside: "populate('author')",
    call: 'Article.find()',
    entity: 'User',
    relation: 'author',
    sensitive: TOKEN,
    sink: RES_JSON,
  }),
  invalid(populateBoth, [
    {
      at: 'findOne',
      call: 'Article.findOne()',
      entity: 'Article',
      sink: RES_JSON,
      fix: {
        fields: ['slug', 'title', 'body', 'author'],
        from: '{ slug: req.params.slug })',
        to: "{ slug: req.params.slug }).select('slug title body author')",
      },
    },
    { at: "{ path: 'author' }", call: 'Article.findOne()', entity: 'User', relation: 'author', sensitive: TOKEN, sink: RES_JSON },
  ]),
  invalid(koaRoute, {
    at: 'find',
    inside: 'User.find(',
    call: 'User.find()',
    entity: 'User',
    sensitive: TOKEN,
    sink: '`ctx.body`',
    fix: { fields: SAFE, from: '{ role: ctx.query.role })', to: `{ role: ctx.query.role })${SELECT_SAFE}` },
  }),
  invalid(fastifyReply, {
    at: 'findById',
    call: 'User.findById()',
    entity: 'User',
    sensitive: TOKEN,
    sink: '`reply.send`',
    fix: { fields: SAFE, from: 'User.findById(request.params.id)', to: `User.findById(request.params.id)${SELECT_SAFE}` },
  }),
  // Imported models: the fields are unknown, so no suggestion.
  invalid(honoImported, { at: 'findOne', call: 'User.findOne()', entity: 'User', sink: '`c.json`' }),
  invalid(honoUpdate, { at: 'findByIdAndUpdate', call: 'User.findByIdAndUpdate()', entity: 'User', sink: '`c.json`' }),
  invalid(nestController, {
    at: 'find',
    inside: 'catModel.find(',
    call: 'this.catModel.find()',
    entity: 'Cat',
    sensitive: ['microchipSecret'],
    sink: "the `@Get()` handler's `return`",
    fix: { fields: ['name', 'breed'], from: 'this.catModel.find()', to: "this.catModel.find().select('name breed')" },
  }),
  // Next.js: the `models.X || model(...)` idiom.
  invalid(nextModels, {
    at: 'find',
    inside: 'Subscriber.find(',
    call: 'Subscriber.find()',
    entity: 'Subscriber',
    sensitive: ['unsubscribeToken'],
    sink: '`NextResponse.json`',
    fix: { fields: ['email'], from: 'Subscriber.find({})', to: "Subscriber.find({}).select('email')" },
  }),
  invalid(deleted, {
    at: 'findOneAndDelete',
    call: 'User.findOneAndDelete()',
    entity: 'User',
    sensitive: TOKEN,
    sink: RES_JSON,
    fix: { fields: SAFE, from: '{ _id: req.params.id })', to: `{ _id: req.params.id })${SELECT_SAFE}` },
  }),
  // Typegoose: the binding names the model.
  invalid(typegoose, {
    at: 'find',
    inside: 'CustomerModel.find(',
    call: 'CustomerModel.find()',
    entity: 'CustomerModel',
    sensitive: ['stripeSecret'],
    sink: '`ctx.body`',
    fix: { fields: ['name'], from: 'CustomerModel.find()', to: "CustomerModel.find().select('name')" },
  }),
  // RealWorld (CommonJS, promise chain).
  invalid(realWorld, { at: 'findOne', call: 'User.findOne()', entity: 'User', sink: RES_JSON }),
  invalid(trpcMutation, {
    at: 'findByIdAndUpdate',
    call: 'User.findByIdAndUpdate()',
    entity: 'User',
    sink: "the tRPC `mutation` resolver's `return`",
  }),
  // Strict tiers: the e-mail address is personal.
  invalid(
    strict,
    {
      at: 'find',
      inside: 'User.find(',
      call: 'User.find()',
      entity: 'User',
      sensitive: ['email', 'resetPasswordToken'],
      sink: RES_JSON,
      fix: { fields: ['username', 'bio'], from: 'User.find()', to: "User.find().select('username bio')" },
    },
    { options: [{ tiers: ['secret', 'personal'] }] },
  ),
  // `report: 'escaping'`: documents returned by a data-access function.
  invalid(
    dataAccess,
    {
      at: 'findOne',
      call: 'User.findOne()',
      entity: 'User',
      sensitive: TOKEN,
      fn: 'findUserByEmail()',
      fix: { fields: SAFE, from: 'User.findOne({ email })', to: `User.findOne({ email })${SELECT_SAFE}` },
    },
    { options: ESCAPING },
  ),
  invalid(
    dataAccessPopulate,
    { at: "'author'", inside: "populate('author')", call: 'Article.find()', entity: 'User', relation: 'author', sensitive: TOKEN, fn: 'feed()' },
    { options: ESCAPING },
  ),
];

// ---------------------------------------------------------------------------------------------
// Valid

const HIDDEN_ONLY = `import mongoose from 'mongoose';
const MemberSchema = new mongoose.Schema({
  name: String,
  avatar: String,
  password: { type: String, select: false },
  recoveryCodes: { type: [String], select: false },
});
const Member = mongoose.model('Member', MemberSchema);
`;

const valid_: (string | ValidTestCase<Options>)[] = [
  // Aggregations narrowed by $project / $unset, or that are not documents any more.
  expressApp(`app.get('/api/users', async (req, res) => {
  res.json(await User.aggregate([{ $match: {} }, { $project: { username: 1, bio: 1 } }]));
});`),
  expressApp(`app.get('/api/users', async (req, res) => {
  res.json(await User.aggregate([{ $unset: ['password', 'resetPasswordToken'] }]));
});`),
  expressApp(`app.get('/api/stats', async (req, res) => {
  res.json(await User.aggregate([{ $group: { _id: '$bio', n: { $sum: 1 } } }]));
});`),
  // The looked-up users narrowed to their names.
  expressApp(
    `app.get('/api/articles', async (req, res) => {
  res.json(await Article.aggregate([{ $lookup: { from: 'users', localField: 'author', foreignField: '_id', as: 'author' } }, { $project: { title: 1, 'author.username': 1 } }]));
});`,
    USER_MODEL + ARTICLE_MODEL,
  ),
  // Projections: string, object, array, chained select, exclusion.
  expressApp(`app.get('/api/users', async (req, res) => {
  res.json(await User.find({}, 'username bio'));
});`),
  expressApp(`app.get('/api/users', async (req, res) => {
  res.json(await User.find({}, { username: 1, bio: 1 }).lean());
});`),
  expressApp(`app.get('/api/users', async (req, res) => {
  res.json(await User.find().select(['username', 'email']));
});`),
  expressApp(`app.get('/api/users/:id', async (req, res) => {
  const user = await User.findById(req.params.id).select('username bio').lean();
  res.json({ user });
});`),
  expressApp(`app.get('/api/users', async (req, res) => {
  res.json(await User.find().select('-resetPasswordToken'));
});`),
  expressApp(`const PUBLIC_FIELDS = 'username bio';
app.get('/api/users', async (req, res) => {
  res.json(await User.find({}, PUBLIC_FIELDS));
});`),
  // Every secret is `select: false` in the schema.
  `import express from 'express';\n${HIDDEN_ONLY}\nconst app = express();\napp.get('/members', async (req, res) => {\n  res.json(await Member.find());\n});\n`,
  // The toJSON transform deletes the secrets (no `.lean()`).
  `import express from 'express';\n${TRANSFORM_MODEL}\nconst app = express();\napp.get('/accounts', async (req, res) => {\n  res.json(await Account.find());\n});\n`,
  // `populate` with a projection.
  expressApp(
    `app.get('/api/articles', async (req, res) => {
  const articles = await Article.find({}, 'slug title author').populate('author', 'username bio');
  res.json({ articles });
});`,
    USER_MODEL + ARTICLE_MODEL,
  ),
  expressApp(
    `app.get('/api/articles/:slug', async (req, res) => {
  const article = await Article.findOne({ slug: req.params.slug }, 'title body').populate({ path: 'author', select: '-resetPasswordToken' });
  res.json({ article });
});`,
    USER_MODEL + ARTICLE_MODEL,
  ),
  // Counted / checked.
  expressApp(`app.get('/api/users/count', async (req, res) => {
  res.json({ count: await User.find({ active: true }).countDocuments() });
});`),
  expressApp(`app.get('/api/users/taken', async (req, res) => {
  const existing = await User.findOne({ username: req.query.username });
  res.json({ taken: Boolean(existing) });
});`),
  expressApp(`app.get('/api/users/ids', async (req, res) => {
  res.json({ ids: await User.distinct('_id'), exists: await User.exists({ email: req.query.email }) });
});`),
  // Mapped, parsed, passed through a mapper.
  expressApp(`app.get('/api/users', async (req, res) => {
  const users = await User.find();
  res.json(users.map((u) => ({ id: u.id, username: u.username })));
});`),
  expressApp(`import { UserDto } from './dto';
app.get('/api/users/:id', async (req, res) => {
  const user = await User.findById(req.params.id);
  res.json(UserDto.parse(user));
});`),
  `const router = require('express').Router();
const mongoose = require('mongoose');
const User = mongoose.model('User');

router.get('/user', function (req, res, next) {
  User.findById(req.payload.id).then(function (user) {
    if (!user) { return res.sendStatus(401); }
    return res.json({ user: user.toAuthJSON() });
  }).catch(next);
});
`,
  // Rest-destructuring that drops the secret.
  expressApp(`app.get('/api/me', async (req, res) => {
  const me = await User.findById(req.user.id);
  const { resetPasswordToken, ...profile } = me.toJSON();
  res.json(profile);
});`),
  // Login: the hash comes back on purpose and is only compared.
  expressApp(`import bcrypt from 'bcryptjs';
app.post('/api/login', async (req, res) => {
  const user = await User.findOne({ email: req.body.email }).select('+password');
  if (!user || !(await bcrypt.compare(req.body.password, user.password))) return res.status(401).end();
  res.json({ token: sign({ sub: user.id }) });
});`),
  // A background job.
  `${USER_MODEL}
export async function purgeStaleTokens() {
  const users = await User.find({ resetPasswordToken: { $ne: null } });
  for (const user of users) {
    user.resetPasswordToken = undefined;
    await user.save();
  }
}
`,
  // The data-access function in the default mode.
  dataAccess,
  // GraphQL resolvers.
  `import { User } from './models/user';
export const resolvers = {
  Query: {
    me: (_root, _args, ctx) => User.findById(ctx.userId),
    users: async () => User.find().lean(),
  },
};
`,
  // Lookalikes with no Mongoose evidence.
  `import express from 'express';
import axios from 'axios';

const cache = { find: (q: object) => [q], findOne: (q: object) => q };
const app = express();
app.get('/lookup', async (req, res) => {
  const recent = [{ id: 1 }].find((r) => r.id === Number(req.query.id));
  const remote = await axios.get('https://example.com/users');
  const map = new Map([['a', 1]]);
  map.delete('a');
  res.json({ recent, remote: remote.data, cached: cache.find({ q: req.query.q }), one: cache.findOne({}) });
});
`,
  `import { Controller, Get } from '@nestjs/common';
import { CatsService } from './cats.service';

@Controller('cats')
export class CatsController {
  constructor(private readonly catsService: CatsService) {}
  @Get()
  findAll() {
    return this.catsService.findAll();
  }
  @Get('one')
  findOne() {
    return this.catsService.find({ name: 'Tom' });
  }
}
`,
];

ruleTester.run('no-full-entity-response (mongoose)', rule, {
  assertionOptions: ASSERTIONS,
  valid: valid_,
  invalid: invalid_,
});
