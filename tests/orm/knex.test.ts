import { describe, expect, it } from 'vitest';
import { knexAdapter } from '../../src/orm/knex.js';
import { adapterTests, applyEdit, projectionSummary, tableReadSummary } from './harness.js';

const { run, only, summary, project, remove } = adapterTests(knexAdapter, tableReadSummary);

const KNEX = `
import Knex from 'knex';
const knex = Knex({ client: 'pg', connection: process.env.DATABASE_URL });
`;

describe('knex: table queries without a projection', () => {
  it("await knex('users').where(...): whole rows", () => {
    const { s } = only(`${KNEX}
      app.get('/users', async (req, res) => {
        const users = await knex('users').where({ active: true }).orderBy('created_at', 'desc');
        res.json(users);
      });
    `);
    expect(s).toEqual({
      entity: 'users',
      kind: 'table',
      projection: { kind: 'none' },
      relations: [],
      reportNode: 'knex',
      callText: "knex('users').where({active:true}).orderBy()",
      node: "knex('users').where({ active: true }).orderBy('created_at', 'desc')",
    });
  });

  it('.first() reads one whole row and is the report node', () => {
    const { s } = only(`${KNEX}
      const user = await knex('users').where({ id: req.params.id }).first();
    `);
    expect(s).toMatchObject({ projection: { kind: 'none' }, reportNode: 'first', node: "knex('users').where({ id: req.params.id }).first()" });
  });

  it("knex.from('users') and knex.table('users'), aliases and schemas", () => {
    const h = run(`${KNEX}
      await knex.from('users').where('id', id);
      await knex.table('accounts');
      await knex('users as u').where('u.id', id);
      await knex({ a: 'public.accounts' });
    `);
    expect(h.result.reads.map((r) => [r.entity?.name, h.sourceCode.getText(r.reportNode)])).toEqual([
      ['users', 'from'],
      ['accounts', 'table'],
      ['users', 'knex'],
      ['public.accounts', 'knex'],
    ]);
  });

  it('select() with no arguments is still no projection', () => {
    const { s } = only(`${KNEX}
      await knex('users').select();
    `);
    expect(s.projection).toEqual({ kind: 'none' });
  });
});

describe('knex: projections', () => {
  it(".select('*') and .select('users.*') are wildcards", () => {
    const h = run(`${KNEX}
      await knex('users').select('*');
      await knex.select('users.*').from('users');
    `);
    expect(h.result.reads.map((r) => [projectionSummary(r.projection), r.callText, h.sourceCode.getText(r.reportNode)])).toEqual([
      [{ kind: 'wildcard' }, "knex('users').select()", 'select'],
      [{ kind: 'wildcard' }, 'knex.select()', 'select'],
    ]);
  });

  it(".select('id', 'name'), .select(['id']), .column(), aliases and qualified names", () => {
    const h = run(`${KNEX}
      await knex('users').select('id', 'name');
      await knex('users').select(['id', 'email as mail']);
      await knex('users').column('id', { handle: 'username' }).select(knex.raw('count(*) as n'));
      await knex('users as u').select('u.id', 'u.password_hash');
    `);
    expect(h.result.reads.map((r) => projectionSummary(r.projection))).toEqual([
      { kind: 'fields', fields: ['id', 'name'] },
      { kind: 'fields', fields: ['id', 'email'] },
      { kind: 'fields', fields: ['id', 'username'] },
      { kind: 'fields', fields: ['id', 'password_hash'] },
    ]);
  });

  it(".first('id', 'name') gives fields", () => {
    const { s } = only(`${KNEX}
      const u = await knex('users').where({ email }).first('id', 'name');
    `);
    expect(s).toMatchObject({ projection: { kind: 'fields', fields: ['id', 'name'] }, reportNode: 'first' });
  });

  it('a const list of columns in the same file', () => {
    const { s } = only(`${KNEX}
      const PUBLIC_COLUMNS = ['id', 'name', 'avatar_url'];
      export const list = () => knex('users').select(PUBLIC_COLUMNS);
    `);
    expect(s.projection).toEqual({ kind: 'fields', fields: ['id', 'name', 'avatar_url'] });
  });

  it('joins: relation reads by qualifier; no select means every joined table whole', () => {
    const h = run(`${KNEX}
      await knex('posts').join('users', 'users.id', 'posts.author_id');
      await knex('posts as p').leftJoin('users as u', 'u.id', 'p.author_id').select('p.*', 'u.name');
      await knex('posts').join('users', 'users.id', 'posts.author_id').select('*');
      await knex('posts').join('users', 'users.id', 'posts.author_id').select('posts.title');
    `);
    expect(h.result.reads.map((r) => [projectionSummary(r.projection), summary(h, r).relations])).toEqual([
      [{ kind: 'none' }, [{ name: 'users', entity: 'users', projection: { kind: 'none' } }]],
      [{ kind: 'wildcard' }, [{ name: 'u', entity: 'users', projection: { kind: 'fields', fields: ['name'] } }]],
      [{ kind: 'wildcard' }, [{ name: 'users', entity: 'users', projection: { kind: 'wildcard' } }]],
      [{ kind: 'fields', fields: ['title'] }, []],
    ]);
  });
});

describe('knex: returning', () => {
  it(".returning('*'), .returning(['id']), insert(x, '*'), update(x, ['id']), del('*')", () => {
    const h = run(`${KNEX}
      const [created] = await knex('users').insert(req.body).returning('*');
      const [u] = await knex('users').where({ id }).update({ name }).returning(['id', 'name']);
      const rows = await knex('users').insert(data, '*');
      const upd = await knex('users').where({ id }).update(data, ['id']);
      const gone = await knex('users').where({ id }).del('*');
      await knex('users').where({ id }).del();
      await knex('users').insert(data);
    `);
    expect(h.result.reads.map((r) => [projectionSummary(r.projection), h.sourceCode.getText(r.reportNode), r.callText])).toEqual([
      [{ kind: 'wildcard' }, 'returning', "knex('users').insert(req.body).returning()"],
      [{ kind: 'fields', fields: ['id', 'name'] }, 'returning', "knex('users').where({id}).update({name}).returning()"],
      [{ kind: 'wildcard' }, 'insert', "knex('users').insert()"],
      [{ kind: 'fields', fields: ['id'] }, 'update', "knex('users').where({id}).update()"],
      [{ kind: 'wildcard' }, 'del', "knex('users').where({id}).del()"],
    ]);
  });
});

describe('knex: receivers', () => {
  it('a db imported from a db module', () => {
    const { s } = only(`
      import db from '../db/knex';
      export async function getUser(id: string) { return db('users').where({ id }).first(); }
    `);
    expect(s.entity).toBe('users');
  });

  it("require('knex')(config) is a receiver, once applies() lets the file in", () => {
    // FileFacts only records plain `require('x')` bindings, so a file whose only knex evidence
    // is `require('knex')(config)` is skipped by applies(); a knex type import lets it in.
    const bare = `
      const knex = require('knex')(require('./knexfile')[process.env.NODE_ENV]);
      router.get('/', async (req, res) => res.json(await knex.select('*').from('products')));
    `;
    expect(run(bare).applies).toBe(false);
    const { s } = only(`import type { Knex } from 'knex';\n${bare}`);
    expect(s).toMatchObject({ entity: 'products', projection: { kind: 'wildcard' } });
  });

  it('trx of knex.transaction(cb) and of await knex.transaction()', () => {
    const h = run(`${KNEX}
      await knex.transaction(async (trx) => {
        const [order] = await trx('orders').insert(req.body).returning('*');
        await trx('audit').insert({ orderId: order.id });
      });
      const t = await knex.transaction();
      const rows = await t('orders').where({ id });
      await t.commit();
    `);
    expect(h.result.reads.map((r) => [r.entity?.name, projectionSummary(r.projection)])).toEqual([
      ['orders', { kind: 'wildcard' }],
      ['orders', { kind: 'none' }],
    ]);
    expect(h.result.writes.map((w) => w.callText)).toEqual(["trx('orders').insert()", "trx('audit').insert()"]);
  });

  it('a builder kept in a const and only filtered afterwards is a read of the stored chain', () => {
    const { s } = only(`${KNEX}
      app.get('/users', async (req, res) => {
        const query = knex('users').where({ active: true });
        if (req.query.role) query.andWhere('role', req.query.role);
        query.orderBy('id').limit(20);
        res.json(await query);
      });
    `);
    expect(s).toMatchObject({ projection: { kind: 'none' }, node: "knex('users').where({ active: true })" });
  });

  it('a logical expression is a receiver only when one side is', () => {
    const h = run(`${KNEX}
      const cache = new Map();
      export const a = (trx) => (trx || knex)('orders').first();
      export const b = (f, g) => (f ?? g)('orders');
      export const c = (m) => (m ?? cache).get('orders');
    `);
    expect(h.result.reads.map((r) => r.callText)).toEqual(["(trx||knex)('orders').first()"]);
  });

  it('a parameter typed Knex and a NestJS member typed Knex', () => {
    const h = run(`
      import type { Knex } from 'knex';
      import { InjectConnection } from 'nest-knexjs';
      export function listUsers(db: Knex) { return db('users').select('id'); }
      export class UsersRepository {
        constructor(@InjectConnection() private readonly knex: Knex) {}
        findAll() { return this.knex('users'); }
        findOne(id: string, trx?: Knex.Transaction) { return (trx ?? this.knex)('users').where({ id }).first(); }
      }
    `);
    expect(h.result.reads.map((r) => [r.callText, projectionSummary(r.projection)])).toEqual([
      ["db('users').select()", { kind: 'fields', fields: ['id'] }],
      // callText elides the arguments of the outermost call
      ['this.knex()', { kind: 'none' }],
      // `(trx ?? this.knex)('users')`: an optional transaction or the connection.
      ["(trx??this.knex)('users').where({id}).first()", { kind: 'none' }],
    ]);
  });
});

describe('knex: writes', () => {
  it('.insert(x), .update(x), .onConflict().merge(x), insert(x).into(t)', () => {
    const h = run(`${KNEX}
      export async function handlers(req, res) {
        await knex('users').insert(req.body);
        await knex('users').where({ id: req.params.id }).update(req.body);
        await knex('users').update('status', req.body.status);
        await knex('users').insert(row).onConflict('email').merge(req.body);
        await knex.insert(req.body).into('accounts');
      }
    `);
    expect(h.result.writes.map((w) => [w.callText, h.sourceCode.getText(w.value), w.entity?.name])).toEqual([
      ["knex('users').insert()", 'req.body', 'users'],
      ["knex('users').where({id:req.params.id}).update()", 'req.body', 'users'],
      ["knex('users').insert()", 'row', 'users'],
      ["knex('users').insert(row).onConflict('email').merge()", 'req.body', 'users'],
      ['knex.insert()', 'req.body', 'accounts'],
    ]);
  });
});

describe('knex: no evidence, lookalikes, odd code', () => {
  const cases: Record<string, string> = {
    'no knex or db import': `
      const rows = await db('users');
      await knex('users').select('*');
    `,
    'a local function named knex': `
      import { something } from './db';
      function knex(name: string) { return name; }
      knex('users');
    `,
    'a postgres.js sql helper imported from a db module': `
      import { sql } from './db';
      const rows = await sql\`select * from \${sql('users')}\`;
    `,
    'only other clients imported from a db module (the file is not walked)': `
      import { pool, sql } from '../db';
      await pool('users');
      await sql('users').select('*');
    `,
    'a db created by something else': `
      import { createPool } from 'mysql2';
      import { x } from './db';
      const db = createPool(cfg);
      db('users');
    `,
    'axios and lodash lookalikes': `
      import axios from 'axios';
      import _ from 'lodash';
      import db from './db';
      await axios.get('/users');
      _.first([1]);
    `,
    'aggregates and pluck are not rows': `${KNEX}
      const [{ count }] = await knex('users').count('id as count');
      const ids = await knex('users').pluck('id');
      const sql = knex('users').select('*').toString();
    `,
    'subqueries are not reads': `${KNEX}
      await knex('posts').whereIn('author_id', knex('users').select('id').where({ banned: false })).del();
    `,
    'a stored builder narrowed later (split chain with a select)': `${KNEX}
      const query = knex('users');
      if (req.query.role) query.where('role', req.query.role);
      query.select('id', 'name');
    `,
    'a stored builder handed to a function (it may add a select)': `${KNEX}
      const query = knex('users').where({ active: true });
      applyFilters(query, req.query);
    `,
    'a builder in a let (reassigned chains are not followed)': `${KNEX}
      let query = knex('users');
      query = query.where('role', 'admin');
    `,
    'dynamic table names and spread args': `${KNEX}
      await knex(tableName);
      await knex('users').select(...cols);
      await knex('users').select(columnsFor(req));
    `,
    'a Map set/delete in a knex file': `${KNEX}
      const m = new Map(); m.set('a', 1); m.delete('a');
    `,
    'schema builder calls': `${KNEX}
      await knex.schema.createTable('users', (t) => { t.increments('id'); });
      await knex.raw('select * from users');
    `,
    'a parameter of unknown type': `${KNEX}
      export function list(db) { return db('users'); }
    `,
  };
  for (const [name, code] of Object.entries(cases)) {
    it(name, () => {
      const h = run(code);
      expect(h.result.reads).toEqual([]);
      expect(h.result.writes).toEqual([]);
    });
  }

  it("require('knex')(config) next to an import of other clients from a db module is a receiver", () => {
    const h = run(`
      import { pool } from './db';
      const knex = require('knex')(config);
      export const list = () => knex('users').where({ active: true });
    `);
    expect(h.result.reads.map((r) => r.entity.name)).toEqual(['users']);
  });

  it('applies() is false without knex or a db import', () => {
    expect(run(`import express from 'express';`).applies).toBe(false);
  });
});

describe('knex: edits', () => {
  it("project() inserts .select('a', 'b') after the table call", () => {
    const code = `${KNEX}await knex('users').where({ id }).first();`;
    expect(project(code, ['id', 'name'])).toBe(`${KNEX}await knex('users').select('id', 'name').where({ id }).first();`);
    const from = `${KNEX}await knex.from('users').where({ id });`;
    expect(project(from, ['id'])).toBe(`${KNEX}await knex.from('users').select('id').where({ id });`);
  });

  it("project() replaces the arguments of .select('*') and keeps a t.* qualifier", () => {
    expect(project(`${KNEX}await knex('users').select('*').where({ id });`, ['id', 'name'])).toBe(
      `${KNEX}await knex('users').select('id', 'name').where({ id });`,
    );
    expect(project(`${KNEX}await knex.select('users.*').from('users');`, ['id'])).toBe(`${KNEX}await knex.select('users.id').from('users');`);
  });

  it("project() replaces only the main table's wildcard when select() names other columns too", () => {
    const joined = `${KNEX}await knex('orders').join('users', 'users.id', 'orders.user_id').select('orders.*', 'users.email');`;
    expect(project(joined, ['id', 'total'])).toBe(
      `${KNEX}await knex('orders').join('users', 'users.id', 'orders.user_id').select('orders.id', 'orders.total', 'users.email');`,
    );
    const array = `${KNEX}await knex('orders as o').join('users as u', 'u.id', 'o.user_id').select(['o.*', 'u.*']);`;
    expect(project(array, ['id'])).toBe(`${KNEX}await knex('orders as o').join('users as u', 'u.id', 'o.user_id').select(['o.id', 'u.*']);`);
    const computed = `${KNEX}await knex('users').select('*', knex.raw('count(*) over () as total'));`;
    expect(project(computed, ['id', 'name'])).toBe(`${KNEX}await knex('users').select('id', 'name', knex.raw('count(*) over () as total'));`);
  });

  it('project() qualifies columns with the main table when the query joins', () => {
    const code = `${KNEX}await knex('posts as p').join('users', 'users.id', 'p.author_id');`;
    expect(project(code, ['id', 'title'])).toBe(`${KNEX}await knex('posts as p').select('p.id', 'p.title').join('users', 'users.id', 'p.author_id');`);
  });

  it('project() replaces returning arguments, inline or chained', () => {
    expect(project(`${KNEX}await knex('users').insert(body).returning('*');`, ['id'])).toBe(`${KNEX}await knex('users').insert(body).returning(['id']);`);
    expect(project(`${KNEX}await knex('users').insert(body, '*');`, ['id', 'email'])).toBe(`${KNEX}await knex('users').insert(body, ['id', 'email']);`);
  });

  it('removeField() removes the argument or the array element, never the last one', () => {
    const code = `${KNEX}await knex('users').select('id', 'password_hash', 'name');`;
    expect(remove(code, (p) => (p.kind === 'fields' ? p.fields[1] : undefined))).toBe(`${KNEX}await knex('users').select('id', 'name');`);
    const arr = `${KNEX}await knex('users').select(['id', 'password_hash']);`;
    expect(remove(arr, (p) => (p.kind === 'fields' ? p.fields[1] : undefined))).toBe(`${KNEX}await knex('users').select(['id']);`);
    const single = `${KNEX}await knex('users').select('password_hash');`;
    expect(remove(single, (p) => (p.kind === 'fields' ? p.fields[0] : undefined))).toBeNull();
  });

  it("removeField() removes a joined table's column while the select keeps another item", () => {
    const code = `${KNEX}await knex('users as u').join('sessions as s', 's.user_id', 'u.id').select('u.id', 's.token');`;
    const { read } = only(code);
    const rel = read.relations[0];
    const field = rel?.projection.kind === 'fields' ? rel.projection.fields[0] : undefined;
    expect(field?.name).toBe('token');
    expect(applyEdit(code, (fixer) => read.edits.removeField!(field!, fixer))).toBe(
      `${KNEX}await knex('users as u').join('sessions as s', 's.user_id', 'u.id').select('u.id');`,
    );
    // The only item of the list: removing it would select every column.
    const lone = `${KNEX}await knex('users as u').join('sessions as s', 's.user_id', 'u.id').select('s.token');`;
    const single = only(lone).read;
    const p = single.relations[0]?.projection;
    const token = p?.kind === 'fields' ? p.fields[0] : undefined;
    expect(applyEdit(lone, (fixer) => single.edits.removeField!(token!, fixer))).toBeNull();
  });

  it('knex has no exclusion syntax', () => {
    const { read } = only(`${KNEX}await knex('users');`);
    expect(read.edits.exclude).toBeUndefined();
  });
});
