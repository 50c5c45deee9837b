import { describe, expect, it } from 'vitest';
import { DATA, objectWith } from '../../src/flow/value-shape.js';
import { objectionAdapter, parseRelationExpression } from '../../src/orm/objection.js';
import type { OrmRead } from '../../src/orm/types.js';
import { adapterTests, applyEdit, edited, fieldNames, relationWithEntity, textOf } from './harness.js';

const { run, only } = adapterTests(objectionAdapter);

const MODELS = `import { Model } from 'objection';
export class Person extends Model {
  static tableName = 'persons';
  static jsonSchema = { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, passwordHash: { type: 'string' } } };
  static relationMappings = () => ({
    pets: { relation: Model.HasManyRelation, modelClass: Animal, join: { from: 'persons.id', to: 'animals.ownerId' } },
    movies: { relation: Model.ManyToManyRelation, modelClass: Movie, join: { from: 'persons.id', to: 'movies.id' } },
  });
  static findByName(name: string) {
    return this.query().where('name', name).first();
  }
}
export class Animal extends Model {
  static get tableName() { return 'animals'; }
  static get relationMappings() {
    return { owner: { relation: Model.BelongsToOneRelation, modelClass: Person, join: { from: 'animals.ownerId', to: 'persons.id' } } };
  }
}
class Movie extends Model {}
`;

describe('objection: relation expressions', () => {
  it('parses names, lists, nesting, modifiers, aliases and recursion', () => {
    expect(parseRelationExpression('posts')).toEqual([{ path: 'posts', modified: false }]);
    expect(parseRelationExpression('[posts, owner]')).toEqual([
      { path: 'posts', modified: false },
      { path: 'owner', modified: false },
    ]);
    expect(parseRelationExpression('[pets(selectName).[toys], children as kids.^2, parent.*]')).toEqual([
      { path: 'pets', modified: true },
      { path: 'pets.toys', modified: true },
      { path: 'children', modified: false },
      { path: 'parent', modified: false },
    ]);
    expect(parseRelationExpression('owner.pets')).toEqual([
      { path: 'owner', modified: false },
      { path: 'owner.pets', modified: false },
    ]);
    expect(parseRelationExpression('[]')).toEqual([]);
    for (const bad of ['[posts', 'posts]', 'a..b', '[a b]', '"x"', '', 'a.']) expect(parseRelationExpression(bad)).toBeUndefined();
  });
});

describe('objection: reads', () => {
  it('plain awaited Model.query() in an Express route', () => {
    const code = `${MODELS}
app.get('/persons', async (req, res) => {
  const persons = await Person.query();
  res.json(persons);
});`;
    const h = run(code);
    const read = h.result.reads.find((r) => textOf(h, r.node) === 'Person.query()') as OrmRead;
    expect(read.library).toBe('objection');
    expect(read.entity).toEqual({ name: 'Person', kind: 'model' });
    expect(read.projection).toEqual({ kind: 'none' });
    expect(read.relations).toEqual([]);
    expect(textOf(h, read.reportNode)).toBe('query');
    expect(read.callText).toBe('Person.query()');
  });

  it('node is the outermost chained call; then() is not part of the chain', () => {
    const code = `${MODELS}
export const one = (id: number) => Person.query().findById(id).throwIfNotFound();
export const first = () => Person.query().where('age', '>', 18).orderBy('name').first().then((p) => p);`;
    const h = run(code);
    const texts = h.result.reads.map((r) => textOf(h, r.node));
    expect(texts).toContain('Person.query().findById(id).throwIfNotFound()');
    expect(texts).toContain("Person.query().where('age', '>', 18).orderBy('name').first()");
    const r = h.result.reads.find((x) => textOf(h, x.node).endsWith('throwIfNotFound()')) as OrmRead;
    expect(r.callText).toBe('Person.query().findById(id).throwIfNotFound()');
    expect(textOf(h, r.reportNode)).toBe('query');
  });

  it('this.query() in a static method of a model', () => {
    const code = MODELS;
    const { read, h } = only(code);
    expect(read.entity?.name).toBe('Person');
    expect(textOf(h, read.node)).toBe("this.query().where('name', name).first()");
  });

  it('select and columns → fields (table prefixes and aliases stripped)', () => {
    const code = `${MODELS}
export const a = () => Person.query().select('id', 'persons.name as fullName');
export const b = () => Person.query().columns(['id', 'name']).where('id', 1);`;
    const h = run(code);
    const [a, b] = h.result.reads.filter((r) => r.callText.startsWith('Person')) as [OrmRead, OrmRead];
    expect(fieldNames(a.projection)).toEqual(['id', 'name']);
    expect(fieldNames(b.projection)).toEqual(['id', 'name']);
    if (a.projection.kind === 'fields') expect(textOf(h, a.projection.fields[1]?.node)).toBe("'persons.name as fullName'");
  });

  it('select columns held in a const array', () => {
    const code = `${MODELS}
const PUBLIC_COLUMNS = ['id', 'name'];
export const a = () => Person.query().select(PUBLIC_COLUMNS);`;
    const read = run(code).result.reads.find((r) => r.callText.startsWith('Person')) as OrmRead;
    expect(fieldNames(read.projection)).toEqual(['id', 'name']);
  });

  it("select('*') and select('persons.*') are wildcards", () => {
    const code = `${MODELS}
export const a = () => Person.query().select('persons.*').joinRelated('pets');`;
    const read = run(code).result.reads.find((r) => r.callText.startsWith('Person')) as OrmRead;
    expect(read.projection).toEqual({ kind: 'wildcard' });
  });

  it('withGraphFetched / withGraphJoined → relations, with entities from relationMappings', () => {
    const code = `${MODELS}
export const a = () => Person.query().withGraphFetched('pets');
export const b = (id: number) => Person.query().findById(id).withGraphJoined('[pets.owner, movies]');
export const c = () => Animal.query().withGraphFetched({ owner: { movies: true } });`;
    const h = run(code);
    const [a, b, c] = h.result.reads.filter((r) => !r.callText.startsWith('this')) as [OrmRead, OrmRead, OrmRead];
    expect(a.relations.map(relationWithEntity)).toEqual([{ name: 'pets', kind: 'none', entity: 'Animal' }]);
    expect(textOf(h, a.relations[0]?.node)).toBe("'pets'");
    expect(b.relations.map(relationWithEntity)).toEqual([
      { name: 'pets', kind: 'none', entity: 'Animal' },
      { name: 'pets.owner', kind: 'none', entity: 'Person' },
      { name: 'movies', kind: 'none', entity: 'Movie' },
    ]);
    expect(c.relations.map(relationWithEntity)).toEqual([
      { name: 'owner', kind: 'none', entity: 'Person' },
      { name: 'owner.movies', kind: 'none', entity: 'Movie' },
    ]);
  });

  it('relations with modifiers are left out; modifyGraph with a select narrows a relation', () => {
    const code = `${MODELS}
export const a = () => Person.query().withGraphFetched('[pets(onlyDogs), movies]').modifyGraph('movies', (b) => b.select('id', 'title'));`;
    const read = run(code).result.reads.find((r) => r.callText.startsWith('Person')) as OrmRead;
    expect(read.relations.map(relationWithEntity)).toEqual([{ name: 'movies', kind: 'fields', fields: ['id', 'title'], entity: 'Movie' }]);
  });

  it('modifyGraph that only filters keeps the relation whole', () => {
    const code = `${MODELS}
export const a = () => Person.query().withGraphFetched('pets').modifyGraph('pets', (builder) => { builder.where('species', 'dog'); });`;
    const read = run(code).result.reads.find((r) => r.callText.startsWith('Person')) as OrmRead;
    expect(read.relations.map(relationWithEntity)).toEqual([{ name: 'pets', kind: 'none', entity: 'Animal' }]);
  });

  it('page() holds the rows under results', () => {
    const code = `${MODELS}
export const a = () => Person.query().page(0, 20);`;
    const read = run(code).result.reads.find((r) => r.callText.startsWith('Person')) as OrmRead;
    expect(read.shape).toEqual(objectWith('results', DATA));
  });

  it('imported models in a file that imports objection, or from a models path', () => {
    const code = `import { raw } from 'objection';
import User from '../models/User';
import { Post } from './entities';
router.get('/users', async (ctx) => { ctx.body = await User.query().withGraphFetched('posts'); });
router.get('/posts', async (ctx) => { ctx.body = await Post.query(); });`;
    const h = run(code);
    expect(h.result.reads.map((r) => [r.callText, r.entity?.name])).toEqual([
      ['User.query().withGraphFetched()', 'User'],
      ['Post.query()', 'Post'],
    ]);
    expect(h.result.reads[0]?.relations.map(relationWithEntity)).toEqual([{ name: 'posts', kind: 'none' }]);
  });

  it('a model imported from a models module without an objection import', () => {
    const code = `import { Person } from '../models';
export async function handler(req, res) { res.json(await Person.query().findById(req.params.id)); }`;
    expect(run(code).result.reads.map((r) => r.entity?.name)).toEqual(['Person']);
  });

  it('models extending a local or imported base model', () => {
    const code = `import BaseModel from './BaseModel';
class Tenant extends BaseModel { static tableName = 'tenants'; }
class Invoice extends Tenant {}
export const f = () => Invoice.query().where('paid', false);`;
    const h = run(code);
    expect(h.result.reads.map((r) => r.entity?.name)).toEqual(['Invoice']);
    expect(h.result.models.map((m) => m.names)).toEqual([['Tenant', 'tenants'], ['Invoice']]);
  });

  it('$relatedQuery reads the related entity; relatedQuery too', () => {
    const code = `${MODELS}
export async function pets(id: number) {
  const person = await Person.query().findById(id);
  const a = await person.$relatedQuery('pets').where('species', 'dog');
  const b = await Person.relatedQuery('movies').for(id);
  return [a, b];
}`;
    const h = run(code);
    const related = h.result.reads.filter((r) => textOf(h, r.reportNode) !== 'query');
    expect(related.map((r) => [textOf(h, r.reportNode), r.entity?.name, r.callText, textOf(h, r.node)])).toEqual([
      ['$relatedQuery', 'Animal', "person.$relatedQuery('pets').where()", "person.$relatedQuery('pets').where('species', 'dog')"],
      ['relatedQuery', 'Movie', "Person.relatedQuery('movies').for()", "Person.relatedQuery('movies').for(id)"],
    ]);
  });

  it('patchAndFetchById returns the row: a read and a write', () => {
    const code = `${MODELS}
app.patch('/persons/:id', async (req, res) => {
  const person = await Person.query().patchAndFetchById(req.params.id, req.body);
  res.json(person);
});`;
    const h = run(code);
    const read = h.result.reads.find((r) => r.callText.startsWith('Person')) as OrmRead;
    expect(textOf(h, read.node)).toBe('Person.query().patchAndFetchById(req.params.id, req.body)');
    expect(h.result.writes.map((w) => [w.callText, textOf(h, w.value), w.entity?.name])).toEqual([
      ['Person.query().patchAndFetchById()', 'req.body', 'Person'],
    ]);
  });

  it('local models: names and jsonSchema fields', () => {
    const models = run(MODELS).result.models;
    expect(models).toEqual([
      { library: 'objection', names: ['Person', 'persons'], fields: ['id', 'name', 'passwordHash'], hidden: [], dropped: [] },
      { library: 'objection', names: ['Animal', 'animals'], fields: [], hidden: [], dropped: [] },
      { library: 'objection', names: ['Movie'], fields: [], hidden: [], dropped: [] },
    ]);
  });

  it('keys removed by $formatJson / toJSON overrides are dropped at serialisation', () => {
    const code = `import { Model } from 'objection';
import { omit } from 'lodash';
export class A extends Model {
  $formatJson(json) {
    json = super.$formatJson(json);
    delete json.passwordHash;
    delete json['resetToken'];
    return json;
  }
}
export class B extends Model {
  $formatJson(json) {
    return omit(super.$formatJson(json), ['apiKey', 'totpSecret']);
  }
}
export class C extends Model {
  toJSON() {
    const { password, salt, ...rest } = super.toJSON();
    return rest;
  }
}
export class D extends Model {
  $formatJson(json) {
    json = super.$formatJson(json);
    json.fullName = json.firstName + ' ' + json.lastName;
    return json;
  }
  static deleteAll(json) { delete json.everything; }
}`;
    expect(run(code).result.models.map((m) => [m.names[0], m.dropped])).toEqual([
      ['A', ['passwordHash', 'resetToken']],
      ['B', ['apiKey', 'totpSecret']],
      ['C', ['password', 'salt']],
      ['D', []],
    ]);
  });

  it('objection.Model through a namespace require', () => {
    const code = `const objection = require('objection');
class Item extends objection.Model {}
module.exports.list = () => Item.query();`;
    expect(run(code).result.reads.map((r) => r.entity?.name)).toEqual(['Item']);
  });
});

describe('objection: writes', () => {
  it('insert, patch, update, insertGraph, upsertGraph, updateAndFetchById', () => {
    const code = `${MODELS}
export async function writes(id: number, body: any, trx: any) {
  await Person.query(trx).insert(body);
  await Person.query().findById(id).patch(body);
  await Person.query().update(body).where('id', id);
  await Person.query().insertGraph(body, { relate: true });
  await Person.query().upsertGraph({ id, ...body });
  await Person.query().updateAndFetchById(id, body);
}`;
    const h = run(code);
    expect(h.result.writes.map((w) => [w.callText.split('.').pop(), textOf(h, w.value)])).toEqual([
      ['insert()', 'body'],
      ['patch()', 'body'],
      ['update()', 'body'],
      ['insertGraph()', 'body'],
      ['upsertGraph()', '{ id, ...body }'],
      ['updateAndFetchById()', 'body'],
    ]);
    // Only updateAndFetchById (and this.query() in the model) are reads.
    expect(h.result.reads.map((r) => textOf(h, r.reportNode))).toEqual(['query', 'query']);
  });

  it('writes followed by returning() give rows back: reads with the returned columns', () => {
    const code = `${MODELS}
export async function f(id: number, body: any) {
  await Person.query().insert(body).returning('*');
  await Person.query().findById(id).patch(body).returning(['id', 'passwordHash']);
  await Person.query().delete().where('id', id).returning('id', 'name');
  await Person.query().returning('*').update(body);
  await Person.query().patch(body).where('id', id);
}`;
    const h = run(code);
    const reads = h.result.reads.filter((r) => r.callText.startsWith('Person'));
    expect(reads.map((r) => [r.callText, r.projection.kind, fieldNames(r.projection)])).toEqual([
      ['Person.query().insert(body).returning()', 'wildcard', []],
      ['Person.query().findById(id).patch(body).returning()', 'fields', ['id', 'passwordHash']],
      ["Person.query().delete().where('id',id).returning()", 'fields', ['id', 'name']],
      ["Person.query().returning('*').update()", 'wildcard', []],
    ]);
    // The writes are still writes.
    expect(h.result.writes.map((w) => textOf(h, w.value))).toEqual(['body', 'body', 'body', 'body']);
  });

  it('instance $query().patch and $relatedQuery().insert', () => {
    const code = `${MODELS}
export async function f(person: Person, body: any) {
  await person.$query().patch(body);
  await person.$relatedQuery('pets').insert(body);
}`;
    const h = run(code);
    expect(h.result.writes.map((w) => [textOf(h, w.value), w.entity?.name ?? null])).toEqual([
      ['body', null],
      ['body', 'Animal'],
    ]);
  });
});

describe('objection: negatives', () => {
  const cases: Record<string, string> = {
    'no objection evidence': `export const f = () => User.query();`,
    'pg pool.query(sql) imported from a db module': `import pool from '../db';\nexport const f = () => pool.query('SELECT * FROM users');`,
    'lowercase receiver from a models path': `import db from '../models/db';\nexport const f = () => db.query();`,
    'SQL string argument': `import { Model } from 'objection';\nimport { User } from '../models/user';\nexport const f = () => User.query('SELECT 1');`,
    'Bookshelf-style query(callback)': `import User from '../models/user';\nexport const f = () => User.query((qb) => qb.where('a', 1)).fetchAll();`,
    'a class that does not extend Model': `import { Model } from 'objection';\nclass Repo { static query() { return []; } }\nexport const f = () => Repo.query();`,
    'lookalike methods': `import { Model } from 'objection';\n[1].find(Boolean); cache.find(x); map.delete(k); axios.get(url); _.find(a, b); router.query();`,
    'a service, not a model': `import { Model } from 'objection';\nexport class C { constructor(private usersService: any) {} all() { return this.usersService.query(); } }`,
    'count and delete are not row reads': `import { Model } from 'objection';\nclass U extends Model {}\nexport const f = () => [U.query().count(), U.query().delete().where('a', 1), U.query().resultSize()];`,
    'dynamic select': `import { Model } from 'objection';\nclass U extends Model {}\nexport const f = (cols: string[]) => U.query().select(cols);`,
    'raw select': `import { Model, raw } from 'objection';\nclass U extends Model {}\nexport const f = () => U.query().select(raw('count(*)'));`,
    'dynamic relation expression': `import { Model } from 'objection';\nclass U extends Model {}\nexport const f = (e: string) => U.query().withGraphFetched(e);`,
    'named modifiers are opaque': `import { Model } from 'objection';\nclass U extends Model {}\nexport const f = () => U.query().modify('defaultSelects');`,
    'spread arguments': `import { Model } from 'objection';\nclass U extends Model {}\nexport const f = (a: any[]) => U.query().select(...a);`,
    '$relatedQuery with no evidence': `export const f = (p: any) => p.$relatedQuery('pets');`,
    'Model itself': `import { Model } from 'objection';\nexport const f = () => Model.query();`,
  };
  for (const [name, code] of Object.entries(cases)) {
    it(name, () => {
      const h = run(code);
      expect(h.result.reads).toEqual([]);
      expect(h.result.writes).toEqual([]);
    });
  }

  it('applies() is false without objection or model imports', () => {
    expect(run(`import express from 'express';`).applies).toBe(false);
  });

  it('never throws on odd code', () => {
    const code = `import { Model } from 'objection';
class U extends Model { static relationMappings = 1; static tableName = x; }
U.query().withGraphFetched('[a,'); U.query().withGraphFetched({ a: x }); U.query().modifyGraph(); U.relatedQuery();
U.query().patchAndFetchById(); x.$relatedQuery(); U.query(1, 2);`;
    expect(() => run(code)).not.toThrow();
  });
});

describe('objection: edits', () => {
  const U = `import { Model } from 'objection';\nclass User extends Model {}\n`;
  const first = (code: string): OrmRead => run(code).result.reads[0] as OrmRead;

  it('project inserts .select() right after query()', () => {
    const code = `${U}const users = await User.query().where('active', true).withGraphFetched('posts');`;
    const read = first(code);
    expect(edited(code, (f) => read.edits.project?.(['id', 'name'], f))).toBe(
      `${U}const users = await User.query().select('id', 'name').where('active', true).withGraphFetched('posts');`,
    );
  });

  it('project on a plain awaited query()', () => {
    const code = `${U}res.json(await User.query());`;
    const read = first(code);
    expect(edited(code, (f) => read.edits.project?.(['id'], f))).toBe(`${U}res.json(await User.query().select('id'));`);
  });

  it('project returns null with an existing select or a joined graph', () => {
    for (const c of ["User.query().select('id');", "User.query().withGraphJoined('posts');"]) {
      const code = `${U}${c}`;
      const read = first(code);
      expect(applyEdit(code, (f) => read.edits.project?.(['id'], f))).toBeNull();
    }
  });

  it('project returns null on *AndFetch* writes: the row is fetched by a query of its own', () => {
    for (const c of [
      'User.query().patchAndFetchById(1, { name: n });',
      'User.query().updateAndFetchById(1, { name: n });',
      'User.query().insertAndFetch({ name: n });',
      'User.query().findById(1).patchAndFetch({ name: n });',
      'User.query().insertGraphAndFetch({ name: n });',
      'User.query().upsertGraphAndFetch({ id: 1, name: n });',
    ]) {
      const code = `${U}${c}`;
      const read = first(code);
      expect(applyEdit(code, (f) => read.edits.project?.(['id'], f))).toBeNull();
    }
  });

  it("project narrows returning('*'); removeField drops a returned column, never the last one", () => {
    const code = `${U}await User.query().insert(body).returning('*');`;
    const read = first(code);
    expect(edited(code, (f) => read.edits.project?.(['id', 'name'], f))).toBe(`${U}await User.query().insert(body).returning('id', 'name');`);
    const listed = `${U}await User.query().patch(body).returning('id', 'apiKey');`;
    const r2 = first(listed);
    expect(applyEdit(listed, (f) => r2.edits.project?.(['id'], f))).toBeNull();
    const key = r2.projection.kind === 'fields' ? r2.projection.fields[1] : undefined;
    expect(edited(listed, (f) => r2.edits.removeField?.(key!, f))).toBe(`${U}await User.query().patch(body).returning('id');`);
    const single = `${U}await User.query().patch(body).returning('apiKey');`;
    const r3 = first(single);
    const only1 = r3.projection.kind === 'fields' ? r3.projection.fields[0] : undefined;
    expect(applyEdit(single, (f) => r3.edits.removeField?.(only1!, f))).toBeNull();
  });

  it('removeField removes a field selected in a modifyGraph callback, never the last one', () => {
    const code = `${U}User.query().withGraphFetched('owner').modifyGraph('owner', (b) => b.select('id', 'apiKey'));`;
    const read = first(code);
    const field = read.relations[0]?.projection.kind === 'fields' ? read.relations[0].projection.fields[1] : undefined;
    expect(field?.name).toBe('apiKey');
    expect(edited(code, (f) => read.edits.removeField?.(field!, f))).toBe(
      `${U}User.query().withGraphFetched('owner').modifyGraph('owner', (b) => b.select('id'));`,
    );
    const arr = `${U}User.query().withGraphFetched('owner').modifyGraph('owner', (b) => { b.where('a', 1).select(['apiKey', 'id']); });`;
    const r2 = first(arr);
    const f2 = r2.relations[0]?.projection.kind === 'fields' ? r2.relations[0].projection.fields[0] : undefined;
    expect(edited(arr, (f) => r2.edits.removeField?.(f2!, f))).toBe(
      `${U}User.query().withGraphFetched('owner').modifyGraph('owner', (b) => { b.where('a', 1).select(['id']); });`,
    );
    const single = `${U}User.query().withGraphFetched('owner').modifyGraph('owner', (b) => b.select('apiKey'));`;
    const r3 = first(single);
    const f3 = r3.relations[0]?.projection.kind === 'fields' ? r3.relations[0].projection.fields[0] : undefined;
    expect(applyEdit(single, (f) => r3.edits.removeField?.(f3!, f))).toBeNull();
  });

  it('removeField removes a select argument or array element, never the last one', () => {
    const code = `${U}User.query().select('id', 'passwordHash');`;
    const read = first(code);
    const pw = read.projection.kind === 'fields' ? read.projection.fields[1] : undefined;
    expect(edited(code, (f) => read.edits.removeField?.(pw!, f))).toBe(`${U}User.query().select('id');`);
    const arr = `${U}User.query().columns(['passwordHash', 'id']);`;
    const r2 = first(arr);
    const pw2 = r2.projection.kind === 'fields' ? r2.projection.fields[0] : undefined;
    expect(edited(arr, (f) => r2.edits.removeField?.(pw2!, f))).toBe(`${U}User.query().columns(['id']);`);
    const single = `${U}User.query().select('passwordHash');`;
    const r3 = first(single);
    const p3 = r3.projection.kind === 'fields' ? r3.projection.fields[0] : undefined;
    expect(applyEdit(single, (f) => r3.edits.removeField?.(p3!, f))).toBeNull();
  });
});
